"""The access policy of the core (`core.toegang`), the BSN check, uitvraag windows, retention
and the hash chain: pure functions, no Django."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from helpers import AFSPRAKEN, DIRECT, MELDING, NA_DIENST, OVERDRACHT_DIRECT, TRIAGE_LV, ev, staat
from hypothesis import given
from hypothesis import strategies as st

from zicht.core import toegang as tg
from zicht.core.bewaartermijn import Bewaartermijnen
from zicht.core.bsn import is_bsn
from zicht.core.uitvraag import Kandidaat, afgesloten_op, treffers
from zicht.core.verwerkingen import verwerkingen
from zicht.store.keten import BEGIN, eerste_breuk, kenmerk

VT, LV_HEERLEN, LV_MAASTRICHT = "veilig_thuis", "lokaal_veld:Heerlen", "lokaal_veld:Maastricht"
ZONDER_MELDER = [i for i in DIRECT if i != "contactgegevens_melder"]


def beeld(ruwe: list[dict[str, Any]], op: str) -> tg.Casusbeeld:
    gebeurtenissen = [{k: v for k, v in r.items() if k != "op"} for r in ruwe]
    return tg.casusbeeld(staat(ruwe, op), gebeurtenissen)


OVERGEDRAGEN = beeld([MELDING, TRIAGE_LV, OVERDRACHT_DIRECT], "2026-03-06T10:00")
GEMELD = beeld([MELDING], "2026-03-03T10:00")
ZONDER_MELDERGEGEVENS = beeld(  # an anonymous melding: no melder's details to hand over
    [{**MELDING, "bron": "anoniem"}, TRIAGE_LV, {**OVERDRACHT_DIRECT, "informatie": ZONDER_MELDER}],
    "2026-03-06T10:00",
)
REGIE_XONAR = beeld(
    [
        MELDING,
        TRIAGE_LV,
        OVERDRACHT_DIRECT,
        ev("2026-03-06T09:00", "casusregie_belegd", bij="zorgaanbieder:Xonar"),
    ],
    "2026-03-07T10:00",
)
BIJ_ZVH = beeld(
    [MELDING, ev("2026-03-03T09:00", "opgeschaald", naar="zorg_en_veiligheidshuis")],
    "2026-03-03T10:00",
)


def actor(organisatie: str, rol: str) -> tg.Actor:
    return tg.Actor(organisatie, rol)


@pytest.mark.parametrize(
    ("organisatie", "rol", "casus", "mag"),
    [
        (VT, "vt_medewerker", GEMELD, True),
        (VT, "vt_gedragswetenschapper", OVERGEDRAGEN, True),
        (LV_HEERLEN, "lokaal_veld_medewerker", OVERGEDRAGEN, True),
        (LV_HEERLEN, "lokaal_veld_gedragswetenschapper", OVERGEDRAGEN, True),
        (LV_HEERLEN, "lokaal_veld_medewerker", GEMELD, False),  # not handed over (yet)
        (LV_MAASTRICHT, "lokaal_veld_medewerker", OVERGEDRAGEN, False),
        ("gemeente:Heerlen", "procescoordinator", OVERGEDRAGEN, True),
        ("gemeente:Heerlen", "procescoordinator", GEMELD, False),
        ("gemeente:Maastricht", "procescoordinator", OVERGEDRAGEN, False),
        ("zorgaanbieder:Xonar", "zorgaanbieder_medewerker", REGIE_XONAR, True),
        ("zorgaanbieder:Xonar", "zorgaanbieder_medewerker", OVERGEDRAGEN, False),
        ("zorgaanbieder:Zorgpunt Zuid", "zorgaanbieder_medewerker", REGIE_XONAR, False),
        ("zorg_en_veiligheidshuis", "zvh_procesregisseur", BIJ_ZVH, True),
        ("zorg_en_veiligheidshuis", "zvh_procesregisseur", OVERGEDRAGEN, False),
        ("gemeente:Heerlen", "beleidsmedewerker", OVERGEDRAGEN, False),
        (VT, "functioneel_beheerder", GEMELD, False),
        (VT, "privacy_officer", GEMELD, False),
        # A role counts only at its kind of organisation.
        (LV_HEERLEN, "vt_medewerker", GEMELD, False),
        (VT, "lokaal_veld_medewerker", OVERGEDRAGEN, False),
        (VT, "onbekende_rol", GEMELD, False),
    ],
)
def test_who_may_see_which_case(
    organisatie: str, rol: str, casus: tg.Casusbeeld, mag: bool
) -> None:
    wie = actor(organisatie, rol)

    besluit = tg.can(wie, "casus_inzien", casus)

    assert besluit.toegestaan is mag and bool(besluit) is mag
    assert besluit.reden  # every answer says why, for the access log
    assert tg.zichtbaarheid(wie).ziet(casus.relaties) is mag  # the query says the same


def test_no_case_and_unknown_actions_are_refused() -> None:
    vt = actor(VT, "vt_medewerker")

    assert not tg.can(vt, "casus_inzien", None)
    assert not tg.can(vt, "verwijderen", GEMELD)


@pytest.mark.parametrize(
    ("rol", "organisatie", "actie"),
    [
        ("vt_medewerker", VT, "melding_registreren"),
        ("vt_medewerker", VT, "uitvraag"),
        ("beleidsmedewerker", "gemeente:Heerlen", "aggregaten_inzien"),
        ("functioneel_beheerder", VT, "afspraken_beheren"),
        ("functioneel_beheerder", VT, "gebruikers_beheren"),
        ("privacy_officer", VT, "toegangslog_inzien"),
    ],
)
def test_actions_without_a_case_belong_to_one_role(rol: str, organisatie: str, actie: str) -> None:
    assert tg.can(actor(organisatie, rol), actie)
    anderen = [r for r in tg.ROL_BIJ_ORGANISATIE if r not in tg.ALGEMENE_ACTIES[actie]]
    assert all(not tg.can(actor(organisatie, r), actie) for r in anderen)


def test_vt_sees_everything_of_a_case() -> None:
    assert tg.informatie(actor(VT, "vt_medewerker"), GEMELD) == tg.ALLE_INFORMATIE


def test_a_lokaal_veld_sees_only_what_was_handed_over_to_it() -> None:
    lv = actor(LV_HEERLEN, "lokaal_veld_medewerker")
    pc = actor("gemeente:Heerlen", "procescoordinator")

    assert tg.informatie(lv, OVERGEDRAGEN) == frozenset(DIRECT)
    assert tg.informatie(lv, ZONDER_MELDERGEGEVENS) == frozenset(ZONDER_MELDER)
    assert tg.informatie(pc, ZONDER_MELDERGEGEVENS) == frozenset(ZONDER_MELDER)
    assert tg.informatie(actor(LV_MAASTRICHT, "lokaal_veld_medewerker"), OVERGEDRAGEN) == set()


def test_casusregie_and_the_zvh_never_get_the_melder_or_vts_assessment() -> None:
    xonar = tg.informatie(actor("zorgaanbieder:Xonar", "zorgaanbieder_medewerker"), REGIE_XONAR)
    zvh = tg.informatie(actor("zorg_en_veiligheidshuis", "zvh_procesregisseur"), BIJ_ZVH)

    assert "contactgegevens_directbetrokkenen" in xonar and "inhoud_melding" in zvh
    assert not (xonar | zvh) & tg.NIET_VERDER


def test_every_look_names_a_processing_activity_from_the_register() -> None:
    register = verwerkingen()
    for rol, organisatie in tg.ROL_BIJ_ORGANISATIE.items():
        wie = actor(organisatie or VT, rol)
        for actie in tg.ACTIES:
            assert tg.verwerking(wie, actie) in register
    assert all(v.grondslag and v.doel for v in register.values())


# ---- BSN --------------------------------------------------------------------------------------


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "12345672"])
def test_valid_bsns_pass_the_elfproef(bsn: str) -> None:
    assert is_bsn(bsn)


@pytest.mark.parametrize("bsn", ["123456789", "000000000", "12345678a", "1234567890", "", "١٢٣"])
def test_invalid_bsns_fail(bsn: str) -> None:
    assert not is_bsn(bsn)


@given(st.integers(min_value=1, max_value=99_999_999), st.integers(min_value=0, max_value=9))
def test_changing_one_digit_breaks_the_elfproef(begin: int, nieuw: int) -> None:
    acht = f"{begin:08d}"
    controle = sum(int(c) * w for c, w in zip(acht, range(9, 1, -1), strict=True)) % 11
    if controle == 10:
        return  # no check digit makes this one valid
    bsn = acht + str(controle)
    assert is_bsn(bsn)
    if nieuw != int(bsn[0]):
        assert not is_bsn(str(nieuw) + bsn[1:])


# ---- uitvraag (WA 6, 7) and retention -----------------------------------------------------------

GESLOTEN = datetime(2024, 3, 1, 12, tzinfo=UTC)


def kandidaat(*relaties: tuple[str, str], gesloten: datetime | None = GESLOTEN) -> Kandidaat:
    return Kandidaat("c1", frozenset(relaties), gesloten)


@pytest.mark.parametrize(
    ("nu", "gemeente", "zvh"),
    [
        (datetime(2024, 8, 30, tzinfo=UTC), True, True),  # within 6 months: both
        (datetime(2024, 9, 3, tzinfo=UTC), True, False),  # past 6 months: gemeente only
        (datetime(2026, 3, 1, 12, tzinfo=UTC), True, False),  # 24 months: Sunday 1 March
        # A look-back period, not a term for an act: not moved to Monday (WA 7).
        (datetime(2026, 3, 2, 12, tzinfo=UTC), False, False),
    ],
)
def test_uitvraag_windows_after_closure(nu: datetime, gemeente: bool, zvh: bool) -> None:
    k = kandidaat((LV_HEERLEN, tg.ONTVANGER), ("zorg_en_veiligheidshuis", tg.PROCESREGIE))
    regels = AFSPRAKEN.regels("Heerlen", nu.date())

    partijen = {t.partij for t in treffers([k], nu, regels, AFSPRAKEN.kalender)}

    assert ("gemeente:Heerlen" in partijen) is gemeente
    assert ("zorg_en_veiligheidshuis" in partijen) is zvh


def test_an_open_case_is_always_known_and_living_there_is_not_knowing() -> None:
    nu = datetime(2030, 1, 1, tzinfo=UTC)
    regels = AFSPRAKEN.regels("Heerlen", nu.date())
    open_ = kandidaat((LV_HEERLEN, tg.HOUDER), gesloten=None)
    woont = kandidaat(("gemeente:Heerlen", tg.GEMEENTE), gesloten=None)

    assert [t.partij for t in treffers([open_], nu, regels, AFSPRAKEN.kalender)] == [
        "gemeente:Heerlen"
    ]
    assert treffers([woont], nu, regels, AFSPRAKEN.kalender) == []


# Stable safety ends zicht while the lokaal veld still has casusregie (§6.3): not closed yet.
REGIE_OPEN = [
    ev("2026-01-05T09:00", "melding_ontvangen", gemeenten=["Heerlen"], bron="professional"),
    ev(
        "2026-01-07T10:00",
        "veiligheidsbeoordeling_afgerond",
        besluit="lokaal_veld",
        onderbouwing="x",
        beoordelaars=["a", "b"],
    ),
    ev(
        "2026-01-07T11:00",
        "overdracht",
        moment="direct",
        naar=[LV_HEERLEN],
        wijze="digitaal",
        informatie=DIRECT,
    ),
    ev("2026-01-08T10:00", "dossier_gesloten"),
    ev("2026-01-09T10:00", "casusregie_belegd", bij=LV_HEERLEN),
    ev("2026-05-01T10:00", "evaluatie", risicofactoren_aangepakt=True, herstel_gestart=True),
    ev("2026-07-09T10:00", "stabiele_veiligheid_vastgesteld"),
]


def test_closed_is_the_cores_afgesloten_not_the_end_of_zicht() -> None:
    """Issue #11: uitvraag and retention read the core's `afgesloten`, one definition."""
    zonder_zicht = staat(REGIE_OPEN, "2026-07-10T10:00")
    assert zonder_zicht["zicht_op_veiligheid"] == [] and zonder_zicht["casusregie"]
    assert afgesloten_op(zonder_zicht) is None  # casusregie still runs: the case is open

    dicht = staat(
        [*REGIE_OPEN, ev("2026-08-03T10:00", "casusregie_afgesloten", reden="stabiel_veilig")],
        "2026-08-04T10:00",
    )
    assert dicht["afgesloten"] is not None
    assert afgesloten_op(dicht) == datetime.fromisoformat("2026-08-03T10:00:00+02:00")


# ---- hand-overs returned or re-routed: need-to-know ends (issue #11) --------------------------

OMGELEID = [
    MELDING,
    TRIAGE_LV,
    OVERDRACHT_DIRECT,
    ev(
        "2026-03-06T10:00",
        "overdracht_teruggewezen",
        door=LV_HEERLEN,
        reden="verkeerde_gemeente",
        gemeente="Landgraaf",
    ),
    ev("2026-03-06T11:00", "gemeenten_gewijzigd", gemeenten=["Landgraaf"]),
    ev(
        "2026-03-06T12:00",
        "overdracht",
        moment="direct",
        naar=["lokaal_veld:Landgraaf"],
        wijze="digitaal",
        informatie=DIRECT,
    ),
]


@pytest.mark.parametrize(
    ("organisatie", "rol", "mag"),
    [
        (LV_HEERLEN, "lokaal_veld_medewerker", False),
        ("gemeente:Heerlen", "procescoordinator", False),
        ("lokaal_veld:Landgraaf", "lokaal_veld_medewerker", True),
        ("gemeente:Landgraaf", "procescoordinator", True),
        (VT, "vt_medewerker", True),
    ],
)
def test_a_lokaal_veld_that_returned_the_hand_over_loses_access(
    organisatie: str, rol: str, mag: bool
) -> None:
    casus = beeld(OMGELEID, "2026-03-06T13:00")

    assert bool(tg.can(actor(organisatie, rol), "casus_inzien", casus)) is mag
    if not mag:
        assert tg.informatie(actor(organisatie, rol), casus) == frozenset()


def test_a_returned_hand_over_alone_already_ends_access() -> None:
    """Returned, not yet re-routed: Heerlen had zicht for a day; it gave it back."""
    casus = beeld(OMGELEID[:4], "2026-03-06T10:30")

    assert not tg.can(actor(LV_HEERLEN, "lokaal_veld_medewerker"), "casus_inzien", casus)
    assert not {r for q, r in casus.relaties if q == LV_HEERLEN}
    assert tg.zichtbaar(LV_HEERLEN, "lokaal_veld_medewerker").ziet(casus.relaties) is False


def test_a_hand_over_returned_as_incomplete_and_redone_to_the_same_party_gives_access_again() -> (
    None
):
    opnieuw = [
        *OMGELEID[:3],
        ev("2026-03-06T10:00", "overdracht_teruggewezen", door=LV_HEERLEN, reden="onvolledig"),
        ev(
            "2026-03-06T12:00",
            "overdracht",
            moment="direct",
            naar=[LV_HEERLEN],
            wijze="digitaal",
            informatie=DIRECT,
        ),
    ]
    casus = beeld(opnieuw, "2026-03-06T13:00")

    assert tg.can(actor(LV_HEERLEN, "lokaal_veld_medewerker"), "casus_inzien", casus)


def test_retention_takes_the_longest_term_of_the_organisations_involved() -> None:
    termijnen = Bewaartermijnen(15, {"veilig_thuis": 20, "lokaal_veld": 10}, {LV_HEERLEN: 30})

    assert termijnen.vervalt_op(GESLOTEN, [LV_MAASTRICHT]).year == 2044  # VT's 20 years
    assert termijnen.vervalt_op(GESLOTEN, [LV_HEERLEN]).year == 2054  # its own 30
    assert termijnen.jaren("zorgaanbieder:Xonar") == 15  # the default


# ---- hash chain -------------------------------------------------------------------------------

MOMENT = datetime(2026, 3, 2, 9, tzinfo=UTC)


def keten(n: int) -> list[dict[str, Any]]:
    rijen, vorige = [], BEGIN
    for seq in range(1, n + 1):
        rij: dict[str, Any] = {
            "seq": seq,
            "type": "incident",
            "payload": {"omschrijving": "notitie:x"},
            "occurred_at": MOMENT,
            "recorded_at": MOMENT,
            "actor": "vt.a",
            "organisatie": VT,
            "afspraakversie": "v1",
        }
        rij["vorige_hash"], rij["hash"] = vorige, kenmerk(vorige, casus="c", **rij)
        vorige = rij["hash"]
        rijen.append(rij)
    return rijen


def test_an_intact_chain_has_no_break() -> None:
    assert eerste_breuk("c", keten(3), 3) is None


@pytest.mark.parametrize(
    ("knoei", "seq"),
    [
        (lambda r: r[1]["payload"].update(omschrijving="anders"), 2),
        (lambda r: r[0].update(actor="iemand.anders"), 1),
        (lambda r: r.pop(1), 2),  # a deleted event
        (lambda r: r.pop(), 3),  # the last one deleted
        (lambda r: r.reverse(), 1),
    ],
)
def test_any_change_names_the_first_broken_link(knoei: Any, seq: int) -> None:
    rijen = keten(3)
    knoei(rijen)

    breuk = eerste_breuk("c", rijen, 3)

    assert breuk is not None and (breuk.casus, breuk.seq) == ("c", seq)


def test_wa11_the_involved_gemeente_gets_no_access_through_procescoordinatie() -> None:
    """WA 11: handed over to Landgraaf after a service; Heerlen's own professional is involved."""
    melding = ev(
        "2026-09-14T09:00",
        "melding_ontvangen",
        gemeenten=["Heerlen"],
        bron="professional",
        betrokken_medewerker_gemeente="Heerlen",
    )
    casus = beeld(
        [
            melding,
            ev(
                "2026-09-16T10:00",
                "veiligheidsbeoordeling_afgerond",
                besluit="voorwaarden_en_vervolg",
                onderbouwing="x",
                beoordelaars=["a", "b"],
            ),
            ev("2026-09-17T09:00", "dienst_gestart", dienst="voorwaarden_en_vervolg"),
            ev("2026-10-15T10:00", "dienst_afgerond", monitoring=True),
            ev(
                "2026-10-15T11:00",
                "overdracht",
                moment="na_dienst",
                naar=["lokaal_veld:Landgraaf"],
                informatie=NA_DIENST,
            ),
            ev("2026-10-16T09:00", "overdracht_geaccepteerd", door="lokaal_veld:Landgraaf"),
        ],
        "2026-10-16T10:00",
    )
    assert not tg.can(actor("gemeente:Heerlen", "procescoordinator"), "casus_inzien", casus)
    assert tg.can(actor("gemeente:Landgraaf", "procescoordinator"), "casus_inzien", casus)
