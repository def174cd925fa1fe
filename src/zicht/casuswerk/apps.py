from django.apps import AppConfig


class CasuswerkConfig(AppConfig):
    name = "zicht.casuswerk"
    label = "casuswerk"
    verbose_name = "Casuswerk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from zicht.casuswerk.projectie import bewaar_partijen, partij_rijen
        from zicht.store.django_store import registreer_projectie
        from zicht.store.snel import BulkProjectie, registreer_bulk_projectie
        from zicht.web.beveiliging import verlengd_bij_inloggen

        user_logged_in.connect(verlengd_bij_inloggen, dispatch_uid="zicht.sessie_verlengd")

        registreer_projectie(bewaar_partijen)
        registreer_bulk_projectie(
            BulkProjectie(
                "casuswerk_casuspartij", ("partij", "relatie", "aangemaakt_op"), partij_rijen
            )
        )
