from django.apps import AppConfig


class CasuswerkConfig(AppConfig):
    name = "zicht.casuswerk"
    label = "casuswerk"
    verbose_name = "Casuswerk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zicht.casuswerk.projectie import bewaar_partijen
        from zicht.store.django_store import registreer_projectie

        registreer_projectie(bewaar_partijen)
