"""The functioneel beheerder's screens: users per organisation, organisations, API clients and
webhook subscriptions. No case content here; every page and action is in the access log, and
every action also in the beheer log (`Beheeractie`)."""

from __future__ import annotations

import secrets
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.api.models import SCOPES, SOORTEN_MELDING, Abonnement, ApiClient, Levering
from zicht.api.tokens import ClientFout, maak_client
from zicht.api.webhooks.abonneren import abonneer
from zicht.beheer.logboek import vastleggen
from zicht.beheer.models import Beheeractie
from zicht.casuswerk.formulieren.velden import widget
from zicht.casuswerk.inzage import logt
from zicht.casuswerk.models import Medewerker, Organisatie
from zicht.casuswerk.toegang import mag, medewerker_van
from zicht.core.acties import ROLLEN
from zicht.core.toegang import Actor, rol_past
from zicht.signalering.storingen import open_storingen
from zicht.toepassing import inzage, teksten

ACTIE = "gebruikers_beheren"


def beheerder(request: HttpRequest) -> Medewerker:
    m = medewerker_van(request.user)
    if not mag(m, ACTIE):
        raise PermissionDenied("Alleen de functioneel beheerder beheert gebruikers.")
    inzage.noem([None])  # no family's data
    return m


class Uitnodigen(forms.Form):
    gebruikersnaam = forms.RegexField(
        regex=r"^[a-z0-9._-]{3,40}$",
        label="Gebruikersnaam",
        help_text="Kleine letters, cijfers, punt, streepje; 3 tot 40 tekens.",
        error_messages={"invalid": "Gebruik kleine letters, cijfers, punt of streepje."},
        widget=widget(forms.TextInput()),
    )
    naam = forms.CharField(label="Naam", max_length=150, widget=widget(forms.TextInput()))
    organisatie = forms.ModelChoiceField(
        Organisatie.objects.all(),
        label="Organisatie",
        empty_label="— kies —",
        widget=widget(forms.Select()),
    )
    rol = forms.ChoiceField(
        choices=list(ROLLEN.items()), label="Rol", widget=widget(forms.Select())
    )

    def clean_gebruikersnaam(self) -> str:
        naam = str(self.cleaned_data["gebruikersnaam"])
        if User.objects.filter(username__iexact=naam).exists():
            raise forms.ValidationError("Deze gebruikersnaam bestaat al.")
        return naam

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        org, rol = data.get("organisatie"), data.get("rol")
        if org is not None and rol and not rol_past(Actor(org.code, rol)):
            self.add_error("rol", f"Deze rol hoort niet bij {org.naam}.")
        return data


def _geblokkeerd() -> set[str]:
    return set(
        AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        ).values_list("username", flat=True)
    )


@login_required
@require_http_methods(["GET", "POST"])
@logt(GET=ACTIE, POST=ACTIE)
def gebruikers_view(request: HttpRequest) -> HttpResponse:
    medewerker = beheerder(request)
    form = Uitnodigen(request.POST or None)
    wachtwoord = None
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        wachtwoord = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            c["gebruikersnaam"], password=wachtwoord, first_name=c["naam"]
        )
        Medewerker.objects.create(user=user, organisatie=c["organisatie"], rol=c["rol"])
        vastleggen(request, "uitgenodigd", user.username, f"{c['organisatie'].code}, {c['rol']}")
        form = Uitnodigen()
    geblokkeerd = _geblokkeerd()
    gekoppeld = set(
        TOTPDevice.objects.filter(confirmed=True).values_list("user__username", flat=True)
    )
    mensen = (
        Medewerker.objects.select_related("user", "organisatie")
        .exclude(user=request.user)
        .order_by("organisatie__naam", "user__username")
    )
    per_organisatie: dict[str, list[dict[str, Any]]] = {}
    for m in mensen:
        per_organisatie.setdefault(m.organisatie.naam, []).append(
            {
                "id": m.user.pk,
                "gebruikersnaam": m.user.username,
                "naam": m.user.first_name,
                "rol": ROLLEN.get(m.rol, m.rol),
                "actief": m.user.is_active,
                "gekoppeld": m.user.username in gekoppeld,
                "geblokkeerd": m.user.username in geblokkeerd,
            }
        )
    return render(
        request,
        "beheer/gebruikers.html",
        {
            "medewerker": medewerker,
            "form": form,
            "wachtwoord": wachtwoord,
            "per_organisatie": per_organisatie,
            "log": Beheeractie.objects.all()[:20],
            "storingen": open_storingen(),
            "titel": "Gebruikers",
        },
    )


GEBRUIKERSACTIES = {
    "deactiveren": "Account gedeactiveerd",
    "activeren": "Account weer actief",
    "deblokkeren": "Blokkade opgeheven",
    "tweede_stap_opnieuw": "Authenticator-app ontkoppeld; de gebruiker koppelt opnieuw",
}


@login_required
@require_http_methods(["POST"])
@logt(POST=ACTIE)
def gebruiker_actie_view(request: HttpRequest, user_id: int, actie: str) -> HttpResponse:
    beheerder(request)
    if actie not in GEBRUIKERSACTIES:
        raise PermissionDenied("Onbekende actie.")
    user = get_object_or_404(User, pk=user_id, medewerker__isnull=False)
    if user == request.user:
        raise PermissionDenied("Uw eigen account beheert een andere beheerder.")
    if actie in ("deactiveren", "activeren"):
        user.is_active = actie == "activeren"
        user.save(update_fields=["is_active"])
    elif actie == "deblokkeren":
        axes_reset(username=user.username)
    else:
        TOTPDevice.objects.filter(user=user).delete()
    vastleggen(request, actie, user.username)
    messages.success(request, f"{GEBRUIKERSACTIES[actie]}: {user.username}.")
    return redirect("beheer:gebruikers")


class NieuweClient(forms.Form):
    naam = forms.CharField(
        label="Naam van het systeem", max_length=100, widget=widget(forms.TextInput())
    )
    organisatie = forms.ModelChoiceField(
        Organisatie.objects.all(),
        label="Organisatie",
        empty_label="— kies —",
        widget=widget(forms.Select()),
    )
    scopes = forms.MultipleChoiceField(
        choices=list(SCOPES.items()),
        label="Rechten",
        widget=forms.CheckboxSelectMultiple(),
    )


class NieuwAbonnement(forms.Form):
    organisatie = forms.ModelChoiceField(
        Organisatie.objects.all(),
        label="Organisatie",
        empty_label="— kies —",
        widget=widget(forms.Select()),
    )
    url = forms.URLField(
        label="Adres (https)", assume_scheme="https", widget=widget(forms.URLInput())
    )
    soorten = forms.MultipleChoiceField(
        choices=list(SOORTEN_MELDING.items()),
        label="Meldingen",
        widget=forms.CheckboxSelectMultiple(),
    )


@login_required
@require_http_methods(["GET", "POST"])
@logt(GET=ACTIE, POST=ACTIE)
def organisaties_view(request: HttpRequest) -> HttpResponse:
    medewerker = beheerder(request)
    client_form = NieuweClient(request.POST if "client" in request.POST else None, prefix="c")
    abo_form = NieuwAbonnement(request.POST if "abonnement" in request.POST else None, prefix="a")
    geheim: tuple[str, str] | None = None
    nu = timezone.now()
    if request.method == "POST":
        try:
            if "client" in request.POST and client_form.is_valid():
                c = client_form.cleaned_data
                client, token = maak_client(c["naam"], c["organisatie"].code, c["scopes"], nu)
                vastleggen(request, "client_gemaakt", client.naam, ", ".join(client.scopes))
                geheim = ("Token van " + client.naam, token)
                client_form = NieuweClient(prefix="c")
            elif "intrekken" in request.POST:
                client = get_object_or_404(ApiClient, pk=request.POST["intrekken"])
                client.actief = False
                client.save(update_fields=["actief"])
                vastleggen(request, "client_ingetrokken", client.naam)
                messages.success(request, f"Client {client.naam} ingetrokken.")
                return redirect("beheer:organisaties")
            elif "abonnement" in request.POST and abo_form.is_valid():
                a = abo_form.cleaned_data
                abonnement, sleutel = abonneer(a["organisatie"].code, a["url"], a["soorten"], nu)
                vastleggen(request, "abonnement_gemaakt", abonnement.url)
                geheim = ("Ondertekeningssleutel voor " + abonnement.url, sleutel)
                abo_form = NieuwAbonnement(prefix="a")
        except ClientFout as fout:
            messages.error(request, str(fout))
    organisaties = Organisatie.objects.annotate(
        medewerkers=Count("medewerker", distinct=True)
    ).order_by("soort", "naam")
    leveringen = {
        a["abonnement"]: a
        for a in Levering.objects.values("abonnement").annotate(
            bezorgd=Count("id", filter=Q(status=Levering.BEZORGD)),
            wachtend=Count("id", filter=Q(status=Levering.WACHTEND)),
            mislukt=Count("id", filter=Q(status=Levering.MISLUKT)),
        )
    }
    abonnementen = [
        {
            "organisatie": teksten.partijnaam(a.organisatie.code),
            "url": a.url,
            "soorten": ", ".join(SOORTEN_MELDING.get(s, s) for s in a.soorten),
            "actief": a.actief,
            **{k: leveringen.get(a.pk, {}).get(k, 0) for k in ("bezorgd", "wachtend", "mislukt")},
        }
        for a in Abonnement.objects.select_related("organisatie")
    ]
    return render(
        request,
        "beheer/organisaties.html",
        {
            "medewerker": medewerker,
            "organisaties": organisaties,
            "clients": ApiClient.objects.select_related("organisatie"),
            "abonnementen": abonnementen,
            "client_form": client_form,
            "abo_form": abo_form,
            "geheim": geheim,
            "scopes": SCOPES,
            "titel": "Organisaties en koppelingen",
        },
    )
