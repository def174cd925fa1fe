"""Hot reads compiled once per shape (zicht.toepassing.vaste_sql): the same rows as the ORM,
on SQLite and PostgreSQL, for any ids of the same number."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db.models import QuerySet
from tests.kit import ev, maak_casus

from zicht.store.models import OpenTermijn
from zicht.toepassing import vaste_sql
from zicht.toepassing.modellen import Gezin

pytestmark = pytest.mark.django_db

MELDING = ev("2026-03-02T10:00", "melding_ontvangen", gemeenten=["Maastricht"], bron="burger")


def _termijnen(ids: list[Any]) -> QuerySet[Any]:
    return OpenTermijn.objects.filter(id__in=ids).values_list(
        "id", "casus_id", "uiterlijk", "casus__projectie__toestand__gemeenten"
    )


def _gezinnen(ids: list[Any]) -> QuerySet[Any]:
    return Gezin.objects.filter(casus_id__in=ids).values_list("casus_id", "naam", "personen")


def test_rows_and_their_types_are_those_of_the_orm_for_every_set_of_ids_of_one_size() -> None:
    for naam in ("Gezin Een", "Gezin Twee", "Gezin Drie"):
        maak_casus([MELDING], naam=naam)
    ids = sorted(OpenTermijn.objects.values_list("id", flat=True))
    assert len(ids) >= 3
    omzetten = (None, vaste_sql.als_uuid, vaste_sql.als_datum, vaste_sql.als_json)

    for keuze in (ids[:2], ids[1:3], [ids[0], ids[2]]):  # one compiled shape, other ids
        snel = vaste_sql.rijen("test.termijnen", _termijnen, keuze, omzetten)
        assert sorted(snel) == sorted(_termijnen(keuze)), keuze
        assert {type(r[1]) for r in snel} == {uuid.UUID}
        assert all(r[3] == ["Maastricht"] for r in snel)


def test_uuid_ids_and_json_columns() -> None:
    casussen = [maak_casus([MELDING], naam=f"Gezin {n}") for n in ("A", "B", "C")]
    gevraagd = [uuid.UUID(str(c)) for c in casussen[:2]]
    omzetten = (vaste_sql.als_uuid, None, vaste_sql.als_json)

    snel = vaste_sql.rijen("test.gezinnen", _gezinnen, gevraagd, omzetten)

    assert sorted(snel) == sorted(_gezinnen(gevraagd))
    assert {r[1] for r in snel} == {"Gezin A", "Gezin B"}
    assert vaste_sql.rijen("test.gezinnen", _gezinnen, [], omzetten) == []


def test_a_query_that_does_not_use_its_ids_is_refused_rather_than_guessed() -> None:
    def zonder_ids(ids: list[Any]) -> QuerySet[Any]:
        return Gezin.objects.values_list("naam")

    with pytest.raises(ValueError, match="ids gevonden"):
        vaste_sql.rijen("test.zonder", zonder_ids, [1, 2], (None,))


def test_a_case_id_in_a_text_column_and_timestamps_as_the_orm_gives_them() -> None:
    """The access log keeps the case id as text: the id goes in as its text, and each moment
    comes back as an aware datetime on both databases (SQLite gives text)."""
    from zicht.toegangslog import registreer
    from zicht.toegangslog.models import Toegangsrij

    casussen = [uuid.UUID(str(maak_casus([MELDING], naam=f"Gezin {n}"))) for n in "XY"]
    for casus in casussen * 2:
        registreer(
            gebruiker="t.vt",
            rol="vt_medewerker",
            organisatie="veilig_thuis",
            casus_id=str(casus),
            personen=["p1"],
            actie="casus_inzien",
            verwerking="vt_melding_en_onderzoek",
            uitkomst="toegestaan",
            trace_id="t",
        )

    def rijen(ids: list[Any]) -> QuerySet[Any]:
        return Toegangsrij.objects.filter(casus_id=str(ids[0])).values_list(
            "tijdstip", "casus_id", "actie"
        )[:10]

    for casus in casussen:  # one compiled shape, each case its own rows
        snel = vaste_sql.rijen("test.toegang", rijen, [casus], (vaste_sql.als_moment, None, None))
        assert snel == list(rijen([casus])) and len(snel) == 2
        assert all(r[0].tzinfo is not None and r[1] == str(casus) for r in snel)


def test_a_statement_run_prepared_is_logged_with_its_sql() -> None:
    """PostgreSQL runs a fixed query prepared from its fifth time on; psycopg then keeps no
    text of it, and Django's query log (DEBUG, the tests that count queries) said None."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    casus = uuid.UUID(str(maak_casus([MELDING], naam="Gezin Log")))
    with CaptureQueriesContext(connection) as vragen:
        for _ in range(8):
            assert vaste_sql.rijen("test.log", _gezinnen, [casus], (None, None, None))
    assert len(vragen.captured_queries) == 8
    assert all("casuswerk_gezin" in q["sql"] for q in vragen.captured_queries)
