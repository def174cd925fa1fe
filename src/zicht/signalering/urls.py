from django.urls import path

from zicht.signalering.agenda import agenda_view
from zicht.signalering.storingen import opnieuw_view, storingen_view, taak_opnieuw_view
from zicht.signalering.views import berichten_view, gelezen_view, instellingen_view, teller_view

app_name = "signalering"

urlpatterns = [
    path("berichten", berichten_view, name="berichten"),
    path("berichten/bel", teller_view, name="bel"),
    path("berichten/gelezen", gelezen_view, name="gelezen"),
    path("instellingen/berichten", instellingen_view, name="instellingen"),
    path("agenda/<str:token>.ics", agenda_view, name="agenda"),
    path("beheer/storingen", storingen_view, name="storingen"),
    path("beheer/storingen/<uuid:levering_id>/opnieuw", opnieuw_view, name="opnieuw"),
    path("beheer/storingen/taken/<uuid:taak_id>/opnieuw", taak_opnieuw_view, name="taak_opnieuw"),
]
