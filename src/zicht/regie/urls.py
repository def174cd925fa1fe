from django.urls import path

from zicht.regie.views import capaciteit_view, dashboard_view, export_view, jaarverslag_view

app_name = "regie"

urlpatterns = [
    path("", dashboard_view, name="dashboard"),
    path("capaciteit", capaciteit_view, name="capaciteit"),
    path("jaarverslag.pdf", jaarverslag_view, name="jaarverslag"),
    path("export/<slug:tabel>.<slug:formaat>", export_view, name="export"),
]
