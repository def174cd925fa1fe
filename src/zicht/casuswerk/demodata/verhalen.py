"""Stories of synthetic cases: the events of one family, as days after the melding.

Each phase takes a route (direct hand-over, a VT service with or without monitoring, WA 3,
crisis) and where to stop; the builder in `vullen.py` appends what happened before `--nu`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from zicht.core import partijen as p

DIRECT = [
    "inhoud_melding",
    "contactgegevens_directbetrokkenen",
    "contactgegevens_melder",
    "triagebesluit",
    "informatie_veiligheidsbeoordeling",
]
NA_DIENST = [
    "inhoud_melding",
    "contactgegevens_directbetrokkenen",
    "veiligheidsvoorwaarden",
    "consequenties_onvoldoende_herstel",
    "afspraken_plan",
]
PLAN = [
    "vertaling_veiligheidsvoorwaarden",
    "termijn_voorwaarden",
    "consequenties",
    "risicofactoren",
    "hulp_en_herstel",
    "evaluatiemomenten",
]
VT = ("vt.medewerker", p.VEILIG_THUIS)
ZVH = ("zvh.regisseur", p.ZORG_EN_VEILIGHEIDSHUIS)
GEDRAG = "vt.gedrag"


@dataclass(frozen=True)
class Stap:
    dag: float  # days after the melding
    type: str
    velden: dict[str, Any]
    door: tuple[str, str]  # (actor, organisation)


@dataclass(frozen=True)
class Fase:
    naam: str
    route: str
    leeftijd: tuple[int, int]  # how many days ago the melding came in
    stop_na: str | None = None  # keep events up to and including the first of this type
    gewicht: int = 1
    regie: str = "lokaal_veld"  # or "zorgaanbieder"
    extra: str | None = None  # "zvh" or "niet_nakomen"


FASEN = (
    Fase("vers", "direct", (0, 3), "melding_ontvangen", 10),
    Fase("beoordeling_te_laat", "direct", (10, 20), "melding_ontvangen", 6),
    Fase("crisis", "crisis", (0, 1), "crisisdienst_gecontacteerd", 3),
    Fase("wacht_op_ontvangst", "direct", (5, 25), "overdracht", 10),
    Fase("wacht_op_contact", "direct", (8, 30), "melder_geinformeerd", 8),
    Fase("lopend", "direct", (30, 150), None, 12),
    Fase("dienst", "onderzoek", (6, 35), "dienst_gestart", 8),
    Fase("wacht_op_acceptatie", "voorwaarden_en_vervolg", (44, 60), "overdracht", 6),
    Fase("monitoring", "onderzoek", (60, 380), "evaluatie_slot", 14),
    Fase("stabiel", "direct", (200, 400), None, 8),
    Fase("stabiel_na_monitoring", "onderzoek", (430, 520), None, 4),
    Fase("gesloten", "zonder_monitoring", (45, 200), None, 4),
    Fase("politie_rechtstreeks", "wa3", (1, 60), None, 3),
    Fase("zorgaanbieder", "direct", (40, 150), None, 4, regie="zorgaanbieder"),
    Fase("zorg_en_veiligheidshuis", "direct", (20, 100), None, 2, extra="zvh"),
    Fase("niet_nakomen", "direct", (30, 90), "niet_nakomen_gemeld", 2, extra="niet_nakomen"),
)


def lv_actor(gemeente: str) -> tuple[str, str]:
    slug = gemeente.lower().replace(" ", "-")
    return f"lv.{slug}", p.lokaal_veld(gemeente)


def _melding(rnd: random.Random, gemeenten: list[str], personen: list[dict[str, Any]]) -> Stap:
    bron = rnd.choices(["professional", "burger", "politie", "anoniem"], [60, 20, 15, 5])[0]
    velden: dict[str, Any] = {"gemeenten": gemeenten, "bron": bron, "directbetrokkenen": personen}
    if bron == "politie":
        velden |= {"politie_soort": "hg", "contextverhaal": True}
    if rnd.random() < 0.1:
        velden["spoedeisend"] = True
    return Stap(0, "melding_ontvangen", velden, VT)


def _triage(besluit: str) -> Stap:
    velden = {
        "besluit": besluit,
        "onderbouwing": "Synthetische demo-onderbouwing.",
        "beoordelaars": [VT[0], GEDRAG],
    }
    return Stap(3, "veiligheidsbeoordeling_afgerond", velden, VT)


def _na_overdracht(
    start: float, lvs: list[str], personen: list[str], regie: tuple[str, str], melding: date
) -> list[Stap]:
    """Receipt, letter, melder, informing, contact, casusregie, plan, first evaluation."""
    eerste = lv_actor(p.kwalificatie(lvs[0]) or "")
    plan = PLAN + (["afstemming_gemeenten"] if len(lvs) > 1 else [])
    # After a service VT checks the conditions at its monitoring contacts (§6.2, Bijlage 2).
    voorwaarden = (
        {"termijn_voorwaarden": (melding + timedelta(days=150)).isoformat()} if start > 30 else {}
    )
    evaluaties = [(melding + timedelta(days=d)).isoformat() for d in (80, 170)]
    stappen = [Stap(start + 1, "ontvangst_bevestigd", {"door": lv}, lv_actor(_g(lv))) for lv in lvs]
    stappen += [Stap(start + 2, "melder_geinformeerd", {}, VT)]
    stappen += [
        Stap(start + 4, "directbetrokkene_geinformeerd", {"persoon": pid}, eerste)
        for pid in personen
    ]
    stappen += [Stap(start + 9, "contact_gestart", {"door": lv}, lv_actor(_g(lv))) for lv in lvs]
    stappen += [
        Stap(start + 11, "casusregie_belegd", {"bij": regie[1]}, eerste),
        Stap(
            start + 17,
            "plan_vastgesteld",
            {"onderdelen": plan, "evaluatiemomenten": evaluaties} | voorwaarden,
            regie,
        ),
        Stap(80, "evaluatie", {"risicofactoren_aangepakt": True}, regie),
    ]
    return stappen


def _g(partij: str) -> str:
    return p.kwalificatie(partij) or ""


def verhaal(
    rnd: random.Random,
    fase: Fase,
    gemeenten: list[str],
    personen: list[dict[str, Any]],
    melding: date,
    zorgaanbieder: str,
) -> list[Stap]:
    """Every event of this phase's route in time order; cut later at `stop_na` and at --nu."""
    lvs = [p.lokaal_veld(g) for g in gemeenten]
    ids = [x["id"] for x in personen]
    regie = (
        (f"za.{_g(zorgaanbieder).lower()}", zorgaanbieder)
        if fase.regie == "zorgaanbieder"
        else lv_actor(gemeenten[0])
    )
    eerste = _melding(rnd, gemeenten, personen)
    if fase.route == "crisis":
        eerste = Stap(0, "melding_ontvangen", eerste.velden | {"crisis": True}, VT)
        stappen = [
            eerste,
            Stap(0.02, "crisisdienst_gecontacteerd", {}, VT),
            Stap(0.1, "gemeente_afgestemd", {}, VT),
        ]
        return stappen + [_triage("lokaal_veld")]
    if fase.route == "wa3":
        velden = {
            "gemeenten": gemeenten,
            "bron": "politie",
            "politie_soort": "zorgmelding",
            "directbetrokkenen": personen,
        }
        stappen = [Stap(0, "melding_ontvangen", velden, VT)]
        stappen += [Stap(6, "contact_gestart", {"door": lv}, lv_actor(_g(lv))) for lv in lvs]
        return stappen + [Stap(8, "casusregie_belegd", {"bij": lvs[0]}, lv_actor(gemeenten[0]))]
    if fase.route == "direct":
        stappen = [eerste, _triage("lokaal_veld")]
        stappen.append(
            Stap(
                3.05,
                "overdracht",
                {"moment": "direct", "naar": lvs, "informatie": DIRECT, "wijze": "digitaal"},
                VT,
            )
        )
        if fase.extra == "niet_nakomen":
            stappen.append(
                Stap(27, "niet_nakomen_gemeld", {"partij": lvs[0], "gemeente": gemeenten[0]}, VT)
            )
        stappen += [Stap(4, "brief_directbetrokkenen_verstuurd", {}, VT)]
        stappen += _na_overdracht(3.05, lvs, ids, regie, melding)
        if fase.extra == "zvh":
            stappen.append(Stap(19, "opgeschaald", {"naar": "zorg_en_veiligheidshuis"}, regie))
            # The Z&VH answers within its term (§5.5.1): the youngest cases still wait for it.
            stappen.append(Stap(22, "opschaling_beantwoord", {"door": ZVH[1]}, ZVH))
        stappen += [
            Stap(
                186, "evaluatie", {"risicofactoren_aangepakt": True, "herstel_gestart": True}, regie
            ),
            Stap(190, "stabiele_veiligheid_vastgesteld", {}, regie),
            Stap(191, "casusregie_afgesloten", {"reden": "stabiel_veilig"}, regie),
        ]
        return sorted(stappen, key=lambda s: s.dag)
    dienst = "voorwaarden_en_vervolg" if fase.route == "voorwaarden_en_vervolg" else "onderzoek"
    monitoring = fase.route != "zonder_monitoring"
    afgerond: dict[str, Any] = {
        "veiligheidsvoorwaarden": ["geen geweld in het gezin", "kinderen gaan naar school"],
        "monitoring": monitoring,
    }
    if dienst == "onderzoek":
        afgerond["oordeel"] = "hg_km_vastgesteld"
    stappen = [
        eerste,
        _triage(dienst),
        Stap(4, "dienst_gestart", {"dienst": dienst}, VT),
        Stap(40, "dienst_afgerond", afgerond, VT),
    ]
    if not monitoring:
        return stappen + [Stap(41, "dossier_gesloten", {}, VT)]
    informatie = (
        NA_DIENST + (["oordeel_hg_km"] if dienst == "onderzoek" else []) + ["afspraken_monitoring"]
    )
    stappen.append(
        Stap(
            42,
            "overdracht",
            {"moment": "na_dienst", "naar": lvs, "informatie": informatie, "wijze": "mondeling"},
            VT,
        )
    )
    stappen += [Stap(42.5, "overdracht_geaccepteerd", {"door": lv}, lv_actor(_g(lv))) for lv in lvs]
    na = [
        s for s in _na_overdracht(42, lvs, ids, regie, melding) if s.type != "ontvangst_bevestigd"
    ]
    contact = {
        "scores": [{"door": "ouder", "score": rnd.randint(5, 8)}],
        "voorwaarden_nageleefd": True,
        "directe_veiligheid": True,
    }
    stappen += na + [
        Stap(42 + 91, "monitoringscontact", contact, VT),
        Stap(200, "evaluatie", {"risicofactoren_aangepakt": True, "herstel_gestart": True}, regie),
        Stap(42 + 365, "monitoringscontact", contact, VT),
    ]
    if fase.stop_na == "evaluatie_slot":
        return sorted(stappen, key=lambda s: s.dag)
    stappen += [
        Stap(410, "stabiele_veiligheid_vastgesteld", {}, regie),
        Stap(411, "monitoring_afgesloten", {}, VT),
        Stap(
            412,
            "casusregie_afgesloten",
            {"reden": "stabiel_veilig", "afgestemd_met_veilig_thuis": True},
            regie,
        ),
    ]
    return sorted(stappen, key=lambda s: s.dag)


def tot_stop(stappen: list[Stap], stop_na: str | None) -> list[Stap]:
    for i, s in enumerate(stappen):
        if s.type == stop_na:
            return stappen[: i + 1]
    return stappen
