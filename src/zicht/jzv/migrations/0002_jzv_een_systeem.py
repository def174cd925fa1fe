"""The sender becomes its API client, an outcome's delivery a `Levering` (issue #15), step 1:
the new columns, empty."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("api", "0002_jzv_een_systeem"), ("jzv", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="melding",
            name="client",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="api.apiclient",
            ),
        ),
        migrations.AddField(
            model_name="ontvangenuitkomst",
            name="client",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="api.apiclient",
            ),
        ),
        migrations.AddField(
            model_name="uitkomst",
            name="levering",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="jzv_uitkomst",
                to="api.levering",
            ),
        ),
    ]
