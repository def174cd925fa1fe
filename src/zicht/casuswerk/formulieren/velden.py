"""One form field (or group of fields) per SCHEMA field, and reading its value back.

The kind of input follows the field's check (`gebeurtenissen.veldsoort`): a choice becomes a
select, a list of choices a checkbox group, a party a select of known organisations with a free
name beside it, a list of records a few rows of sub-fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms

from zicht.core.gebeurtenissen import Veldsoort
from zicht.toepassing import teksten

# Yes/no fields shown as one checkbox (absent means no, or the default below); every other
# yes/no field is a three-way choice, because "not stated" differs from "no" there.
VINKJES = frozenset(
    {"contextverhaal", "spoedeisend", "crisis", "triagetafel", "monitoring", "gezag"}
    | {"afgestemd_met_veilig_thuis"}
)
STANDAARD_WAAR = frozenset({"monitoring"})
LANGE_TEKST = frozenset({"onderbouwing", "omschrijving"})
NAAM_MAX, TEKST_MAX = 200, 10_000  # a name or short text; free text
DATUMRIJEN = 4
# Lists of directbetrokkenen: chosen from the family's people, never typed (Bijlage 2).
PERSONENLIJSTEN = frozenset({"gesproken", "met"})
ANDERS = "__anders"

KLASSEN = {
    forms.TextInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.NumberInput: "utrecht-textbox utrecht-textbox--html-input zicht-smal",
    forms.DateInput: "utrecht-textbox utrecht-textbox--html-input zicht-smal",
    forms.DateTimeInput: "utrecht-textbox utrecht-textbox--html-input zicht-smal",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select zicht-meerkeuze",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
}


@dataclass(frozen=True)
class Keuzes:
    """What the form offers beyond the schema: known parties, gemeenten, people, defaults."""

    partijen: list[tuple[str, str]]
    gemeenten: list[str]
    personen: list[tuple[str, str]] = field(default_factory=list)
    standaard: dict[str, Any] = field(default_factory=dict)
    rijen: int = 3
    beoordelaars: list[tuple[str, str]] = field(default_factory=list)  # (username, name)
    ouders_met_gezag: list[tuple[str, str]] = field(default_factory=list)  # (person id, name)
    # The steps a withdrawal may name, (seq, description); None: a number field instead.
    intrekbaar: list[tuple[int, str]] | None = None


@dataclass
class Groep:
    """A schema field on screen: one input, or a fieldset of inputs with a legend."""

    naam: str
    label: str
    hulp: str
    velden: list[str]
    fieldset: bool
    verplicht: bool = False
    fouten: list[str] = field(default_factory=list)
    rijen: list[tuple[str, list[str]]] = field(default_factory=list)  # (legend, field names)
    gebonden: list[Any] = field(default_factory=list)
    gebonden_rijen: list[tuple[str, list[Any]]] = field(default_factory=list)


def widget(w: forms.Widget) -> forms.Widget:
    for soort, klasse in KLASSEN.items():
        if type(w) is soort:
            w.attrs["class"] = klasse
    return w


def _keuze(opties: list[tuple[str, str]], verplicht: bool) -> list[tuple[str, str]]:
    return [("", "— kies —" if verplicht else "— geen —"), *opties]


def enkel_veld(
    naam: str, vs: Veldsoort, verplicht: bool, k: Keuzes, label: str = ""
) -> forms.Field:
    """The Django field for a scalar kind."""
    kw: dict[str, Any] = {"required": verplicht, "label": label}
    if vs.soort == "tekst" and naam == "persoon" and k.personen:
        return forms.ChoiceField(
            choices=_keuze(k.personen, verplicht), widget=widget(forms.Select()), **kw
        )
    if vs.soort == "tekst" and naam == "rol":
        opties = [(r, r) for r in teksten.ROLLEN_DIRECTBETROKKENE]
        return forms.ChoiceField(
            choices=_keuze(opties, verplicht), widget=widget(forms.Select()), **kw
        )
    if vs.soort == "tekst":
        w = forms.Textarea(attrs={"rows": 4}) if naam in LANGE_TEKST else forms.TextInput()
        lengte = TEKST_MAX if naam in LANGE_TEKST else NAAM_MAX
        return forms.CharField(widget=widget(w), max_length=lengte, **kw)
    if vs.soort == "ja_nee" and naam in VINKJES:
        kw["required"] = False
        return forms.BooleanField(widget=widget(forms.CheckboxInput()), **kw)
    if vs.soort == "ja_nee":
        opties = [("", "niet opgegeven"), ("ja", "ja"), ("nee", "nee")]
        return forms.ChoiceField(
            choices=opties, widget=widget(forms.RadioSelect()), **kw | {"required": False}
        )
    if vs.soort == "keuze":
        opties = [(o, teksten.waarde(o)) for o in vs.opties]
        return forms.ChoiceField(
            choices=_keuze(opties, verplicht), widget=widget(forms.Select()), **kw
        )
    if vs.soort == "gemeente":
        opties = [(g, g) for g in k.gemeenten]
        return forms.ChoiceField(
            choices=_keuze(opties, verplicht), widget=widget(forms.Select()), **kw
        )
    if vs.soort == "partij":
        kw["required"] = False  # a known party or a free name: checked together, see lees()
        return forms.ChoiceField(
            choices=_keuze(k.partijen, verplicht), widget=widget(forms.Select()), **kw
        )
    if vs.soort == "datum":
        return forms.DateField(widget=widget(forms.DateInput(attrs={"type": "date"})), **kw)
    if vs.soort == "volgnummer" and k.intrekbaar is not None:
        opties = [(str(seq), tekst) for seq, tekst in k.intrekbaar]
        return forms.TypedChoiceField(
            choices=_keuze(opties, verplicht),
            coerce=int,
            empty_value=None,
            widget=widget(forms.Select()),
            **kw,
        )
    if vs.soort in ("score", "maanden", "volgnummer"):
        grenzen = {"min_value": 0, "max_value": 10} if vs.soort == "score" else {"min_value": 1}
        return forms.IntegerField(widget=widget(forms.NumberInput()), **grenzen, **kw)
    raise ValueError(f"geen formulierveld voor soort {vs.soort}")


def voeg_toe(
    form: forms.Form, soort: str, naam: str, vs: Veldsoort, verplicht: bool, k: Keuzes
) -> Groep:
    """Add the inputs for one schema field to `form`; returns how they are grouped on screen."""
    label, hulp = teksten.veld(soort, naam)
    if vs.soort == "lijst" and vs.element is not None:
        return _lijst(form, soort, naam, vs.element, verplicht or vs.minimaal > 0, k, label, hulp)
    form.fields[naam] = enkel_veld(naam, vs, verplicht, k, label)
    if naam in k.standaard:
        form.fields[naam].initial = k.standaard[naam]
    elif vs.soort == "ja_nee" and naam in STANDAARD_WAAR:
        form.fields[naam].initial = True
    namen = [naam]
    if vs.soort == "partij":
        form.fields[naam + ANDERS] = forms.CharField(
            required=False,
            label="Of een andere partij",
            max_length=NAAM_MAX,
            help_text="Bijvoorbeeld gi:Naam, betrokken_professional:Naam of mdt:Naam.",
            widget=widget(forms.TextInput()),
        )
        namen.append(naam + ANDERS)
    fieldset = vs.soort == "partij" or (vs.soort == "ja_nee" and naam not in VINKJES)
    return Groep(naam, label, hulp, namen, fieldset, verplicht=verplicht and fieldset)


def _lijst(
    form: forms.Form,
    soort: str,
    naam: str,
    el: Veldsoort,
    verplicht: bool,
    k: Keuzes,
    label: str,
    hulp: str,
) -> Groep:
    start = k.standaard.get(naam)
    if el.soort in ("keuze", "gemeente"):
        opties = (
            [(o, teksten.waarde(o)) for o in el.opties]
            if el.soort == "keuze"
            else [(g, g) for g in k.gemeenten]
        )
        form.fields[naam] = forms.MultipleChoiceField(
            choices=opties,
            required=verplicht,
            label=label,
            initial=start,
            widget=widget(forms.CheckboxSelectMultiple()),
        )
        return Groep(naam, label, hulp, [naam], fieldset=True, verplicht=verplicht)
    if el.soort == "partij":
        form.fields[naam] = forms.MultipleChoiceField(
            choices=k.partijen,
            required=False,
            label="Bekende organisaties",
            initial=start,
            help_text="Houd Ctrl (of Cmd) ingedrukt om er meer te kiezen.",
            widget=widget(forms.SelectMultiple(attrs={"size": 8})),
        )
        form.fields[naam + ANDERS] = forms.CharField(
            required=False,
            label="Andere partijen, één per regel",
            max_length=TEKST_MAX,
            help_text="Bijvoorbeeld gi:Naam of betrokken_professional:Naam.",
            widget=widget(forms.Textarea(attrs={"rows": 2})),
        )
        return Groep(naam, label, hulp, [naam, naam + ANDERS], fieldset=True, verplicht=verplicht)
    if el.soort == "tekst" and naam == "toestemming":
        # WA 5: consent comes from a parent with gezag named in the melding: chosen from them.
        if not k.ouders_met_gezag:
            hulp = "De melding noemt geen ouder met gezag: er is geen toestemming vast te leggen."
        form.fields[naam] = forms.MultipleChoiceField(
            choices=k.ouders_met_gezag,
            required=False,
            label=label,
            initial=start,
            widget=widget(forms.CheckboxSelectMultiple()),
        )
        return Groep(naam, label, hulp, [naam], fieldset=True, verplicht=verplicht)
    if el.soort == "tekst" and (
        (naam == "beoordelaars" and k.beoordelaars) or (naam in PERSONENLIJSTEN and k.personen)
    ):
        # Two different people of Veilig Thuis (§3.1 b, c), or members of the family: chosen,
        # never typed.
        form.fields[naam] = forms.MultipleChoiceField(
            choices=k.beoordelaars if naam == "beoordelaars" else k.personen,
            required=verplicht,
            label=label,
            initial=start,
            widget=widget(forms.CheckboxSelectMultiple()),
        )
        return Groep(naam, label, hulp, [naam], fieldset=True, verplicht=verplicht)
    if el.soort == "tekst":
        form.fields[naam] = forms.CharField(
            max_length=TEKST_MAX,
            required=verplicht,
            label=label,
            help_text=hulp,
            initial=start,
            widget=widget(forms.Textarea(attrs={"rows": 3})),
        )
        return Groep(naam, label, hulp, [naam], fieldset=False)
    if el.soort == "datum":
        namen = [f"{naam}__{i}" for i in range(DATUMRIJEN)]
        for i, n in enumerate(namen):
            form.fields[n] = enkel_veld(n, el, False, k, f"Datum {i + 1}")
        return Groep(naam, label, hulp, namen, fieldset=True, verplicht=verplicht)
    if el.soort == "record":
        groep = Groep(naam, label, hulp, [], fieldset=True, verplicht=verplicht)
        for i in range(max(k.rijen, _geposte_rijen(form, naam))):
            groep.rijen.append(rij(form, naam, el, i, k))
        return groep
    raise ValueError(f"geen formulierveld voor een lijst van {el.soort}")


def _geposte_rijen(form: forms.Form, naam: str, hoogstens: int = 30) -> int:
    """How many rows a submitted form has (rows may be added in the browser)."""
    indexen = [
        int(deel)
        for sleutel in form.data
        if sleutel.startswith(f"{naam}__") and (deel := sleutel.split("__")[1]).isdigit()
    ]
    return min(max(indexen, default=-1) + 1, hoogstens)


def rij(form: forms.Form, naam: str, el: Veldsoort, i: int, k: Keuzes) -> tuple[str, list[str]]:
    """Row `i` of a list of records (e.g. a directbetrokkene): its legend and field names."""
    namen = []
    for sub, vs, _ in el.velden:
        n = f"{naam}__{i}__{sub}"
        form.fields[n] = enkel_veld(sub, vs, False, k, teksten.veld(naam, sub)[0])
        namen.append(n)
    return f"{'Persoon' if naam == 'directbetrokkenen' else 'Regel'} {i + 1}", namen


def lees(form: forms.Form, groep: Groep, vs: Veldsoort) -> Any:
    """The event value of one schema field from `form.cleaned_data`; None when left empty."""
    data, naam = form.cleaned_data, groep.naam
    if vs.soort == "lijst" and vs.element is not None:
        return _lees_lijst(form, groep, vs.element)
    waarde = data.get(naam)
    if vs.soort == "partij":
        waarde = (data.get(naam + ANDERS) or "").strip() or waarde
    if vs.soort == "ja_nee" and naam in VINKJES:
        return waarde if bool(waarde) != (naam in STANDAARD_WAAR) else None
    if vs.soort == "ja_nee":
        return {"ja": True, "nee": False}.get(waarde or "")
    if vs.soort == "datum" and waarde:
        return waarde.isoformat()
    return None if waarde in (None, "") else waarde


def _lees_lijst(form: forms.Form, groep: Groep, el: Veldsoort) -> list[Any] | None:
    data, naam = form.cleaned_data, groep.naam
    if el.soort in ("keuze", "gemeente"):
        return list(data.get(naam) or []) or None
    if el.soort == "partij":
        vrij = (data.get(naam + ANDERS) or "").splitlines()
        return [*data.get(naam, []), *(r.strip() for r in vrij if r.strip())] or None
    if el.soort == "tekst" and isinstance(data.get(naam), list):  # chosen, e.g. assessors
        return list(data[naam]) or None
    if el.soort == "tekst":
        return [r.strip() for r in (data.get(naam) or "").splitlines() if r.strip()] or None
    if el.soort == "datum":
        return [d.isoformat() for n in groep.velden if (d := data.get(n))] or None
    rijen = []
    for _, namen in groep.rijen:
        waarden = {n.rsplit("__", 1)[1]: data.get(n) for n in namen}
        record = {
            sub: waarden[sub]
            for sub, vs, _ in el.velden
            if waarden.get(sub) not in (None, "")
            and not (vs.soort == "ja_nee" and not waarden[sub])
        }
        eerste = el.velden[0][0]
        if record.get(eerste) not in (None, ""):
            rijen.append(record)
    return rijen or None
