"""Add the hand-over items (`info:<item>`) to the relations of cases stored before they existed:
the case page shows each party only what was handed over to it."""

from typing import Any

from django.db import migrations

from zicht.core.toegang import relaties


def herbouw_relaties(apps: Any, schema_editor: Any) -> None:
    Casus = apps.get_model("store", "Casus")
    CasusPartij = apps.get_model("casuswerk", "CasusPartij")
    Gebeurtenis = apps.get_model("store", "Gebeurtenis")
    CasusProjectie = apps.get_model("store", "CasusProjectie")
    for casus in Casus.objects.iterator():
        projectie = CasusProjectie.objects.filter(casus=casus).first()
        if projectie is None:
            continue
        gebeurtenissen = [
            {**g.payload, "type": g.type}
            for g in Gebeurtenis.objects.filter(casus=casus).order_by("seq")
        ]
        rijen = relaties(projectie.toestand, gebeurtenissen)
        CasusPartij.objects.filter(casus=casus).delete()
        CasusPartij.objects.bulk_create(
            CasusPartij(casus=casus, partij=partij, relatie=relatie)
            for partij, relatie in sorted(rijen)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("casuswerk", "0002_gezin_bsn_melder_notitie"),
        ("store", "0003_hashketen_en_alleen_toevoegen"),
    ]

    operations = [migrations.RunPython(herbouw_relaties, migrations.RunPython.noop)]
