from django.urls import path

from zicht.beheer import afspraken, privacy, views

app_name = "beheer"

urlpatterns = [
    path("gebruikers/", views.gebruikers_view, name="gebruikers"),
    path(
        "gebruikers/<int:user_id>/<slug:actie>", views.gebruiker_actie_view, name="gebruiker_actie"
    ),
    path("organisaties/", views.organisaties_view, name="organisaties"),
    path("afspraken/", afspraken.afspraken_view, name="afspraken"),
    path("privacy/", privacy.privacy_view, name="privacy"),
    path("privacy/inzageverzoek", privacy.inzage_export_view, name="inzage_export"),
]
