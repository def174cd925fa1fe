"""The bell, the notification settings and the calendar feed: short function views."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zicht.casuswerk.toegang import medewerker_van
from zicht.signalering import bel, voorkeuren
from zicht.toepassing import klok


@login_required
@require_GET
def berichten_view(request: HttpRequest) -> HttpResponse:
    medewerker = medewerker_van(request.user)
    lijst = bel.berichten(medewerker, request.user.pk, klok.nu().date())
    return render(
        request,
        "signalering/berichten.html",
        {
            "medewerker": medewerker,
            "berichten": lijst,
            "ongelezen": bel.ongelezen(lijst),
        },
    )


@login_required
@require_GET
def teller_view(request: HttpRequest) -> HttpResponse:
    """The bell in the header (loaded by htmx after the page, so pages keep their queries)."""
    medewerker = medewerker_van(request.user)
    lijst = bel.berichten(medewerker, request.user.pk, klok.nu().date())
    return render(request, "signalering/_bel.html", {"ongelezen": bel.ongelezen(lijst)})


@login_required
@require_POST
def gelezen_view(request: HttpRequest) -> HttpResponse:
    medewerker = medewerker_van(request.user)
    sleutels = request.POST.getlist("sleutel")
    if request.POST.get("alles"):
        lijst = bel.berichten(medewerker, request.user.pk, klok.nu().date())
        sleutels = [b.sleutel for b in lijst]
    aantal = bel.markeer_gelezen(request.user.pk, sleutels[:200], klok.nu())
    if aantal:
        messages.success(
            request,
            "Gemarkeerd als gelezen."
            if aantal == 1
            else f"{aantal} berichten gemarkeerd als gelezen.",
        )
    return HttpResponseRedirect(reverse("signalering:berichten"))


class VoorkeurForm(forms.Form):
    digest_aan = forms.BooleanField(
        required=False, label="Stuur mij elke werkdag een overzicht per e-mail"
    )
    digest_tijd = forms.TimeField(
        label="Tijdstip van de e-mail",
        widget=forms.TimeInput(attrs={"type": "time", "class": "utrecht-textbox"}, format="%H:%M"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def instellingen_view(request: HttpRequest) -> HttpResponse:
    medewerker = medewerker_van(request.user)
    voorkeur = voorkeuren.van(request.user)
    if request.method == "POST":
        if request.POST.get("agenda") == "nieuw":
            voorkeuren.nieuw_agenda_token(voorkeur)
            messages.success(
                request, "Er is een nieuwe agenda-link gemaakt; de oude werkt niet meer."
            )
            return HttpResponseRedirect(reverse("signalering:instellingen"))
        if request.POST.get("agenda") == "intrekken":
            voorkeuren.trek_agenda_in(voorkeur)
            messages.success(request, "De agenda-link is ingetrokken.")
            return HttpResponseRedirect(reverse("signalering:instellingen"))
        form = VoorkeurForm(request.POST)
        if form.is_valid():
            voorkeur.digest_aan = form.cleaned_data["digest_aan"]
            voorkeur.digest_tijd = form.cleaned_data["digest_tijd"]
            voorkeur.save()
            messages.success(request, "Uw instellingen zijn bewaard.")
            return HttpResponseRedirect(reverse("signalering:instellingen"))
    else:
        form = VoorkeurForm(
            initial={"digest_aan": voorkeur.digest_aan, "digest_tijd": voorkeur.digest_tijd}
        )
    agenda_url = (
        request.build_absolute_uri(reverse("signalering:agenda", args=[voorkeur.agenda_token]))
        if voorkeur.agenda_token
        else None
    )
    return render(
        request,
        "signalering/instellingen.html",
        {"medewerker": medewerker, "form": form, "agenda_url": agenda_url},
    )
