"""The privacy officer's reports on the access log (NEN 7513, AVG art. 15 and 32).

- unusual volume: a user's rows per day against that user's usual (the mean per active day in
  the four weeks before);
- looks at cases outside one's own relations: none of the parties the user works through (the
  same (party, relation) pairs the access decision uses, `core.toegang.zichtbaar`: a
  procescoördinator also through the lokaal veld of its gemeente) is or was holder, receiver,
  owner of a term, casusregie or procesregie of the case, even where the look was allowed,
  e.g. through procescoördinatie;
- after-hours access: outside office hours or on a day that is no working day (kalender.yaml);
- an AVG art. 15 export of all processing about one person;
- the access log's own retention.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min
from django.db.models.functions import TruncDate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from zicht.casuswerk.formulieren.velden import widget
from zicht.casuswerk.inzage import logt
from zicht.casuswerk.models import CasusPartij, Gezin, Medewerker
from zicht.casuswerk.toegang import mag, medewerker_van
from zicht.core import bewaartermijn
from zicht.core.kalender import AMSTERDAM, laad_kalender
from zicht.core.termijn import plus_maanden
from zicht.core.toegang import PROCESCOORDINATIE, zichtbaar
from zicht.core.verwerkingen import verwerkingen
from zicht.store.models import Gebeurtenis
from zicht.toegangslog.models import Toegangsrij
from zicht.toepassing import inzage, klok, teksten

ACTIE = "toegangslog_inzien"
# Relations that make a case one's own (zicht.core.toegang); procescoördinatie is not one.
EIGEN_RELATIES = frozenset(
    {"houder", "eerder_houder", "ontvanger", "termijn", "casusregie", "procesregie"}
)
UITSCHIETER_FACTOR = 3
UITSCHIETER_MINIMUM = 20
MAX_RIJEN = 200


def privacy_officer(request: HttpRequest) -> Medewerker:
    m = medewerker_van(request.user)
    if not mag(m, ACTIE):
        raise PermissionDenied("Alleen de privacy officer ziet het toegangslog.")
    return m


class Periode(forms.Form):
    van = forms.DateField(label="Van", widget=widget(forms.DateInput(attrs={"type": "date"})))
    tot = forms.DateField(
        label="Tot en met", widget=widget(forms.DateInput(attrs={"type": "date"}))
    )


def _grenzen(van: date, tot: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(van, time(), AMSTERDAM),
        datetime.combine(tot + timedelta(days=1), time(), AMSTERDAM),
    )


@dataclass(frozen=True)
class Uitschieter:
    gebruiker: str
    dag: date
    aantal: int
    gewoonlijk: float


def uitschieters(van: date, tot: date) -> list[Uitschieter]:
    """Days on which a user's rows were at least 3x (and at least 20) their usual per day."""
    begin, einde = _grenzen(van - timedelta(days=28), tot)
    per_dag: dict[str, dict[date, int]] = defaultdict(dict)
    for r in (
        Toegangsrij.objects.filter(tijdstip__gte=begin, tijdstip__lt=einde)
        .annotate(dag=TruncDate("tijdstip", tzinfo=AMSTERDAM))
        .values("gebruiker", "dag")
        .annotate(n=Count("id"))
    ):
        per_dag[r["gebruiker"]][r["dag"]] = r["n"]
    uit = []
    for gebruiker, dagen in per_dag.items():
        for dag, n in sorted(dagen.items()):
            if not van <= dag <= tot or n < UITSCHIETER_MINIMUM:
                continue
            ervoor = [m for d, m in dagen.items() if dag - timedelta(days=28) <= d < dag]
            gewoon = sum(ervoor) / len(ervoor) if ervoor else 0.0
            if n >= UITSCHIETER_FACTOR * gewoon:
                uit.append(Uitschieter(gebruiker, dag, n, round(gewoon, 1)))
    return sorted(uit, key=lambda u: (u.dag, u.gebruiker))


@cache
def eigen_relaties(organisatie: str, rol: str) -> frozenset[tuple[str, str]]:
    """The (party, relation) pairs that make a case this user's own: the own organisation's
    own relations, and those through which the access decision lets this role see a case
    (`core.toegang.zichtbaar`), e.g. a procescoördinator's through its gemeente's lokaal veld.
    """
    paren = {(organisatie, r) for r in EIGEN_RELATIES}
    for partij, langs in zichtbaar(organisatie, rol).via:
        paren |= {(partij, r) for r in langs & EIGEN_RELATIES}
    return frozenset(paren)


def buiten_relaties(van: date, tot: date) -> list[dict[str, Any]]:
    """Allowed looks at a case by a user without an own relation to it."""
    begin, einde = _grenzen(van, tot)
    rijen = list(
        Toegangsrij.objects.filter(
            tijdstip__gte=begin, tijdstip__lt=einde, uitkomst="toegestaan", casus_id__isnull=False
        )
        .exclude(organisatie="")
        .values("gebruiker", "organisatie", "rol", "casus_id", "actie")
        .annotate(aantal=Count("id"), eerste=Min("tijdstip"))
        .order_by("eerste")[: MAX_RIJEN * 5]
    )
    relaties: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for casus, partij, relatie in CasusPartij.objects.filter(
        casus_id__in={r["casus_id"] for r in rijen}
    ).values_list("casus_id", "partij", "relatie"):
        relaties[str(casus)].add((partij, relatie))
    uit = []
    for r in rijen:
        casus = relaties[r["casus_id"]]
        if casus & eigen_relaties(r["organisatie"], r["rol"]):
            continue
        coordineert = (r["organisatie"], PROCESCOORDINATIE) in casus
        uit.append(
            {k: v for k, v in r.items() if k != "rol"}
            | {
                "organisatie": teksten.partijnaam(r["organisatie"]),
                "eerste": teksten.moment(r["eerste"]),
                "via": "procescoördinatie" if coordineert else "geen relatie",
            }
        )
    return uit[:MAX_RIJEN]


def buiten_kantoortijd(van: date, tot: date) -> list[dict[str, Any]]:
    """Rows outside office hours or on a non-working day, per user and day."""
    kalender = laad_kalender()
    begin, einde = _grenzen(van, tot)
    teller: Counter[tuple[str, date]] = Counter()
    for gebruiker, tijdstip in Toegangsrij.objects.filter(
        tijdstip__gte=begin, tijdstip__lt=einde
    ).values_list("gebruiker", "tijdstip"):
        if not kalender.binnen_kantooruren(tijdstip):
            teller[(gebruiker, tijdstip.astimezone(AMSTERDAM).date())] += 1
    return [
        {"gebruiker": g, "dag": teksten.datum(d), "aantal": n}
        for (g, d), n in sorted(teller.items(), key=lambda x: (x[0][1], x[0][0]))
    ][:MAX_RIJEN]


def bewaren(nu: datetime) -> dict[str, Any]:
    """The access log is kept as long as the longest file it is about (NEN 7513: at least as
    long as the record), i.e. the longest retention in bewaartermijnen.yaml."""
    termijnen = bewaartermijn.laad()
    jaren = max([termijnen.standaard_jaren, *termijnen.per_soort.values()])
    grens = plus_maanden(nu.astimezone(AMSTERDAM).date(), -12 * jaren)
    samen = Toegangsrij.objects.aggregate(aantal=Count("id"), oudste=Min("tijdstip"))
    return {
        "jaren": jaren,
        "grens": teksten.datum(grens),
        "aantal": samen["aantal"],
        "oudste": teksten.moment(samen["oudste"]) if samen["oudste"] else "—",
        "verlopen": Toegangsrij.objects.filter(
            tijdstip__lt=datetime.combine(grens, time(), AMSTERDAM)
        ).count(),
    }


@login_required
@require_GET
@logt(GET=ACTIE)
def privacy_view(request: HttpRequest) -> HttpResponse:
    medewerker = privacy_officer(request)
    inzage.noem([None])
    vandaag = klok.nu().date()
    standaard = {"van": (vandaag - timedelta(days=7)).isoformat(), "tot": vandaag.isoformat()}
    periode = Periode(standaard | {k: v for k, v in request.GET.items() if v})
    van, tot = vandaag - timedelta(days=7), vandaag
    if periode.is_valid():
        van, tot = sorted((periode.cleaned_data["van"], periode.cleaned_data["tot"]))
    return render(
        request,
        "beheer/privacy.html",
        {
            "medewerker": medewerker,
            "periode": periode,
            "uitschieters": [
                {**u.__dict__, "dag": teksten.datum(u.dag)} for u in uitschieters(van, tot)
            ],
            "buiten_relaties": buiten_relaties(van, tot),
            "buiten_kantoortijd": buiten_kantoortijd(van, tot),
            "bewaren": bewaren(klok.nu()),
            "inzage": Inzageverzoek(),
            "titel": "Rapportages toegangslog",
        },
    )


class Inzageverzoek(forms.Form):
    bsn = forms.RegexField(
        regex=r"^\d{9}$",
        label="BSN van de betrokkene",
        error_messages={"invalid": "Een BSN heeft 9 cijfers."},
        widget=widget(forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})),
    )


def verwerkingen_over(bsn: str) -> list[dict[str, str]]:
    """Every processing about the person with this BSN: the events of their cases (who, when,
    what, on which ground) and every access-log row that names them."""
    register = verwerkingen()
    uit: list[dict[str, str]] = []
    for gezin in Gezin.objects.filter(personen__icontains=bsn):
        ids = [p["id"] for p in gezin.personen if str(p.get("bsn", "")) == bsn]
        if not ids:
            continue
        casus = str(gezin.casus_id)
        for g in Gebeurtenis.objects.filter(casus_id=gezin.casus_id).order_by("seq"):
            uit.append(
                {
                    "casus": casus,
                    "moment": g.occurred_at.astimezone(AMSTERDAM).isoformat(),
                    "soort": "gebeurtenis",
                    "wat": g.type,
                    "wie": g.organisatie,
                    "verwerking": "",
                    "grondslag": "",
                }
            )
        for r in Toegangsrij.objects.filter(casus_id=casus).order_by("tijdstip", "id"):
            if r.personen and not set(ids) & set(r.personen):
                continue
            v = register.get(r.verwerking)
            uit.append(
                {
                    "casus": casus,
                    "moment": r.tijdstip.astimezone(AMSTERDAM).isoformat(),
                    "soort": "inzage" if r.uitkomst == "toegestaan" else "geweigerde inzage",
                    "wat": r.actie,
                    "wie": f"{r.organisatie} ({r.rol})",
                    "verwerking": v.naam if v else r.verwerking,
                    "grondslag": v.grondslag if v else "",
                }
            )
    return uit


@login_required
@require_GET
@logt(GET="exporteren")
def inzage_export_view(request: HttpRequest) -> HttpResponse:
    """AVG art. 15: a CSV of all processing about one person. Logged as an export per case."""
    privacy_officer(request)
    verzoek = Inzageverzoek(request.GET)
    if not verzoek.is_valid():
        inzage.noem([None])
        return render(
            request,
            "beheer/inzage_fout.html",
            {"medewerker": medewerker_van(request.user), "inzage": verzoek, "titel": "Inzage"},
            status=400,
        )
    rijen = verwerkingen_over(verzoek.cleaned_data["bsn"])
    inzage.noem(sorted({r["casus"] for r in rijen}) or [None])
    buffer = io.StringIO()
    velden = ["casus", "moment", "soort", "wat", "wie", "verwerking", "grondslag"]
    schrijver = csv.DictWriter(buffer, fieldnames=velden, delimiter=";")
    schrijver.writeheader()
    schrijver.writerows(rijen)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    stempel = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="inzageverzoek-{stempel}.csv"'
    return response
