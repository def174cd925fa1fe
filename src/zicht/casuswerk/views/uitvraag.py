"""Veilig Thuis asks: is this family known to a gemeente or the Z&VH (WA 6, WA 7)?"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from zicht.casuswerk.formulieren.velden import widget
from zicht.casuswerk.inzage import logt
from zicht.casuswerk.toegang import mag, medewerker_van
from zicht.core.bsn import is_bsn
from zicht.store.regio import regio
from zicht.toepassing import inzage, klok, teksten
from zicht.toepassing.dossier import afspraken
from zicht.toepassing.lezen import leest_mag_achterlopen
from zicht.toepassing.uitvraag import zoek


class Vraag(forms.Form):
    bsn = forms.CharField(
        required=False,
        label="BSN",
        max_length=9,
        widget=widget(forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})),
    )
    naam = forms.CharField(
        required=False, label="Of: naam (gezin of persoon)", widget=widget(forms.TextInput())
    )
    gemeente = forms.ChoiceField(required=False, label="en gemeente", widget=widget(forms.Select()))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        gemeenten = sorted(afspraken(regio()).gemeenten())
        self.fields["gemeente"].choices = [("", "kies"), *((g, g) for g in gemeenten)]

    def clean(self) -> dict[str, str]:
        schoon = super().clean() or {}
        bsn = (schoon.get("bsn") or "").strip()
        if bsn and not is_bsn(bsn):
            self.add_error("bsn", "Dit is geen geldig BSN (de elfproef klopt niet).")
        elif not bsn and not (schoon.get("naam") and schoon.get("gemeente")):
            raise forms.ValidationError("Vul een BSN in, of een naam en een gemeente.")
        schoon["bsn"] = bsn
        return schoon


@login_required
@require_http_methods(["GET", "POST"])
@logt(POST="uitvraag")
def uitvraag_view(request: HttpRequest) -> HttpResponse:
    medewerker = medewerker_van(request.user)
    if not mag(medewerker, "uitvraag"):
        raise PermissionDenied("Alleen Veilig Thuis doet een uitvraag.")
    vraag = Vraag(request.POST or None)
    resultaat = None
    if request.method == "POST":
        inzage.noem([None])  # a search, even empty
        if vraag.is_valid():
            d = vraag.cleaned_data
            with leest_mag_achterlopen():  # a count over all cases: the standby may answer
                gezinnen, treffers = zoek(
                    klok.nu(), bsn=d["bsn"], naam=d["naam"], gemeente=d["gemeente"]
                )
            inzage.noem([str(g.casus_id) for g in gezinnen] or [None])
            namen = {str(g.casus_id): g.naam for g in gezinnen}
            resultaat = [
                {
                    "casus_id": t.casus_id,
                    "gezin": namen.get(t.casus_id, ""),
                    "partij": teksten.partijnaam(t.partij),
                    "status": "open" if t.afgesloten_op is None else "afgesloten",
                    "bekend_tot": teksten.datum(t.bekend_tot) if t.bekend_tot else "zolang open",
                    "grond": t.grond,
                }
                for t in treffers
            ]
    return render(
        request,
        "casuswerk/uitvraag.html",
        {"medewerker": medewerker, "vraag": vraag, "resultaat": resultaat, "titel": "Uitvraag"},
    )
