"""Extended statistics on (partij, relatie) of the relation projection (issue #17).

PostgreSQL estimates `partij = 'gemeente:Vaals' AND relatie = 'gemeente'` as the product of
the two selectivities, as if they were independent; they are not (a gemeente party has the
relation "gemeente"), so at 1M cases it expected ~2,000 rows where there are ~20,000, and
planned "eerder bekend" and the worklist's waiting hand-overs as if the gemeente's part were
small. With the two columns' common combinations (mcv) and dependencies the estimate is right.
Nothing on SQLite."""

from typing import Any

from django.db import migrations

MAAK = (
    "CREATE STATISTICS IF NOT EXISTS casuspartij_partij_relatie_stat (mcv, dependencies) "
    "ON partij, relatie FROM casuswerk_casuspartij"
)
WEG = "DROP STATISTICS IF EXISTS casuspartij_partij_relatie_stat"


def _op_postgres(sql: str) -> Any:
    def uitvoeren(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)
            if sql is MAAK:
                schema_editor.execute("ANALYZE casuswerk_casuspartij")

    return uitvoeren


class Migration(migrations.Migration):
    dependencies = [("casuswerk", "0006_gezin_naam_upper")]

    operations = [migrations.RunPython(_op_postgres(MAAK), _op_postgres(WEG))]
