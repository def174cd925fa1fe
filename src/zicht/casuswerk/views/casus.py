"""The case page: only what this user may see of the family (core.toegang.informatie)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from zicht.casusbeheer import inhoud
from zicht.casuswerk.inzage import logt
from zicht.casuswerk.tijdlijn import tijdlijn
from zicht.casuswerk.toegang import actor, casus_met_beeld, medewerker_van
from zicht.core import toegang as beleid
from zicht.core.acties import VT_ROLLEN
from zicht.core.bsn import gemaskeerd
from zicht.toegangslog.models import Toegangsrij
from zicht.toepassing import dossier, inzage, klok, teksten, vaste_sql

INZAGE_RIJEN = 50
ACTIES = {
    "casus_inzien": "casus bekeken",
    "stap_inzien": "formulier geopend",
    "stap_vastleggen": "stap vastgelegd",
    "stap_geweigerd": "stap geweigerd (niet vastgelegd)",  # read the case, recorded nothing
    "werkvoorraad_inzien": "in werkvoorraad getoond",
    "melding_registreren": "melding geregistreerd",
    "exporteren": "geëxporteerd",
    "uitvraag": "gevonden bij uitvraag",
    "anonimiseren": "geanonimiseerd",
    "casuslijst_inzien": "in een casuslijst getoond",
    "zoeken": "gevonden bij zoeken",
    "toewijzen": "behandelaar toegewezen",
    "document_maken": "document gemaakt",
    "document_downloaden": "document gedownload",
}


@login_required
@require_GET
@logt(GET="casus_inzien")
def casus_view(request: HttpRequest, casus_id: str) -> HttpResponse:
    medewerker = medewerker_van(request.user)
    casus, beeld = casus_met_beeld(medewerker, casus_id)
    d = dossier.laad(casus, klok.nu())
    wie = actor(medewerker)
    info = beleid.informatie(wie, beeld)
    toestand = d.toestand
    ingezien = _ingezien(casus_id) if beleid.can(wie, "inzage_inzien", beeld) else None
    # One query for the names of who recorded events and who looked at the file.
    wie_namen = {g.actor for g in d.gebeurtenissen} | {r[1] for r in ingezien or []}
    namen = dict(User.objects.filter(username__in=wie_namen).values_list("username", "first_name"))
    inzage.lees(casus_id, dossier=d)  # its family, read for the page, names the persons
    lees = inhoud.lezer(str(casus_id), d.gezin, info)  # every free text of the case, one query
    return render(
        request,
        "casuswerk/casus.html",
        {
            "medewerker": medewerker,
            "d": d,
            "titel": d.naam if "contactgegevens_directbetrokkenen" in info else _kort(d),
            "dossier": _dossier(d, info, lees),
            "toestand": toestand,
            "fase": teksten.FASEN.get(toestand.get("fase", ""), toestand.get("fase")),
            "houders": [teksten.partijnaam(z["partij"]) for z in toestand["zicht_op_veiligheid"]],
            "casusregie": teksten.partijnaam((toestand.get("casusregie") or {}).get("partij", "")),
            "tijdlijn": tijdlijn(
                toestand, d.gebeurtenissen[0].op if d.gebeurtenissen else None, klok.nu()
            ),
            "termijnen": _termijnen(toestand),
            "signalen": [
                {
                    **s,
                    "partij": teksten.partijnaam(s["partij"]),
                    "tekst": teksten.zonder_iso(s["tekst"]),
                }
                for s in toestand["signalen"]
            ],
            "stappen": [(s, teksten.stap(s)) for s in d.stappen(wie)],
            "inzage": ingezien,
            "inzage_html": "" if ingezien is None else _inzage_html(ingezien, namen),
            # Conditions, scores, incidents, escalations, gezag, behandelaars, every event.
            **inhoud.context(
                str(casus_id),
                d.gebeurtenissen,
                toestand,
                d.gezin,
                info,
                namen,
                vt=medewerker.rol in VT_ROLLEN,
                organisatie=medewerker.organisatie.code,
                nu=d.nu,
                regio=casus.regio,
                lees=lees,
            ),
        },
    )


def _kort(d: dossier.Dossier) -> str:
    return f"Casus {str(d.casus.pk)[:8]}"


def _dossier(d: dossier.Dossier, info: frozenset[str], lees: inhoud.Lezer) -> list[dict[str, Any]]:
    """The family's data per hand-over item; an item not handed over to this user stays hidden."""
    melding = next((g for g in d.gebeurtenissen if g.type == "melding_ontvangen"), None)
    triage = next(
        (g for g in reversed(d.gebeurtenissen) if g.type == "veiligheidsbeoordeling_afgerond"),
        None,
    )
    gezin = d.gezin
    m = dict(melding.velden) if melding else {}
    t = dict(triage.velden) if triage else {}
    secties = [
        (
            "inhoud_melding",
            "Melding",
            [
                ("Bron", teksten.waarde(m["bron"]) if m.get("bron") else "—"),
                ("Spoedeisend", "ja" if m.get("spoedeisend") else "nee"),
                ("Crisis", "ja" if m.get("crisis") else "nee"),
                ("Gezinsvoogd", m.get("gezinsvoogd") or "—"),
            ],
        ),
        (
            "contactgegevens_directbetrokkenen",
            "Directbetrokkenen",
            [
                (
                    p.get("naam") or p["id"],
                    ", ".join(
                        x
                        for x in (
                            teksten.waarde(p["rol"]) if p.get("rol") else "",
                            p.get("contact") or "",
                            f"BSN {gemaskeerd(p['bsn'])}" if p.get("bsn") else "",
                        )
                        if x
                    )
                    or "—",
                )
                for p in (gezin.personen if gezin else [])
            ],
        ),
        (
            "contactgegevens_melder",
            "Melder",
            [
                ("Naam", ((gezin.melder if gezin else None) or {}).get("naam") or "—"),
                ("Telefoon", ((gezin.melder if gezin else None) or {}).get("telefoon") or "—"),
            ]
            if m.get("bron") != "anoniem"
            else [("Melder", "anoniem")],
        ),
        (
            "triagebesluit",
            "Triagebesluit",
            [("Besluit", teksten.waarde(t["besluit"]) if t.get("besluit") else "nog niet genomen")],
        ),
        (
            "informatie_veiligheidsbeoordeling",
            "Veiligheidsbeoordeling",
            [
                (
                    "Onderbouwing",
                    lees.tekst(t.get("onderbouwing", "—"))
                    if "informatie_veiligheidsbeoordeling" in info
                    else "",
                ),
                ("Beoordelaars", ", ".join(t.get("beoordelaars", [])) or "—"),
                ("Aan de triagetafel", "ja" if t.get("triagetafel") else "nee"),
            ]
            if t
            else [("Beoordeling", "nog niet afgerond")],
        ),
    ]
    return [
        {
            "code": code,
            "kop": kop,
            "zichtbaar": code in info,
            "rijen": rijen if code in info else [],
        }
        for code, kop, rijen in secties
    ]


def _ingezien(casus_id: str) -> list[tuple[Any, ...]]:
    """The newest access-log rows of this case: (tijdstip, gebruiker, organisatie, actie,
    uitkomst). A fixed query (vaste_sql): it runs on every case page."""

    def bouw(stand_ins: list[Any]) -> QuerySet[Any]:
        return Toegangsrij.objects.filter(casus_id=str(stand_ins[0])).values_list(
            "tijdstip", "gebruiker", "organisatie", "actie", "uitkomst"
        )[:INZAGE_RIJEN]

    return vaste_sql.rijen(
        "casus.ingezien",
        bouw,
        [uuid.UUID(str(casus_id))],
        (vaste_sql.als_moment, None, None, None, None),
    )


def _inzage_html(rijen: list[tuple[Any, ...]], namen: dict[str, str]) -> SafeString:
    """The rows of "Wie heeft dit dossier ingezien", each value escaped as the template language
    does: written here, not in the template, as the worklist's rows are (50 rows of template
    variables were ~1.5 ms of CPU per case page)."""
    organisaties: dict[str, str] = {}
    momenten: dict[Any, str] = {}  # the page shows minutes: rows of one minute share the text
    uit = []
    for tijdstip, gebruiker, organisatie, actie, uitkomst in rijen:
        if organisatie not in organisaties:
            organisaties[organisatie] = teksten.partijnaam(organisatie) if organisatie else "—"
        minuut = tijdstip.replace(second=0, microsecond=0)
        if minuut not in momenten:
            momenten[minuut] = escape(teksten.moment(tijdstip))
        geweigerd = " <strong>(geweigerd)</strong>" if uitkomst == "geweigerd" else ""
        wie = escape(namen.get(gebruiker) or gebruiker)
        uit.append(
            '  <tr class="utrecht-table__row">\n'
            f'    <td class="utrecht-table__cell">{momenten[minuut]}</td>\n'
            f'    <td class="utrecht-table__cell">{wie}</td>\n'
            f'    <td class="utrecht-table__cell">{escape(organisaties[organisatie])}</td>\n'
            f'    <td class="utrecht-table__cell">{escape(ACTIES.get(actie, actie))}{geweigerd}'
            "</td>\n  </tr>\n"
        )
    return mark_safe("".join(uit))  # noqa: S308 - every value above is escaped


def _termijnen(toestand: dict[str, Any]) -> list[dict[str, Any]]:
    volgorde = {"verlopen": 0, "open": 1, "te_laat_voldaan": 2, "voldaan": 3, "vervallen": 4}
    return [
        {
            "naam": teksten.termijnnaam(t["code"]),
            "partij": teksten.partijnaam(t["partij"]),
            "status": teksten.STATUSSEN.get(t["status"], t["status"]),
            "verlopen": t["status"] == "verlopen",
            "uiterlijk": teksten.datum(t["uiterlijk"]),
            "grond": t["grond"],
        }
        for t in sorted(toestand["termijnen"], key=lambda t: volgorde.get(t["status"], 9))
    ]
