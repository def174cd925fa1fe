"""Small builders for engine tests: events as the scenario contract writes them."""

from __future__ import annotations

from typing import Any

from zicht.core import engine

AFSPRAKEN = engine.laad_afspraken()
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
    "oordeel_hg_km",
    "afspraken_monitoring",
]


def ev(op: str, type_: str, **velden: Any) -> dict[str, Any]:
    return {"op": op, "type": type_, **velden}


def lees(ruwe: list[dict[str, Any]]) -> list[engine.Gebeurtenis]:
    return [engine.lees_gebeurtenis(r, i, AFSPRAKEN) for i, r in enumerate(ruwe)]


def staat(ruwe: list[dict[str, Any]], op: str) -> dict[str, Any]:
    return engine.bereken_toestand(lees(ruwe), engine.lees_moment(op), AFSPRAKEN)


def termijn(s: dict[str, Any], code: str, partij: str | None = None) -> dict[str, Any]:
    gevonden = [t for t in s["termijnen"] if t["code"] == code and partij in (None, t["partij"])]
    assert len(gevonden) == 1, f"{code}/{partij}: {gevonden}"
    return gevonden[0]


def houders(s: dict[str, Any]) -> list[str]:
    return sorted(h["partij"] for h in s["zicht_op_veiligheid"])


def signaalcodes(s: dict[str, Any]) -> set[str]:
    return {x["code"] for x in s["signalen"]}


MELDING = ev("2026-03-02T09:00", "melding_ontvangen", gemeenten=["Heerlen"], bron="professional")
TRIAGE_LV = ev(
    "2026-03-05T14:00",
    "veiligheidsbeoordeling_afgerond",
    besluit="lokaal_veld",
    onderbouwing="synthetisch",
    beoordelaars=["vt.jansen", "vt.peters"],
)
OVERDRACHT_DIRECT = ev(
    "2026-03-05T15:00",
    "overdracht",
    moment="direct",
    naar=["lokaal_veld:Heerlen"],
    wijze="digitaal",
    informatie=DIRECT,
)
