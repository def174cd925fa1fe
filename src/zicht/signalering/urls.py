from django.urls import path

from zicht.signalering.views import berichten_view, gelezen_view, instellingen_view, teller_view

app_name = "signalering"

urlpatterns = [
    path("berichten", berichten_view, name="berichten"),
    path("berichten/bel", teller_view, name="bel"),
    path("berichten/gelezen", gelezen_view, name="gelezen"),
    path("instellingen/berichten", instellingen_view, name="instellingen"),
]
