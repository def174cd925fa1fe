from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "zicht.api"
    label = "api"
    verbose_name = "REST API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Hand-overs appended by any route (screen or API) are announced to subscribers.
        from zicht.api.webhooks import aanmelden

        aanmelden.koppel()
