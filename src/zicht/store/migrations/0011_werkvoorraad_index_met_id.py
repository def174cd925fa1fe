"""The worklist index carries the term's id (PostgreSQL INCLUDE; SQLite ignores it): the ids
of a worklist page and its count come from the index alone, without a heap fetch per term."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("store", "0010_herzien_op_statistiek"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="opentermijn",
            name="termijn_werkvoorraad",
        ),
        migrations.AddIndex(
            model_name="opentermijn",
            index=models.Index(
                fields=["partij", "uiterlijk", "casus", "code"],
                include=("id",),
                name="termijn_werkvoorraad",
            ),
        ),
    ]
