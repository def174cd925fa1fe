"""Agreement versions for the functioneel beheerder: the rules in force with their grounds, a new
version uploaded and checked by the core loader, what it changes, scheduled from its date; and
the days equated with holidays by Royal Decree (Algemene termijnenwet art. 3 lid 3)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import Any

import yaml
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from zicht.beheer import bronnen
from zicht.beheer.logboek import vastleggen
from zicht.beheer.models import Afspraakversie, GelijkgesteldeDag
from zicht.beheer.views import beheerder
from zicht.casuswerk.formulieren.velden import widget
from zicht.casuswerk.inzage import logt
from zicht.core.afspraken import (
    Aanvulling,
    Afspraken,
    AfsprakenFout,
    afspraken_van,
    laad_afspraken,
)
from zicht.core.toestand import TERMIJNNAMEN
from zicht.store.models import OpenTermijn
from zicht.store.regio import regio
from zicht.toepassing import klok, teksten

ACTIE = "afspraken_beheren"
MAX_BESTAND = 200_000


def regels_met_grond(boom: Mapping[str, Any], pad: str = "") -> Iterator[dict[str, str]]:
    """Every rule that names its ground, with its settings in plain text."""
    grond = boom.get("grond")
    if isinstance(grond, str):
        instellingen = [
            f"{k.replace('_', ' ')}: {_tekst(v)}"
            for k, v in boom.items()
            if k != "grond" and not isinstance(v, dict | list) and not k.startswith("grond_")
        ]
        yield {
            "regel": pad.replace("_", " ").replace(".", " › "),
            "instellingen": "; ".join(instellingen),
            "grond": grond,
        }
    for k, v in boom.items():
        if isinstance(v, dict):
            yield from regels_met_grond(v, f"{pad}.{k}" if pad else k)


def _tekst(waarde: Any) -> str:
    """A setting as the screen shows it: yes/no in Dutch, not Python's True/False."""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    return str(waarde)


def _vlak(boom: Mapping[str, Any], pad: str = "") -> dict[str, Any]:
    uit: dict[str, Any] = {}
    for k, v in boom.items():
        plek = f"{pad}.{k}" if pad else k
        if isinstance(v, dict):
            uit |= _vlak(v, plek)
        else:
            uit[plek] = v
    return uit


def controleer(bestandsnaam: str, inhoud: str) -> tuple[Afspraken | None, date | None, str]:
    """Load the region's data with this file added, as the engine would: (data, date, error)."""
    try:
        data = yaml.safe_load(inhoud)
        geldig_vanaf = data.get("geldig_vanaf") if isinstance(data, dict) else None
        if not isinstance(geldig_vanaf, date):
            return None, None, "Het bestand noemt geen geldig_vanaf (JJJJ-MM-DD)."
    except yaml.YAMLError as fout:
        return None, None, f"Geen geldige YAML: {fout}"
    # The versions already scheduled, except one from the same day (this one replaces it),
    # and the decree days: what the engine would load once this one is scheduled.
    anders = Afspraakversie.objects.filter(gepland=True, geldig_vanaf=geldig_vanaf).first()
    aanvulling = Aanvulling(
        (*bronnen.geplande_versies(behalve=anders), (bestandsnaam, inhoud)),
        bronnen.gelijkgestelde_dagen(),
    )
    try:
        return laad_afspraken(regio(), aanvulling=aanvulling), geldig_vanaf, ""
    except AfsprakenFout as fout:
        return None, geldig_vanaf, str(fout)


def wijzigingen(nieuw: Afspraken, geldig_vanaf: date) -> list[dict[str, str]]:
    """The settings that differ from the version in force the day before."""
    huidig = afspraken_van(regio()).versie_op(geldig_vanaf - timedelta(days=1))
    komend = nieuw.versie_op(geldig_vanaf)
    if komend is None:
        return []
    oud = _vlak(huidig.regels) if huidig else {}
    nieuw_vlak = _vlak(komend.regels)
    return [
        {"regel": k, "was": _tekst(oud.get(k, "—")), "wordt": _tekst(nieuw_vlak.get(k, "—"))}
        for k in sorted(set(oud) | set(nieuw_vlak))
        if oud.get(k) != nieuw_vlak.get(k)
    ]


def geraakte_termijnen(verschillen: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Open terms (all cases) of a kind whose rule changes: steps from the effective date on
    follow the new rule (the engine takes the rules in force on each event's date)."""
    codes = {v["regel"].split(".")[0] for v in verschillen}
    open_per_code = Counter(
        dict(OpenTermijn.objects.filter(code__in=codes).values_list("code").annotate(n=Count("id")))
    )
    return [
        {"termijn": TERMIJNNAMEN.get(c, c), "open": n} for c, n in sorted(open_per_code.items())
    ]


class Upload(forms.Form):
    bestand = forms.FileField(
        label="Nieuwe versie (YAML)",
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml"}),
    )


class NieuweDag(forms.Form):
    datum = forms.DateField(label="Datum", widget=widget(forms.DateInput(attrs={"type": "date"})))
    besluit = forms.CharField(
        label="Besluit (citeertitel en vindplaats in de Staatscourant)",
        max_length=300,
        widget=widget(forms.TextInput()),
    )

    def clean_datum(self) -> date:
        d: date = self.cleaned_data["datum"]
        if GelijkgesteldeDag.objects.filter(datum=d).exists():
            raise forms.ValidationError("Deze dag staat er al in.")
        if d <= klok.nu().date():
            # Terms already met or missed keep the working days they were counted with.
            raise forms.ValidationError("Kies een dag na vandaag.")
        return d


@login_required
@require_http_methods(["GET", "POST"])
@logt(GET=ACTIE, POST=ACTIE)
def afspraken_view(request: HttpRequest) -> HttpResponse:
    medewerker = beheerder(request)
    upload = Upload(request.POST if "upload" in request.POST else None, request.FILES or None)
    dag_form = NieuweDag(request.POST if "dag" in request.POST else None)
    gecontroleerd: Afspraakversie | None = None
    verschillen: list[dict[str, str]] = []
    geraakt: list[dict[str, Any]] = []
    if request.method == "POST":
        if "upload" in request.POST and upload.is_valid():
            bestand = upload.cleaned_data["bestand"]
            ruw = bestand.read(MAX_BESTAND + 1)
            try:
                inhoud = ruw.decode("utf-8") if len(ruw) <= MAX_BESTAND else ""
            except UnicodeDecodeError:
                inhoud = ""
            afspraken, geldig_vanaf, fout = (
                controleer(bestand.name, inhoud)
                if inhoud
                else (None, None, "Het bestand is geen UTF-8-tekst of is te groot.")
            )
            gecontroleerd = Afspraakversie.objects.create(
                bestandsnaam=bestand.name[:200],
                inhoud=inhoud,
                geldig_vanaf=geldig_vanaf,
                geldig=afspraken is not None,
                validatie=fout,
                geupload_door=request.user.get_username(),
                geupload_op=timezone.now(),
            )
            vastleggen(request, "afspraakversie_gecontroleerd", bestand.name[:200], fout[:300])
            if afspraken is not None and geldig_vanaf is not None:
                verschillen = wijzigingen(afspraken, geldig_vanaf)
                geraakt = geraakte_termijnen(verschillen)
        elif "plannen" in request.POST:
            versie = get_object_or_404(Afspraakversie, pk=request.POST["plannen"], geldig=True)
            vandaag = klok.nu().date()
            if versie.geldig_vanaf is None or versie.geldig_vanaf <= vandaag:
                # Steps already taken keep the rules they were taken under.
                messages.error(
                    request,
                    f"Versie {versie.bestandsnaam} kan niet meer worden gepland: de datum "
                    "waarop zij ingaat moet na vandaag liggen.",
                )
                return redirect("beheer:afspraken")
            Afspraakversie.objects.filter(gepland=True, geldig_vanaf=versie.geldig_vanaf).exclude(
                pk=versie.pk
            ).update(gepland=False)
            versie.gepland = True
            versie.save(update_fields=["gepland"])
            bronnen.verhoog_teller()
            vastleggen(
                request, "afspraakversie_gepland", versie.bestandsnaam, str(versie.geldig_vanaf)
            )
            messages.success(
                request,
                f"Versie {versie.bestandsnaam} gepland vanaf {teksten.datum(versie.geldig_vanaf)}.",
            )
            return redirect("beheer:afspraken")
        elif "dag" in request.POST and dag_form.is_valid():
            dag = GelijkgesteldeDag.objects.create(
                datum=dag_form.cleaned_data["datum"],
                besluit=dag_form.cleaned_data["besluit"],
                toegevoegd_door=request.user.get_username(),
                toegevoegd_op=timezone.now(),
            )
            bronnen.verhoog_teller()
            vastleggen(request, "gelijkgestelde_dag", dag.datum.isoformat(), dag.besluit)
            bronnen.herbereken_open_termijnen(dag.datum)
            messages.success(request, f"{teksten.datum(dag.datum)} toegevoegd.")
            return redirect("beheer:afspraken")
    afspraken = afspraken_van(regio())
    vandaag = klok.nu().date()
    in_werking = afspraken.versie_op(vandaag)
    return render(
        request,
        "beheer/afspraken.html",
        {
            "medewerker": medewerker,
            "versie": in_werking,
            "geldig_vanaf": teksten.datum(in_werking.geldig_vanaf) if in_werking else "",
            "regels": list(regels_met_grond(in_werking.regels)) if in_werking else [],
            "versies": [
                {"naam": v.naam, "vanaf": teksten.datum(v.geldig_vanaf), "status": v.status}
                for v in afspraken.versies
            ],
            "geupload": Afspraakversie.objects.all()[:10],
            "gecontroleerd": gecontroleerd,
            "verschillen": verschillen,
            "geraakt": geraakt,
            "upload": upload,
            "dag_form": dag_form,
            "dagen": GelijkgesteldeDag.objects.all(),
            "uit_bestand": sorted(afspraken.kalender.gelijkgestelde_dagen.items()),
            "titel": "Afspraken",
        },
    )
