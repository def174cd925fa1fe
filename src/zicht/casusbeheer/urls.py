from django.urls import path

from zicht.casusbeheer.views import document_view, documenten_view, lijst_view, toewijzen_view

app_name = "casusbeheer"

urlpatterns = [
    path("casussen/", lijst_view, name="lijst"),
    path("casussen/<uuid:casus_id>/toewijzen", toewijzen_view, name="toewijzen"),
    path("casussen/<uuid:casus_id>/documenten", documenten_view, name="documenten"),
    path(
        "casussen/<uuid:casus_id>/documenten/<int:document_id>",
        document_view,
        name="document",
    ),
    path(
        "casussen/<uuid:casus_id>/documenten/<str:sha256>.pdf",
        document_view,
        name="document_sha256",
    ),
]
