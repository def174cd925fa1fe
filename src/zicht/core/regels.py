"""What each event does to a case, and when it is refused (SPEC §2, §4).

One function per event type, registered in `HANDLERS`. A handler first checks every rule and
raises `Afwijzing` before it changes anything, so a refused event leaves no trace.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from zicht.core import overdracht as ov
from zicht.core import partijen as p
from zicht.core.casus import Afwijzing, Casus, Termijn
from zicht.core.gebeurtenissen import Gebeurtenis
from zicht.core.termijn import (
    Maanden,
    Weken,
    parse_termijn,
    plus_maanden,
    plus_weken,
    verlopen_vanaf,
)

Handler = Callable[[Casus, Gebeurtenis], None]
HANDLERS: dict[str, Handler] = {}


def handler(*types: str) -> Callable[[Handler], Handler]:
    def registreer(f: Handler) -> Handler:
        for t in types:
            HANDLERS[t] = f
        return f

    return registreer


def pas_toe(casus: Casus, g: Gebeurtenis) -> None:
    if g.type != "melding_ontvangen":
        if casus.melding_op is None:
            raise Afwijzing(
                "geen_melding", "Een casus begint met een melding (melding_ontvangen).", "§5.1"
            )
        casus.regels = casus.afspraken.regels(casus.gemeenten[0], g.op.date())
    HANDLERS[g.type](casus, g)


def _uiterlijk(casus: Casus, pad: str, start: datetime) -> tuple[str, date]:
    return str(casus.r(f"{pad}.grond")), casus.r.termijn(f"{pad}.termijn").uiterlijk(
        start.date(), casus.afspraken.kalender
    )


# ---- melding and triage -------------------------------------------------------------------


def is_rechtstreeks_lokaal_veld(melding: dict[str, object]) -> bool:
    """WA 3: police non-HG meldingen and zorgmeldingen without a context story."""
    return (
        melding.get("bron") == "politie"
        and melding.get("politie_soort") in ("niet_hg", "zorgmelding")
        and not melding.get("contextverhaal", False)
    )


@handler("melding_ontvangen")
def melding_ontvangen(c: Casus, g: Gebeurtenis) -> None:
    if c.melding_op is not None:
        raise Afwijzing(
            "al_gemeld",
            "Deze casus heeft al een melding; registreer een nieuwe melding als nieuwe casus.",
            "§5.1",
        )
    c.gemeenten = list(dict.fromkeys(g.velden["gemeenten"]))
    c.regels = c.afspraken.regels(c.gemeenten[0], g.op.date())
    c.melding, c.melding_op = dict(g.velden), g.op
    kal = c.afspraken.kalender
    if is_rechtstreeks_lokaal_veld(c.melding):
        c.draag_zicht_over([p.lokaal_veld(gm) for gm in c.gemeenten], g.op)
        return
    grond = str(c.r("veiligheidsbeoordeling.grond"))
    uiterlijk = c.r.termijn("veiligheidsbeoordeling.termijn").uiterlijk(g.op.date(), kal)
    c.start_termijn("veiligheidsbeoordeling", p.VEILIG_THUIS, grond, g.op, uiterlijk)
    if g.velden.get("spoedeisend") or g.velden.get("crisis"):
        c.draag_zicht_over([p.VEILIG_THUIS], g.op)  # Bijlage 1: from the moment VT knows
    if g.velden.get("crisis"):
        regel = c.r("crisis")
        dienst = c.r.termijn("crisis.crisisdienst.termijn").uiterlijk(g.op.date(), kal)
        c.start_termijn(
            "crisisdienst", p.VEILIG_THUIS, str(regel["crisisdienst"]["grond"]), g.op, dienst
        )
        afstemming = regel["gemeente_afstemming_crisis"]
        if kal.binnen_kantooruren(g.op):
            dag = c.r.termijn("crisis.gemeente_afstemming_crisis.binnen_kantooruren").uiterlijk(
                g.op.date(), kal
            )
        else:
            dag = kal.eerstvolgende_kantoordag(g.op)
        c.start_termijn(
            "gemeente_afstemming_crisis", p.VEILIG_THUIS, str(afstemming["grond"]), g.op, dag
        )


@handler("veiligheidsbeoordeling_afgerond")
def veiligheidsbeoordeling_afgerond(c: Casus, g: Gebeurtenis) -> None:
    if c.triage is not None:
        raise Afwijzing("al_beoordeeld", "De veiligheidsbeoordeling is al afgerond.", "§5.1.1")
    minimaal = int(c.r("veiligheidsbeoordeling.min_beoordelaars"))
    if len(set(g.velden["beoordelaars"])) < minimaal:
        raise Afwijzing(
            "te_weinig_beoordelaars",
            f"De veiligheid wordt intercollegiaal of "
            f"multidisciplinair beoordeeld: minstens {minimaal} verschillende "
            "beoordelaars.",
            str(c.r("veiligheidsbeoordeling.grond_beoordelaars")),
        )
    if g.velden.get("triagetafel") and not c.triagetafel_actief:
        raise Afwijzing(
            "triagetafel_niet_actief",
            "In deze gemeente draait (nog) geen triagetafel.",
            str(c.r("triagetafel.grond")),
        )
    besluit = g.velden["besluit"]
    if besluit in ("betrokken_professional", "multidisciplinair") and "naar" not in g.velden:
        raise Afwijzing(
            "naar_ontbreekt",
            "Noem bij dit besluit de partij die de vervolgstappen uitvoert (veld 'naar').",
            "§4",
        )
    c.triage = {**g.velden, "op": g.op}
    c.voldoe(c.termijnen_met("veiligheidsbeoordeling"), g.op)
    if not c.zicht and c.zicht_einde is None:
        c.draag_zicht_over([p.VEILIG_THUIS], g.op)  # Bijlage 1: from the end of triage


@handler("dienst_gestart")
def dienst_gestart(c: Casus, g: Gebeurtenis) -> None:
    besluit = (c.triage or {}).get("besluit")
    if besluit != g.velden["dienst"]:
        raise Afwijzing(
            "dienst_niet_besloten",
            f"Deze dienst is niet het triagebesluit (besluit: {besluit or 'nog geen'}).",
            "§4",
        )
    if c.dienst is not None:
        raise Afwijzing("dienst_al_gestart", "Deze dienst is al gestart.", "§3.1")
    c.dienst = {
        "soort": g.velden["dienst"],
        "gestart_op": g.op,
        "afgerond_op": None,
        "monitoring": True,
    }


@handler("dienst_afgerond")
def dienst_afgerond(c: Casus, g: Gebeurtenis) -> None:
    if c.dienst is None or c.dienst["afgerond_op"] is not None:
        raise Afwijzing("geen_lopende_dienst", "Er loopt geen dienst om af te ronden.", "§3.1")
    if "oordeel" in g.velden and c.dienst["soort"] != "onderzoek":
        raise Afwijzing(
            "oordeel_alleen_bij_onderzoek",
            "Een oordeel over huiselijk geweld of "
            "kindermishandeling hoort alleen bij de dienst Onderzoek.",
            "§5.2.4",
        )
    c.dienst.update(
        afgerond_op=g.op,
        monitoring=g.velden.get("monitoring", True),
        veiligheidsvoorwaarden=g.velden.get("veiligheidsvoorwaarden", []),
        oordeel=g.velden.get("oordeel"),
    )


# ---- hand-over -------------------------------------------------------------------------------


@handler("overdracht")
def overdracht(c: Casus, g: Gebeurtenis) -> None:
    route = ov.controleer(c, g)
    o = ov.registreer(c, g, route)
    kal = c.afspraken.kalender
    for t in c.termijnen_met("veiligheidsbeoordeling"):
        if t.loopt and route == "gi":
            t.vervallen_op = g.op  # WA 1: the GI takes the melding at once, no triage by VT
    if route in ("direct", "gi"):
        c.draag_zicht_over(o.naar, g.op)
    lokaal = ov.ontvangers_lokaal_veld(o)
    for partij in lokaal:
        if not o.bij_triagetafel:
            signaal = verlopen_vanaf(
                c.r.termijn("ontvangstbevestiging.signaal_na").uiterlijk(g.op.date(), kal)
            )
            c.start_termijn(
                "ontvangstbevestiging",
                partij,
                str(c.r("ontvangstbevestiging.grond")),
                g.op,
                None,
                signaal_vanaf=signaal,
            )
        pad = "start_contact." + ("direct" if route != "na_dienst" else "na_dienst")
        if route == "na_dienst" and c.melding.get("spoedeisend"):
            pad = "start_contact.acuut"
        grond, uiterlijk = _uiterlijk(c, pad, g.op)
        c.start_termijn("start_contact", partij, grond, g.op, uiterlijk)
    if route == "direct":
        grond, uiterlijk = _uiterlijk(c, "brief_directbetrokkenen", g.op)
        c.start_termijn("brief_directbetrokkenen", p.VEILIG_THUIS, grond, g.op, uiterlijk)
    if not c.anoniem and route != "gi" and not c.termijnen_met("melder_terugkoppeling"):
        grond = str(c.r(f"melder_terugkoppeling.grond_{route}"))
        signaal = verlopen_vanaf(
            c.r.termijn("melder_terugkoppeling.signaal_na").uiterlijk(g.op.date(), kal)
        )
        c.start_termijn(
            "melder_terugkoppeling", p.VEILIG_THUIS, grond, g.op, None, signaal_vanaf=signaal
        )
    _start_informeren(c, o.naar, g.op)
    if route == "na_dienst" and c.dienst is not None and c.dienst["monitoring"]:
        _start_monitoring(c, g.op)


def _start_informeren(c: Casus, naar: list[str], op: datetime) -> None:
    """Bijlage 3b: every directbetrokkene is informed; two months after the hand-over."""
    personen = [d["id"] for d in c.melding.get("directbetrokkenen", [])]
    if not personen:
        return
    grond, uiterlijk = _uiterlijk(c, "directbetrokkenen_informeren", op)
    for partij in naar:
        t = c.start_termijn("directbetrokkenen_informeren", partij, grond, op, uiterlijk)
        if set(personen) <= c.geinformeerd:
            t.voldaan_op = op


def _start_monitoring(c: Casus, op: datetime) -> None:
    """Bijlage 2: VT monitors at least at 3 and 12 months; the gemeente coordinates (Bijlage 1).

    With M the hand-over date plus the moment, a contact counts from M - window to M + window;
    `uiterlijk` is M + window, moved to the next working day when needed (SPEC §3).
    """
    kal = c.afspraken.kalender
    regel = c.r("monitoring")
    venster = c.r.termijn("monitoring.venster")
    if not isinstance(venster, Weken):
        raise ValueError("monitoring.venster moet in weken")
    c.monitoring = {"actief": True, "sinds": op}
    for code, tekst in regel["momenten"].items():
        moment = parse_termijn(str(tekst))
        if isinstance(moment, Maanden):
            midden = plus_maanden(op.date(), moment.n)
        elif isinstance(moment, Weken):
            midden = plus_weken(op.date(), moment.n)
        else:
            raise ValueError(f"monitoringsmoment '{tekst}' moet in weken of maanden")
        c.start_termijn(
            code,
            p.VEILIG_THUIS,
            str(regel["grond"]),
            op,
            venster.uiterlijk(midden, kal),
            venster_van=plus_weken(midden, -venster.n),
        )
    c.procescoordinatie = ([p.gemeente_partij(gm) for gm in c.gemeenten], op)


@handler("ontvangst_bevestigd")
def ontvangst_bevestigd(c: Casus, g: Gebeurtenis) -> None:
    door = g.velden["door"]
    ov.laatste_aan(c, door)
    c.voldoe(c.termijnen_met("ontvangstbevestiging", door), g.op)


@handler("overdracht_geaccepteerd")
def overdracht_geaccepteerd(c: Casus, g: Gebeurtenis) -> None:
    door = g.velden["door"]
    ov.accepteer(c, door, g.op)
    c.voldoe(c.termijnen_met("ontvangstbevestiging", door), g.op)  # acceptance implies receipt


@handler("contact_gestart")
def contact_gestart(c: Casus, g: Gebeurtenis) -> None:
    door = g.velden["door"]
    if door not in c.houders:
        ov.laatste_aan(c, door)
    c.voldoe(c.termijnen_met("start_contact", door), g.op)


@handler("brief_directbetrokkenen_verstuurd")
def brief_verstuurd(c: Casus, g: Gebeurtenis) -> None:
    c.voldoe(c.termijnen_met("brief_directbetrokkenen"), g.op)


@handler("melder_geinformeerd")
def melder_geinformeerd(c: Casus, g: Gebeurtenis) -> None:
    if c.anoniem:
        raise Afwijzing(
            "melder_anoniem", "De melder is anoniem en kan niet worden teruggekoppeld.", "§5.1.4"
        )
    c.voldoe(c.termijnen_met("melder_terugkoppeling"), g.op)


@handler("melding_niet_ontvankelijk", "melding_onjuist_geadresseerd")
def melding_afgewezen(c: Casus, g: Gebeurtenis) -> None:
    """Veilig Thuis ends a melding before its triage: not admissible, or not for Veilig Thuis.

    The triage term lapses, nobody holds zicht, the file closes; a known melder hears why.
    """
    grond = str(c.r("melding_afgewezen.grond"))
    if c.triage is not None or c.overdrachten or c.dossier_gesloten_op is not None:
        raise Afwijzing(
            "al_in_behandeling",
            "Alleen een melding zonder veiligheidsbeoordeling of overdracht kan als niet "
            "ontvankelijk of onjuist geadresseerd worden afgesloten.",
            grond,
        )
    c.vervallen(c.termijnen_met("veiligheidsbeoordeling"), g.op)
    c.beeindig_zicht(g.op, g.type)
    c.dossier_gesloten_op = g.op
    if not c.anoniem and not c.termijnen_met("melder_terugkoppeling"):
        signaal = verlopen_vanaf(
            c.r.termijn("melder_terugkoppeling.signaal_na").uiterlijk(
                g.op.date(), c.afspraken.kalender
            )
        )
        c.start_termijn(
            "melder_terugkoppeling",
            p.VEILIG_THUIS,
            str(c.r("melder_terugkoppeling.grond_afgewezen")),
            g.op,
            None,
            signaal_vanaf=signaal,
        )


@handler("directbetrokkene_geinformeerd")
def directbetrokkene_geinformeerd(c: Casus, g: Gebeurtenis) -> None:
    personen = [d["id"] for d in c.melding.get("directbetrokkenen", [])]
    persoon = g.velden["persoon"]
    if persoon not in personen:
        raise Afwijzing(
            "onbekende_directbetrokkene",
            f"'{persoon}' staat niet bij de directbetrokkenen van de melding.",
            "Bijlage 3b",
        )
    c.geinformeerd.add(persoon)
    if set(personen) <= c.geinformeerd:
        c.voldoe(c.termijnen_met("directbetrokkenen_informeren"), g.op)


# ---- crisis (WA 2) -------------------------------------------------------------------------


@handler("crisisdienst_gecontacteerd")
def crisisdienst_gecontacteerd(c: Casus, g: Gebeurtenis) -> None:
    c.crisisdienst_op = c.crisisdienst_op or g.op
    c.voldoe(c.termijnen_met("crisisdienst"), g.op)


@handler("gemeente_afgestemd")
def gemeente_afgestemd(c: Casus, g: Gebeurtenis) -> None:
    if c.melding.get("crisis") and c.crisisdienst_op is None:
        raise Afwijzing(
            "crisisdienst_eerst",
            "Bij een vermoeden van crisis neemt Veilig Thuis "
            "eerst contact op met de crisishulp jeugd, daarna met de gemeente.",
            str(c.r("crisis.gemeente_afstemming_crisis.grond")),
        )
    c.voldoe(c.termijnen_met("gemeente_afstemming_crisis"), g.op)


@handler("dossier_gesloten")
def dossier_gesloten(c: Casus, g: Gebeurtenis) -> None:
    if c.monitoring["actief"]:
        raise Afwijzing(
            "monitoring_loopt",
            "Veilig Thuis monitort nog; sluit eerst de monitoring af.",
            str(c.r("monitoring.grond")),
        )
    if p.VEILIG_THUIS in c.houders:
        kan_sluiten = (
            c.dienst is not None
            and c.dienst.get("afgerond_op") is not None
            and not c.dienst["monitoring"]
        )
        if not kan_sluiten:
            raise Afwijzing(
                "zicht_bij_veilig_thuis",
                "Veilig Thuis heeft nog zicht op veiligheid: draag de casus eerst over.",
                "Bijlage 1",
            )
        c.beeindig_zicht(g.op, "dossier_gesloten")  # §5.2.6: the service concluded it can close
    c.dossier_gesloten_op = g.op


# ---- after the hand-over: plan, casusregie, monitoring, stable safety ------------------------


@handler("casusregie_belegd")
def casusregie_belegd(c: Casus, g: Gebeurtenis) -> None:
    c.casusregie = (g.velden["bij"], g.op)
    c.casusregie_afgesloten = None


@handler("plan_vastgesteld")
def plan_vastgesteld(c: Casus, g: Gebeurtenis) -> None:
    vereist = list(c.r("plan.onderdelen"))
    if len(c.gemeenten) > 1:
        vereist += list(c.r("plan.onderdelen_meer_gemeenten"))
    ontbreekt = [o for o in vereist if o not in g.velden["onderdelen"]]
    if ontbreekt:
        raise Afwijzing(
            "plan_onvolledig",
            "Het veiligheids-, hulpverlenings- en herstelplan mist verplichte onderdelen.",
            str(c.r("plan.grond")),
            ontbreekt,
        )
    c.vervallen(
        [t for t in c.termijnen if t.code in ("plan_evaluatie", "veiligheidsvoorwaarden")], g.op
    )  # a new plan replaces the old one's moments
    partij = c.casusregie[0] if c.casusregie else (c.houders or [p.VEILIG_THUIS])[0]
    grond = str(c.r("plan.grond"))
    for dag in sorted(g.velden.get("evaluatiemomenten", [])):
        c.start_termijn("plan_evaluatie", partij, grond, g.op, date.fromisoformat(dag))
    if "termijn_voorwaarden" in g.velden:
        c.start_termijn(
            "veiligheidsvoorwaarden",
            partij,
            grond,
            g.op,
            date.fromisoformat(g.velden["termijn_voorwaarden"]),
        )
    if "stabiliteitsperiode_maanden" in g.velden:
        c.stabiliteitsperiode = g.velden["stabiliteitsperiode_maanden"]


@handler("evaluatie")
def evaluatie(c: Casus, g: Gebeurtenis) -> None:
    for veld in ("risicofactoren_aangepakt", "herstel_gestart"):
        if veld in g.velden:
            c.evaluatie[veld] = g.velden[veld]
    lopend = [t for t in c.termijnen_met("plan_evaluatie") if t.loopt]
    if lopend:
        lopend[0].voldaan_op = g.op


@handler("monitoringscontact")
def monitoringscontact(c: Casus, g: Gebeurtenis) -> None:
    if not c.monitoring["actief"]:
        raise Afwijzing(
            "geen_monitoring", "Veilig Thuis monitort deze casus niet (meer).", "§5.2.6, Bijlage 2"
        )
    c.monitoringscontacten.append({"op": g.op, **g.velden})
    dag = g.op.date()
    momenten = [t for t in c.termijnen if t.code.startswith("monitoring_") and t.loopt]
    in_venster = [
        t for t in momenten if t.venster_van and t.uiterlijk and t.venster_van <= dag <= t.uiterlijk
    ]
    te_laat = [t for t in momenten if t.uiterlijk is not None and dag > t.uiterlijk]
    for t in (in_venster or te_laat)[:1]:
        t.voldaan_op = g.op
    if g.velden.get("voorwaarden_nageleefd"):
        c.voldoe(c.termijnen_met("veiligheidsvoorwaarden"), g.op)


@handler("incident")
def incident(c: Casus, g: Gebeurtenis) -> None:
    c.laatste_incident = g.op  # §6.1: an incident restarts the incident-free period
    if c.stabiel_op is not None:
        c.stabiel_op = None
        vorige = [
            r["partij"]
            for r in c.historie
            if r["tot"] is not None
            and r["tot"] == max(h["tot"] for h in c.historie if h["tot"] is not None)
        ]
        if vorige and c.zicht_einde == "stabiele_veiligheid":
            c.draag_zicht_over(vorige, g.op)


def _stabiel_of_weiger(c: Casus, g: Gebeurtenis) -> None:
    ontbreekt = c.stabiliteit_ontbreekt(g.op)
    if ontbreekt and c.stabiel_op is None:
        raise Afwijzing(
            "stabiele_veiligheid_niet_bereikt",
            "Er is nog geen stabiele veiligheid: "
            f"zes maanden zonder incidenten (vanaf {c.vroegst_stabiel()}), "
            "risicofactoren aangepakt en herstel gestart.",
            str(c.r("stabiele_veiligheid.grond")),
            ontbreekt,
        )


@handler("stabiele_veiligheid_vastgesteld")
def stabiele_veiligheid_vastgesteld(c: Casus, g: Gebeurtenis) -> None:
    _stabiel_of_weiger(c, g)
    c.stabiel_op = c.stabiel_op or g.op
    if c.zicht:
        c.beeindig_zicht(g.op, "stabiele_veiligheid")  # §6.1: zicht ends at stable safety


@handler("monitoring_afgesloten")
def monitoring_afgesloten(c: Casus, g: Gebeurtenis) -> None:
    if not c.monitoring["actief"]:
        raise Afwijzing("geen_monitoring", "Veilig Thuis monitort deze casus niet.", "Bijlage 2")
    _stabiel_of_weiger(c, g)
    c.monitoring = {"actief": False, "sinds": None, "afgesloten_op": g.op}
    c.vervallen([t for t in c.termijnen if t.code.startswith("monitoring_")], g.op)
    c.procescoordinatie = None


@handler("casusregie_afgesloten")
def casusregie_afgesloten(c: Casus, g: Gebeurtenis) -> None:
    if c.casusregie is None:
        raise Afwijzing("geen_casusregie", "Er is geen casusregie belegd om af te sluiten.", "§6.3")
    if c.monitoring["actief"] and not g.velden.get("afgestemd_met_veilig_thuis"):
        raise Afwijzing(
            "afstemming_veilig_thuis_vereist",
            "Veilig Thuis monitort: casusregie "
            "sluit alleen af na afstemming met Veilig Thuis en de procescoördinator.",
            str(c.r("casusregie.grond_afstemming")),
        )
    reden = g.velden["reden"]
    if reden == "stabiel_veilig":
        _stabiel_of_weiger(c, g)
    c.casusregie_afgesloten = {"partij": c.casusregie[0], "op": g.op, "reden": reden}
    c.casusregie = None
    if reden == "geen_verbetering_mogelijk":
        c.opschaling_nodig_sinds = g.op  # §6.3: then escalate in the chain


@handler("niet_nakomen_gemeld")
def niet_nakomen_gemeld(c: Casus, g: Gebeurtenis) -> None:
    gemeente = g.velden["gemeente"]
    grond, uiterlijk = _uiterlijk(c, "gemeente_reactie", g.op)
    c.start_termijn(
        "gemeente_reactie",
        p.gemeente_partij(gemeente),
        grond,
        g.op,
        uiterlijk,
        extra={"over": g.velden["partij"]},
    )


@handler("gemeente_reactie")
def gemeente_reactie(c: Casus, g: Gebeurtenis) -> None:
    partij = p.gemeente_partij(g.velden["gemeente"])
    lopend: list[Termijn] = [t for t in c.termijnen_met("gemeente_reactie", partij) if t.loopt]
    if not lopend:
        raise Afwijzing(
            "geen_melding_niet_nakomen",
            f"Er staat geen melding van niet-nakomen open bij {partij}.",
            "§5.5",
        )
    lopend[0].voldaan_op = g.op


@handler("opgeschaald")
def opgeschaald(c: Casus, g: Gebeurtenis) -> None:
    naar = g.velden["naar"]
    overgedragen = any(o.naar != [p.VEILIG_THUIS] for o in c.overdrachten)
    # §5.4: VT takes the initiative until the hand-over, the lokaal veld after it.
    initiatief = (
        next((h for h in c.houders if h != p.VEILIG_THUIS), None)
        if overgedragen
        else p.VEILIG_THUIS
    )
    c.opschalingen.append({"naar": naar, "op": g.op, "initiatief": initiatief})
    if naar == "zorg_en_veiligheidshuis":
        c.procesregie = (p.ZORG_EN_VEILIGHEIDSHUIS, g.op)
    c.opschaling_nodig_sinds = None
