from django.urls import path

from zicht.casusbeheer.views import lijst_view, toewijzen_view

app_name = "casusbeheer"

urlpatterns = [
    path("casussen/", lijst_view, name="lijst"),
    path("casussen/<uuid:casus_id>/toewijzen", toewijzen_view, name="toewijzen"),
]
