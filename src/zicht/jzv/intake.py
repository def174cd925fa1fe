"""A JZV melding from receipt to case: kept once per sender's registratienummer, then turned
into a Zicht melding when a Veilig Thuis worker assigns the gemeente(n) — the message names
none, and Zicht never guesses one.
"""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import datetime
from typing import Any, cast

from django.db import IntegrityError, transaction

from zicht.api import invoer
from zicht.api.models import ApiClient
from zicht.api.problemen import Probleem
from zicht.casuswerk.models import Gezin
from zicht.jzv import koppeling
from zicht.jzv.bericht import VRIJE_TEKST
from zicht.jzv.models import Melding
from zicht.store.models import Casus
from zicht.toepassing import vrije_tekst

PERSOON = "p1"
GEZIN = "gezin"  # natuurlijkPersoon's place in `bericht` once the person lives with the family


def vingerafdruk(bericht: dict[str, Any]) -> str:
    tekst = json.dumps(bericht, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(tekst.encode()).hexdigest()


def ontvang(afzender: ApiClient, bericht: dict[str, Any], nu: datetime) -> tuple[Melding, bool]:
    """The melding, and whether it is new. The same registratienummer with the same content is
    the same melding (a retry); with other content it is a conflict."""
    afdruk = vingerafdruk(bericht)
    nummer = bericht["registratienummer"]
    bestaand = Melding.objects.filter(afzender=afzender, registratienummer=nummer).first()
    if bestaand is None:
        try:
            with transaction.atomic():
                melding = Melding.objects.create(
                    afzender=afzender,
                    registratienummer=nummer,
                    bericht=bericht,
                    vingerafdruk=afdruk,
                    terugkoppeling_gewenst=bericht["terugkoppelingGewenst"],
                    ontvangen_op=nu,
                )
            return melding, True
        except IntegrityError:  # a concurrent retry won the race
            bestaand = Melding.objects.get(afzender=afzender, registratienummer=nummer)
    if bestaand.vingerafdruk != afdruk:
        raise Probleem(
            409,
            "registratienummer_bestaat",
            "Onder dit registratienummer staat al een andere melding van deze afzender.",
        )
    return bestaand, False


def in_intake() -> list[Melding]:
    return list(Melding.objects.filter(casus__isnull=True).select_related("afzender"))


def naam_van(naam: dict[str, Any]) -> str:
    delen = [naam.get("voornamen") or naam.get("voorletters1") or ""]
    delen += [naam.get("voorvoegselGeslachtsnaam") or "", naam["geslachtsnaam"]]
    return " ".join(d for d in delen if d)


def wijs_toe(melding: Melding, gemeenten: list[str], door: str, nu: datetime) -> str:
    """Make the case: the event without names, the person with the family, the narrative as
    notes. Returns the case id."""
    bericht = melding.bericht
    persoon = bericht["natuurlijkPersoon"]
    geslacht = persoon["naam"]["geslachtsnaam"]
    voorvoegsel = persoon["naam"].get("voorvoegselGeslachtsnaam")
    zicht_melding = invoer.Melding(
        op=melding.ontvangen_op,  # Veilig Thuis received it then: the triage term counts from it
        velden={
            "gemeenten": gemeenten,
            "bron": melding.afzender.bron,
            "directbetrokkenen": [{"id": PERSOON}],
        },
        gezin=f"Gezin {voorvoegsel + ' ' if voorvoegsel else ''}{geslacht}",
        personen=[
            {
                "id": PERSOON,
                "naam": naam_van(persoon["naam"]),
                "rol": "",
                "bsn": persoon["burgerservicenummer"],
                "jzv": {k: v for k, v in persoon.items() if k != "burgerservicenummer"},
            }
        ],
        melder={"naam": melding.afzender.afzendernaam},
    )
    with transaction.atomic():
        vast = Melding.objects.select_for_update().get(pk=melding.pk)
        if vast.casus_id is not None:
            raise Probleem(409, "al_toegewezen", "Deze melding is al een casus.")
        casus_id = koppeling.registreer_melding(zicht_melding, nu)
        zonder = copy.deepcopy(bericht)
        zonder["natuurlijkPersoon"] = {GEZIN: PERSOON}
        teksten = {}
        for pad in VRIJE_TEKST:
            plek = zonder
            for stap in pad[:-1]:
                plek = plek[stap]
            apart, tekst = vrije_tekst.apart({"omschrijving": plek[pad[-1]]})
            plek[pad[-1]] = apart["omschrijving"]
            teksten.update(tekst)
        vrije_tekst.bewaar(casus_id, teksten)
        vast.bericht, vast.casus_id = zonder, casus_id
        vast.toegewezen_door, vast.toegewezen_op = door, nu
        vast.save(update_fields=["bericht", "casus", "toegewezen_door", "toegewezen_op"])
    return casus_id


class Vervallen(Exception):
    """The melding's personal data has been erased (retention)."""


def als_bericht(melding: Melding) -> dict[str, Any]:
    """The melding as a JZV `Melding` again; Vervallen once the retention job erased it."""
    if melding.casus_id is None:
        return dict(melding.bericht)
    gezin = Gezin.objects.filter(casus_id=melding.casus_id).first()
    if gezin is None or gezin.geanonimiseerd_op is not None:
        raise Vervallen
    bericht = copy.deepcopy(melding.bericht)
    casus_id = str(melding.casus_id)
    for pad in VRIJE_TEKST:
        plek = bericht
        for stap in pad[:-1]:
            plek = plek[stap]
        plek[pad[-1]] = vrije_tekst.tekst_van(casus_id, plek[pad[-1]])
    persoon = next(p for p in gezin.personen if p["id"] == PERSOON)
    bericht["natuurlijkPersoon"] = {**persoon["jzv"], "burgerservicenummer": persoon["bsn"]}
    return cast(dict[str, Any], bericht)


def melding_bij(casus: Casus | str) -> Melding | None:
    return cast(
        Melding | None, Melding.objects.filter(casus_id=getattr(casus, "pk", casus)).first()
    )
