from django.apps import AppConfig


class VertrouwenConfig(AppConfig):
    name = "zicht.vertrouwen"
    label = "vertrouwen"
    verbose_name = "Vertrouwen"
    default_auto_field = "django.db.models.BigAutoField"
