from django.apps import AppConfig


class CasuswerkConfig(AppConfig):
    name = "zicht.casuswerk"
    label = "casuswerk"
    verbose_name = "Casuswerk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from zicht.web.beveiliging import verlengd_bij_inloggen

        user_logged_in.connect(verlengd_bij_inloggen, dispatch_uid="zicht.sessie_verlengd")
