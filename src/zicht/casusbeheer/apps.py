from django.apps import AppConfig


class CasusbeheerConfig(AppConfig):
    name = "zicht.casusbeheer"
    label = "casusbeheer"
    verbose_name = "Casusbeheer"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zicht.casusbeheer import zoekindex

        zoekindex.verbind()
