"""The sweep touches only what is due (issue 14): on PostgreSQL, with many cases of which few are
due, the due-cases queries are index scans on the due moment (`projectie_herzien_op`,
`termijn_verloop`), never a scan of every case."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection

from zicht.signalering import verloop
from zicht.vertrouwen.rollen import als_eigenaar

from .conftest import moment

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="EXPLAIN van PostgreSQL"),
]
CASUSSEN = 20_000
NU = moment("2026-06-01T00:00:30")


def _vul() -> None:
    """Many projections and open terms, a handful due at NU (rows only: no fold needed)."""
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO store_casusprojectie (casus_id, toestand, bijgewerkt_op, seq, herzien_op)
            SELECT gen_random_uuid(), '{}'::jsonb, %(nu)s, 1,
                CASE WHEN i %% 5 = 0 THEN NULL
                     ELSE %(nu)s::timestamptz + (i - 10) * interval '1 hour' END
            FROM generate_series(1, %(n)s) i
            """,
            {"nu": NU, "n": CASUSSEN},
        )
        cur.execute(
            """
            INSERT INTO store_opentermijn (casus_id, code, partij, uiterlijk, status, grond)
            SELECT casus_id, 'start_contact', 'veilig_thuis',
                date '2026-06-01' + ((row_number() OVER (ORDER BY casus_id))::int % 700) - 3,
                'open', ''
            FROM store_casusprojectie
            """
        )
    with als_eigenaar(), connection.cursor() as cur:
        cur.execute("ANALYZE store_casusprojectie")
        cur.execute("ANALYZE store_opentermijn")


class _Vang:
    def __init__(self) -> None:
        self.statements: list[tuple[str, Any]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.statements.append((sql, params))
        return execute(sql, params, many, context)


def _knopen(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [plan, *(k for kind in plan.get("Plans", []) for k in _knopen(kind))]


def test_de_veger_leest_alleen_wat_verlopen_is(orgs: None) -> None:
    _vul()
    vang = _Vang()
    with connection.execute_wrapper(vang):
        due = verloop.due_casussen(NU, NU.date(), None)
    assert 0 < len(due) < 100  # a few due of 20,000
    assert len(vang.statements) == 2
    for sql, params in vang.statements:
        with connection.cursor() as cur:
            cur.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            rij = cur.fetchone()
        plan = (rij[0] if isinstance(rij[0], list) else json.loads(rij[0]))[0]["Plan"]
        knopen = _knopen(plan)
        soorten = {k["Node Type"] for k in knopen}
        assert "Seq Scan" not in soorten, (sql, soorten)
        indexen = {k.get("Index Name") for k in knopen}
        assert indexen & {"projectie_herzien_op", "termijn_verloop"}, (sql, indexen)
        gelezen = sum(k.get("Actual Rows", 0) for k in knopen if k.get("Index Name"))
        assert gelezen < 200, (sql, gelezen)  # the due rows, not 20,000
