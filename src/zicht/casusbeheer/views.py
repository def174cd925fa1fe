"""Screens of casusbeheer: the case lists with search, and assigning a behandelaar.

Thin: each view checks access through `casuswerk.toegang` (the core policy), asks `lijsten` or
`toewijzing`, logs what it showed (`@logt`) and renders.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from zicht.casusbeheer import documenten, lijsten, toewijzing
from zicht.casusbeheer.models import Document
from zicht.casuswerk.inzage import logt
from zicht.casuswerk.models import Medewerker
from zicht.casuswerk.toegang import actor, casus_met_beeld, mag, medewerker_van, zichtbaarheid_van
from zicht.core.toegang import ZONDER_CASUSINHOUD
from zicht.toepassing import dossier, fouten, inzage, klok, teksten


def _met_casussen(medewerker: Medewerker) -> None:
    if not mag(medewerker, "werkvoorraad_inzien") or zichtbaarheid_van(medewerker).niets:
        raise PermissionDenied("Uw rol werkt niet met casussen.")


@login_required
@require_http_methods(["GET", "POST"])
@logt(GET="casuslijst_inzien", POST="zoeken")
def lijst_view(request: HttpRequest) -> HttpResponse:
    """The lists. A name or case number comes by GET; a BSN only by POST (never in a URL)."""
    medewerker = medewerker_van(request.user)
    _met_casussen(medewerker)
    keuze = lijsten.Lijstkeuze(request.GET)
    gekozen = keuze.cleaned_data if keuze.is_valid() else {}
    # Without a choice (the menu): one's own cases, or the organisation's when one has none.
    lijst = gekozen.get("lijst") or lijsten.eerste_lijst(medewerker)
    bsn_form = lijsten.BsnZoeken(request.POST if request.method == "POST" else None)
    bsn = bsn_form.cleaned_data["bsn"] if bsn_form.is_bound and bsn_form.is_valid() else ""
    if bsn_form.is_bound and not bsn:
        inzage.noem([None])  # a search, refused input
        rijen = None
    else:
        rijen = lijsten.casussen(medewerker, lijst, gekozen.get("zoek") or "", bsn)
    per = gekozen.get("per") or 25
    context: dict[str, Any] = {
        "medewerker": medewerker,
        "titel": lijsten.LIJSTEN[lijst],
        "lijst": lijst,
        "lijsten": lijsten.LIJSTEN,
        "keuze": keuze,
        "gekozen": gekozen,
        "bsn_form": bsn_form,
        "per": per,
        "paginagroottes": lijsten.PAGINAGROOTTES,
        "sorteer": gekozen.get("sorteer") or "gemeld",
        "zoek": gekozen.get("zoek") or "",
        "op_bsn": bool(bsn),
    }
    if rijen is not None:
        blad, tabel, meer = lijsten.pagina(
            rijen,
            context["sorteer"],
            per,
            request.POST.get("pagina") or request.GET.get("pagina"),
            medewerker.organisatie.code,
        )
        context |= {"blad": blad, "rijen": tabel, "meer_dan": meer, "tel_tot": lijsten.TEL_TOT}
        # Each family shown is a look at personal data: one access-log row per case.
        getoond: list[str | None] = [r.casus_id for r in tabel]
        inzage.noem(getoond or ([None] if bsn else []))
    return render(request, "casusbeheer/lijst.html", context)


class ToewijzenFormulier(forms.Form):
    behandelaar = forms.TypedChoiceField(
        label="Behandelaar", coerce=int, required=False, empty_value=None
    )

    def __init__(self, keuzes: list[tuple[int, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        veld = self.fields["behandelaar"]
        veld.choices = [("", "niemand (toewijzing intrekken)"), *keuzes]
        veld.widget.attrs["class"] = "utrecht-select utrecht-select--html-select"


def collega_s(medewerker: Medewerker) -> list[tuple[int, str]]:
    """Colleagues of the same organisation who work with cases, by name."""
    rijen = (
        Medewerker.objects.filter(organisatie=medewerker.organisatie, user__is_active=True)
        .exclude(rol__in=ZONDER_CASUSINHOUD)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )
    return [(m.user.pk, teksten.naam_van(m.user)) for m in rijen]


@login_required
@require_http_methods(["GET", "POST"])
@logt(GET="casus_inzien", POST="toewijzen")
def toewijzen_view(request: HttpRequest, casus_id: str) -> HttpResponse:
    medewerker = medewerker_van(request.user)
    casus, _ = casus_met_beeld(medewerker, casus_id)
    org = medewerker.organisatie.code
    keuzes = collega_s(medewerker)
    huidig = toewijzing.behandelaar_van(str(casus.pk), org)
    form = ToewijzenFormulier(
        keuzes,
        request.POST if request.method == "POST" else None,
        initial={"behandelaar": huidig.pk if huidig else medewerker.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        gekozen = form.cleaned_data["behandelaar"]
        user = User.objects.get(pk=gekozen) if gekozen is not None else None
        toewijzing.wijs_toe(str(casus.pk), org, user, request.user, klok.nu())
        messages.success(
            request,
            f"Toegewezen aan {dict(keuzes)[gekozen]}." if user else "De toewijzing is ingetrokken.",
        )
        return redirect(reverse("casuswerk:casus", args=[casus.pk]))
    naam = casus.gezin.naam if hasattr(casus, "gezin") else lijsten.casusnummer(casus.pk)
    return render(
        request,
        "casusbeheer/toewijzen.html",
        {
            "medewerker": medewerker,
            "titel": "Behandelaar toewijzen",
            "casus": casus,
            "naam": naam,
            "form": form,
            "organisatie": medewerker.organisatie.naam,
            "geschiedenis": toewijzing.geschiedenis(str(casus.pk), org),
        },
        status=200 if request.method == "GET" or form.is_valid() else 400,
    )


@login_required
@require_http_methods(["GET", "POST"])
@logt(GET="casus_inzien", POST="document_maken")
def documenten_view(request: HttpRequest, casus_id: str) -> HttpResponse:
    """The documents of a case: make one (Veilig Thuis), list those this user may read."""
    medewerker = medewerker_van(request.user)
    casus, _ = casus_met_beeld(medewerker, casus_id)
    org, rol = medewerker.organisatie.code, medewerker.rol
    fout = ""
    if request.method == "POST":
        if not documenten.mag_maken(rol):
            raise PermissionDenied("Alleen Veilig Thuis maakt deze documenten.")
        d = dossier.laad(casus, klok.nu())
        try:
            doc = documenten.maak(
                d, request.POST.get("soort", ""), request.user, actor(medewerker), klok.nu()
            )
        except documenten.KanNiet as reden:
            fout = str(reden)
        except fouten.Conflict:
            fout = "De casus is intussen gewijzigd. Probeer het opnieuw."
        except fouten.Fout as reden:
            fout = str(reden)
        else:
            messages.success(request, f"{documenten.SOORTEN[doc.soort]} gemaakt.")
            return redirect(reverse("casusbeheer:documenten", args=[casus.pk]))
    rijen = [
        {
            "id": doc.pk,
            "soort": documenten.SOORTEN.get(doc.soort, doc.soort),
            "op": teksten.moment(doc.op),
            "door": teksten.naam_van(doc.gemaakt_door),
            "sha256": doc.sha256,
        }
        for doc in Document.objects.filter(casus=casus)
        .select_related("gemaakt_door")
        .defer("inhoud")
        .order_by("-op", "-id")
        if documenten.mag_lezen(doc, org, rol)
    ]
    naam = casus.gezin.naam if hasattr(casus, "gezin") else lijsten.casusnummer(casus.pk)
    return render(
        request,
        "casusbeheer/documenten.html",
        {
            "medewerker": medewerker,
            "titel": f"Documenten: {naam}",
            "casus": casus,
            "naam": naam,
            "rijen": rijen,
            "soorten": documenten.SOORTEN if documenten.mag_maken(rol) else {},
            "fout": fout,
        },
        status=400 if fout else 200,
    )


@login_required
@require_GET
@logt(GET="document_downloaden")
def document_view(
    request: HttpRequest, casus_id: str, document_id: int | None = None, sha256: str = ""
) -> HttpResponse:
    """One document as its PDF, by its number or (from the timeline's event) its sha256."""
    medewerker = medewerker_van(request.user)
    casus, _ = casus_met_beeld(medewerker, casus_id)
    gevonden = Document.objects.filter(casus=casus)
    gevonden = gevonden.filter(pk=document_id) if document_id is not None else gevonden
    doc = gevonden.filter(sha256=sha256).first() if sha256 else gevonden.first()
    if doc is None or not documenten.mag_lezen(doc, medewerker.organisatie.code, medewerker.rol):
        raise Http404("Document niet gevonden.")
    antwoord = HttpResponse(bytes(doc.inhoud), content_type="application/pdf")
    bestand = f"{doc.soort}-{lijsten.casusnummer(casus.pk)}-{doc.op:%Y%m%d-%H%M}.pdf"
    antwoord["Content-Disposition"] = f'attachment; filename="{bestand}"'
    antwoord["X-Content-SHA256"] = doc.sha256
    antwoord["Cache-Control"] = "no-store"
    return antwoord
