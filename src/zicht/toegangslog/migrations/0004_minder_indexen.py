"""Fewer indexes on the access log: each one is updated for every row, and a worklist page
writes up to 100 rows (issue #6).

Dropped: the single-column indexes on casus_id (covered by toegang_casus_tijdstip), on gebruiker
(the officer searches case-insensitively, which it could not serve) and on trace_id, with the
LIKE copies PostgreSQL made of all three. Added: the search by user as UPPER(gebruiker) with the
newest first, and trace_id once more, without its LIKE copy.

The drops are plain DROP INDEX, not AlterField: SQLite alters a field by rebuilding the table,
which would take the append-only triggers (migration 0002) with it.
"""

import django.db.models.functions.text
from django.db import migrations, models

TABEL = "toegangslog_toegangsregel"
WEG = {"casus_id": "42c83b93", "gebruiker": "8b2bfd96", "trace_id": "bc492025"}


def _drop(kolom: str, kenmerk: str) -> list[str]:
    naam = f"{TABEL}_{kolom}_{kenmerk}"
    return [f"DROP INDEX IF EXISTS {naam}", f"DROP INDEX IF EXISTS {naam}_like"]


class Migration(migrations.Migration):
    dependencies = [("toegangslog", "0003_casus_tijdstip_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="toegangsregel",
                    name="casus_id",
                    field=models.CharField(blank=True, max_length=64, null=True),
                ),
                migrations.AlterField(
                    model_name="toegangsregel",
                    name="gebruiker",
                    field=models.CharField(max_length=150),
                ),
                migrations.AlterField(
                    model_name="toegangsregel",
                    name="trace_id",
                    field=models.CharField(max_length=64),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [sql for kolom, kenmerk in WEG.items() for sql in _drop(kolom, kenmerk)],
                    reverse_sql=[
                        f"CREATE INDEX {TABEL}_{kolom}_{kenmerk} ON {TABEL} ({kolom})"
                        for kolom, kenmerk in WEG.items()
                    ],
                )
            ],
        ),
        migrations.AddIndex(
            model_name="toegangsregel",
            index=models.Index(
                django.db.models.functions.text.Upper("gebruiker"),
                models.OrderBy(models.F("tijdstip"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="toegang_gebruiker",
            ),
        ),
        migrations.AddIndex(
            model_name="toegangsregel",
            index=models.Index(fields=["trace_id"], name="toegang_trace"),
        ),
    ]
