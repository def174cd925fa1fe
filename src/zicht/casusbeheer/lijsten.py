"""Case lists and search within need-to-know: mine, where we hold zicht, recently viewed, all.

Every list starts from `zichtbare_casussen` (the same rule as `core.toegang.can`), so a case
with no open term is still found by whoever may see it. Counts stop at TEL_TOT (as the
worklist's do); a page reads its rows' families and states in two queries.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone

from zicht.casusbeheer import toewijzing, zoekindex
from zicht.casuswerk.models import CasusPartij, Gezin, Medewerker
from zicht.casuswerk.toegang import zichtbare_casussen
from zicht.core.toegang import HOUDER
from zicht.store.models import Casus, CasusProjectie
from zicht.toegangslog.models import Toegangsrij
from zicht.toepassing import teksten

TEL_TOT = 1000
RECENT = 50
LIJSTEN = {
    "mijn": "Mijn casussen",
    "zicht": "Waar wij zicht op hebben",
    "recent": "Recent bekeken",
    "alle": "Alle casussen",
}
SORTERING = {
    "gemeld": ("-aangemaakt_op", "-id"),
    "gemeld_op": ("aangemaakt_op", "id"),
    "gezin": ("gezin__naam", "id"),
    "gezin_af": ("-gezin__naam", "-id"),
}
PAGINAGROOTTES = (25, 50, 100)
CASUSNUMMER = re.compile(r"^[0-9a-f]{8}$")


class Lijstkeuze(forms.Form):
    lijst = forms.ChoiceField(choices=list(LIJSTEN.items()), required=False)
    zoek = forms.CharField(
        required=False,
        max_length=200,
        label="Zoek op naam of casusnummer",
        help_text="Naam van het gezin of een persoon, of het casusnummer (8 tekens).",
    )
    sorteer = forms.ChoiceField(choices=[(k, k) for k in SORTERING], required=False)
    per = forms.TypedChoiceField(
        choices=[(str(n), str(n)) for n in PAGINAGROOTTES],
        coerce=int,
        required=False,
        label="Per pagina",
    )


class BsnZoeken(forms.Form):
    bsn = forms.CharField(
        label="BSN",
        max_length=11,
        help_text="Negen cijfers. Het nummer wordt niet bewaard of getoond.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_bsn(self) -> str:
        from zicht.core.bsn import is_bsn, normaliseer

        waarde: str = self.cleaned_data["bsn"]
        if not is_bsn(waarde):
            raise forms.ValidationError("Dit is geen geldig BSN (de elfproef klopt niet).")
        return normaliseer(waarde)


@dataclass
class Rij:
    casus_id: str
    nummer: str
    gezin: str
    gemeenten: str
    fase: str
    zicht: str
    behandelaar: str
    gemeld: str


def casusnummer(casus_id: Any) -> str:
    return str(casus_id).replace("-", "")[:8].upper()


def _op_nummer(tekst: str) -> QuerySet[Casus] | None:
    """A case number (the first 8 hex digits of the id) as an index range on the key."""
    schoon = tekst.strip().lower().replace("-", "")
    if CASUSNUMMER.match(schoon):
        laag, hoog = uuid.UUID(schoon + "0" * 24), uuid.UUID(schoon + "f" * 24)
        return Casus.objects.filter(pk__gte=laag, pk__lte=hoog)
    try:
        return Casus.objects.filter(pk=uuid.UUID(tekst.strip()))
    except ValueError:
        return None


def recent_bekeken(medewerker: Medewerker) -> list[str]:
    """The cases this user opened most recently (from the access log), newest first."""
    rijen = (
        Toegangsrij.objects.filter(
            gebruiker__iexact=medewerker.user.get_username(),
            actie="casus_inzien",
            uitkomst="toegestaan",
        )
        .exclude(casus_id=None)
        .order_by("-tijdstip", "-id")
        .values_list("casus_id", flat=True)[:1000]
    )
    return list(dict.fromkeys(rijen))[:RECENT]


def casussen(medewerker: Medewerker, lijst: str, zoek: str = "", bsn: str = "") -> QuerySet[Casus]:
    rijen = zichtbare_casussen(medewerker)
    org = medewerker.organisatie.code
    if lijst == "mijn":
        mijn = toewijzing.casussen_van(medewerker.user, org).values("casus_id")
        rijen = rijen.filter(pk__in=mijn)
    elif lijst == "zicht":
        rijen = rijen.filter(
            pk__in=CasusPartij.objects.filter(partij=org, relatie=HOUDER).values("casus_id")
        )
    elif lijst == "recent":
        rijen = rijen.filter(pk__in=recent_bekeken(medewerker))
    if bsn:
        rijen = rijen.filter(pk__in=zoekindex.casussen_met_bsn(bsn))
    if zoek.strip():
        op_nummer = _op_nummer(zoek)
        if op_nummer is not None:
            rijen = rijen.filter(pk__in=op_nummer.values("pk"))
        else:
            rijen = rijen.filter(pk__in=_op_naam(zoek.strip()))
    return rijen


def eerste_lijst(medewerker: Medewerker) -> str:
    """The list the menu opens: "mijn" when this user handles a case they may see, else
    "alle" (a list that would say "Geen casussen gevonden" makes the app look empty)."""
    return "mijn" if casussen(medewerker, "mijn").exists() else "alle"


def _op_naam(naam: str) -> QuerySet[Gezin]:
    """Families whose name contains the words (case-insensitive), as a subquery of ids."""
    rijen = Gezin.objects.filter(geanonimiseerd_op=None)
    for woord in naam.split()[:5]:
        rijen = rijen.filter(naam__icontains=woord)
    return rijen.values("casus_id")


class Begrensd:
    """A queryset for the Paginator whose count stops at TEL_TOT (`begrensd` says it did)."""

    ordered = True

    def __init__(self, rijen: QuerySet[Casus]) -> None:
        self.rijen, self.begrensd = rijen, False

    def count(self) -> int:
        aantal: int = self.rijen.order_by()[: TEL_TOT + 1].count()
        self.begrensd = aantal > TEL_TOT
        return min(aantal, TEL_TOT)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, k: Any) -> Any:
        return list(self.rijen.values_list("pk", flat=True)[k])


def pagina(
    rijen: QuerySet[Casus], sorteer: str, per: int, nummer: Any, organisatie: str
) -> tuple[Page[Any], list[Rij], bool]:
    volgorde = SORTERING.get(sorteer) or SORTERING["gemeld"]
    lijst = Begrensd(rijen.order_by(*volgorde))
    blad = Paginator(lijst, per).get_page(nummer)
    ids = list(blad.object_list)
    namen = dict(Gezin.objects.filter(casus_id__in=ids).values_list("casus_id", "naam"))
    toestanden = dict(
        CasusProjectie.objects.filter(casus_id__in=ids).values_list("casus_id", "toestand")
    )
    gemeld = dict(Casus.objects.filter(pk__in=ids).values_list("pk", "aangemaakt_op"))
    behandelaars = toewijzing.per_casus(ids, organisatie)
    uit = []
    for i in ids:
        t = toestanden.get(i) or {}
        uit.append(
            Rij(
                casus_id=str(i),
                nummer=casusnummer(i),
                gezin=namen.get(i) or f"Casus {casusnummer(i)}",
                gemeenten=", ".join(t.get("gemeenten") or []) or "—",
                fase=teksten.FASEN.get(t.get("fase", ""), t.get("fase") or "—").capitalize(),
                zicht=", ".join(
                    teksten.partijnaam(z["partij"]) for z in t.get("zicht_op_veiligheid") or []
                )
                or "niemand",
                behandelaar=behandelaars.get(str(i), "—"),
                gemeld=teksten.datum(timezone.localtime(gemeld[i]).date()) if i in gemeld else "—",
            )
        )
    return blad, uit, lijst.begrensd
