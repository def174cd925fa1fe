"""Which lifecycle steps a user may take now, given the case's state and its events.

The state (SPEC §4) says who holds zicht, casusregie and which terms are open; the events add
what the state leaves out: the triage decision, whether a service ran, who has not yet accepted
a hand-over. Whether a step is *allowed by the agreement* stays the fold's business: a step
offered here can still be refused with an `Afwijzing` (e.g. an incomplete hand-over).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from zicht.core import overdracht as ov
from zicht.core import partijen as p
from zicht.core.afspraken import Afspraken
from zicht.core.casus import fold
from zicht.core.gebeurtenissen import DIENSTEN, SCHEMA, Gebeurtenis

ROLLEN = {
    "vt_medewerker": "Medewerker Veilig Thuis",
    "vt_gedragswetenschapper": "Gedragswetenschapper Veilig Thuis",
    "lokaal_veld_medewerker": "Medewerker lokaal veld (casusregisseur)",
    "procescoordinator": "Procescoördinator gemeente",
    "lokaal_veld_gedragswetenschapper": "Gedragswetenschapper of coördinator lokaal veld",
    "zorgaanbieder_medewerker": "Medewerker zorgaanbieder",
    "zvh_procesregisseur": "Procesregisseur Zorg- en Veiligheidshuis",
    "beleidsmedewerker": "Beleidsmedewerker",
    "functioneel_beheerder": "Functioneel beheerder",
    "privacy_officer": "Privacy officer",
}
VT_ROLLEN = frozenset({"vt_medewerker", "vt_gedragswetenschapper"})
LOKAAL_VELD_ROLLEN = frozenset({"lokaal_veld_medewerker", "lokaal_veld_gedragswetenschapper"})
# Terms still to be met, whether or not their deadline has passed.
TE_DOEN = ("open", "verlopen")


@dataclass(frozen=True)
class Verloop:
    """What the events tell that the state does not."""

    besluit: str | None
    dienst_gestart: bool
    dienst_afgerond: bool
    monitoring_na_dienst: bool
    wacht_op_acceptatie: frozenset[str]  # recipients of a hand-over after a service (§5.2.1)
    directbetrokkenen: tuple[str, ...]
    geinformeerd: frozenset[str]


def verloop(gebeurtenissen: Sequence[Mapping[str, Any]]) -> Verloop:
    """Read the facts above from a case's events, each `{"type": ..., **fields}`."""
    besluit: str | None = None
    gestart = afgerond = False
    monitoring = True
    wacht: set[str] = set()
    personen: tuple[str, ...] = ()
    geinformeerd: set[str] = set()
    for g in gebeurtenissen:
        soort = g.get("type")
        if soort == "melding_ontvangen":
            personen = tuple(d["id"] for d in g.get("directbetrokkenen", []))
        elif soort == "veiligheidsbeoordeling_afgerond":
            besluit = g.get("besluit")
        elif soort == "dienst_gestart":
            gestart = True
        elif soort == "dienst_afgerond":
            afgerond, monitoring = True, bool(g.get("monitoring", True))
        elif soort == "overdracht" and g.get("moment") == "na_dienst":
            wacht |= set(g.get("naar", []))
        elif soort == "overdracht_geaccepteerd":
            wacht.discard(g.get("door", ""))
        elif soort == "directbetrokkene_geinformeerd":
            geinformeerd.add(g.get("persoon", ""))
    return Verloop(
        besluit, gestart, afgerond, monitoring, frozenset(wacht), personen, frozenset(geinformeerd)
    )


def wachtende_overdrachten(
    toestand: Mapping[str, Any], gebeurtenissen: Sequence[Mapping[str, Any]]
) -> dict[str, list[str]]:
    """Per recipient, what a hand-over to it still waits for: `ontvangst` (§2i), `acceptatie`."""
    uit: dict[str, list[str]] = {}
    for t in toestand.get("termijnen", []):
        if t.get("code") == "ontvangstbevestiging" and t.get("status") in TE_DOEN:
            uit.setdefault(t["partij"], []).append("ontvangst")
    for partij in sorted(verloop(gebeurtenissen).wacht_op_acceptatie):
        uit.setdefault(partij, []).append("acceptatie")
    return uit


@dataclass(frozen=True)
class _Feiten:
    """The facts of one case the step rules below read, gathered once."""

    gemeld: bool
    houders: frozenset[str]
    laatste_houders: frozenset[str]
    casusregie: str | None
    procesregie: str | None
    monitoring: bool
    afgesloten: bool
    stabiel_mogelijk: bool
    te_doen: frozenset[tuple[str, str]]
    signalen: frozenset[str]
    verloop: Verloop

    def open(self, code: str, partij: str) -> bool:
        return (code, partij) in self.te_doen


def _feiten(toestand: Mapping[str, Any], gebeurtenissen: Sequence[Mapping[str, Any]]) -> _Feiten:
    houders = frozenset(z["partij"] for z in toestand.get("zicht_op_veiligheid", []))
    historie = toestand.get("zicht_historie", [])
    einden = [r["tot"] for r in historie if r.get("tot")]
    laatste = frozenset(r["partij"] for r in historie if einden and r.get("tot") == max(einden))
    stabiel = toestand.get("stabiele_veiligheid") or {}
    op = str(toestand.get("op") or "")[:10]
    vroegst = stabiel.get("vroegst_mogelijk")
    stabiel_mogelijk = (
        not stabiel.get("bereikt")
        and bool(vroegst and op and date.fromisoformat(vroegst) <= date.fromisoformat(op))
        and bool(stabiel.get("risicofactoren_aangepakt"))
        and bool(stabiel.get("herstel_gestart"))
    )
    monitoring = toestand.get("monitoring") or {}
    return _Feiten(
        gemeld=toestand.get("fase", "leeg") != "leeg",
        houders=houders,
        laatste_houders=laatste,
        casusregie=(toestand.get("casusregie") or {}).get("partij"),
        procesregie=(toestand.get("procesregie") or {}).get("partij"),
        monitoring=bool(monitoring.get("actief")),
        afgesloten=bool(toestand.get("dossier_gesloten_op")) or bool(stabiel.get("bereikt")),
        stabiel_mogelijk=stabiel_mogelijk,
        te_doen=frozenset(
            (t["code"], t["partij"])
            for t in toestand.get("termijnen", [])
            if t.get("status") in TE_DOEN
        ),
        signalen=frozenset(s["code"] for s in toestand.get("signalen", [])),
        verloop=verloop(gebeurtenissen),
    )


def _veilig_thuis(f: _Feiten) -> set[str]:
    vt, v = p.VEILIG_THUIS, f.verloop
    stappen = {
        "veiligheidsbeoordeling_afgerond": f.open("veiligheidsbeoordeling", vt),
        "crisisdienst_gecontacteerd": f.open("crisisdienst", vt),
        "gemeente_afgestemd": f.open("gemeente_afstemming_crisis", vt),
        "dienst_gestart": v.besluit in DIENSTEN and not v.dienst_gestart,
        "dienst_afgerond": v.dienst_gestart and not v.dienst_afgerond,
        "overdracht": (
            vt in f.houders
            and v.besluit is not None
            and (v.besluit not in DIENSTEN or v.dienst_afgerond)
            and not v.wacht_op_acceptatie
        )
        or bool(f.signalen & {"overdracht_gi_vereist", "andere_gemeente_vereist"}),
        "brief_directbetrokkenen_verstuurd": f.open("brief_directbetrokkenen", vt),
        "melder_geinformeerd": f.open("melder_terugkoppeling", vt),
        "melding_niet_ontvankelijk": f.open("veiligheidsbeoordeling", vt) and not f.afgesloten,
        "melding_onjuist_geadresseerd": f.open("veiligheidsbeoordeling", vt) and not f.afgesloten,
        "directbetrokkene_geinformeerd": not f.afgesloten
        and bool(set(v.directbetrokkenen) - v.geinformeerd),
        "monitoringscontact": f.monitoring,
        "monitoring_afgesloten": f.monitoring and f.stabiel_mogelijk,
        "dossier_gesloten": not f.afgesloten
        and not f.monitoring
        and (
            bool(f.houders and vt not in f.houders)
            or (v.dienst_afgerond and not v.monitoring_na_dienst)
        ),
        "stabiele_veiligheid_vastgesteld": vt in f.houders and f.stabiel_mogelijk,
        "incident": True,
        "opgeschaald": not f.afgesloten,
        "niet_nakomen_gemeld": True,
    }
    return {stap for stap, mag in stappen.items() if mag}


def _regie(f: _Feiten, partij: str, houdt_zicht: bool) -> set[str]:
    """Steps of whoever holds zicht or casusregie after the hand-over (§6.2, §6.3)."""
    betrokken = houdt_zicht or f.casusregie == partij
    stappen = {
        "casusregie_belegd": houdt_zicht,
        "plan_vastgesteld": betrokken,
        "evaluatie": betrokken,
        "casusregie_afgesloten": f.casusregie == partij,
        "stabiele_veiligheid_vastgesteld": betrokken and f.stabiel_mogelijk,
        "incident": betrokken or partij in f.laatste_houders,
        "opgeschaald": betrokken and not f.afgesloten,
    }
    return {stap for stap, mag in stappen.items() if mag}


def _lokaal_veld(f: _Feiten, partij: str) -> set[str]:
    stappen = _regie(f, partij, partij in f.houders)
    if f.open("ontvangstbevestiging", partij):
        stappen.add("ontvangst_bevestigd")
    if partij in f.verloop.wacht_op_acceptatie:
        stappen.add("overdracht_geaccepteerd")
    if f.open("start_contact", partij):
        stappen.add("contact_gestart")
    if f.open("directbetrokkenen_informeren", partij):
        stappen.add("directbetrokkene_geinformeerd")
    if partij in f.houders or f.casusregie == partij:
        stappen.add("niet_nakomen_gemeld")
    return stappen


def mogelijke_stappen(
    toestand: Mapping[str, Any],
    organisatie: str,
    rol: str,
    gebeurtenissen: Sequence[Mapping[str, Any]] = (),
) -> list[str]:
    """The event types this user may record now, in lifecycle order.

    `organisatie` is the user's party (`veilig_thuis`, `lokaal_veld:Heerlen`, ...); pass the
    case's events (`{"type": ..., **fields}`) for the steps that depend on the triage decision,
    a service or a pending acceptance.
    """
    f = _feiten(toestand, gebeurtenissen)
    if not f.gemeld:
        return []
    soort = p.soort(organisatie)
    stappen: set[str] = set()
    if rol in VT_ROLLEN and organisatie == p.VEILIG_THUIS:
        stappen = _veilig_thuis(f)
    elif rol in LOKAAL_VELD_ROLLEN and soort == "lokaal_veld":
        stappen = _lokaal_veld(f, organisatie)
    elif rol == "procescoordinator" and soort == "gemeente":
        stappen = {"gemeente_reactie"} if f.open("gemeente_reactie", organisatie) else set()
    elif rol == "zorgaanbieder_medewerker" and soort == "zorgaanbieder":
        stappen = _regie(f, organisatie, houdt_zicht=False)
        stappen.discard("casusregie_belegd")
    elif rol == "zvh_procesregisseur" and f.procesregie == organisatie:
        stappen = {"incident", "opgeschaald"}  # procesregie of the Z&VH (§5.5.1)
    return [stap for stap in SCHEMA if stap in stappen]


def vereiste_overdrachtsinformatie(
    gebeurtenissen: Sequence[Gebeurtenis],
    op: datetime,
    afspraken: Afspraken,
    moment: str,
    naar: Sequence[str] = (),
) -> list[str]:
    """The items a hand-over at `moment` to `naar` must carry now (§5.1.3, §5.2.4, WA 1)."""
    casus = fold(gebeurtenissen, op, afspraken)
    if casus.regels is None:
        return []
    return ov.vereiste_informatie(casus, ov.route(casus, list(naar), moment))
