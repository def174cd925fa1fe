from django.urls import include, path

urlpatterns = [
    path("", include("zicht.casuswerk.urls")),
    path("", include("zicht.casusbeheer.urls")),
]

# The REST API for systems (issue #5), major version in the URI.
urlpatterns += [path("api/v1/", include("zicht.api.urls"))]
