from django.apps import AppConfig


class BeheerConfig(AppConfig):
    name = "zicht.beheer"
    label = "beheer"
    verbose_name = "Beheer"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """The engine reads the versions and decree days stored here (beheer.bronnen)."""
        from zicht.beheer.bronnen import LEVERANCIER
        from zicht.core.afspraken import registreer_leverancier

        registreer_leverancier(LEVERANCIER)
