from django.apps import AppConfig


class RegieConfig(AppConfig):
    name = "zicht.regie"
    label = "regie"
    verbose_name = "Regie"
    default_auto_field = "django.db.models.BigAutoField"
