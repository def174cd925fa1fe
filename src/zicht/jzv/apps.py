from django.apps import AppConfig


class JzvConfig(AppConfig):
    name = "zicht.jzv"
    label = "jzv"
    verbose_name = "JZV Meldingen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Outcomes are found where events are appended (screen, API, demo): one signal.
        from zicht.jzv import uitkomsten

        uitkomsten.koppel()
