"""The authorization matrix through the real web views: every role x every relationship to a
case x every action, logged in with a verified second factor. 0 leaks: no page for whoever may
not see the case, the same 404 as for an absent case, the family's name never in a refusal,
and every answer an access-log row with the right outcome.

The expectation below is written out by hand from issue #4, not computed by the policy.
"""

from __future__ import annotations

import pytest
from django.test import Client

from zicht.casuswerk.toegang import actor
from zicht.store.models import Casus
from zicht.toegangslog.models import Toegangsrij
from zicht.toepassing import dossier
from zicht.toepassing.modellen import Medewerker

from .conftest import CASUSSEN, NU, ROLLEN, Wereld, familienaam, ingelogd

pytestmark = pytest.mark.django_db

HEERLEN_OVERGEDRAGEN = {"naar_heerlen", "regie_xonar", "gesloten", "politie_wa3"}
ZIET: dict[str, set[str]] = {
    "vt": set(CASUSSEN),  # every melding is Veilig Thuis's file
    "vt_gedrag": set(CASUSSEN),
    "lv_heerlen": HEERLEN_OVERGEDRAGEN,  # only once handed over to Heerlen
    "gw_heerlen": HEERLEN_OVERGEDRAGEN,
    "lv_maastricht": {"naar_maastricht"},
    "pc_heerlen": HEERLEN_OVERGEDRAGEN,  # the gemeente's cases from the hand-over on
    "pc_maastricht": {"naar_maastricht"},
    "xonar": {"regie_xonar"},  # casusregie delegated to it
    "zorgpunt": set(),
    "zvh": {"bij_zvh"},  # escalated to it
    "beleid": set(),  # aggregates only
    "beheer": set(),  # agreement versions and users, no case content
    "privacy": set(),  # the access log, no case content
}
RELATIES = [*CASUSSEN, "afwezig"]
ACTIES = ["casus_inzien", "stap_inzien", "stap_vastleggen", "opschalen_inzien"]
STAP = {"stap_inzien": "incident", "stap_vastleggen": "incident", "opschalen_inzien": "opgeschaald"}


def test_the_matrix_covers_enough_combinations() -> None:
    assert set(ZIET) == set(ROLLEN)
    assert len(ROLLEN) * len(RELATIES) * len(ACTIES) >= 300


def _verwacht(wereld: Wereld, wie: str, relatie: str, actie: str) -> int:
    if relatie not in ZIET[wie]:
        return 404  # forbidden and absent look the same
    if actie == "casus_inzien":
        return 200
    medewerker = Medewerker.objects.get(user=wereld.gebruikers[wie])
    d = dossier.laad(Casus.objects.get(pk=wereld.casussen[relatie]), NU)
    if STAP[actie] not in d.stappen(actor(medewerker)):
        return 403  # a case you see, a step that is not yours now
    return 302 if actie == "stap_vastleggen" else 200


def _vraag(client: Client, casus_id: str, actie: str, wereld: Wereld, relatie: str) -> object:
    pad = f"/casussen/{casus_id}"
    if actie == "casus_inzien":
        return client.get(pad)
    if actie == "stap_vastleggen":
        seq = 0
        if relatie != "afwezig":
            seq = Casus.objects.get(pk=casus_id).laatste_seq
        return client.post(f"{pad}/stappen/incident", {"seq": seq, "op": "2026-03-10T11:00"})
    return client.get(f"{pad}/stappen/{STAP[actie]}")


@pytest.mark.parametrize("actie", ACTIES)
@pytest.mark.parametrize("relatie", RELATIES)
@pytest.mark.parametrize("wie", list(ROLLEN))
def test_access_through_the_web(wereld: Wereld, wie: str, relatie: str, actie: str) -> None:
    casus_id = wereld.casussen[relatie]
    client = ingelogd(wereld.gebruikers[wie])
    verwacht = _verwacht(wereld, wie, relatie, actie)

    antwoord = _vraag(client, casus_id, actie, wereld, relatie)

    assert antwoord.status_code == verwacht, f"{wie} {actie} {relatie}"  # type: ignore[attr-defined]
    rijen = Toegangsrij.objects.filter(trace_id=antwoord["X-Trace-Id"])  # type: ignore[index]
    assert [(r.casus_id, r.gebruiker, r.actie) for r in rijen] == [
        (casus_id, f"t.{wie}", actie if actie != "opschalen_inzien" else "stap_inzien")
    ]
    assert rijen[0].uitkomst == ("toegestaan" if verwacht in (200, 302) else "geweigerd")
    if verwacht == 404 and relatie != "afwezig":
        assert familienaam(relatie).encode() not in antwoord.content  # type: ignore[attr-defined]
        afwezig = client.get(f"/casussen/{wereld.casussen['afwezig']}")
        assert antwoord.content == afwezig.content  # type: ignore[attr-defined]


def test_the_worklist_never_names_a_family_the_user_may_not_see(wereld: Wereld) -> None:
    for wie in ROLLEN:
        pagina = ingelogd(wereld.gebruikers[wie]).get("/").text
        for relatie in CASUSSEN:
            if relatie not in ZIET[wie]:
                assert familienaam(relatie) not in pagina, f"{wie} ziet {relatie} in de lijst"
