from django.http import HttpRequest, HttpResponse
from django.urls import path


def voorpagina(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Zicht", content_type="text/plain; charset=utf-8")


urlpatterns = [path("", voorpagina, name="voorpagina")]
