"""The sweep finds due cases through the index on `herzien_op` (0009). A column added to a table
that already holds a million projections has no statistics until autovacuum gets to it, and
without them PostgreSQL scans every projection each minute (bench/verloop.py: 0.9 s instead of
milliseconds). Analysing the table once, right after the column exists, gives the planner the
truth: almost every row is empty, the due ones are few."""

from django.db import migrations


def analyseer(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE store_casusprojectie")


class Migration(migrations.Migration):
    dependencies = [("store", "0009_tijd_herzien_op")]

    operations = [migrations.RunPython(analyseer, migrations.RunPython.noop)]
