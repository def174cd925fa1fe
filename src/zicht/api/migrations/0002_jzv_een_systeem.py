"""One model for a system Zicht talks to, one delivery mechanism (issue #15): a JZV sender is
an API client with a `bron`; its outcomes go to its own `Abonnement` as `Levering`en."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="apiclient",
            name="bron",
            field=models.CharField(
                blank=True,
                choices=[
                    ("professional", "Professional"),
                    ("politie", "Politie"),
                    ("burger", "Burger"),
                ],
                default="",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="apiclient",
            name="melder_naam",
            field=models.CharField(blank=True, default="", max_length=200),
        ),
        migrations.AddField(
            model_name="abonnement",
            name="client",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="abonnementen",
                to="api.apiclient",
            ),
        ),
        migrations.AddField(
            model_name="levering",
            name="mediatype",
            field=models.CharField(
                default="application/cloudevents+json; charset=utf-8", max_length=100
            ),
        ),
    ]
