"""The API's two changes, each one entry point: register a melding, record a lifecycle step.

Both go through the event store and so through the engine: the same rules, rejections and
projections as the screens. Rule breaks, bad input and stale versions come back as problems.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from zicht.api import invoer, toegang
from zicht.api.models import ApiClient
from zicht.api.problemen import Probleem
from zicht.casuswerk import dossier, vrije_tekst
from zicht.casuswerk.models import Gezin
from zicht.core.engine import Afwijzing, InvoerFout
from zicht.store.contract import Conflict, NieuweGebeurtenis
from zicht.store.django_store import DjangoStore
from zicht.store.models import Casus

REGIO = "zuid-limburg"


def _afgewezen(afwijzing: Afwijzing) -> Probleem:
    extra = {"grond": afwijzing.grond, "ontbreekt": afwijzing.ontbreekt}
    return Probleem(422, afwijzing.code, afwijzing.tekst, **extra)


def _invoerfout(fout: InvoerFout) -> Probleem:
    naam = fout.veld or "body"
    return invoer.ongeldig(naam, fout.bericht)


def _actor(client: ApiClient) -> str:
    return f"api:{client.naam}"


def registreer_melding(client: ApiClient, melding: invoer.Melding, nu: datetime) -> str:
    """A new case with its melding and family; only Veilig Thuis registers meldingen."""
    if not toegang.mag(client, "melding_registreren"):
        raise Probleem(403, "alleen_veilig_thuis", "Alleen Veilig Thuis registreert meldingen.")
    store = DjangoStore()
    try:
        with transaction.atomic():  # the case, its melding and the family, or nothing
            casus_id = store.nieuwe_casus(REGIO, nu=nu)
            gebeurtenis = NieuweGebeurtenis("melding_ontvangen", melding.op, melding.velden)
            store.voeg_toe(casus_id, 0, gebeurtenis, _actor(client), client.organisatie.code, nu)
            if melding.gezin or melding.personen or melding.melder:
                naam = melding.gezin or f"Casus {casus_id[:8]}"
                Gezin.objects.create(
                    casus_id=casus_id, naam=naam, personen=melding.personen, melder=melding.melder
                )
    except InvoerFout as fout:
        raise _invoerfout(fout) from None
    except Afwijzing as afwijzing:
        raise _afgewezen(afwijzing) from None
    return casus_id


def leg_stap_vast(
    client: ApiClient, casus: Casus, versie: int, stap: invoer.Stap, nu: datetime
) -> int:
    """Append one event for the client's organisation; returns the case's new version."""
    d = dossier.laad(casus, nu)
    if versie != d.seq:
        raise _conflict(versie, d.seq)
    if stap.type not in toegang.stappen(client, d.kern):
        raise Probleem(
            403,
            "stap_niet_toegestaan",
            f"De stap '{stap.type}' is nu niet aan {client.organisatie.code}.",
            mogelijkeStappen=toegang.stappen(client, d.kern),
        )
    velden, teksten = vrije_tekst.apart(stap.velden)  # free text beside the event, not in it
    gebeurtenis = NieuweGebeurtenis(stap.type, stap.op, velden)
    try:
        with transaction.atomic():
            vrije_tekst.bewaar(str(casus.pk), teksten)
            return DjangoStore().voeg_toe(
                str(casus.pk), versie, gebeurtenis, _actor(client), client.organisatie.code, nu
            )
    except Conflict as conflict:
        raise _conflict(conflict.verwacht, conflict.actueel) from None
    except InvoerFout as fout:
        raise _invoerfout(fout) from None
    except Afwijzing as afwijzing:
        raise _afgewezen(afwijzing) from None


def _conflict(verwacht: int, actueel: int) -> Probleem:
    return Probleem(
        409,
        "versie_verouderd",
        f"De casus is intussen gewijzigd: u zag versie {verwacht}, de actuele is {actueel}. "
        "Haal de casus opnieuw op.",
        actueleVersie=actueel,
    )
