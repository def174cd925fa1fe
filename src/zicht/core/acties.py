"""Which lifecycle steps a user may take now, read from the core's folded case.

One fold gives the `Casus` (who holds zicht, casusregie, the triage decision, a service, pending
hand-overs, open terms); the step rules below read it, never the JSON state or the raw events.
Whether a step is *allowed by the agreement* stays the fold's business: a step offered here can
still be refused with an `Afwijzing` (e.g. an incomplete hand-over).

The shells call one function: `mogelijke_stappen(casus, organisatie, rol)`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from zicht.core import overdracht as ov
from zicht.core import partijen as p
from zicht.core.afspraken import Afspraken
from zicht.core.casus import Casus, fold
from zicht.core.gebeurtenissen import DIENSTEN, SCHEMA, Gebeurtenis
from zicht.core.regels import OP_AFGESLOTEN_CASUS, dienst_voorbij, nog_open
from zicht.core.toestand import signalen

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


def wachtende_overdrachten(
    toestand: Mapping[str, Any], gebeurtenissen: Sequence[Mapping[str, Any]] = ()
) -> dict[str, list[str]]:
    """Per recipient, what a hand-over to it still waits for: `ontvangst` (§2i), `acceptatie`.

    Read from the state alone (its `termijnen` and `overdrachten`); `gebeurtenissen` is unused
    and kept for callers that still pass it.
    """
    uit: dict[str, list[str]] = {}
    for t in toestand.get("termijnen", []):
        if t.get("code") == "ontvangstbevestiging" and t.get("status") in TE_DOEN:
            uit.setdefault(t["partij"], []).append("ontvangst")
    laatste: dict[str, Mapping[str, Any]] = {}
    for o in toestand.get("overdrachten", []):
        if o.get("vervangen_op"):
            continue  # redone before everyone accepted: this attempt lapsed
        for partij in o.get("naar", []):
            laatste[partij] = o
    for partij in sorted(laatste):
        o = laatste[partij]
        if (
            o.get("moment") == "na_dienst"
            and partij not in (o.get("geaccepteerd") or {})
            and partij not in (o.get("teruggewezen") or {})
        ):
            uit.setdefault(partij, []).append("acceptatie")
    return uit


def _wacht_op_acceptatie(c: Casus) -> frozenset[str]:
    """Recipients of a hand-over after a service that have neither accepted nor returned it."""
    laatste = {partij: o for o in c.overdrachten if o.vervangen_op is None for partij in o.naar}
    return frozenset(
        partij
        for partij, o in laatste.items()
        if o.moment == "na_dienst" and partij not in o.geaccepteerd and partij not in o.teruggewezen
    )


@dataclass(frozen=True)
class _Feiten:
    """The facts of one folded case the step rules below read, gathered once."""

    casus: Casus
    houders: frozenset[str]
    laatste_houders: frozenset[str]
    casusregie: str | None
    procesregie: str | None
    monitoring: bool
    afgesloten: bool
    stabiel_bereikt: bool
    stabiel_mogelijk: bool
    te_doen: frozenset[tuple[str, str]]
    signalen: frozenset[str]
    besluit: str | None
    dienst_gestart: bool
    dienst_afgerond: bool
    monitoring_na_dienst: bool
    wacht_op_acceptatie: frozenset[str]
    nog_te_informeren: frozenset[str]
    dossier_vt_open: bool
    triage_loopt: bool

    def open(self, code: str, partij: str) -> bool:
        return (code, partij) in self.te_doen


def _feiten(c: Casus) -> _Feiten:
    op = c.tijd
    assert op is not None
    einden = [r["tot"] for r in c.historie if r["tot"] is not None]
    laatste = frozenset(r["partij"] for r in c.historie if einden and r["tot"] == max(einden))
    personen = {d["id"] for d in c.melding.get("directbetrokkenen", [])}
    dienst = {} if c.dienst is None or dienst_voorbij(c) else c.dienst
    return _Feiten(
        casus=c,
        houders=frozenset(c.houders),
        laatste_houders=laatste,
        casusregie=c.casusregie[0] if c.casusregie else None,
        procesregie=c.procesregie[0] if c.procesregie else None,
        monitoring=bool(c.monitoring["actief"]),
        afgesloten=c.afgesloten is not None,
        stabiel_bereikt=c.stabiel_op is not None,
        stabiel_mogelijk=c.stabiel_op is None and not c.stabiliteit_ontbreekt(op),
        te_doen=frozenset((t.code, t.partij) for t in c.termijnen if t.status(op) in TE_DOEN),
        signalen=frozenset(s["code"] for s in signalen(c, op)),
        besluit=(c.triage or {}).get("besluit"),
        dienst_gestart=bool(dienst),
        dienst_afgerond=dienst.get("afgerond_op") is not None,
        monitoring_na_dienst=bool(dienst.get("monitoring", True)),
        wacht_op_acceptatie=_wacht_op_acceptatie(c),
        nog_te_informeren=frozenset(personen - c.geinformeerd),
        dossier_vt_open="dossier_veilig_thuis" in nog_open(c),
        triage_loopt=any(t.loopt for t in c.termijnen_met("veiligheidsbeoordeling")),
    )


def _veilig_thuis(f: _Feiten) -> set[str]:
    vt, c = p.VEILIG_THUIS, f.casus
    overgedragen = any(o.naar != [vt] for o in c.overdrachten)
    stappen = {
        "veiligheidsbeoordeling_afgerond": f.open("veiligheidsbeoordeling", vt) or f.triage_loopt,
        "crisisdienst_gecontacteerd": f.open("crisisdienst", vt),
        "gemeente_afgestemd": f.open("gemeente_afstemming_crisis", vt),
        "dienst_gestart": f.besluit in DIENSTEN and not f.dienst_gestart,
        "dienst_afgerond": f.dienst_gestart and not f.dienst_afgerond,
        "overdracht": (
            vt in f.houders
            and f.besluit is not None
            and (f.besluit not in DIENSTEN or f.dienst_afgerond)
            and not f.wacht_op_acceptatie
        )
        or bool(f.signalen & {"overdracht_gi_vereist", "andere_gemeente_vereist"}),
        "brief_directbetrokkenen_verstuurd": f.open("brief_directbetrokkenen", vt),
        "melder_geinformeerd": f.open("melder_terugkoppeling", vt),
        "melding_niet_ontvankelijk": f.open("veiligheidsbeoordeling", vt) and not f.afgesloten,
        "melding_onjuist_geadresseerd": f.open("veiligheidsbeoordeling", vt) and not f.afgesloten,
        "directbetrokkene_geinformeerd": not f.afgesloten and bool(f.nog_te_informeren),
        "monitoringscontact": f.monitoring,
        "monitoringsafspraken_vastgelegd": f.monitoring,
        # Closing never depends on the order of the parts: after stable safety, before or
        # after casusregie closed, Veilig Thuis can still close monitoring and its file.
        "monitoring_afgesloten": f.monitoring and (f.stabiel_bereikt or f.stabiel_mogelijk),
        "dossier_gesloten": f.dossier_vt_open
        and not f.monitoring
        and (f.besluit is not None or not f.triage_loopt)
        and (vt not in f.houders or (f.dienst_afgerond and not f.monitoring_na_dienst)),
        "stabiele_veiligheid_vastgesteld": vt in f.houders and f.stabiel_mogelijk,
        "incident": True,
        "opgeschaald": not f.afgesloten,
        "opschaling_beantwoord": f.open("opschaling_reactie", vt),
        "niet_nakomen_gemeld": True,
        "spoedeisend_gebleken": not f.afgesloten
        and not c.melding.get("spoedeisend")
        and not overgedragen,
        "gemeenten_gewijzigd": not f.afgesloten
        and not any(h != vt for h in f.houders)
        and not f.wacht_op_acceptatie,
        "nieuwe_melding": True,
        "gebeurtenis_ingetrokken": c.gebeurtenissen > 1,
        "kopie_verstuurd": f.open("kopie_gemeente", vt),
        "leidinggevende_geinformeerd": f.open("leidinggevende_informeren", vt),
        "huisbezoek": not f.afgesloten,
    }
    return {stap for stap, mag in stappen.items() if mag}


def _regie(f: _Feiten, partij: str, houdt_zicht: bool) -> set[str]:
    """Steps of whoever holds zicht or casusregie after the hand-over (§6.2, §6.3)."""
    betrokken = houdt_zicht or f.casusregie == partij
    stappen = {
        "casusregie_belegd": houdt_zicht and not f.afgesloten,
        "plan_vastgesteld": betrokken,
        "evaluatie": betrokken,
        "casusregie_afgesloten": f.casusregie == partij,
        "stabiele_veiligheid_vastgesteld": betrokken and f.stabiel_mogelijk,
        "incident": betrokken or partij in f.laatste_houders,
        "opgeschaald": betrokken and not f.afgesloten,
        "opschaling_beantwoord": f.open("opschaling_reactie", partij),
    }
    return {stap for stap, mag in stappen.items() if mag}


def _lokaal_veld(f: _Feiten, partij: str) -> set[str]:
    stappen = _regie(f, partij, partij in f.houders)
    if f.open("ontvangstbevestiging", partij):
        stappen.add("ontvangst_bevestigd")
    if partij in f.wacht_op_acceptatie:
        stappen.add("overdracht_geaccepteerd")
    if f.open("start_contact", partij):
        stappen.add("contact_gestart")
    if f.open("directbetrokkenen_informeren", partij) or f.open(
        "directbetrokkene_informeren_afgesproken", partij
    ):
        stappen.add("directbetrokkene_geinformeerd")
    if partij in f.houders or f.casusregie == partij:
        stappen.add("niet_nakomen_gemeld")
    if (partij in f.houders or f.casusregie == partij) and not f.afgesloten:
        stappen |= {"huisbezoek", "veilig_thuis_geraadpleegd", "verwijsindex_gemeld"}
    if _mag_terugwijzen(f, partij):
        stappen.add("overdracht_teruggewezen")
    if (partij in f.houders or f.casusregie == partij) and not f.afgesloten:
        stappen.add("nieuwe_melding")  # Bijlage 4C: the lokaal veld reports to Veilig Thuis
    betrokken = partij in f.houders or f.casusregie == partij or partij in f.laatste_houders
    if betrokken and f.casus.gebeurtenissen > 1:
        stappen.add("gebeurtenis_ingetrokken")
    return stappen


def _mag_terugwijzen(f: _Feiten, partij: str) -> bool:
    """A recipient may return a hand-over it has not accepted, nor started work on."""
    c = f.casus
    laatste = next((o for o in reversed(c.overdrachten) if partij in o.naar), None)
    if laatste is None or partij in laatste.teruggewezen or f.afgesloten:
        return False
    if laatste.moment == "na_dienst":
        return partij not in laatste.geaccepteerd
    return partij in f.houders and f.casusregie is None


def mogelijke_stappen(casus: Casus, organisatie: str, rol: str) -> list[str]:
    """The event types this user may record now, in lifecycle order.

    `casus` is the core's folded case at the moment of asking (`engine.bereken`);
    `organisatie` is the user's party (`veilig_thuis`, `lokaal_veld:Heerlen`, ...).
    """
    if casus.melding_op is None or casus.tijd is None:
        return []
    f = _feiten(casus)
    soort = p.soort(organisatie)
    stappen: set[str] = set()
    if rol in VT_ROLLEN and organisatie == p.VEILIG_THUIS:
        stappen = _veilig_thuis(f)
    elif rol in LOKAAL_VELD_ROLLEN and soort == "lokaal_veld":
        stappen = _lokaal_veld(f, organisatie)
    elif rol == "procescoordinator" and soort == "gemeente":
        stappen = {
            stap
            for stap, code in (
                ("gemeente_reactie", "gemeente_reactie"),
                ("opschaling_beantwoord", "opschaling_reactie"),
            )
            if f.open(code, organisatie)
        }
    elif rol == "zorgaanbieder_medewerker" and soort == "zorgaanbieder":
        stappen = _regie(f, organisatie, houdt_zicht=False)
        stappen.discard("casusregie_belegd")
    elif rol == "zvh_procesregisseur" and soort == p.ZORG_EN_VEILIGHEIDSHUIS:
        # Escalated to, it answers within its term; under its procesregie (§5.5.1, Bijlage 1)
        # it records incidents and escalates further.
        if f.procesregie == organisatie:
            stappen = {"incident", "opgeschaald"}
        if f.open("opschaling_reactie", organisatie):
            stappen.add("opschaling_beantwoord")
    if f.afgesloten:
        stappen &= OP_AFGESLOTEN_CASUS | {"gebeurtenis_ingetrokken"}
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
