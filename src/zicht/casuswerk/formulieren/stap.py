"""The form of one lifecycle step: every field of its event type, the moment and the case's seq.

Its fields come from `gebeurtenissen.SCHEMA`; it checks only what a browser form must (types,
required inputs). Every rule stays with the engine: the view hands `velden()` to the store and
maps `InvoerFout` and `Afwijzing` back onto the form (`fout`, `afwijzing`).
"""

from __future__ import annotations

from typing import Any

from django import forms

from zicht.casuswerk.formulieren.velden import Groep, Keuzes, lees, voeg_toe, widget
from zicht.core.gebeurtenissen import SCHEMA, Veldsoort, veldsoort
from zicht.toepassing import teksten

# Where a refusal belongs on the form (Afwijzing.code -> field); others go to the top.
AFWIJZING_VELD = {
    "overdracht_onvolledig": "informatie",
    "overdracht_niet_aan_alle_gemeenten": "naar",
    "plan_onvolledig": "onderdelen",
    "plandatum_verstreken": "evaluatiemomenten",
    "te_weinig_beoordelaars": "beoordelaars",
    "naar_ontbreekt": "naar",
    "onbekende_directbetrokkene": "persoon",
    "dienst_niet_besloten": "dienst",
    "oordeel_alleen_bij_onderzoek": "oordeel",
    "afstemming_veilig_thuis_vereist": "afgestemd_met_veilig_thuis",
    "triagetafel_niet_actief": "triagetafel",
}


VERPLICHT = "Dit veld is verplicht."


class StapFormulier(forms.Form):
    seq = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    op = forms.DateTimeField(
        label="Moment",
        help_text="Wanneer het gebeurde (Nederlandse tijd).",
        widget=widget(
            forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        ),
    )

    def __init__(self, soort: str, keuzes: Keuzes, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.soort = soort
        self._schema: list[tuple[Groep, Veldsoort, bool]] = []
        for naam, (controle, verplicht) in SCHEMA[soort].items():
            vs = veldsoort(controle)
            self._schema.append((voeg_toe(self, soort, naam, vs, verplicht, keuzes), vs, verplicht))
        for veld in self.fields.values():  # one wording, whichever app's translation loads last
            veld.error_messages["required"] = VERPLICHT
        self.afwijzing: dict[str, Any] | None = None

    def groepen(self) -> list[Groep]:
        """The schema fields in order, with their bound fields, for the template."""
        for groep, _, _ in self._schema:
            groep.gebonden = [self[n] for n in groep.velden]
            groep.gebonden_rijen = [
                (legend, [self[n] for n in namen]) for legend, namen in groep.rijen
            ]
        return [groep for groep, _, _ in self._schema]

    def velden(self) -> dict[str, Any]:
        """The event's fields from the cleaned data, leaving out what was left empty."""
        uit: dict[str, Any] = {}
        for groep, vs, verplicht in self._schema:
            waarde = lees(self, groep, vs)
            if waarde is not None:
                uit[groep.naam] = waarde
            elif verplicht:
                self.fout(groep.naam, VERPLICHT)
        return uit

    def fout(self, veld: str | None, bericht: str) -> None:
        """An error at the input of schema field `veld` (or at the top of the form)."""
        if veld in self.fields and veld not in ("seq",):
            self.add_error(veld, bericht)
            return
        for groep, _, _ in self._schema:
            if groep.naam == veld:
                groep.fouten.append(bericht)
                return
        self.add_error(None, bericht)

    def heeft_fouten(self) -> bool:
        return bool(self.errors) or any(g.fouten for g, _, _ in self._schema)

    def afgewezen(self, code: str, tekst: str, grond: str | None, ontbreekt: list[str]) -> None:
        """Show a refusal by the engine: at the top, and next to the field it is about."""
        self.afwijzing = {
            "code": code,
            "tekst": tekst,
            "grond": grond,
            "ontbreekt": [(o, teksten.waarde(o)) for o in ontbreekt],
        }
        veld = AFWIJZING_VELD.get(code)
        if veld and veld in SCHEMA[self.soort]:
            self.fout(
                veld,
                tekst
                + (
                    " Ontbreekt: " + ", ".join(teksten.waarde(o) for o in ontbreekt) + "."
                    if ontbreekt
                    else ""
                ),
            )
