"""Drop the event table's own index on `casus`: the unique (casus, seq) index serves every lookup
by case, and each append then maintains one index less.

Only the index, by name: altering the field would make SQLite rebuild the table (losing its
append-only triggers) and PostgreSQL re-check the foreign key over every event.
"""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "store_gebeurtenis_casus_id_272a5589"


class Migration(migrations.Migration):
    dependencies = [
        ("store", "0004_werkvoorraad_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    f'CREATE INDEX "{INDEX}" ON "store_gebeurtenis" ("casus_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="gebeurtenis",
                    name="casus",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="gebeurtenissen",
                        to="store.casus",
                    ),
                ),
            ],
        ),
    ]
