"""A case's state (about 3 KB of JSON) is larger than PostgreSQL's TOAST threshold (2 KB), so
every write compresses it and every read of a key decompresses it. lz4 costs about a third of
the default pglz: COPYing 20,000 states took 0.76–0.86 instead of 1.15–1.31 s, reading one key
of each 0.035–0.041 instead of 0.062–0.070 s; the table grows 15% (bench/lz4.py, results in
bench/RESULTS.md, "1 december 12:30"). The fast rebuild already chose lz4 for its own
transaction; on the column it holds for every append too, and for the slow rebuild. Only
PostgreSQL built with lz4 offers it (Debian's is); elsewhere the column keeps pglz. A value
keeps its compression until it is written again: every append writes its case's state,
`zicht rebuild` all of them."""

from django.db import migrations


def _lz4_beschikbaar(schema_editor) -> bool:  # type: ignore[no-untyped-def]
    with schema_editor.connection.cursor() as cur:
        cur.execute("SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")
        rij = cur.fetchone()
    return rij is not None and "lz4" in rij[0]


def zet(methode: str):  # type: ignore[no-untyped-def]
    def uitvoeren(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql" and _lz4_beschikbaar(schema_editor):
            schema_editor.execute(
                f"ALTER TABLE store_casusprojectie ALTER COLUMN toestand SET COMPRESSION {methode}"
            )

    return uitvoeren


class Migration(migrations.Migration):
    dependencies = [("store", "0011_werkvoorraad_index_met_id")]

    operations = [migrations.RunPython(zet("lz4"), zet("default"))]
