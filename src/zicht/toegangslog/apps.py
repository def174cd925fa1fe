from django.apps import AppConfig


class ToegangslogConfig(AppConfig):
    name = "zicht.toegangslog"
    label = "toegangslog"
    verbose_name = "Toegangslog"
    default_auto_field = "django.db.models.BigAutoField"
