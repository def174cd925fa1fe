"""Documents generated from a case (PDF by WeasyPrint), each stored with its sha256.

- the overdrachtsdocument: the items of its hand-over moment (§5.1.3 direct, §5.2.4 na_dienst)
  and who informs which directbetrokkene (§5.1.2);
- the letter to the directbetrokkenen (§5.1, Bijlage 3b);
- the feedback to the melder: who took over (§5.1.4, §5.2.5).

Veilig Thuis makes them; the overdrachtsdocument can also be read by the parties it went to.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.template.loader import render_to_string

from zicht.casusbeheer import inhoud
from zicht.casusbeheer.models import Document
from zicht.casuswerk.models import Gezin
from zicht.core.acties import VT_ROLLEN
from zicht.core.bsn import gemaskeerd
from zicht.core.toegang import ALLE_INFORMATIE, Actor
from zicht.toepassing import acties, teksten
from zicht.toepassing.dossier import Dossier

SOORTEN = {
    "overdracht": "Overdrachtsdocument",
    "brief_directbetrokkenen": "Brief aan de directbetrokkenen",
    "terugkoppeling_melder": "Terugkoppeling aan de melder",
}
# The document's name in its event (`document_gemaakt.soort`, docs/contract.md).
IN_GEBEURTENIS = {
    "overdracht": "overdrachtsdocument",
    "brief_directbetrokkenen": "brief_directbetrokkenen",
    "terugkoppeling_melder": "terugkoppeling_melder",
}
UIT_GEBEURTENIS = {v: k for k, v in IN_GEBEURTENIS.items()}
GRONDEN = {
    "overdracht": "§5.1.3 / §5.2.4",
    "brief_directbetrokkenen": "§5.1, Bijlage 3b",
    "terugkoppeling_melder": "§5.1.4 / §5.2.5",
}


class KanNiet(Exception):
    """This document cannot be made for this case now (the message says why, in Dutch)."""


@dataclass
class Onderdeel:
    kop: str
    rijen: list[tuple[str, str]]


def mag_maken(rol: str) -> bool:
    return rol in VT_ROLLEN


def mag_lezen(document: Document, organisatie: str, rol: str) -> bool:
    return mag_lezen_soort(document.soort, document.ontvangers, organisatie, rol)


def mag_lezen_soort(soort: str, ontvangers: list[str], organisatie: str, rol: str) -> bool:
    """Need-to-know: Veilig Thuis reads every document; a party the hand-over went to, the
    overdrachtsdocument."""
    if rol in VT_ROLLEN:
        return True
    return soort == "overdracht" and organisatie in ontvangers


def ontvangers(d: Dossier) -> list[str]:
    return [n for g in d.gebeurtenissen if g.type == "overdracht" for n in g.velden.get("naar", [])]


def _overdracht(d: Dossier) -> Any:
    return next((g for g in reversed(d.gebeurtenissen) if g.type == "overdracht"), None)


def _melding(d: Dossier) -> dict[str, Any]:
    g = next((g for g in d.gebeurtenissen if g.type == "melding_ontvangen"), None)
    return dict(g.velden) if g else {}


def _laatste(d: Dossier, soort: str) -> dict[str, Any]:
    g = next((g for g in reversed(d.gebeurtenissen) if g.type == soort), None)
    return dict(g.velden) if g else {}


def _onderdelen(d: Dossier, items: list[str], lees: inhoud.Lezer) -> list[Onderdeel]:
    gezin: Gezin | None = d.gezin
    m, t = _melding(d), _laatste(d, "veiligheidsbeoordeling_afgerond")
    dienst = _laatste(d, "dienst_afgerond")
    plan = _laatste(d, "plan_vastgesteld")
    uit = []
    for item in items:
        rijen: list[tuple[str, str]] = []
        if item == "inhoud_melding":
            wat = inhoud.wat_gemeld(str(d.casus.pk), lees, ALLE_INFORMATIE)
            rijen = [
                ("Bron", teksten.waarde(str(m.get("bron", "—")))),
                ("Wat is gemeld", wat or "geen omschrijving vastgelegd"),
                ("Spoedeisend", "ja" if m.get("spoedeisend") else "nee"),
                ("Gemeenten", ", ".join(m.get("gemeenten", [])) or "—"),
            ]
        elif item == "contactgegevens_directbetrokkenen":
            personen = {p["id"]: p for p in (gezin.personen if gezin else [])}
            for b in m.get("directbetrokkenen", []):
                p = personen.get(b.get("id"), {})
                extra = f", BSN {gemaskeerd(p['bsn'])}" if p.get("bsn") else ""
                pid = str(b.get("id", ""))
                rol = lees.rollen.get(pid, "") or "directbetrokkene"
                gezag = {True: ", heeft gezag", False: ", zonder gezag"}.get(b.get("gezag"), "")
                contact = f"; {p['contact']}" if p.get("contact") else ""
                rijen.append(
                    (lees.namen.get(pid) or rol.capitalize(), rol + gezag + extra + contact)
                )
        elif item == "contactgegevens_melder":
            melder = (gezin.melder if gezin else {}) or {}
            rijen = (
                [("Melder", "anoniem")]
                if m.get("bron") == "anoniem"
                else [("Naam", melder.get("naam", "—")), ("Telefoon", melder.get("telefoon", "—"))]
            )
        elif item == "triagebesluit":
            rijen = [
                ("Besluit", teksten.waarde(str(t.get("besluit", "—")))),
                ("Onderbouwing", lees.tekst(t.get("onderbouwing", "—"))),
            ]
        elif item == "informatie_veiligheidsbeoordeling":
            rijen = [
                ("Beoordelaars", ", ".join(t.get("beoordelaars", [])) or "—"),
                ("Aan de triagetafel", "ja" if t.get("triagetafel") else "nee"),
            ]
        elif item == "oordeel_hg_km":
            rijen = [("Oordeel", teksten.waarde(str(dienst.get("oordeel", "—"))))]
        elif item == "veiligheidsvoorwaarden":
            rijen = [
                (f"Voorwaarde {i}", lees.tekst(v))
                for i, v in enumerate(dienst.get("veiligheidsvoorwaarden", []), start=1)
            ] or [("Voorwaarden", "geen vastgelegd")]
        elif item == "afspraken_monitoring":
            rijen = [
                ("Monitoring door Veilig Thuis", "ja" if dienst.get("monitoring", True) else "nee")
            ]
        elif item == "afspraken_plan" and plan:
            rijen = [("Plan", ", ".join(teksten.waarde(o) for o in plan.get("onderdelen", [])))]
        else:
            rijen = [("", "Meegegeven bij de overdracht; zie het overdrachtsgesprek.")]
        uit.append(Onderdeel(teksten.waarde(item).capitalize(), rijen))
    return uit


def _context(d: Dossier, soort: str, nu: datetime) -> dict[str, Any]:
    lees = inhoud.lezer(str(d.casus.pk), d.gezin, ALLE_INFORMATIE)
    overdracht = _overdracht(d)
    m = _melding(d)
    if soort in ("overdracht", "terugkoppeling_melder") and overdracht is None:
        raise KanNiet("Er is nog geen overdracht vastgelegd.")
    if soort == "terugkoppeling_melder" and m.get("bron") == "anoniem":
        raise KanNiet("De melding is anoniem: er is geen melder om terug te koppelen.")
    naar = [
        teksten.partijnaam(n) for n in (overdracht.velden.get("naar", []) if overdracht else [])
    ]
    gezin = d.gezin
    context: dict[str, Any] = {
        "titel": SOORTEN[soort],
        "grond": GRONDEN[soort],
        "gezin": gezin.naam if gezin else f"Casus {str(d.casus.pk)[:8]}",
        "nummer": str(d.casus.pk).replace("-", "")[:8].upper(),
        "datum": teksten.datum(nu.date()),
        "naar": naar,
        "melder": ((gezin.melder if gezin else {}) or {}).get("naam", ""),
        "directbetrokkenen": [
            lees.persoon(b.get("id", "")) for b in m.get("directbetrokkenen", [])
        ],
        "ouders_met_gezag": [
            lees.persoon(b.get("id", ""))
            for b in m.get("directbetrokkenen", [])
            if b.get("gezag") is True
        ],
    }
    if overdracht is not None:
        v = overdracht.velden
        context |= {
            "moment": teksten.waarde(str(v.get("moment", ""))),
            "wijze": teksten.waarde(str(v.get("wijze", ""))) if v.get("wijze") else "",
            "overgedragen_op": teksten.moment(overdracht.op),
            "onderdelen": _onderdelen(d, list(v.get("informatie", [])), lees),
            "wie_informeert": [
                {
                    "persoon": lees.persoon(str(g.velden.get("persoon", ""))),
                    "door": teksten.partijnaam(g.organisatie),
                    "op": teksten.moment(g.op),
                }
                for g in d.gebeurtenissen
                if g.type == "directbetrokkene_geinformeerd"
            ],
        }
    return context


def pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: pango loads only when a document is made

    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def html_van(d: Dossier, soort: str, nu: datetime) -> str:
    html: str = render_to_string(f"casusbeheer/documenten/{soort}.html", _context(d, soort, nu))
    return html


def maak(d: Dossier, soort: str, user: User, wie: Actor, nu: datetime) -> Document:
    """Render, convert, hash and store one document, and record it as an event
    (`document_gemaakt` with its sha256) in the same transaction. KanNiet when it cannot be
    made now; the application layer's refusals (`fouten`) as they come."""
    if soort not in SOORTEN:
        raise KanNiet("Onbekend soort document.")
    inhoud_pdf = pdf(html_van(d, soort, nu))
    sha256 = hashlib.sha256(inhoud_pdf).hexdigest()
    with transaction.atomic():
        document: Document = Document.objects.create(
            casus=d.casus,
            soort=soort,
            inhoud=inhoud_pdf,
            sha256=sha256,
            gemaakt_door=user,
            organisatie=wie.organisatie,
            op=nu,
            ontvangers=ontvangers(d) if soort == "overdracht" else [],
        )
        acties.leg_document_vast(wie, d, IN_GEBEURTENIS[soort], sha256, nu)
    return document
