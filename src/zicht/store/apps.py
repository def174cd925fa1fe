from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "zicht.store"
    label = "store"
    verbose_name = "Gebeurtenissen en projecties"
    default_auto_field = "django.db.models.BigAutoField"
