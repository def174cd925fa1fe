"""Fill the hash chain of events stored before it existed, then make the table append-only."""

from typing import Any

from django.db import migrations

from zicht.store import alleen_toevoegen
from zicht.store.keten import BEGIN, kenmerk


def vul_keten(apps: Any, schema_editor: Any) -> None:
    Gebeurtenis = apps.get_model("store", "Gebeurtenis")
    vorige: dict[Any, str] = {}
    for g in Gebeurtenis.objects.order_by("casus_id", "seq").iterator():
        voor = vorige.get(g.casus_id, BEGIN)
        g.vorige_hash = voor
        g.hash = kenmerk(
            voor,
            casus=str(g.casus_id),
            seq=g.seq,
            type=g.type,
            payload=g.payload,
            occurred_at=g.occurred_at,
            recorded_at=g.recorded_at,
            actor=g.actor,
            organisatie=g.organisatie,
            afspraakversie=g.afspraakversie,
        )
        g.save(update_fields=["vorige_hash", "hash"])
        vorige[g.casus_id] = g.hash


vooruit, terug = alleen_toevoegen.migratie("store_gebeurtenis")


class Migration(migrations.Migration):
    dependencies = [("store", "0002_gebeurtenis_hash")]

    operations = [
        migrations.RunPython(vul_keten, migrations.RunPython.noop),
        migrations.RunPython(vooruit, terug),
    ]
