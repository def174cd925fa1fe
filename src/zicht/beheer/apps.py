from django.apps import AppConfig


class BeheerConfig(AppConfig):
    name = "zicht.beheer"
    label = "beheer"
    verbose_name = "Beheer"
    default_auto_field = "django.db.models.BigAutoField"
