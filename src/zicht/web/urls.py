from django.urls import include, path

urlpatterns = [
    path("", include("zicht.casuswerk.urls")),
    path("regie/", include("zicht.regie.urls")),
    path("beheer/", include("zicht.beheer.urls")),
]

# The REST API for systems (issue #5), major version in the URI.
urlpatterns += [path("api/v1/", include("zicht.api.urls"))]
