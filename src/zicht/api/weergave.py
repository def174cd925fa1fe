"""What the API answers: plain dicts built from the store and the engine's state.

The state is the engine's own output (SPEC §4); moments carry the Amsterdam offset. The names
here are the contract's; `ApiView.finalize_response` gives them in camelCase (namen.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from rest_framework.request import Request

from zicht.api.namen import kameel
from zicht.store.contract import OpgeslagenGebeurtenis
from zicht.store.models import Casus
from zicht.store.projectie import AMSTERDAM
from zicht.toepassing.dossier import Dossier
from zicht.toepassing.modellen import Gezin
from zicht.toepassing.vrije_tekst import tekst_van

# Which hand-over item (SPEC §4) a field of an event belongs to; "*": the event's other fields.
# A field whose item was not handed over to the caller stays out of the answer (need-to-know,
# core.toegang.informatie), the same as on the case page.
ITEM_PER_VELD = {
    "melding_ontvangen": {
        "*": "inhoud_melding",
        "directbetrokkenen": "contactgegevens_directbetrokkenen",
    },
    "veiligheidsbeoordeling_afgerond": {
        "*": "triagebesluit",
        "onderbouwing": "informatie_veiligheidsbeoordeling",
        "beoordelaars": "informatie_veiligheidsbeoordeling",
    },
    "dienst_afgerond": {
        "veiligheidsvoorwaarden": "veiligheidsvoorwaarden",
        "oordeel": "oordeel_hg_km",
    },
}


def moment(m: datetime | None) -> str | None:
    return None if m is None else m.astimezone(AMSTERDAM).isoformat()


def url(request: Request, naam: str, **kwargs: Any) -> str:
    return str(request.build_absolute_uri(reverse(f"api:{naam}", kwargs=kwargs)))


def _gezin(casus: Casus) -> Gezin | None:
    try:
        gezin: Gezin = casus.gezin
        return gezin
    except Gezin.DoesNotExist:
        return None


def personen(casus: Casus) -> list[str]:
    """The person ids of a case, for the access log."""
    gezin = _gezin(casus)
    return [str(p.get("id")) for p in (gezin.personen if gezin else [])]


def _gezin_zichtbaar(gezin: Gezin | None, info: frozenset[str]) -> dict[str, Any] | None:
    if gezin is None or "contactgegevens_directbetrokkenen" not in info:
        return None
    uit: dict[str, Any] = {
        "naam": gezin.naam,
        "personen": [
            {"id": p.get("id", ""), "naam": p.get("naam", ""), "rol": p.get("rol", "")}
            | ({"contact": p["contact"]} if p.get("contact") else {})
            for p in gezin.personen
        ],
    }
    if "contactgegevens_melder" in info and gezin.melder:
        uit["melder"] = {k: v for k, v in gezin.melder.items() if k in ("naam", "telefoon")}
    return uit


def casus(request: Request, d: Dossier, stappen: list[str], info: frozenset[str]) -> dict[str, Any]:
    casus_id = str(d.casus.pk)
    return {
        "url": url(request, "casus", casus_id=casus_id),
        "id": casus_id,
        "versie": d.seq,
        "regio": d.casus.regio,
        "aangemaakt_op": moment(d.casus.aangemaakt_op),
        "gezin": _gezin_zichtbaar(_gezin(d.casus), info),
        "toestand": d.toestand,
        "mogelijke_stappen": stappen,
        "_links": {
            "self": {"href": url(request, "casus", casus_id=casus_id)},
            "gebeurtenissen": {"href": url(request, "gebeurtenissen", casus_id=casus_id)},
            "termijnen": {"href": url(request, "termijnen", casus_id=casus_id)},
            "signalen": {"href": url(request, "signalen", casus_id=casus_id)},
        },
    }


def samenvatting(request: Request, c: Casus) -> dict[str, Any]:
    """A case in a list: from the stored projection, no names."""
    toestand = getattr(getattr(c, "projectie", None), "toestand", None) or {}
    return {
        "url": url(request, "casus", casus_id=str(c.pk)),
        "id": str(c.pk),
        "versie": c.laatste_seq,
        "aangemaakt_op": moment(c.aangemaakt_op),
        "gemeenten": list(toestand.get("gemeenten", [])),
        "fase": toestand.get("fase"),
        "zicht_op_veiligheid": [z["partij"] for z in toestand.get("zicht_op_veiligheid", [])],
    }


def _gegevens(
    casus_id: str, g: OpgeslagenGebeurtenis, info: frozenset[str]
) -> tuple[dict[str, Any], list[str]]:
    """The fields the caller may see, free text resolved; and the names of those left out."""
    items = ITEM_PER_VELD.get(g.type, {})
    zichtbaar, verborgen = {}, []
    for veld, waarde in g.velden.items():
        item = items.get(veld, items.get("*"))
        if item is None or item in info:
            zichtbaar[veld] = tekst_van(casus_id, waarde)
        else:
            verborgen.append(kameel(veld))  # a name, like the keys of `gegevens` (namen.py)
    return zichtbaar, sorted(verborgen)


def gebeurtenis(
    request: Request, casus_id: str, g: OpgeslagenGebeurtenis, info: frozenset[str]
) -> dict[str, Any]:
    gegevens, verborgen = _gegevens(casus_id, g, info)
    return {
        "url": url(request, "gebeurtenis", casus_id=casus_id, seq=g.seq),
        "seq": g.seq,
        "type": g.type,
        "op": moment(g.op),
        "gegevens": gegevens,
        "verborgen": verborgen,
        "geregistreerd_op": moment(g.recorded_at),
        "geregistreerd_door": g.actor,
        "organisatie": g.organisatie,
        "afspraakversie": g.afspraakversie,
    }


def met_casus(request: Request, casus_id: str, item: dict[str, Any]) -> dict[str, Any]:
    return {"casus": url(request, "casus", casus_id=casus_id), **item}
