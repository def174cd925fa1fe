from django.apps import AppConfig


class SignaleringConfig(AppConfig):
    name = "zicht.signalering"
    label = "signalering"
    verbose_name = "Signalering"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zicht.signalering import aandacht

        aandacht.koppel()
