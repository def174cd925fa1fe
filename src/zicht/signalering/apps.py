from django.apps import AppConfig


class SignaleringConfig(AppConfig):
    name = "zicht.signalering"
    label = "signalering"
    verbose_name = "Signalering"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zicht.api.webhooks.aanmelden import bij_verloop
        from zicht.signalering import aandacht
        from zicht.signalering.signalen import termijn_verlopen

        aandacht.koppel()
        # A term past its deadline is a CloudEvent for the API's subscribers.
        termijn_verlopen.connect(bij_verloop, dispatch_uid="zicht.api.termijn_verlopen")
