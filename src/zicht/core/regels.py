"""What each event does to a case, and when it is refused (SPEC §2, §4).

One function per event type, registered in `HANDLERS`. A handler first checks every rule and
raises `Afwijzing` before it changes anything, so a refused event leaves no trace.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from zicht.core import overdracht as ov
from zicht.core import partijen as p
from zicht.core.afspraken import VOLGENDE_KANTOORDAG
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


# Steps a closed case still takes: those that reopen it, and the gemeente's part in §5.5.
OP_AFGESLOTEN_CASUS = frozenset(
    {"incident", "nieuwe_melding", "niet_nakomen_gemeld", "gemeente_reactie", "melder_geinformeerd"}
    | {"document_gemaakt"}  # e.g. the feedback to the melder, also after closing
)
# Terms that outlive the case: the gemeente answers a report of non-compliance (§5.5); the
# melder hears the outcome, also of a melding closed without assessment (§5.2.5).
BLIJVEN_NA_AFSLUITEN = frozenset({"gemeente_reactie", "melder_terugkoppeling"})


def pas_toe(casus: Casus, g: Gebeurtenis) -> None:
    if g.type != "melding_ontvangen":
        if casus.melding_op is None:
            regio = casus.afspraken.regels(next(iter(casus.afspraken.gemeenten())), g.op.date())
            raise Afwijzing(
                "geen_melding",
                "Een casus begint met een melding (melding_ontvangen).",
                str(regio("melding.grond")),
            )
        casus.regels = casus.afspraken.regels(casus.gemeenten[0], g.op.date())
        if casus.afgesloten is not None and g.type not in OP_AFGESLOTEN_CASUS:
            sinds = casus.afgesloten["sinds"].strftime("%d-%m-%Y")
            raise Afwijzing(
                "casus_afgesloten",
                f"De casus is afgesloten sinds {sinds}. Alleen een incident of een nieuwe "
                "melding over het gezin opent hem weer.",
                str(casus.r("afsluiting.grond_heropenen")),
            )
    HANDLERS[g.type](casus, g)
    werk_afsluiting_bij(casus, g)


def nog_open(c: Casus) -> list[str]:
    """What keeps the case open: empty when the whole case is closed."""
    open_ = []
    if c.zicht or c.zicht_einde is None:
        open_.append("zicht_op_veiligheid")
    if c.casusregie is not None:
        open_.append("casusregie")
    if c.monitoring["actief"]:
        open_.append("monitoring")
    if c.termijnen_met("veiligheidsbeoordeling") and c.dossier_gesloten_op is None:
        open_.append("dossier_veilig_thuis")
    return open_


def _iets_open(c: Casus) -> bool:
    """`bool(nog_open(c))`, stopping at the first part still open: it runs after every event
    (most of them while zicht is held), so it builds no list."""
    return bool(
        c.zicht
        or c.zicht_einde is None
        or c.casusregie is not None
        or c.monitoring["actief"]
        or (c.dossier_gesloten_op is None and c.termijnen_met("veiligheidsbeoordeling"))
    )


def werk_afsluiting_bij(c: Casus, g: Gebeurtenis) -> None:
    """Closed once nothing is open any more, in whatever order the parts closed."""
    if c.melding_op is None or (c.afgesloten is None and (c.zicht or c.zicht_einde is None)):
        return  # not closed, and zicht still held: nothing closes or reopens (most events)
    dicht = not _iets_open(c)
    if dicht and c.afgesloten is None:
        c.afgesloten = {
            "reden": c.zicht_einde,
            "sinds": g.op,
            "grond": str(c.r("afsluiting.grond")),
        }
        c.vervallen([t for t in c.termijnen if t.code not in BLIJVEN_NA_AFSLUITEN], g.op)
    elif not dicht and c.afgesloten is not None:
        c.heropend.append({"op": g.op, "door": g.type, "afgesloten_sinds": c.afgesloten["sinds"]})
        c.afgesloten = None


def _uiterlijk(casus: Casus, pad: str, start: datetime) -> tuple[str, date]:
    return casus.r.grond_en_uiterlijk(pad, start.date(), casus.afspraken.kalender)


# ---- melding and triage -------------------------------------------------------------------


def is_rechtstreeks_lokaal_veld(melding: dict[str, object]) -> bool:
    """WA 3: police non-HG meldingen and zorgmeldingen without a context story.

    Not when the melding is urgent or a crisis: then WA 2 and Bijlage 1 ("Zodra Veilig Thuis
    kennis heeft genomen van een spoedeisend karakter") make Veilig Thuis hold zicht.
    """
    return (
        melding.get("bron") == "politie"
        and melding.get("politie_soort") in ("niet_hg", "zorgmelding")
        and not melding.get("contextverhaal", False)
        and not melding.get("spoedeisend", False)
        and not melding.get("crisis", False)
    )


@handler("melding_ontvangen")
def melding_ontvangen(c: Casus, g: Gebeurtenis) -> None:
    if c.melding_op is not None:
        raise Afwijzing(
            "al_gemeld",
            "Deze casus heeft al een melding; registreer een nieuwe melding als nieuwe casus.",
            str(c.r("melding.grond")),
        )
    c.gemeenten = list(dict.fromkeys(g.velden["gemeenten"]))
    c.regels = c.afspraken.regels(c.gemeenten[0], g.op.date())
    c.melding, c.melding_op = dict(g.velden), g.op
    kal = c.afspraken.kalender
    if is_rechtstreeks_lokaal_veld(c.melding):
        c.draag_zicht_over([p.lokaal_veld(gm) for gm in c.gemeenten], g.op)
        grond = str(c.r("werkafspraken.politie_rechtstreeks_lokaal_veld.grond"))
        for regel in c.historie:
            regel["grond"] = grond  # WA 3: the police handed it straight to the lokaal veld
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
        pad = "crisis.gemeente_afstemming_crisis." + (
            "binnen_kantooruren" if kal.binnen_kantooruren(g.op) else "buiten_kantooruren"
        )
        if c.r(pad) == VOLGENDE_KANTOORDAG:  # WA 2: "de eerstvolgende werkdag"
            dag = kal.eerstvolgende_kantoordag(g.op)
        else:
            dag = c.r.termijn(pad).uiterlijk(g.op.date(), kal)
        c.start_termijn(
            "gemeente_afstemming_crisis", p.VEILIG_THUIS, str(afstemming["grond"]), g.op, dag
        )


@handler("veiligheidsbeoordeling_afgerond")
def veiligheidsbeoordeling_afgerond(c: Casus, g: Gebeurtenis) -> None:
    nieuwe_loopt = any(t.loopt for t in c.termijnen_met("veiligheidsbeoordeling"))
    if c.triage is not None and not nieuwe_loopt:
        raise Afwijzing(
            "al_beoordeeld",
            "De veiligheidsbeoordeling is al afgerond.",
            str(c.r("veiligheidsbeoordeling.grond")),
        )
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
            str(c.r("veiligheidsbeoordeling.grond_besluit")),
        )
    c.triage = {**g.velden, "op": g.op}
    c.voldoe(c.termijnen_met("veiligheidsbeoordeling"), g.op)
    if not c.zicht and c.zicht_einde is None:
        c.draag_zicht_over([p.VEILIG_THUIS], g.op)  # Bijlage 1: from the end of triage


def dienst_voorbij(c: Casus) -> bool:
    """The service ended before the current triage (a new melding was assessed again)."""
    afgerond = (c.dienst or {}).get("afgerond_op")
    return afgerond is not None and c.triage is not None and c.triage["op"] > afgerond


@handler("dienst_gestart")
def dienst_gestart(c: Casus, g: Gebeurtenis) -> None:
    besluit = (c.triage or {}).get("besluit")
    if besluit != g.velden["dienst"]:
        raise Afwijzing(
            "dienst_niet_besloten",
            f"Deze dienst is niet het triagebesluit (besluit: {besluit or 'nog geen'}).",
            str(c.r("veiligheidsbeoordeling.grond_besluit")),
        )
    if c.dienst is not None and not dienst_voorbij(c):
        raise Afwijzing("dienst_al_gestart", "Deze dienst is al gestart.", str(c.r("dienst.grond")))
    c.dienst = {
        "soort": g.velden["dienst"],
        "gestart_op": g.op,
        "afgerond_op": None,
        "monitoring": True,
    }


@handler("dienst_afgerond")
def dienst_afgerond(c: Casus, g: Gebeurtenis) -> None:
    if c.dienst is None or c.dienst["afgerond_op"] is not None:
        raise Afwijzing(
            "geen_lopende_dienst", "Er loopt geen dienst om af te ronden.", str(c.r("dienst.grond"))
        )
    if "oordeel" in g.velden and c.dienst["soort"] != "onderzoek":
        raise Afwijzing(
            "oordeel_alleen_bij_onderzoek",
            "Een oordeel over huiselijk geweld of "
            "kindermishandeling hoort alleen bij de dienst Onderzoek.",
            str(c.r("overdracht.na_dienst.grond")),
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
    _controleer_toestemming(c, g)
    _controleer_informeren(c, g)
    _controleer_informeren_afspraken(c, g)
    if route == "na_dienst":
        ov.vervang_onvoltooide(c, g.op)
    o = ov.registreer(c, g, route)
    kal = c.afspraken.kalender
    for t in c.termijnen_met("veiligheidsbeoordeling"):
        if t.loopt and route == "gi":
            t.vervallen_op = g.op  # WA 1: the GI takes the melding at once, no triage by VT
    if route in ("direct", "gi"):
        c.draag_zicht_over(o.naar, g.op)
    _werkafspraken_bij_overdracht(c, g, route)
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
        # §2j also after an urgent melding: the lokaal veld is already involved (§2k, footnote 3).
        pad = "start_contact." + ("direct" if route != "na_dienst" else "na_dienst")
        grond, uiterlijk = _uiterlijk(c, pad, g.op)
        c.start_termijn("start_contact", partij, grond, g.op, uiterlijk)
    if route == "direct":
        grond, uiterlijk = _uiterlijk(c, "brief_directbetrokkenen", g.op)
        t = c.start_termijn("brief_directbetrokkenen", p.VEILIG_THUIS, grond, g.op, uiterlijk)
        t.voldaan_op = c.brief_verstuurd_op  # §5.1: informed before the hand-over counts
    if not c.anoniem and route != "gi" and not c.termijnen_met("melder_terugkoppeling"):
        grond = str(c.r(f"melder_terugkoppeling.grond_{route}"))
        signaal = verlopen_vanaf(
            c.r.termijn("melder_terugkoppeling.signaal_na").uiterlijk(g.op.date(), kal)
        )
        c.start_termijn(
            "melder_terugkoppeling", p.VEILIG_THUIS, grond, g.op, None, signaal_vanaf=signaal
        )
    _start_informeren(c, _wie_informeert(c, g, o.naar), g.op)
    _start_ouders_informeren(c, g)
    _start_informeren_afspraken(c, g, lokaal)
    if route == "na_dienst" and c.dienst is not None and c.dienst["monitoring"]:
        _start_monitoring(c, g.op, o.naar)


def _ouders_met_gezag(c: Casus) -> list[str]:
    return [d["id"] for d in c.melding.get("directbetrokkenen", []) if d.get("gezag")]


def _controleer_toestemming(c: Casus, g: Gebeurtenis) -> None:
    """WA 5: consent of one of the parents with gezag is enough; it must be one of them."""
    if "toestemming" not in g.velden:
        return
    grond = str(c.r("werkafspraken.toestemming_een_ouder.grond"))
    gezag = _ouders_met_gezag(c)
    onbekend = [x for x in g.velden["toestemming"] if x not in gezag]
    if onbekend:
        raise Afwijzing(
            "toestemming_geen_ouder_met_gezag",
            "Toestemming voor de overdracht komt van een ouder met gezag uit de melding.",
            grond,
            onbekend,
        )
    if gezag and not g.velden["toestemming"]:
        raise Afwijzing(
            "geen_toestemming",
            "Veilig Thuis draagt over met toestemming van minstens één ouder met gezag.",
            grond,
        )


def _start_ouders_informeren(c: Casus, g: Gebeurtenis) -> None:
    """WA 5: with consent of only one parent, Veilig Thuis informs every parent with gezag."""
    gezag = _ouders_met_gezag(c)
    toestemming = set(g.velden.get("toestemming", gezag))
    if not toestemming or set(gezag) <= toestemming:
        return
    grond, uiterlijk = _uiterlijk(c, "werkafspraken.toestemming_een_ouder", g.op)
    t = c.start_termijn("ouders_met_gezag_informeren", p.VEILIG_THUIS, grond, g.op, uiterlijk)
    if set(gezag) <= c.geinformeerd_door_vt:
        t.voldaan_op = g.op


def _werkafspraken_bij_overdracht(c: Casus, g: Gebeurtenis, route: str) -> None:
    """WA 1: a copy to the gemeente of a hand-over to the GI; WA 11: VT contacts the manager of
    the gemeente whose professional is involved, once the case goes to another gemeente."""
    cc = set(g.velden.get("cc", []))
    if route == "gi":
        grond, uiterlijk = _uiterlijk(c, "kopie_gemeente", g.op)
        for gemeente in c.gemeenten:
            aan = p.gemeente_partij(gemeente)
            t = c.start_termijn(
                "kopie_gemeente", p.VEILIG_THUIS, grond, g.op, uiterlijk, extra={"aan": aan}
            )
            if aan in cc:
                t.voldaan_op = g.op
    betrokken = c.melding.get("betrokken_medewerker_gemeente")
    elders = [n for n in g.velden["naar"] if p.is_lokaal_veld(n) and p.kwalificatie(n) != betrokken]
    if betrokken and elders and not c.termijnen_met("leidinggevende_informeren"):
        kal = c.afspraken.kalender
        signaal = verlopen_vanaf(
            c.r.termijn("leidinggevende_informeren.signaal_na").uiterlijk(g.op.date(), kal)
        )
        c.start_termijn(
            "leidinggevende_informeren",
            p.VEILIG_THUIS,
            str(c.r("leidinggevende_informeren.grond")),
            g.op,
            None,
            signaal_vanaf=signaal,
            extra={"gemeente": betrokken},
        )


@handler("kopie_verstuurd")
def kopie_verstuurd(c: Casus, g: Gebeurtenis) -> None:
    aan = g.velden["aan"]
    c.voldoe([t for t in c.termijnen_met("kopie_gemeente") if t.extra.get("aan") == aan], g.op)


@handler("leidinggevende_geinformeerd")
def leidinggevende_geinformeerd(c: Casus, g: Gebeurtenis) -> None:
    betrokken = c.melding.get("betrokken_medewerker_gemeente")
    if g.velden["gemeente"] != betrokken:
        raise Afwijzing(
            "geen_betrokken_gemeente",
            "Alleen de leidinggevende van de gemeente waarvan een medewerker direct betrokken "
            "is, wordt hierover geïnformeerd.",
            str(c.r("leidinggevende_informeren.grond")),
        )
    c.leidinggevende_geinformeerd_op = c.leidinggevende_geinformeerd_op or g.op
    c.voldoe(c.termijnen_met("leidinggevende_informeren"), g.op)


@handler("huisbezoek")
def huisbezoek(c: Casus, g: Gebeurtenis) -> None:
    """WA 10: the gemeente or another party joins VT on the first home visit when possible."""
    c.huisbezoeken.append(
        {
            "op": g.op,
            "samen_met": list(g.velden.get("samen_met", [])),
            "grond": str(c.r("eerste_huisbezoek.grond")),
        }
    )


def _wie_informeert(c: Casus, g: Gebeurtenis, naar: list[str]) -> list[str]:
    """Bijlage 3b: informing is left to the lokaal veld only when every criterion holds."""
    door = g.velden.get("informeren_door")
    if door == "veilig_thuis":
        return [p.VEILIG_THUIS]
    return naar


def _controleer_informeren(c: Casus, g: Gebeurtenis) -> None:
    per_persoon = {a["door"] for a in g.velden.get("informeren_afspraken", [])}
    if g.velden.get("informeren_door") != "lokaal_veld" and "lokaal_veld" not in per_persoon:
        return
    regel = c.r("informeren_3b")
    ontbreekt = [k for k in regel["criteria"] if k not in g.velden.get("criteria_informeren", [])]
    if ontbreekt:
        raise Afwijzing(
            "criteria_informeren_niet_vervuld",
            "Het informeren van de directbetrokkenen gaat alleen naar het lokale veld als alle "
            "criteria gelden; anders informeert Veilig Thuis.",
            str(regel["grond"]),
            ontbreekt,
        )


def _controleer_informeren_afspraken(c: Casus, g: Gebeurtenis) -> None:
    """§5.1.2: the hand-over names, per member of the family, who informs them and by when."""
    afspraken = g.velden.get("informeren_afspraken", [])
    if not afspraken:
        return
    grond = str(c.r("informeren_afspraken.grond"))
    personen = {d["id"] for d in c.melding.get("directbetrokkenen", [])}
    onbekend = [a["persoon"] for a in afspraken if a["persoon"] not in personen]
    if onbekend:
        raise Afwijzing(
            "onbekende_directbetrokkene",
            "Afspraken over het informeren gaan over de directbetrokkenen uit de melding.",
            grond,
            onbekend,
        )
    if any(a["door"] == "lokaal_veld" for a in afspraken) and not any(
        p.is_lokaal_veld(n) for n in g.velden["naar"]
    ):
        raise Afwijzing(
            "informeren_geen_lokaal_veld",
            "Het lokale veld kan alleen informeren als de casus aan het lokale veld wordt "
            "overgedragen.",
            grond,
        )
    te_vroeg = [a["persoon"] for a in afspraken if date.fromisoformat(a["uiterlijk"]) < g.op.date()]
    if te_vroeg:
        raise Afwijzing(
            "informeren_moment_voorbij",
            "Het afgesproken moment van informeren ligt vóór de overdracht.",
            grond,
            te_vroeg,
        )


def _start_informeren_afspraken(c: Casus, g: Gebeurtenis, lokaal: list[str]) -> None:
    """§5.1.2: each agreement becomes a term for the party that informs that person."""
    afspraken = g.velden.get("informeren_afspraken", [])
    if not afspraken:
        return
    grond = str(c.r("informeren_afspraken.grond"))
    for a in afspraken:
        wie = [p.VEILIG_THUIS] if a["door"] == "veilig_thuis" else lokaal
        for partij in wie:
            t = c.start_termijn(
                "directbetrokkene_informeren_afgesproken",
                partij,
                grond,
                g.op,
                date.fromisoformat(a["uiterlijk"]),
                extra={"persoon": a["persoon"]},
            )
            if a["persoon"] in c.geinformeerd_door.get(partij, set()):
                t.voldaan_op = g.op
        c.informeren_afspraken.append(
            {"persoon": a["persoon"], "door": wie, "uiterlijk": a["uiterlijk"], "grond": grond}
        )


@handler("veilig_thuis_geraadpleegd")
def veilig_thuis_geraadpleegd(c: Casus, g: Gebeurtenis) -> None:
    """Bijlage 3b: during the help the lokaal veld consults VT on these grounds."""
    c.raadplegingen.append(
        {
            "op": g.op,
            "reden": g.velden["reden"],
            "grond": str(c.r("informeren_3b.grond_raadplegen")),
        }
    )


@handler("verwijsindex_gemeld")
def verwijsindex_gemeld(c: Casus, g: Gebeurtenis) -> None:
    """Bijlage 3b: the agreed use of the verwijsindex, a recorded fact with its ground."""
    c.verwijsindex.append({"op": g.op, "grond": str(c.r("informeren_3b.grond_verwijsindex"))})


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


def _start_monitoring(c: Casus, op: datetime, naar: list[str]) -> None:
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
    c.gesproken = gesproken_sinds(c.monitoringscontacten, op)
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
    c.procescoordinatie = (_procescoordinatoren(c, naar), op)


def _procescoordinatoren(c: Casus, naar: list[str]) -> list[str]:
    """Bijlage 1: the gemeenten whose lokaal veld took the case over coordinate the monitoring.

    WA 11: never the gemeente whose own professional is directly involved.
    """
    betrokken = c.melding.get("betrokken_medewerker_gemeente")
    gemeenten = [p.kwalificatie(n) for n in naar if p.is_lokaal_veld(n)] or list(c.gemeenten)
    return [p.gemeente_partij(g) for g in dict.fromkeys(gemeenten) if g and g != betrokken]


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
    houder = door in c.houders
    if not houder and _samen_optrekken(c, door):
        # §2k, §5.2.1: the lokaal veld joins during a VT service; Veilig Thuis keeps zicht.
        grond = str(c.r("start_contact.tijdens_dienst.grond"))
        c.samen_optrekken.append({"partij": door, "op": g.op, "grond": grond})
        return
    if not houder:
        ov.laatste_aan(c, door)
    c.voldoe(c.termijnen_met("start_contact", door), g.op)


def _samen_optrekken(c: Casus, door: str) -> bool:
    """A lokaal veld's contact while a VT service runs and nothing was handed over to it yet."""
    return (
        c.dienst is not None
        and p.is_lokaal_veld(door)
        and not any(door in o.naar for o in c.overdrachten)
    )


@handler("brief_directbetrokkenen_verstuurd")
def brief_verstuurd(c: Casus, g: Gebeurtenis) -> None:
    c.brief_verstuurd_op = c.brief_verstuurd_op or g.op
    c.voldoe(c.termijnen_met("brief_directbetrokkenen"), g.op)


@handler("melder_geinformeerd")
def melder_geinformeerd(c: Casus, g: Gebeurtenis) -> None:
    if c.anoniem:
        raise Afwijzing(
            "melder_anoniem",
            "De melder is anoniem en kan niet worden teruggekoppeld.",
            str(c.r("melder_terugkoppeling.grond_direct")),
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
            str(c.r("directbetrokkenen_informeren.grond")),
        )
    c.geinformeerd.add(persoon)
    door = g.velden.get("door", p.VEILIG_THUIS)
    c.geinformeerd_door.setdefault(door, set()).add(persoon)
    # Each check below only where a term of its kind was started (most cases have none).
    if afgesproken := c.termijnen_met("directbetrokkene_informeren_afgesproken"):
        c.voldoe(
            [t for t in afgesproken if t.partij == door and t.extra.get("persoon") == persoon],
            g.op,
        )  # §5.1.2: the party agreed in the hand-over informed this person
    if door == p.VEILIG_THUIS:
        c.geinformeerd_door_vt.add(persoon)
        ouders = c.termijnen_met("ouders_met_gezag_informeren")
        if ouders and c.geinformeerd_door_vt.issuperset(_ouders_met_gezag(c)):
            c.voldoe(ouders, g.op)  # WA 5
    alle = c.termijnen_met("directbetrokkenen_informeren")
    if alle and c.geinformeerd.issuperset(personen):
        c.voldoe(alle, g.op)


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
    _beoordeeld_of_weiger(c)
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
                str(c.r("zicht.grond_einde")),
            )
        c.beeindig_zicht(g.op, "dossier_gesloten")  # §5.2.6: the service concluded it can close
    c.dossier_gesloten_op = g.op


# ---- after the hand-over: plan, casusregie, monitoring, stable safety ------------------------


@handler("casusregie_belegd")
def casusregie_belegd(c: Casus, g: Gebeurtenis) -> None:
    _overgedragen_of_weiger(c, "Casusregie", str(c.r("casusregie.grond_delegatie")))
    wissel = c.casusregie is not None and c.casusregie[0] != g.velden["bij"]
    if wissel and c.monitoring["actief"] and not g.velden.get("afgestemd_met_veilig_thuis"):
        # Bijlage 1: during monitoring casusregie changes only after consulting VT and the
        # procescoördinator.
        raise Afwijzing(
            "afstemming_veilig_thuis_vereist",
            "Veilig Thuis monitort: de casusregie wisselt alleen na afstemming met Veilig Thuis "
            "en de procescoördinator.",
            str(c.r("casusregie.grond_afstemming")),
        )
    c.casusregie = (g.velden["bij"], g.op)
    c.casusregie_afgesloten = None


@handler("plan_vastgesteld")
def plan_vastgesteld(c: Casus, g: Gebeurtenis) -> None:
    _overgedragen_of_weiger(
        c, "Het veiligheids-, hulpverlenings- en herstelplan", str(c.r("plan.grond"))
    )
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
    data = [*g.velden.get("evaluatiemomenten", []), g.velden.get("termijn_voorwaarden")]
    eerder = sorted(d for d in data if d is not None and date.fromisoformat(d) < g.op.date())
    if eerder:
        genoemd = ", ".join(date.fromisoformat(d).strftime("%d-%m-%Y") for d in eerder)
        raise Afwijzing(
            "plandatum_verstreken",
            f"Een datum in het plan ({genoemd}) ligt vóór de dag waarop het plan wordt "
            f"vastgesteld ({g.op.strftime('%d-%m-%Y')}): evaluatiemomenten en de termijn voor "
            "de voorwaarden liggen vanaf die dag.",
            str(c.r("plan.grond")),
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
    if g.velden.get("voorwaarden_nageleefd"):
        c.voldoe(c.termijnen_met("veiligheidsvoorwaarden"), g.op)  # §6.2: the plan's own check
    lopend = [t for t in c.termijnen_met("plan_evaluatie") if t.loopt]
    if lopend:
        lopend[0].voldaan_op = g.op


@handler("monitoringscontact")
def monitoringscontact(c: Casus, g: Gebeurtenis) -> None:
    if not c.monitoring["actief"]:
        raise Afwijzing(
            "geen_monitoring",
            "Veilig Thuis monitort deze casus niet (meer).",
            str(c.r("monitoring.grond_dienst")),
        )
    if gesproken := g.velden.get("gesproken"):
        personen = {d["id"] for d in c.melding.get("directbetrokkenen", [])}
        onbekend = [x for x in gesproken if x not in personen]
        if onbekend:
            raise Afwijzing(
                "onbekende_directbetrokkene",
                "Monitoring gaat over individueel contact met de directbetrokkenen uit de melding.",
                str(c.r("monitoring_inhoud.grond")),
                onbekend,
            )
    c.monitoringscontacten.append({"op": g.op, **g.velden})
    # Monitoring runs, so it started at or before this contact: this contact counts.
    if scores := g.velden.get("scores"):
        c.gesproken.update([s["door"] for s in scores])
    if gesproken:
        c.gesproken.update(gesproken)
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


def gesproken_sinds(contacten: list[dict[str, Any]], sinds: datetime | None) -> set[str]:
    """Bijlage 2: the directbetrokkenen Veilig Thuis had individual contact with (a score or
    recorded as spoken to) in the contacts from `sinds` (all of them when None)."""
    uit: set[str] = set()
    for m in contacten:
        if sinds is None or m["op"] >= sinds:
            uit.update([s["door"] for s in m.get("scores", ())], m.get("gesproken", ()))
    return uit


def _laatste_houders(c: Casus) -> list[str]:
    einden = [h["tot"] for h in c.historie if h["tot"] is not None]
    return [r["partij"] for r in c.historie if einden and r["tot"] == max(einden)]


@handler("monitoringsafspraken_vastgelegd")
def monitoringsafspraken_vastgelegd(c: Casus, g: Gebeurtenis) -> None:
    """Bijlage 2: VT agrees with the family and the receiving party how often, with whom and
    how it keeps contact; at least at 3 and 12 months (the fixed moments stay)."""
    grond = str(c.r("monitoring_inhoud.grond_afspraken"))
    if not c.monitoring["actief"]:
        raise Afwijzing("geen_monitoring", "Veilig Thuis monitort deze casus niet (meer).", grond)
    personen = {d["id"] for d in c.melding.get("directbetrokkenen", [])}
    onbekend = [x for x in g.velden.get("met", []) if x not in personen]
    if onbekend:
        raise Afwijzing(
            "onbekende_directbetrokkene",
            "Monitoringsafspraken gaan over de directbetrokkenen uit de melding.",
            grond,
            onbekend,
        )
    c.monitoring["afspraken"] = {"op": g.op, **g.velden, "grond": grond}


@handler("incident")
def incident(c: Casus, g: Gebeurtenis) -> None:
    c.laatste_incident = g.op  # §6.1: an incident restarts the incident-free period
    gesloten = c.afgesloten is not None
    if c.stabiel_op is not None:
        c.stabiel_op = None
        vorige = _laatste_houders(c)
        if vorige and c.zicht_einde == "stabiele_veiligheid":
            c.draag_zicht_over(vorige, g.op)
    if gesloten and not c.zicht:
        # A closed case reopens: zicht returns to whoever held it last (never a gap).
        c.draag_zicht_over(_laatste_houders(c) or [p.VEILIG_THUIS], g.op)
    if gesloten and p.VEILIG_THUIS in c.houders:
        c.dossier_gesloten_op = None  # Veilig Thuis holds zicht again: its file is open


def _beoordeeld_of_weiger(c: Casus) -> None:
    """§4: Veilig Thuis assesses the safety in every melding it is responsible for first.

    Not for a melding that never needed VT's assessment (WA 3) or whose term lapsed (WA 1).
    """
    moet = any(t.vervallen_op is None for t in c.termijnen_met("veiligheidsbeoordeling"))
    if c.triage is None and moet:
        raise Afwijzing(
            "veiligheidsbeoordeling_ontbreekt",
            "Veilig Thuis beoordeelt in alle meldingen eerst de veiligheid; "
            "dat is bij deze melding nog niet gebeurd.",
            str(c.r("veiligheidsbeoordeling.grond_alle_meldingen")),
        )


def _overgedragen_of_weiger(c: Casus, wat: str, grond: str) -> None:
    """§1.1, §2n: casusregie and the plan lie with whoever took the case over."""
    if not c.overdrachten and not any(h != p.VEILIG_THUIS for h in c.houders):
        raise Afwijzing(
            "geen_overdracht",
            f"{wat} hoort bij de partij die de casus heeft overgenomen: er is nog niets "
            "overgedragen.",
            grond,
        )


def _stabiel_of_weiger(c: Casus, g: Gebeurtenis) -> None:
    ontbreekt = c.stabiliteit_ontbreekt(g.op)
    if ontbreekt and c.stabiel_op is None:
        raise Afwijzing(
            "stabiele_veiligheid_niet_bereikt",
            "Er is nog geen stabiele veiligheid: "
            f"{c.stabiliteitsmaanden()} maanden zonder incidenten (vanaf "
            f"{c.vroegst_stabiel().strftime('%d-%m-%Y')}), risicofactoren aangepakt en herstel "
            "gestart.",
            str(c.r("stabiele_veiligheid.grond")),
            ontbreekt,
        )


@handler("stabiele_veiligheid_vastgesteld")
def stabiele_veiligheid_vastgesteld(c: Casus, g: Gebeurtenis) -> None:
    _beoordeeld_of_weiger(c)
    _stabiel_of_weiger(c, g)
    c.stabiel_op = c.stabiel_op or g.op
    if c.zicht:
        c.beeindig_zicht(g.op, "stabiele_veiligheid")  # §6.1: zicht ends at stable safety


@handler("monitoring_afgesloten")
def monitoring_afgesloten(c: Casus, g: Gebeurtenis) -> None:
    if not c.monitoring["actief"]:
        raise Afwijzing(
            "geen_monitoring",
            "Veilig Thuis monitort deze casus niet.",
            str(c.r("monitoring.grond")),
        )
    _stabiel_of_weiger(c, g)
    momenten = set(c.r("monitoring.momenten"))
    open_ = [t.code for t in c.termijnen if t.code in momenten and t.loopt]
    if open_:
        raise Afwijzing(
            "monitoring_momenten_open",
            "Veilig Thuis monitort tenminste na 3 en 12 maanden: "
            "sluit de monitoring pas af na het contact op elk moment.",
            str(c.r("monitoring.grond")),
            open_,
        )
    c.monitoring = {"actief": False, "sinds": None, "afgesloten_op": g.op}
    c.gesproken = gesproken_sinds(c.monitoringscontacten, None)
    c.vervallen([t for t in c.termijnen if t.code.startswith("monitoring_")], g.op)
    c.procescoordinatie = None


@handler("casusregie_afgesloten")
def casusregie_afgesloten(c: Casus, g: Gebeurtenis) -> None:
    if c.casusregie is None:
        raise Afwijzing(
            "geen_casusregie",
            "Er is geen casusregie belegd om af te sluiten.",
            str(c.r("casusregie.grond")),
        )
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
        # §6.3 "de conclusie is getrokken dat het stabiel veilig is": that establishes it (§6.1)
        c.stabiel_op = c.stabiel_op or g.op
        if c.zicht:
            c.beeindig_zicht(g.op, "stabiele_veiligheid")
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
            str(c.r("gemeente_reactie.grond")),
        )
    lopend[0].voldaan_op = g.op


@handler("opgeschaald")
def opgeschaald(c: Casus, g: Gebeurtenis) -> None:
    naar = g.velden["naar"]
    regel = c.r("opschaling")
    volgorde = list(regel["volgorde"])
    if naar in volgorde:
        # §5.5: first the gedragswetenschappers, then (eventueel) the leidinggevenden.
        eerder = {o["naar"] for o in c.opschalingen}
        overgeslagen = [v for v in volgorde[: volgorde.index(naar)] if v not in eerder]
        if overgeslagen:
            raise Afwijzing(
                "opschalen_volgorde",
                "Opschalen gaat in stappen: eerst naar de gedragswetenschappers "
                "(procesbegeleiders, coördinator), daarna eventueel naar de leidinggevenden.",
                str(regel["grond"]),
                overgeslagen,
            )
    # §5.4: VT takes the initiative "in de periode van melding tot overdracht", the lokaal veld
    # "vanaf het moment dat de casus is overgedragen": when zicht passed to it (after a service:
    # at acceptance, §5.2.1). The last party that took over keeps it once zicht has ended.
    overgenomen = [r["partij"] for r in c.historie if r["partij"] != p.VEILIG_THUIS]
    initiatief = next(
        (h for h in c.houders if h != p.VEILIG_THUIS),
        overgenomen[-1] if overgenomen else p.VEILIG_THUIS,
    )
    opschaling: dict[str, Any] = {
        "naar": naar,
        "op": g.op,
        "initiatief": initiatief,
        "grond": str(c.r("opschalen.grond")),
        "grond_initiatief": str(c.r("opschalen.grond_initiatief")),
    }
    for veld in ("reden", "partij"):
        if veld in g.velden:
            opschaling[veld] = g.velden[veld]
    c.opschalingen.append(opschaling)
    # The party escalated to gets it in its worklist, with a term to react (§5.5). The Z&VH
    # always does: it takes procesregie (§5.5.1, Bijlage 1) and answers with its own term.
    reageren = {g.velden["partij"]: "opschaling"} if "partij" in g.velden else {}
    if naar == p.ZORG_EN_VEILIGHEIDSHUIS:
        reageren[p.ZORG_EN_VEILIGHEIDSHUIS] = "opschaling.zorg_en_veiligheidshuis"
        c.procesregie = (p.ZORG_EN_VEILIGHEIDSHUIS, g.op)
    for partij, regel_pad in reageren.items():
        grond, uiterlijk = _uiterlijk(c, regel_pad, g.op)
        c.start_termijn(
            "opschaling_reactie",
            partij,
            grond,
            g.op,
            uiterlijk,
            extra={"naar": naar, "reden": g.velden.get("reden")},
        )
    c.opschaling_nodig_sinds = None


@handler("document_gemaakt")
def document_gemaakt(c: Casus, g: Gebeurtenis) -> None:
    """A document made from the case: recorded with its hash; no rule of the lifecycle moves."""


@handler("opschaling_beantwoord")
def opschaling_beantwoord(c: Casus, g: Gebeurtenis) -> None:
    door = g.velden["door"]
    lopend = [t for t in c.termijnen_met("opschaling_reactie", door) if t.loopt]
    if not lopend:
        raise Afwijzing(
            "geen_opschaling",
            f"Er staat geen opschaling open waarop {door} moet reageren.",
            str(c.r("opschaling.grond")),
        )
    lopend[0].voldaan_op = g.op


# ---- the lifecycle beyond the first contract: return, re-route, urgency, new melding --------


@handler("overdracht_teruggewezen")
def overdracht_teruggewezen(c: Casus, g: Gebeurtenis) -> None:
    """The recipient returns a hand-over (wrong gemeente, incomplete); zicht goes back to VT."""
    door = g.velden["door"]
    o = ov.laatste_aan(c, door)
    grond = str(c.r("terugwijzen.grond"))
    if door in o.geaccepteerd or door in o.teruggewezen:
        raise Afwijzing(
            "overdracht_niet_terug_te_wijzen",
            "Deze overdracht is al geaccepteerd of teruggewezen; bij verschil van inzicht: "
            "schaal op.",
            grond,
        )
    if c.casusregie is not None and c.casusregie[0] == door:
        raise Afwijzing(
            "overdracht_niet_terug_te_wijzen",
            "De casusregie is al belegd: wijs de overdracht niet meer terug, schaal op.",
            grond,
        )
    o.teruggewezen[door] = g.op
    c.vervallen(
        [t for t in c.termijnen if t.partij == door and t.gestart_op >= o.op], g.op
    )  # the terms of the returned hand-over lapse: they are not overdue
    if door in c.houders:
        # One atomic transfer back to Veilig Thuis: never a moment without a holder.
        c.draag_zicht_over([h for h in c.houders if h != door] or [p.VEILIG_THUIS], g.op)
    teruggewezen: dict[str, Any] = {
        "door": door,
        "reden": g.velden["reden"],
        "op": g.op,
        "grond": grond,
    }
    if "gemeente" in g.velden:
        teruggewezen["gemeente"] = g.velden["gemeente"]
    c.teruggewezen.append(teruggewezen)


@handler("gemeenten_gewijzigd")
def gemeenten_gewijzigd(c: Casus, g: Gebeurtenis) -> None:
    """Re-routing: the family turns out to live in another gemeente; the next hand-over goes
    there (every gemeente of the family gets it, §5.2.4)."""
    wacht = any(
        o.moment == "na_dienst" and set(o.naar) - set(o.geaccepteerd) - set(o.teruggewezen)
        for o in c.overdrachten[-1:]
    )
    if any(h != p.VEILIG_THUIS for h in c.houders) or wacht:
        raise Afwijzing(
            "gemeenten_niet_te_wijzigen",
            "De casus ligt bij een andere partij: die wijst de overdracht eerst terug.",
            str(c.r("terugwijzen.grond")),
        )
    c.gemeenten = list(dict.fromkeys(g.velden["gemeenten"]))
    c.regels = c.afspraken.regels(c.gemeenten[0], g.op.date())


@handler("spoedeisend_gebleken")
def spoedeisend_gebleken(c: Casus, g: Gebeurtenis) -> None:
    """Bijlage 1: from the moment VT knows a melding is urgent, VT holds zicht."""
    grond = str(c.r("spoedeisend.grond"))
    if c.melding.get("spoedeisend"):
        raise Afwijzing("al_spoedeisend", "De melding is al als spoedeisend bekend.", grond)
    if any(h != p.VEILIG_THUIS for h in c.houders):
        raise Afwijzing(
            "al_overgedragen",
            "Het zicht op veiligheid ligt al bij een andere partij; leg een incident of een "
            "nieuwe melding vast.",
            grond,
        )
    c.melding["spoedeisend"] = True
    c.spoedeisend_sinds = g.op
    if not c.zicht:
        c.draag_zicht_over([p.VEILIG_THUIS], g.op)


@handler("nieuwe_melding")
def nieuwe_melding(c: Casus, g: Gebeurtenis) -> None:
    """A new melding about the family, linked to this case: a new safety assessment by VT;
    whoever holds zicht and casusregie keeps it (no silent reset). A closed case reopens."""
    kal = c.afspraken.kalender
    c.nieuwe_meldingen.append({"op": g.op, **g.velden})
    c.vervallen(c.termijnen_met("veiligheidsbeoordeling"), g.op)
    grond = str(c.r("veiligheidsbeoordeling.grond"))
    uiterlijk = c.r.termijn("veiligheidsbeoordeling.termijn").uiterlijk(g.op.date(), kal)
    c.start_termijn("veiligheidsbeoordeling", p.VEILIG_THUIS, grond, g.op, uiterlijk)
    c.dossier_gesloten_op = None  # Veilig Thuis assesses again: its file is open
    c.stabiel_op = None  # the new melding puts the safety in question again
    if not c.zicht:
        c.zicht_einde = None  # Bijlage 1 applies again: VT from triage (or from now if urgent)
        if g.velden.get("spoedeisend") or g.velden.get("crisis"):
            c.draag_zicht_over([p.VEILIG_THUIS], g.op)
