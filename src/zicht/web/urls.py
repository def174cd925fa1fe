from django.urls import include, path

urlpatterns = [path("", include("zicht.casuswerk.urls"))]
