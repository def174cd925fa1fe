from django.apps import AppConfig


class WebConfig(AppConfig):
    """The project itself: what every shell shares on the web (security, sessions, trace ids)."""

    name = "zicht.web"
    label = "web"
    verbose_name = "Web"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from zicht.web.beveiliging import verlengd_bij_inloggen

        user_logged_in.connect(verlengd_bij_inloggen, dispatch_uid="zicht.sessie_verlengd")
