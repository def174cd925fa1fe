"""Fill the BSN search index for the families that existed before it."""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations


def vul(apps, schema_editor):  # type: ignore[no-untyped-def]
    Gezin = apps.get_model("casuswerk", "Gezin")
    BsnSleutel = apps.get_model("casusbeheer", "BsnSleutel")
    sleutel = str(settings.ZICHT_BSN_SLEUTEL).encode()
    nieuw = []
    for casus_id, personen in Gezin.objects.values_list("casus_id", "personen").iterator():
        for s in {p["bsn"] for p in personen or [] if p.get("bsn")}:
            h = hmac.new(sleutel, s.encode(), hashlib.sha256).hexdigest()
            nieuw.append(BsnSleutel(casus_id=casus_id, sleutel=h))
    BsnSleutel.objects.bulk_create(nieuw, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("casusbeheer", "0001_eerste"),
        ("casuswerk", "0005_projectie_zonder_databasesleutel"),
    ]

    operations = [migrations.RunPython(vul, migrations.RunPython.noop)]
