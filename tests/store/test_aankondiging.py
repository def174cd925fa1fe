"""Which receivers hear of a new event: every one connected is asked, none is skipped."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models.signals import post_save

from zicht.core.gebeurtenissen import SCHEMA
from zicht.store import aankondiging
from zicht.store.django_store import DjangoStore
from zicht.store.models import Gebeurtenis

from .hulp import gebeurtenis, moment, nep_projector


def test_every_receiver_of_a_new_event_says_which_types_it_acts_on() -> None:
    ontvangers, asynchroon = post_save._live_receivers(Gebeurtenis)
    assert ontvangers and not asynchroon
    typen = {o.__module__: aankondiging.typen_van(o) for o in ontvangers}
    assert None not in typen.values(), typen
    assert set(typen) == {
        "zicht.signalering.aandacht",
        "zicht.api.webhooks.aanmelden",
        "zicht.jzv.uitkomsten",
    }
    assert "overdracht" in typen["zicht.api.webhooks.aanmelden"]  # type: ignore[operator]
    assert "opgeschaald" in typen["zicht.signalering.aandacht"]  # type: ignore[operator]
    assert aankondiging.aan_te_kondigen("dossier_gesloten")  # webhooks and JZV
    assert not aankondiging.aan_te_kondigen("contact_gelegd")


@pytest.mark.django_db(transaction=True)
def test_a_receiver_connected_without_its_types_hears_of_every_new_event() -> None:
    gehoord: list[tuple[str, int]] = []

    def ontvanger(sender: Any, instance: Gebeurtenis, created: bool, **_: Any) -> None:
        gehoord.append((instance.type, instance.seq))

    post_save.connect(ontvanger, sender=Gebeurtenis, dispatch_uid="test.aankondiging")
    try:
        assert aankondiging.aan_te_kondigen("een_type_dat_niemand_kent")
        store = DjangoStore(nep_projector)
        casus_id = store.nieuwe_casus("zuid-limburg", nu=moment())
        store.voeg_toe(casus_id, 0, gebeurtenis("stap_0"), "vt.jansen", "veilig_thuis", moment())
        store.voeg_toe(casus_id, 1, gebeurtenis("stap_1"), "vt.jansen", "veilig_thuis", moment(1))
    finally:
        post_save.disconnect(sender=Gebeurtenis, dispatch_uid="test.aankondiging")
    assert gehoord == [("stap_0", 1), ("stap_1", 2)]
    assert not aankondiging.aan_te_kondigen("een_type_dat_niemand_kent")


def test_a_receiver_acts_on_no_type_outside_its_set() -> None:
    # Every event type the core knows, outside a receiver's set, returns before any query (no
    # database in this test: a query would fail it).
    for ontvanger in post_save._live_receivers(Gebeurtenis)[0]:
        typen = aankondiging.typen_van(ontvanger)
        assert typen is not None
        for type_ in sorted(set(SCHEMA) - typen):
            rij = Gebeurtenis(casus_id=None, seq=1, type=type_, payload={"naar": ["x"]})
            ontvanger(sender=Gebeurtenis, instance=rij, created=True)
