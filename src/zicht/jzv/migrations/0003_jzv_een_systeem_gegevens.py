"""Step 2: each sender's fields onto its API client, its outcome URL and key into its own
`Abonnement`, each outcome's delivery state into a `Levering`."""

from typing import Any

from django.db import migrations

UITKOMSTMELDING = "uitkomstmelding"
JSON = "application/json"


def over(apps: Any, schema_editor: Any) -> None:
    Afzender = apps.get_model("jzv", "Afzender")
    Melding = apps.get_model("jzv", "Melding")
    OntvangenUitkomst = apps.get_model("jzv", "OntvangenUitkomst")
    Uitkomst = apps.get_model("jzv", "Uitkomst")
    Abonnement = apps.get_model("api", "Abonnement")
    Levering = apps.get_model("api", "Levering")
    abonnementen = {}
    for afzender in Afzender.objects.select_related("client"):
        client = afzender.client
        client.bron, client.melder_naam = afzender.bron, afzender.naam
        client.save(update_fields=["bron", "melder_naam"])
        if afzender.uitkomst_url:
            abonnementen[afzender.pk] = Abonnement.objects.create(
                organisatie_id=client.organisatie_id,
                client=client,
                url=afzender.uitkomst_url,
                soorten=[UITKOMSTMELDING],
                geheim=afzender.geheim,
                aangemaakt_op=afzender.aangemaakt_op,
            )
        Melding.objects.filter(afzender=afzender).update(client=client)
        OntvangenUitkomst.objects.filter(afzender=afzender).update(client=client)
    for uitkomst in Uitkomst.objects.select_related("melding"):
        levering = Levering.objects.create(
            abonnement=abonnementen[uitkomst.melding.afzender_id],
            soort=UITKOMSTMELDING,
            sleutel=f"{uitkomst.melding_id}:{uitkomst.code}",
            bericht={
                "registratienummer": uitkomst.melding.registratienummer,
                "status": uitkomst.code,
            },
            mediatype=JSON,
            status=uitkomst.status,
            pogingen=uitkomst.pogingen,
            laatste_fout=uitkomst.laatste_fout,
            laatste_poging_op=uitkomst.laatste_poging_op,
            volgende_poging_op=uitkomst.volgende_poging_op,
            bezorgd_op=uitkomst.bezorgd_op,
            aangemaakt_op=uitkomst.aangemaakt_op,
        )
        uitkomst.levering = levering
        uitkomst.save(update_fields=["levering"])


class Migration(migrations.Migration):
    dependencies = [("jzv", "0002_jzv_een_systeem")]

    operations = [migrations.RunPython(over, migrations.RunPython.noop)]
