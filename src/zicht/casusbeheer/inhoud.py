"""Everything a viewer may see of a case, for the case page: what was reported, the conditions,
monitoring scores, incidents, escalations, gezag, who handles it, and every event with its content.

The hand-over items (`core.toegang.informatie`) decide: a field shown only with an item
(`VELD_ITEM`) stays hidden from a party that did not receive it. Free text is read once per page
(`Notitie`), never per field.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from zicht.casusbeheer import toewijzing
from zicht.casusbeheer.bekend import eerder_bekend
from zicht.casusbeheer.models import Meldingsinhoud
from zicht.casuswerk.models import Gezin, Notitie
from zicht.store.contract import OpgeslagenGebeurtenis
from zicht.toepassing import teksten, vaste_sql

VOORVOEGSEL = "notitie:"
# A field is shown only to those who received this hand-over item (§5.1.3, §5.2.4).
VELD_ITEM: dict[tuple[str, str], str] = {
    ("melding_ontvangen", "directbetrokkenen"): "contactgegevens_directbetrokkenen",
    ("melding_ontvangen", "bron"): "inhoud_melding",
    ("melding_ontvangen", "politie_soort"): "inhoud_melding",
    ("melding_ontvangen", "contextverhaal"): "inhoud_melding",
    ("melding_ontvangen", "gezinsvoogd"): "inhoud_melding",
    ("melding_ontvangen", "betrokken_medewerker_gemeente"): "inhoud_melding",
    ("veiligheidsbeoordeling_afgerond", "besluit"): "triagebesluit",
    ("veiligheidsbeoordeling_afgerond", "onderbouwing"): "informatie_veiligheidsbeoordeling",
    ("veiligheidsbeoordeling_afgerond", "beoordelaars"): "informatie_veiligheidsbeoordeling",
    ("veiligheidsbeoordeling_afgerond", "triagetafel"): "informatie_veiligheidsbeoordeling",
    ("dienst_afgerond", "veiligheidsvoorwaarden"): "veiligheidsvoorwaarden",
    ("dienst_afgerond", "oordeel"): "oordeel_hg_km",
    ("dienst_afgerond", "monitoring"): "afspraken_monitoring",
    ("monitoringscontact", "scores"): "afspraken_monitoring",
    ("monitoringscontact", "voorwaarden_nageleefd"): "afspraken_monitoring",
    ("monitoringscontact", "directe_veiligheid"): "afspraken_monitoring",
    ("monitoringscontact", "toelichting"): "afspraken_monitoring",
    ("monitoringscontact", "gesproken"): "afspraken_monitoring",
    ("monitoringsafspraken_vastgelegd", "frequentie_maanden"): "afspraken_monitoring",
    ("monitoringsafspraken_vastgelegd", "met"): "afspraken_monitoring",
    ("monitoringsafspraken_vastgelegd", "wijze"): "afspraken_monitoring",
    ("overdracht", "informeren_afspraken"): "contactgegevens_directbetrokkenen",
}
PERSONENVELDEN = frozenset({"gesproken", "met", "toestemming"})
PARTIJVELDEN = frozenset({"naar", "door", "bij", "partij"})
DATUMVELDEN = frozenset({"evaluatiemomenten", "termijn_voorwaarden"})


@dataclass
class Tijdlijnrij:
    nummer: int
    wat: str
    gebeurd: str
    vastgelegd: str
    door: str
    organisatie: str
    velden: list[tuple[str, str]] = field(default_factory=list)
    verborgen: int = 0  # fields this viewer may not see
    document: str = ""  # a made document this viewer may download: its URL


@dataclass
class Lezer:
    """Turns stored values into Dutch text for one case: names, notes, parties, dates."""

    notities: Mapping[str, str]
    namen: Mapping[str, str]  # person id -> name (empty without contactgegevens)
    rollen: Mapping[str, str]

    def tekst(self, waarde: Any) -> str:
        if isinstance(waarde, str) and waarde.startswith(VOORVOEGSEL):
            return self.notities.get(waarde[len(VOORVOEGSEL) :], "(tekst verwijderd)")
        return str(waarde)

    def persoon(self, pid: str) -> str:
        naam = self.namen.get(pid)
        rol = self.rollen.get(pid, "")
        if naam:
            return f"{naam} ({rol})" if rol else naam
        return rol.capitalize() if rol else "een directbetrokkene"

    def waarde(self, naam: str, w: Any) -> str:
        if isinstance(w, bool):
            return "ja" if w else "nee"
        if w is None or w == "" or w == []:
            return "—"
        if naam in PARTIJVELDEN:
            return ", ".join(teksten.partijnaam(x) for x in (w if isinstance(w, list) else [w]))
        if naam in DATUMVELDEN:
            return ", ".join(teksten.datum(x) for x in (w if isinstance(w, list) else [w]))
        if naam == "persoon":
            return self.persoon(str(w))
        if naam == "directbetrokkenen":
            return "; ".join(self.betrokkene(b) for b in w)
        if naam in PERSONENVELDEN and isinstance(w, list):
            return ", ".join(self.persoon(str(x)) for x in w)
        if naam == "informeren_afspraken":  # §5.1.2: who informs whom, by when
            return "; ".join(
                f"{self.persoon(str(a.get('persoon', '')))}: "
                + ("Veilig Thuis" if a.get("door") == "veilig_thuis" else "het lokale veld")
                + f", uiterlijk {teksten.datum(a.get('uiterlijk'))}"
                for a in w
            )
        if naam == "scores":
            return "; ".join(
                f"{teksten.partijnaam(s.get('door', ''))}: {s.get('score')}"
                + (f" ({self.tekst(s['toelichting'])})" if s.get("toelichting") else "")
                for s in w
            )
        if naam == "beoordelaars":
            return ", ".join(str(x) for x in w)
        if isinstance(w, list):
            return "; ".join(self.tekst(x) if _vrij(x) else teksten.waarde(str(x)) for x in w)
        if isinstance(w, dict):
            return ", ".join(f"{k}: {self.tekst(v)}" for k, v in w.items())
        if _vrij(w) or naam in {"omschrijving", "onderbouwing", "toelichting", "reden_tekst"}:
            return self.tekst(w)
        if isinstance(w, int | float):
            return str(w)
        return teksten.waarde(str(w))

    def betrokkene(self, b: Mapping[str, Any]) -> str:
        tekst = self.persoon(str(b.get("id", "")))
        if b.get("gezag") is True:
            tekst += ", heeft gezag"
        elif b.get("gezag") is False and b.get("rol") == "ouder":
            tekst += ", zonder gezag"
        return tekst


def _vrij(w: Any) -> bool:
    return isinstance(w, str) and w.startswith(VOORVOEGSEL)


def lezer(casus_id: str, gezin: Gezin | None, info: frozenset[str]) -> Lezer:
    def bouw(stand_ins: list[Any]) -> QuerySet[Any]:
        return Notitie.objects.filter(casus_id=stand_ins[0]).values_list("sleutel", "tekst")

    # One query for every free text of the case, fixed (vaste_sql): every case page asks it.
    notities = dict(
        vaste_sql.rijen(
            "inhoud.notities", bouw, [uuid.UUID(str(casus_id))], (vaste_sql.als_uuid, None)
        )
    )
    personen = gezin.personen if gezin else []
    namen = (
        {p["id"]: p.get("naam", "") for p in personen}
        if "contactgegevens_directbetrokkenen" in info
        else {}
    )
    rollen = {p["id"]: teksten.waarde(p.get("rol", "")) for p in personen if p.get("rol")}
    return Lezer({str(k): v for k, v in notities.items()}, namen, rollen)


def mag_veld(soort: str, naam: str, info: frozenset[str]) -> bool:
    item = VELD_ITEM.get((soort, naam))
    return item is None or item in info


def _document_url(
    casus_id: str,
    g: OpgeslagenGebeurtenis,
    ontvangers: list[str],
    vt: bool,
    organisatie: str,
) -> str:
    """The download of the document a `document_gemaakt` event names, if this viewer may read
    it (the same need-to-know as the documents screen; the download checks it again)."""
    soort = str(g.velden.get("soort", ""))
    leesbaar = vt or (soort == "overdrachtsdocument" and organisatie in ontvangers)
    if not leesbaar or not g.velden.get("sha256"):
        return ""
    return str(reverse("casusbeheer:document_sha256", args=[casus_id, g.velden["sha256"]]))


def tijdlijnrijen(
    gebeurtenissen: list[OpgeslagenGebeurtenis],
    info: frozenset[str],
    lees: Lezer,
    namen: Mapping[str, str],
    toestand: Mapping[str, Any] | None = None,
    *,
    casus_id: str = "",
    vt: bool = False,
    organisatie: str = "",
) -> list[Tijdlijnrij]:
    """Every event, newest first, with its content as far as this viewer may see it, its step
    number, and when and why it was voided (`gebeurtenis_ingetrokken`); a made document with
    the link to download it."""
    uit = []
    correcties = dict(toestand or {})
    ontvangers = [
        n for g in gebeurtenissen if g.type == "overdracht" for n in g.velden.get("naar", [])
    ]
    for g in reversed(gebeurtenissen):
        rij = Tijdlijnrij(
            nummer=g.seq,
            wat=teksten.historierij(
                g.type, g.seq, correcties, lambda w: str(lees.waarde("onderbouwing", w))
            ),
            gebeurd=teksten.moment(g.op),
            vastgelegd=teksten.moment(g.recorded_at),
            door=namen.get(g.actor) or g.actor,
            organisatie=teksten.partijnaam(g.organisatie),
        )
        for naam, w in g.velden.items():
            if not mag_veld(g.type, naam, info):
                rij.verborgen += 1
                continue
            rij.velden.append((teksten.veld(g.type, naam)[0], lees.waarde(naam, w)))
        if g.type == "document_gemaakt" and casus_id:
            rij.document = _document_url(casus_id, g, ontvangers, vt, organisatie)
        uit.append(rij)
    return uit


def tijdlijn_html(rijen: list[Tijdlijnrij]) -> SafeString:
    """The events of `tijdlijnrijen` as the list items of the case page's history, each value
    escaped as the template language does (`conditional_escape`). Written here, not in the
    template, as the worklist's rows are: a case's events with their fields were ~1 ms of
    template rendering per case page."""
    e = conditional_escape
    uit = []
    for g in rijen:
        velden = "".join(
            f'<dt>{e(naam)}</dt><dd class="zicht-vrije-tekst">{e(waarde)}</dd>'
            for naam, waarde in g.velden
        )
        document = (
            '<p class="utrecht-paragraph"><a class="utrecht-link" '
            f'href="{e(g.document)}">Document downloaden (pdf)</a></p>'
            if g.document
            else ""
        )
        verborgen = (
            '<p class="utrecht-paragraph utrecht-paragraph--small zicht-niet-overgedragen">'
            "Een deel van deze gebeurtenis is niet aan uw organisatie overgedragen.</p>"
            if g.verborgen
            else ""
        )
        uit.append(
            '  <li class="zicht-gebeurtenis">\n'
            "    <details>\n"
            f'      <summary><span class="zicht-gebeurtenis__wat">{e(g.wat)}</span> '
            f'<span class="zicht-gebeurtenis__wanneer">{e(g.gebeurd)} (stap {g.nummer})</span>'
            "</summary>\n"
            '      <dl class="zicht-samenvatting">\n'
            f"        <dt>Gebeurd op</dt><dd>{e(g.gebeurd)}</dd>\n"
            f"        <dt>Vastgelegd op</dt><dd>{e(g.vastgelegd)}</dd>\n"
            '        <dt>Vastgelegd door</dt><dd class="zicht-breekt zicht-gebeurtenis__door">'
            f"{e(g.door)}, {e(g.organisatie)}</dd>\n"
            f"        {velden}\n"
            "      </dl>\n"
            f"      {document}\n"
            f"      {verborgen}\n"
            "    </details>\n"
            "  </li>\n"
        )
    return mark_safe("".join(uit))  # noqa: S308 - every value above is escaped


def _van(gebeurtenissen: list[OpgeslagenGebeurtenis], soort: str) -> list[OpgeslagenGebeurtenis]:
    return [g for g in gebeurtenissen if g.type == soort]


def samenvatting(
    gebeurtenissen: list[OpgeslagenGebeurtenis], info: frozenset[str], lees: Lezer
) -> dict[str, Any]:
    """The content sections: conditions, monitoring, incidents, escalations, gezag."""
    voorwaarden: list[str] = []
    if "veiligheidsvoorwaarden" in info:
        for g in _van(gebeurtenissen, "dienst_afgerond"):
            for v in g.velden.get("veiligheidsvoorwaarden") or []:
                voorwaarden.append(lees.tekst(v))
    monitoring = []
    if "afspraken_monitoring" in info:
        for g in _van(gebeurtenissen, "monitoringscontact"):
            v = g.velden
            monitoring.append(
                {
                    "op": teksten.moment(g.op),
                    "scores": [
                        {
                            "door": teksten.partijnaam(s.get("door", "")),
                            "score": s.get("score"),
                            "toelichting": lees.tekst(s["toelichting"])
                            if s.get("toelichting")
                            else "",
                        }
                        for s in v.get("scores") or []
                    ],
                    "nageleefd": lees.waarde("", v["voorwaarden_nageleefd"])
                    if "voorwaarden_nageleefd" in v
                    else "—",
                    "direct_veilig": lees.waarde("", v["directe_veiligheid"])
                    if "directe_veiligheid" in v
                    else "—",
                    "toelichting": lees.tekst(v["toelichting"]) if v.get("toelichting") else "",
                }
            )
    incidenten = [
        {"op": teksten.moment(g.op), "omschrijving": lees.tekst(g.velden.get("omschrijving", ""))}
        for g in _van(gebeurtenissen, "incident")
    ]
    opschalingen = [
        {
            "op": teksten.moment(g.op),
            "naar": teksten.waarde(str(g.velden.get("naar", ""))),
            # A reason is a choice of the agreement's (REDENEN_OPSCHALEN): shown in words.
            "reden": teksten.waarde(str(g.velden["reden"])) if g.velden.get("reden") else "",
            "partij": teksten.partijnaam(str(g.velden["partij"])) if g.velden.get("partij") else "",
        }
        for g in _van(gebeurtenissen, "opgeschaald")
    ]
    gezag = []
    if "contactgegevens_directbetrokkenen" in info:
        for g in _van(gebeurtenissen, "melding_ontvangen")[:1]:
            gezag = [
                lees.betrokkene(b)
                for b in g.velden.get("directbetrokkenen") or []
                if b.get("rol") == "ouder" or "gezag" in b
            ]
    return {
        "voorwaarden": voorwaarden,
        "monitoring": monitoring,
        "incidenten": incidenten,
        "opschalingen": opschalingen,
        "gezag": gezag,
    }


def eerstvolgende_termijn(
    toestand: Mapping[str, Any], organisatie: str = ""
) -> dict[str, str] | None:
    """The open term with the earliest `uiterlijk` (overrun ones first: they are earliest).

    The viewer's own organisation's first term when it has one running: a lokaal veld is not
    helped by Veilig Thuis's letter being due first when its own start of contact is next.
    Otherwise the first of all, with the party it is for."""
    open_ = [
        t
        for t in toestand.get("termijnen", [])
        if t.get("status") in ("open", "verlopen") and t.get("uiterlijk")
    ]
    eigen = [t for t in open_ if organisatie and t.get("partij") == organisatie]
    if not open_:
        return None
    t = min(eigen or open_, key=lambda t: (str(t["uiterlijk"]), t["code"]))
    return {
        "naam": teksten.termijnnaam(t["code"]),
        "partij": teksten.partijnaam(t.get("partij", "")),
        "uiterlijk": teksten.datum(t["uiterlijk"]),
        "verlopen": "ja" if t["status"] == "verlopen" else "",
    }


def afgesloten(toestand: Mapping[str, Any]) -> dict[str, str] | None:
    """ "Afgesloten op … omdat …" once the engine's state says so (`afgesloten`)."""
    a = toestand.get("afgesloten")
    if not a:
        return None
    if not isinstance(a, Mapping):
        return {"op": "", "reden": ""}
    op = a.get("op") or a.get("sinds") or ""
    reden = a.get("reden") or a.get("omdat") or ""
    return {
        "op": teksten.moment(op) if isinstance(op, str | datetime) and op else "",
        "reden": teksten.waarde(str(reden)) if reden else "",
    }


def wat_gemeld(casus_id: str, lees: Lezer, info: frozenset[str]) -> str | None:
    """The concern as reported (free text), for those who received the melding's content."""
    if "inhoud_melding" not in info:
        return None

    def bouw(stand_ins: list[Any]) -> QuerySet[Any]:
        return Meldingsinhoud.objects.filter(casus_id=stand_ins[0]).values_list("notitie")

    rij = vaste_sql.rijen(
        "inhoud.wat_gemeld", bouw, [uuid.UUID(str(casus_id))], (vaste_sql.als_uuid,)
    )
    m = rij[0][0] if rij else None
    return lees.notities.get(str(m), "(tekst verwijderd)") if m else ""


def context(
    casus_id: str,
    gebeurtenissen: list[OpgeslagenGebeurtenis],
    toestand: Mapping[str, Any],
    gezin: Gezin | None,
    info: frozenset[str],
    namen: Mapping[str, str],
    *,
    vt: bool = False,
    organisatie: str = "",
    nu: datetime | None = None,
    regio: str = "zuid-limburg",
    lees: Lezer | None = None,
) -> dict[str, Any]:
    """What the case page shows beyond the hand-over items (see the module docstring).

    `vt`: the viewer is Veilig Thuis, who alone is told the family is already known; `lees`:
    the case's `lezer`, when the caller read it already."""
    lees = lees or lezer(casus_id, gezin, info)
    bekend = (
        eerder_bekend(casus_id, gezin, list(toestand.get("gemeenten") or []), nu, regio)
        if vt and nu is not None
        else []
    )
    rijen = tijdlijnrijen(
        gebeurtenissen,
        info,
        lees,
        namen,
        toestand,
        casus_id=casus_id,
        vt=vt,
        organisatie=organisatie,
    )
    return {
        "eerder_bekend": bekend,
        "wat_gemeld": wat_gemeld(casus_id, lees, info),
        "inhoud": samenvatting(gebeurtenissen, info, lees),
        "gebeurtenissen": rijen,
        "gebeurtenissen_html": tijdlijn_html(rijen),
        "eerstvolgende": eerstvolgende_termijn(toestand, organisatie),
        "afgesloten": afgesloten(toestand),
        "behandelaars": toewijzing.behandelaars(casus_id),
        "toewijzen_url": reverse("casusbeheer:toewijzen", args=[casus_id]),
    }
