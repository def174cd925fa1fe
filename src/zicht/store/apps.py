from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "zicht.store"
    label = "store"
    verbose_name = "Gebeurtenissen en projecties"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zicht.store.django_store import registreer_projectie
        from zicht.store.relaties import bewaar_partijen, partij_rijen
        from zicht.store.snel import BulkProjectie, registreer_bulk_projectie

        # Who stands in which relation to a case (need-to-know, worklists): CasusPartij.
        registreer_projectie(bewaar_partijen)
        registreer_bulk_projectie(
            BulkProjectie(
                "casuswerk_casuspartij", ("partij", "relatie", "aangemaakt_op"), partij_rijen
            )
        )
