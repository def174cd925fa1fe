from django.urls import include, path

from zicht.jzv import urls as jzv_urls
from zicht.vertrouwen.gezond import gezond

urlpatterns = [
    path("", include("zicht.casuswerk.urls")),
    path("", include("zicht.signalering.urls")),
    path("regie/", include("zicht.regie.urls")),
    path("beheer/", include("zicht.beheer.urls")),
    path("", include("zicht.casusbeheer.urls")),
]

# The REST API for systems (issue #5), major version in the URI.
urlpatterns += [path("api/v1/", include("zicht.api.urls"))]

# For the load balancer and monitoring (issue #16).
urlpatterns += [path("gezond", gezond, name="gezond")]
# JZV Meldingen (issue #15): the standard's resources, and Veilig Thuis's intake screen.
urlpatterns += [
    path("api/jzv_meldingen/v1/", include((jzv_urls.api_urls, "jzv_api"))),
    path("jzv/", include((jzv_urls.scherm_urls, "jzv"))),
]
