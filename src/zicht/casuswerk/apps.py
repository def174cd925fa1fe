from django.apps import AppConfig


class CasuswerkConfig(AppConfig):
    name = "zicht.casuswerk"
    label = "casuswerk"
    verbose_name = "Casuswerk"
    default_auto_field = "django.db.models.BigAutoField"
