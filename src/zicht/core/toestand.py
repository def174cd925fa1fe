"""The state output of the scenario contract (SPEC §4) and the signals, at one moment."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any

from zicht.core import partijen as p
from zicht.core.afspraken import Regels
from zicht.core.casus import Casus, Termijn
from zicht.core.kalender import AMSTERDAM, Kalender
from zicht.core.termijn import plus_maanden, verlopen_vanaf

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
    "opschaling_reactie": "reactie op een opschaling",
    "kopie_gemeente": "kopie van de overdracht aan de gemeente",
    "leidinggevende_informeren": "contact met de leidinggevende van de betrokken gemeente",
    "directbetrokkene_informeren_afgesproken": "informeren van een gezinslid zoals afgesproken "
    "bij de overdracht",
}


def moment(m: datetime | None) -> str | None:
    """A moment as the state writes it: ISO 8601 in Europe/Amsterdam."""
    if m is None:
        return None
    if m.fold:
        # The repeated hour when summer time ends: within one time zone Python compares (and
        # so looks up) moments without `fold`, which alone tells these two hours apart.
        return iso(m)
    tekst = _MOMENTEN.get(m)
    if tekst is None:
        tekst = _onthoud(_MOMENTEN, m, iso(m))
    return tekst


def iso(m: datetime) -> str:
    """`m.astimezone(AMSTERDAM).isoformat()`, put together from its day, its time of day and
    its offset, each formatted once: a state formats every moment of its case once, and
    `isoformat` of a moment with a time zone costs twice as much as these three lookups."""
    if m.tzinfo is not AMSTERDAM:
        m = m.astimezone(AMSTERDAM)
    verschil = _VERSCHILLEN.get(m.utcoffset())  # type: ignore[arg-type]
    if verschil is None:  # before 1937 Amsterdam's offsets had minutes and seconds
        return m.isoformat()
    d, t = m.date(), m.time()
    return f"{_DAGEN.get(d) or _onthoud(_DAGEN, d, d.isoformat())}T" + (
        f"{_TIJDEN.get(t) or _onthoud(_TIJDEN, t, t.isoformat())}{verschil}"
    )


def dag(d: date | None) -> str | None:
    if d is None:
        return None
    return _DAGEN.get(d) or _onthoud(_DAGEN, d, d.isoformat())


def _onthoud(cache: dict[Any, str], sleutel: Any, tekst: str) -> str:
    if len(cache) >= 4096:
        cache.clear()
    cache[sleutel] = tekst
    return tekst


# A case repeats its moments (an event's time starts terms, ends them, opens hand-overs): each
# is formatted once. Equal keys are the same instant (fold 0 only, above). Days and times of
# day repeat across cases too.
_MOMENTEN: dict[datetime, str] = {}
_DAGEN: dict[date, str] = {}
_TIJDEN: dict[time, str] = {}
_VERSCHILLEN = {timedelta(hours=uren): f"+{uren:02d}:00" for uren in (0, 1, 2)}


def toestand(c: Casus, op: datetime) -> dict[str, Any]:
    """The JSON state of a case at `op` (the case must have been folded up to `op`)."""
    blik = Blik(c, op)
    uit = _toestand(c, op, blik)
    uit["uitvraag"] = _uitvraag(c, uit)
    uit["herzien_op"] = moment(herzien_op(c, op, blik))
    return uit


class Blik:
    """What several parts of one state ask of the case at `op`, worked out once: each term's
    status (its row, its signal, the "bij herhaling" count), the last day for a hand-over
    "direct aansluitend", the first day stable safety can be reached."""

    __slots__ = ("statussen", "aansluitend", "vroegst_stabiel")

    def __init__(self, c: Casus, op: datetime) -> None:
        self.statussen = [t.status(op) for t in c.termijnen]
        self.aansluitend = _aansluitend_uiterlijk(c)
        self.vroegst_stabiel = None if c.melding_op is None else c.vroegst_stabiel()


def herzien_op(c: Casus, op: datetime, blik: Blik | None = None) -> datetime | None:
    """The first moment after `op` at which time alone changes this state, or None.

    Every use of the clock in the fold and the signals has its moment here: a term passing its
    deadline (its status, its signal, the triage overrun that gives Veilig Thuis zicht, the
    "bij herhaling" count), an undated task becoming a signal (`signaal_vanaf`), the hand-over
    that is not "direct aansluitend", monitoring running longer than expected, and the end of
    the incident-free period of stable safety. A store keeps it with the projection, so its
    sweep refolds a case when that moment comes, without an event. A moment too many only
    costs a refold that changes nothing; a moment missing would leave a stale state.
    """
    if c.melding_op is None:
        return None
    blik = blik or Blik(c, op)
    kandidaten: list[datetime] = []
    for t in c.termijnen:
        if not t.loopt:
            continue
        if t.uiterlijk is not None:
            kandidaten.append(verlopen_vanaf(t.uiterlijk))
        if t.signaal_vanaf is not None:
            kandidaten.append(t.signaal_vanaf)
    if blik.aansluitend is not None:
        kandidaten.append(verlopen_vanaf(blik.aansluitend[0]))
    einde = _monitoring_einde(c)
    if einde is not None:
        kandidaten.append(_middernacht(einde))
    volgende = _afspraak_volgende(c)
    if volgende is not None:
        kandidaten.append(verlopen_vanaf(volgende))
    if c.stabiel_op is None and blik.vroegst_stabiel is not None:
        kandidaten.append(_middernacht(blik.vroegst_stabiel))
    later = [k for k in kandidaten if k > op]
    return min(later) if later else None


@lru_cache(maxsize=4096)
def _middernacht(d: date) -> datetime:
    """00:00 Europe/Amsterdam at the start of `d`: when `op.date() >= d` starts to hold."""
    return datetime.combine(d, time(0, 0), tzinfo=AMSTERDAM)


@cache
def _vensters() -> Callable[[Mapping[str, Any], Regels, Kalender], dict[str, Any] | None]:
    """`uitvraag.vensters`, imported on first use: uitvraag reads the access relations, which
    read this module."""
    from zicht.core.uitvraag import vensters

    return vensters


def _uitvraag(c: Casus, staat: dict[str, Any]) -> dict[str, Any] | None:
    """WA 6, WA 7: until when a closed case counts when Veilig Thuis asks who knows the family."""
    if c.regels is None:
        return None
    v = _vensters()(staat, c.regels, c.afspraken.kalender)
    if v is None:
        return None
    uit: dict[str, Any] = {"afgesloten_op": moment(v.pop("afgesloten_op"))}
    for soort, venster in v.items():
        uit[soort] = {**venster, "bekend_tot": dag(venster["bekend_tot"])}
    return uit


def _toestand(c: Casus, op: datetime, blik: Blik) -> dict[str, Any]:
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
        "termijnen": [
            _termijn(t, status) for t, status in zip(c.termijnen, blik.statussen, strict=True)
        ],
        "signalen": signalen(c, op, blik),
        "stabiele_veiligheid": _stabiel(c, blik),
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
                "teruggewezen": {k: moment(v) for k, v in o.teruggewezen.items()},
                "vervangen_op": moment(o.vervangen_op),
            }
            for o in c.overdrachten
        ],
        "opschalingen": _met_op(c.opschalingen),
        "samen_optrekken": _met_op(c.samen_optrekken),
        "casusregie_afgesloten": None
        if c.casusregie_afgesloten is None
        else {**c.casusregie_afgesloten, "op": moment(c.casusregie_afgesloten["op"])},
        "dossier_gesloten_op": moment(c.dossier_gesloten_op),
        "afspraakversie": None if c.regels is None else c.regels.kenmerk,
        "gebeurtenissen": c.gebeurtenissen,
        "afgesloten": None
        if c.afgesloten is None
        else {**c.afgesloten, "sinds": moment(c.afgesloten["sinds"])},
        "heropend": [
            {**h, "op": moment(h["op"]), "afgesloten_sinds": moment(h["afgesloten_sinds"])}
            for h in c.heropend
        ],
        "correcties": [
            {**k, "op": moment(k["op"]), "gebeurtenis_op": moment(k["gebeurtenis_op"])}
            for k in c.correcties
        ],
        "teruggewezen": _met_op(c.teruggewezen),
        "nieuwe_meldingen": _met_op(c.nieuwe_meldingen),
        "spoedeisend_sinds": moment(c.spoedeisend_sinds),
        "huisbezoeken": _met_op(c.huisbezoeken),
        "raadplegingen": _met_op(c.raadplegingen),
        "verwijsindex": _met_op(c.verwijsindex),
        "informeren_afspraken": [dict(a) for a in c.informeren_afspraken],
        "eerste_huisbezoek": None
        if not c.huisbezoeken
        else {
            "op": moment(c.huisbezoeken[0]["op"]),
            "samen": bool(c.huisbezoeken[0]["samen_met"]),
            "grond": c.huisbezoeken[0]["grond"],
        },
    }


def _met_op(rijen: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with their `op` as the state writes moments (most of these lists are empty)."""
    return [{**r, "op": moment(r["op"])} for r in rijen] if rijen else []


def _termijn(t: Termijn, status: str) -> dict[str, Any]:
    uiterlijk = t.uiterlijk
    uit = {
        "code": t.code,
        "partij": t.partij,
        "uiterlijk": dag(uiterlijk),
        "status": status,
        "voldaan_op": None if t.voldaan_op is None else moment(t.voldaan_op),
        "grond": t.grond,
        "gestart_op": moment(t.gestart_op),
    }
    if t.venster_van is not None:
        uit["venster_van"] = t.venster_van.isoformat()
    if t.extra:
        uit.update(t.extra)
    return uit


def _monitoring(c: Casus) -> dict[str, Any]:
    uit: dict[str, Any] = {
        "actief": bool(c.monitoring["actief"]),
        "sinds": moment(c.monitoring["sinds"]),
        "contacten": len(c.monitoringscontacten),
    }
    if c.monitoringscontacten:
        laatste = c.monitoringscontacten[-1]
        uit["laatste_contact"] = {**laatste, "op": moment(laatste["op"])}
    afspraken = c.monitoring.get("afspraken")
    if afspraken:
        uit["afspraken"] = {**afspraken, "op": moment(afspraken["op"])}
    if c.gesproken:
        uit["gesproken"] = sorted(c.gesproken)
    return uit


def _stabiel(c: Casus, blik: Blik) -> dict[str, Any]:
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
        "vroegst_mogelijk": dag(blik.vroegst_stabiel),
        "risicofactoren_aangepakt": c.evaluatie["risicofactoren_aangepakt"],
        "herstel_gestart": c.evaluatie["herstel_gestart"],
        "vastgesteld_op": moment(c.stabiel_op),
    }


class Fase(StrEnum):
    """A one-word phase for worklists and the case page (not part of any rule)."""

    LEEG = "leeg"
    AFGESLOTEN = "afgesloten"
    STABIEL_VEILIG = "stabiel_veilig"
    MONITORING = "monitoring"
    OVERGEDRAGEN = "overgedragen"
    GESLOTEN = "gesloten"
    DIENST = "dienst"
    OVERDRACHT = "overdracht"
    VEILIGHEIDSBEOORDELING = "veiligheidsbeoordeling"


def fase(c: Casus) -> Fase:
    """The case's phase now (`Fase`)."""
    if c.melding_op is None:
        return Fase.LEEG
    if c.afgesloten is not None:
        return Fase.AFGESLOTEN
    if c.stabiel_op is not None:
        return Fase.STABIEL_VEILIG
    if c.monitoring["actief"]:
        return Fase.MONITORING
    if any(h != p.VEILIG_THUIS for h in c.houders):
        return Fase.OVERGEDRAGEN
    if c.dossier_gesloten_op is not None:
        return Fase.GESLOTEN
    if c.dienst is not None:
        return Fase.DIENST
    if c.triage is not None:
        return Fase.OVERDRACHT
    return Fase.VEILIGHEIDSBEOORDELING


def _signaal(code: str, partij: str, grond: str, tekst: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "partij": partij, "grond": grond, "tekst": tekst, **extra}


def signalen(c: Casus, op: datetime, blik: Blik | None = None) -> list[dict[str, Any]]:
    """What needs attention at `op`; each signal names the party it is for and its ground."""
    uit: list[dict[str, Any]] = []
    if c.melding_op is None:
        return uit
    blik = blik or Blik(c, op)
    _zicht_signalen(c, op, blik, uit)
    for t, status in zip(c.termijnen, blik.statussen, strict=True):
        if t.voldaan_op is not None or t.vervallen_op is not None:
            continue  # met or lapsed: neither overdue nor waiting for a signal
        if status == "verlopen":
            naam = TERMIJNNAMEN.get(t.code, t.code)
            uit.append(
                _signaal(
                    "termijn_verlopen",
                    t.partij,
                    t.grond,
                    f"Termijn verlopen: {naam} (uiterlijk {t.uiterlijk}).",
                    termijn=t.code,
                    uiterlijk=dag(t.uiterlijk),
                )
            )
            if t.code == "directbetrokkenen_informeren":
                uit.append(
                    _signaal(
                        "afstemming_veilig_thuis_nodig",
                        t.partij,
                        t.grond,
                        "Na twee maanden is nog niet iedere directbetrokkene geïnformeerd: "
                        "stem af met Veilig Thuis.",
                    )
                )
        if status == "open" and t.signaal_vanaf is not None and op >= t.signaal_vanaf:
            if t.code == "ontvangstbevestiging":
                uit.append(
                    _signaal(
                        "ontvangst_onbevestigd",
                        t.partij,
                        t.grond,
                        "Het lokale veld heeft de ontvangst van de overdracht nog niet bevestigd.",
                    )
                )
            elif t.code == "leidinggevende_informeren":
                uit.append(
                    _signaal(
                        "leidinggevende_niet_geinformeerd",
                        t.partij,
                        t.grond,
                        f"Een medewerker van gemeente {t.extra.get('gemeente')} is direct "
                        "betrokken: neem contact op met de leidinggevende van die gemeente.",
                    )
                )
            else:
                uit.append(
                    _signaal(
                        "melder_niet_geinformeerd",
                        t.partij,
                        t.grond,
                        "De melder weet nog niet wie de casus heeft overgenomen.",
                    )
                )
    _werkafspraak_signalen(c, op, uit)
    _aansluitend_signalen(op, blik, uit)
    _herhaling_signalen(c, blik, uit)
    _monitoring_signalen(c, op, uit)
    return uit


def _aansluitend_uiterlijk(c: Casus) -> tuple[date, str, str] | None:
    """§5.1.1, §5.2.1: the last day for a hand-over "direct aansluitend" on the triage or the
    end of a service (with its ground and what it follows), while none has happened."""
    if c.afgesloten is not None or c.dossier_gesloten_op is not None or c.triage is None:
        return None
    regel = c.r("overdracht_aansluitend")
    besluit = c.triage.get("besluit")
    dienst = c.dienst or {}
    if besluit == "lokaal_veld":
        vanaf, grond, wat = c.triage["op"], str(regel["grond_direct"]), "de veiligheidsbeoordeling"
    elif besluit in ("onderzoek", "voorwaarden_en_vervolg") and dienst.get("afgerond_op"):
        if not dienst.get("monitoring", True) and not c.overdrachten:
            return None  # §5.2.6: the service concluded the file can close
        vanaf, grond, wat = dienst["afgerond_op"], str(regel["grond_na_dienst"]), "de dienst"
    else:
        return None
    if any(o.op >= vanaf and set(o.naar) - set(o.teruggewezen) for o in c.overdrachten):
        return None
    uiterlijk = c.r.termijn("overdracht_aansluitend.termijn").uiterlijk(
        vanaf.date(), c.afspraken.kalender
    )
    return uiterlijk, grond, wat


def _aansluitend_signalen(op: datetime, blik: Blik, uit: list[dict[str, Any]]) -> None:
    """§5.1.1, §5.2.1: the hand-over follows the triage or the end of a service "direct
    aansluitend"; a signal when it has not happened within the working days set in the data."""
    gemist = blik.aansluitend
    if gemist is None:
        return
    uiterlijk, grond, wat = gemist
    if op >= verlopen_vanaf(uiterlijk):
        uit.append(
            _signaal(
                "overdracht_niet_aansluitend",
                p.VEILIG_THUIS,
                grond,
                f"De overdracht volgt niet direct aansluitend op {wat} (uiterlijk {uiterlijk}).",
                uiterlijk=dag(uiterlijk),
            )
        )


def _monitoring_einde(c: Casus) -> date | None:
    """Bijlage 2: the day monitoring has run longer than the expected eighteen months."""
    if not c.monitoring["actief"] or c.monitoring["sinds"] is None:
        return None
    return plus_maanden(
        c.monitoring["sinds"].date(), c.r.termijn("monitoring_inhoud.verwachte_duur").n
    )


def _monitoring_signalen(c: Casus, op: datetime, uit: list[dict[str, Any]]) -> None:
    """Bijlage 2: individual contact with every directbetrokkene; about eighteen months."""
    if not c.monitoring["actief"] or c.monitoring["sinds"] is None:
        return
    regel = c.r("monitoring_inhoud")
    grond = str(regel["grond"])
    eerste_moment = any(
        t.voldaan_op is not None for t in c.termijnen if t.code.startswith("monitoring_")
    )
    niet = [d["id"] for d in c.melding.get("directbetrokkenen", []) if d["id"] not in c.gesproken]
    if eerste_moment and niet:
        uit.append(
            _signaal(
                "directbetrokkene_niet_gesproken",
                p.VEILIG_THUIS,
                grond,
                "Monitoring vraagt individueel contact met alle directbetrokkenen; nog geen "
                "score van: " + ", ".join(niet) + ".",
                personen=niet,
            )
        )
    _afspraken_signaal(c, op, uit)
    einde = _monitoring_einde(c)
    if einde is not None and op.date() >= einde:
        uit.append(
            _signaal(
                "monitoring_langer_dan_verwacht",
                p.VEILIG_THUIS,
                grond,
                "Veilig Thuis monitort langer dan de gemiddelde anderhalf jaar: beoordeel of de "
                "monitoring kan sluiten of waarom ze doorloopt.",
                sinds=dag(einde),
            )
        )


def _afspraak_volgende(c: Casus) -> date | None:
    """Bijlage 2: the day by which the next contact is due under the agreed frequency, if any."""
    afspraken = c.monitoring.get("afspraken")
    if not afspraken or not c.monitoring["actief"] or c.monitoring["sinds"] is None:
        return None
    contacten = [m["op"] for m in c.monitoringscontacten if m["op"] >= c.monitoring["sinds"]]
    vanaf = max([afspraken["op"], *contacten])
    return plus_maanden(vanaf.date(), int(afspraken["frequentie_maanden"]))


def _afspraken_signaal(c: Casus, op: datetime, uit: list[dict[str, Any]]) -> None:
    """Bijlage 2: the agreed frequency; a signal once a contact is due by it and not recorded."""
    afspraken = c.monitoring.get("afspraken")
    volgende = _afspraak_volgende(c)
    if afspraken and volgende is not None and op >= verlopen_vanaf(volgende):
        uit.append(
            _signaal(
                "monitoringscontact_volgens_afspraak",
                p.VEILIG_THUIS,
                str(afspraken["grond"]),
                f"Volgens de monitoringsafspraken (elke {afspraken['frequentie_maanden']} "
                f"maand(en)) was uiterlijk {volgende.strftime('%d-%m-%Y')} een contact nodig.",
                uiterlijk=dag(volgende),
            )
        )


def _herhaling_signalen(c: Casus, blik: Blik, uit: list[dict[str, Any]]) -> None:
    """§5.5 "bij herhaling": a party that misses terms again and again in this case; the other
    party sees to it that the responsible gemeente is told (niet_nakomen_gemeld)."""
    gemist: dict[str, int] = {}
    for t, status in zip(c.termijnen, blik.statussen, strict=True):
        if status in ("verlopen", "te_laat_voldaan"):
            gemist[t.partij] = gemist.get(t.partij, 0) + 1
    if not gemist or c.regels is None:
        return  # every term on time so far (most cases)
    regel = c.r("opschaling")
    gemeld = {t.extra.get("over") for t in c.termijnen_met("gemeente_reactie")}
    for partij, aantal in sorted(gemist.items()):
        if aantal < int(regel["herhaling"]) or partij in gemeld:
            continue
        if partij == p.VEILIG_THUIS:
            ontvanger = next((h for h in c.houders if p.is_lokaal_veld(h)), None) or (
                p.lokaal_veld(c.gemeenten[0])
            )
        elif p.is_lokaal_veld(partij):
            ontvanger = p.VEILIG_THUIS
        else:
            continue
        uit.append(
            _signaal(
                "niet_nakomen_herhaald",
                ontvanger,
                str(regel["grond_herhaling"]),
                f"{partij} heeft in deze casus {aantal} termijnen niet op tijd gehaald: informeer "
                "de verantwoordelijke gemeente (niet-nakomen melden).",
                over=partij,
                aantal=aantal,
            )
        )


def _zicht_signalen(c: Casus, op: datetime, blik: Blik, uit: list[dict[str, Any]]) -> None:
    triage_loopt = any(
        t.loopt and t.status(op) == "open" for t in c.termijnen_met("veiligheidsbeoordeling")
    )
    if not c.zicht and c.zicht_einde is None and not triage_loopt:
        uit.append(
            _signaal(
                "zicht_niet_belegd",
                p.VEILIG_THUIS,
                str(c.r("zicht.grond")),
                "Niemand heeft zicht op veiligheid voor dit gezin.",
            )
        )
    if c.stabiel_op is None and c.zicht and not c.stabiliteit_ontbreekt(op, blik.vroegst_stabiel):
        partij = c.casusregie[0] if c.casusregie else c.houders[0]
        uit.append(
            _signaal(
                "stabiele_veiligheid_mogelijk",
                partij,
                str(c.r("stabiele_veiligheid.grond")),
                "De voorwaarden voor stabiele veiligheid lijken vervuld: beoordeel dit samen "
                "met het gezin.",
            )
        )
    if c.monitoringscontacten and c.monitoringscontacten[-1].get("directe_veiligheid") is False:
        partij = c.casusregie[0] if c.casusregie else (c.houders or [p.VEILIG_THUIS])[0]
        uit.append(
            _signaal(
                "directe_veiligheid_ontbreekt",
                partij,
                str(c.r("casusregie.grond_directe_veiligheid")),
                "Bij het laatste monitoringscontact was er geen directe veiligheid: "
                "overweeg bijstelling van het plan of opschalen.",
            )
        )
    if c.opschaling_nodig_sinds is not None:
        partij = (c.casusregie_afgesloten or {}).get("partij", p.VEILIG_THUIS)
        uit.append(
            _signaal(
                "opschaling_nodig",
                partij,
                str(c.r("casusregie.grond")),
                "Casusregie is afgesloten zonder mogelijkheid tot verbetering: schaal op in de "
                "keten.",
            )
        )


def _werkafspraak_signalen(c: Casus, op: datetime, uit: list[dict[str, Any]]) -> None:
    m = c.melding
    aan_tafel = bool((c.triage or {}).get("triagetafel"))
    verplicht = bool(c.r("triagetafel.anoniem_verplicht"))
    if m.get("bron") == "anoniem" and verplicht and c.triagetafel_actief and not aan_tafel:
        uit.append(
            _signaal(
                "triagetafel_vereist",
                p.VEILIG_THUIS,
                str(c.r("triagetafel.grond_anoniem")),
                "Een anonieme melding wordt altijd aan de triagetafel besproken.",
            )
        )
    betrokken = m.get("betrokken_medewerker_gemeente")
    if betrokken:
        naar_elders = any(p.is_lokaal_veld(n) for o in c.overdrachten for n in o.naar) and all(
            p.lokaal_veld(betrokken) not in o.naar for o in c.overdrachten
        )
        if not naar_elders:
            uit.append(
                _signaal(
                    "andere_gemeente_vereist",
                    p.VEILIG_THUIS,
                    str(c.r("werkafspraken.andere_gemeente.grond")),
                    f"Een medewerker van gemeente {betrokken} is direct betrokken: draag de "
                    "melding over aan een andere gemeente en informeer de leidinggevende.",
                )
            )
    if m.get("gezinsvoogd") and not any(p.soort(n) == "gi" for o in c.overdrachten for n in o.naar):
        uit.append(
            _signaal(
                "overdracht_gi_vereist",
                p.VEILIG_THUIS,
                str(c.r("werkafspraken.gezinsvoogd.grond")),
                f"Er is een gezinsvoogd betrokken ({m['gezinsvoogd']}): draag de melding "
                "meteen over aan de gecertificeerde instelling, met de gemeente in cc.",
            )
        )
