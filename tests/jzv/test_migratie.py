"""The migrations to one model per system and one delivery mechanism keep what was there: a
sender becomes its API client, its outcome URL and key a subscription, an outcome's delivery
state a `Levering`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # Migrating back and forth changes the schema, which only the owner may; the suite runs
    # on PostgreSQL as the application role (`zicht_app`), so this runs on SQLite.
    pytest.mark.skipif(
        connection.vendor == "postgresql", reason="schema changes are the owner's (zicht_app)"
    ),
]
VOOR = [("api", "0001_initial"), ("jzv", "0001_initial")]
NA = [("api", "0002_jzv_een_systeem"), ("jzv", "0004_jzv_een_systeem_opruimen")]
NU = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _naar(doel: list[tuple[str, str]]) -> object:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(doel)
    return executor.loader.project_state(doel).apps


def test_a_sender_and_its_outcomes_survive_the_migration(orgs: None) -> None:
    oud = _naar(VOOR)
    ApiClient = oud.get_model("api", "ApiClient")  # type: ignore[attr-defined]
    Organisatie = oud.get_model("casuswerk", "Organisatie")  # type: ignore[attr-defined]
    Afzender = oud.get_model("jzv", "Afzender")  # type: ignore[attr-defined]
    Melding = oud.get_model("jzv", "Melding")  # type: ignore[attr-defined]
    Uitkomst = oud.get_model("jzv", "Uitkomst")  # type: ignore[attr-defined]
    client = ApiClient.objects.create(
        naam="politie",
        organisatie=Organisatie.objects.get(code="lokaal_veld:Heerlen"),
        token_hash="x" * 64,
        token_begin="zicht_",
        aangemaakt_op=NU,
    )
    afzender = Afzender.objects.create(
        client=client,
        naam="Politie Limburg",
        bron="politie",
        uitkomst_url="https://politie.example/u",
        geheim="geheim",
        aangemaakt_op=NU,
    )
    melding = Melding.objects.create(
        afzender=afzender,
        registratienummer="POL-1",
        bericht={},
        vingerafdruk="0" * 64,
        terugkoppeling_gewenst=True,
        ontvangen_op=NU,
    )
    Uitkomst.objects.create(
        melding=melding,
        code="VT-02",
        gebeurtenis_seq=3,
        status="bezorgd",
        pogingen=2,
        bezorgd_op=NU,
        aangemaakt_op=NU,
    )

    nieuw = _naar(NA)
    client = nieuw.get_model("api", "ApiClient").objects.get(naam="politie")  # type: ignore[attr-defined]
    assert (client.bron, client.melder_naam) == ("politie", "Politie Limburg")
    abonnement = nieuw.get_model("api", "Abonnement").objects.get(client=client)  # type: ignore[attr-defined]
    assert (abonnement.url, abonnement.geheim, abonnement.soorten) == (
        "https://politie.example/u",
        "geheim",
        ["uitkomstmelding"],
    )
    melding = nieuw.get_model("jzv", "Melding").objects.get()  # type: ignore[attr-defined]
    assert melding.afzender_id == client.pk
    uitkomst = nieuw.get_model("jzv", "Uitkomst").objects.select_related("levering").get()  # type: ignore[attr-defined]
    levering = uitkomst.levering
    assert (levering.status, levering.pogingen, levering.abonnement_id) == (
        "bezorgd",
        2,
        abonnement.pk,
    )
    assert levering.bericht == {"registratienummer": "POL-1", "status": "VT-02"}
    assert levering.mediatype == "application/json"
