from django.apps import AppConfig


class RegieConfig(AppConfig):
    name = "zicht.regie"
    label = "regie"
    verbose_name = "Regie"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """The scheduler's quarter-hourly `aggregaten` job (zicht.signalering) brings the regie
        tables up to date incrementally (`verversen.bij`)."""
        from zicht.regie import verversen
        from zicht.signalering.taken import registreer_aggregaat

        registreer_aggregaat(verversen.bij)
