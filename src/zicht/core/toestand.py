"""The state output of the scenario contract (SPEC §4) and the signals, at one moment."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from zicht.core import partijen as p
from zicht.core.casus import Casus, Termijn
from zicht.core.kalender import AMSTERDAM

TERMIJNNAMEN = {
    "veiligheidsbeoordeling": "veiligheidsbeoordeling",
    "brief_directbetrokkenen": "brief aan de directbetrokkenen",
    "ontvangstbevestiging": "ontvangstbevestiging van de overdracht",
    "start_contact": "start contact met het gezin",
    "melder_terugkoppeling": "terugkoppeling aan de melder",
    "monitoring_3_maanden": "monitoring na 3 maanden",
    "monitoring_12_maanden": "monitoring na 12 maanden",
    "crisisdienst": "contact met de crisisdienst",
    "gemeente_afstemming_crisis": "afstemming met de gemeente bij crisis",
    "directbetrokkenen_informeren": "informeren van alle directbetrokkenen",
    "ouders_met_gezag_informeren": "informeren van beide ouders met gezag door Veilig Thuis",
    "gemeente_reactie": "reactie van de gemeente op niet-nakomen",
    "plan_evaluatie": "evaluatie van het plan",
    "veiligheidsvoorwaarden": "voldoen aan de veiligheidsvoorwaarden",
}


def moment(m: datetime | None) -> str | None:
    return None if m is None else _moment(m, m.fold)


@lru_cache(maxsize=4096)
def _moment(m: datetime, fold: int) -> str:
    # A case repeats its moments (an event's time starts terms, ends them, opens hand-overs).
    # Equal moments are the same instant, except that within one time zone Python ignores
    # `fold` (the repeated hour when summer time ends): hence the fold in the key.
    return m.astimezone(AMSTERDAM).isoformat()


def dag(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def toestand(c: Casus, op: datetime) -> dict[str, Any]:
    """The JSON state of a case at `op` (the case must have been folded up to `op`)."""
    uit = _toestand(c, op)
    uit["uitvraag"] = _uitvraag(c, uit)
    return uit


def _uitvraag(c: Casus, staat: dict[str, Any]) -> dict[str, Any] | None:
    """WA 6, WA 7: until when a closed case counts when Veilig Thuis asks who knows the family."""
    from zicht.core.uitvraag import vensters  # uitvraag reads the access relations

    if c.regels is None:
        return None
    v = vensters(staat, c.regels, c.afspraken.kalender)
    if v is None:
        return None
    uit: dict[str, Any] = {"afgesloten_op": moment(v.pop("afgesloten_op"))}
    for soort, venster in v.items():
        uit[soort] = {**venster, "bekend_tot": dag(venster["bekend_tot"])}
    return uit


def _toestand(c: Casus, op: datetime) -> dict[str, Any]:
    return {
        "op": moment(op),
        "zicht_op_veiligheid": [
            {"partij": partij, "sinds": moment(sinds)} for partij, sinds in c.zicht
        ],
        "casusregie": None
        if c.casusregie is None
        else {"partij": c.casusregie[0], "sinds": moment(c.casusregie[1])},
        "procescoordinatie": None
        if c.procescoordinatie is None
        else {
            "partijen": c.procescoordinatie[0],
            "sinds": moment(c.procescoordinatie[1]),
            "grond": str(c.r("monitoring.grond_procescoordinatie")),
        },
        "monitoring": _monitoring(c),
        "termijnen": [_termijn(t, op) for t in c.termijnen],
        "signalen": list(signalen(c, op)),
        "stabiele_veiligheid": _stabiel(c),
        "procesregie": None
        if c.procesregie is None
        else {"partij": c.procesregie[0], "sinds": moment(c.procesregie[1])},
        "gemeenten": list(c.gemeenten),
        "fase": fase(c),
        "zicht_historie": [
            {"partij": r["partij"], "van": moment(r["van"]), "tot": moment(r["tot"])}
            | ({"grond": r["grond"]} if "grond" in r else {})
            for r in c.historie
        ],
        "overdrachten": [
            {
                "moment": o.moment,
                "naar": list(o.naar),
                "op": moment(o.op),
                "wijze": o.wijze,
                "geaccepteerd": {k: moment(v) for k, v in o.geaccepteerd.items()},
                "vervangen_op": moment(o.vervangen_op),
            }
            for o in c.overdrachten
        ],
        "opschalingen": [{**o, "op": moment(o["op"])} for o in c.opschalingen],
        "samen_optrekken": [{**r, "op": moment(r["op"])} for r in c.samen_optrekken],
        "casusregie_afgesloten": None
        if c.casusregie_afgesloten is None
        else {**c.casusregie_afgesloten, "op": moment(c.casusregie_afgesloten["op"])},
        "dossier_gesloten_op": moment(c.dossier_gesloten_op),
        "afspraakversie": None if c.regels is None else c.regels.kenmerk,
        "gebeurtenissen": c.gebeurtenissen,
    }


def _termijn(t: Termijn, op: datetime) -> dict[str, Any]:
    uit = {
        "code": t.code,
        "partij": t.partij,
        "uiterlijk": dag(t.uiterlijk),
        "status": t.status(op),
        "voldaan_op": moment(t.voldaan_op),
        "grond": t.grond,
        "gestart_op": moment(t.gestart_op),
    }
    if t.venster_van is not None:
        uit["venster_van"] = dag(t.venster_van)
    return uit | t.extra


def _monitoring(c: Casus) -> dict[str, Any]:
    uit: dict[str, Any] = {
        "actief": bool(c.monitoring["actief"]),
        "sinds": moment(c.monitoring["sinds"]),
        "contacten": len(c.monitoringscontacten),
    }
    if c.monitoringscontacten:
        laatste = c.monitoringscontacten[-1]
        uit["laatste_contact"] = {**laatste, "op": moment(laatste["op"])}
    return uit


def _stabiel(c: Casus) -> dict[str, Any]:
    if c.melding_op is None:
        return {
            "bereikt": False,
            "incidentvrij_sinds": None,
            "vroegst_mogelijk": None,
            "risicofactoren_aangepakt": False,
            "herstel_gestart": False,
        }
    return {
        "bereikt": c.stabiel_op is not None,
        "incidentvrij_sinds": moment(c.incidentvrij_sinds()),
        "vroegst_mogelijk": dag(c.vroegst_stabiel()),
        "risicofactoren_aangepakt": c.evaluatie["risicofactoren_aangepakt"],
        "herstel_gestart": c.evaluatie["herstel_gestart"],
        "vastgesteld_op": moment(c.stabiel_op),
    }


def fase(c: Casus) -> str:
    """A one-word phase for worklists and the case page (not part of any rule)."""
    if c.melding_op is None:
        return "leeg"
    if c.stabiel_op is not None:
        return "stabiel_veilig"
    if c.monitoring["actief"]:
        return "monitoring"
    if any(h != p.VEILIG_THUIS for h in c.houders):
        return "overgedragen"
    if c.dossier_gesloten_op is not None:
        return "gesloten"
    if c.dienst is not None:
        return "dienst"
    if c.triage is not None:
        return "overdracht"
    return "veiligheidsbeoordeling"


def _signaal(code: str, partij: str, grond: str, tekst: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "partij": partij, "grond": grond, "tekst": tekst, **extra}


def signalen(c: Casus, op: datetime) -> Iterator[dict[str, Any]]:
    """What needs attention at `op`; each signal names the party it is for and its ground."""
    if c.melding_op is None:
        return
    yield from _zicht_signalen(c, op)
    for t in c.termijnen:
        status = t.status(op)
        naam = TERMIJNNAMEN.get(t.code, t.code)
        if status == "verlopen":
            yield _signaal(
                "termijn_verlopen",
                t.partij,
                t.grond,
                f"Termijn verlopen: {naam} (uiterlijk {t.uiterlijk}).",
                termijn=t.code,
                uiterlijk=dag(t.uiterlijk),
            )
            if t.code == "directbetrokkenen_informeren":
                yield _signaal(
                    "afstemming_veilig_thuis_nodig",
                    t.partij,
                    t.grond,
                    "Na twee maanden is nog niet iedere directbetrokkene geïnformeerd: "
                    "stem af met Veilig Thuis.",
                )
        if status == "open" and t.signaal_vanaf is not None and op >= t.signaal_vanaf:
            if t.code == "ontvangstbevestiging":
                yield _signaal(
                    "ontvangst_onbevestigd",
                    t.partij,
                    t.grond,
                    "Het lokale veld heeft de ontvangst van de overdracht nog niet bevestigd.",
                )
            else:
                yield _signaal(
                    "melder_niet_geinformeerd",
                    t.partij,
                    t.grond,
                    "De melder weet nog niet wie de casus heeft overgenomen.",
                )
    yield from _werkafspraak_signalen(c, op)


def _zicht_signalen(c: Casus, op: datetime) -> Iterator[dict[str, Any]]:
    triage_loopt = any(
        t.loopt and t.status(op) == "open" for t in c.termijnen_met("veiligheidsbeoordeling")
    )
    if not c.zicht and c.zicht_einde is None and not triage_loopt:
        yield _signaal(
            "zicht_niet_belegd",
            p.VEILIG_THUIS,
            str(c.r("zicht.grond")),
            "Niemand heeft zicht op veiligheid voor dit gezin.",
        )
    if c.stabiel_op is None and c.zicht and not c.stabiliteit_ontbreekt(op):
        partij = c.casusregie[0] if c.casusregie else c.houders[0]
        yield _signaal(
            "stabiele_veiligheid_mogelijk",
            partij,
            str(c.r("stabiele_veiligheid.grond")),
            "De voorwaarden voor stabiele veiligheid lijken vervuld: beoordeel dit samen "
            "met het gezin.",
        )
    if c.monitoringscontacten and c.monitoringscontacten[-1].get("directe_veiligheid") is False:
        partij = c.casusregie[0] if c.casusregie else (c.houders or [p.VEILIG_THUIS])[0]
        yield _signaal(
            "directe_veiligheid_ontbreekt",
            partij,
            str(c.r("casusregie.grond_directe_veiligheid")),
            "Bij het laatste monitoringscontact was er geen directe veiligheid: "
            "overweeg bijstelling van het plan of opschalen.",
        )
    if c.opschaling_nodig_sinds is not None:
        partij = (c.casusregie_afgesloten or {}).get("partij", p.VEILIG_THUIS)
        yield _signaal(
            "opschaling_nodig",
            partij,
            str(c.r("casusregie.grond")),
            "Casusregie is afgesloten zonder mogelijkheid tot verbetering: schaal op in de keten.",
        )


def _werkafspraak_signalen(c: Casus, op: datetime) -> Iterator[dict[str, Any]]:
    m = c.melding
    aan_tafel = bool((c.triage or {}).get("triagetafel"))
    verplicht = bool(c.r("triagetafel.anoniem_verplicht"))
    if m.get("bron") == "anoniem" and verplicht and c.triagetafel_actief and not aan_tafel:
        yield _signaal(
            "triagetafel_vereist",
            p.VEILIG_THUIS,
            str(c.r("triagetafel.grond_anoniem")),
            "Een anonieme melding wordt altijd aan de triagetafel besproken.",
        )
    betrokken = m.get("betrokken_medewerker_gemeente")
    if betrokken:
        naar_elders = any(p.is_lokaal_veld(n) for o in c.overdrachten for n in o.naar) and all(
            p.lokaal_veld(betrokken) not in o.naar for o in c.overdrachten
        )
        if not naar_elders:
            yield _signaal(
                "andere_gemeente_vereist",
                p.VEILIG_THUIS,
                str(c.r("werkafspraken.andere_gemeente.grond")),
                f"Een medewerker van gemeente {betrokken} is direct betrokken: draag de "
                "melding over aan een andere gemeente en informeer de leidinggevende.",
            )
    if m.get("gezinsvoogd") and not any(p.soort(n) == "gi" for o in c.overdrachten for n in o.naar):
        yield _signaal(
            "overdracht_gi_vereist",
            p.VEILIG_THUIS,
            str(c.r("werkafspraken.gezinsvoogd.grond")),
            f"Er is een gezinsvoogd betrokken ({m['gezinsvoogd']}): draag de melding "
            "meteen over aan de gecertificeerde instelling, met de gemeente in cc.",
        )
