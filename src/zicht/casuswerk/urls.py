from django.contrib.auth import views as auth_views
from django.urls import path

from zicht.casuswerk.views.casus import casus_view
from zicht.casuswerk.views.inloggen import WachtwoordView, koppelen_view, tweede_stap_view
from zicht.casuswerk.views.melding import melding_view, persoon_rij_view
from zicht.casuswerk.views.privacy import toegangslog_view
from zicht.casuswerk.views.stappen import stap_view
from zicht.casuswerk.views.uitvraag import uitvraag_view
from zicht.casuswerk.views.werkvoorraad import werkvoorraad_view

app_name = "casuswerk"

urlpatterns = [
    path("", werkvoorraad_view, name="werkvoorraad"),
    path("inloggen/", WachtwoordView.as_view(), name="inloggen"),
    path("inloggen/tweede-stap/", tweede_stap_view, name="tweede_stap"),
    path("inloggen/koppelen/", koppelen_view, name="koppelen"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="uitloggen"),
    path("meldingen/nieuw", melding_view, name="melding"),
    path("meldingen/persoon", persoon_rij_view, name="persoon_rij"),
    path("casussen/<uuid:casus_id>", casus_view, name="casus"),
    path("casussen/<uuid:casus_id>/stappen/<slug:soort>", stap_view, name="stap"),
    path("uitvraag", uitvraag_view, name="uitvraag"),
    path("privacy/toegangslog", toegangslog_view, name="toegangslog"),
]
