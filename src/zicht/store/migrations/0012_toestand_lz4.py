"""A case's state (about 3 KB of JSON) is larger than PostgreSQL's TOAST threshold (2 KB), so
every write compresses it and every read of a key decompresses it. lz4 does both cheaper than
the default pglz: COPYing 20,000 states took 0.76–1.05 instead of 1.15–1.35 s, reading one key
of each 0.035–0.044 instead of 0.062–0.087 s; the table grows 15% (bench/lz4.py, results in
bench/RESULTS.md, "1 december 12:00"). The fast rebuild already chose lz4 for its own
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
