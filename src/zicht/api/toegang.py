"""The access policy for systems: a client acts as its organisation, in one role per kind.

Every decision is the core policy's (`core.toegang.can`), the same as for a person of that
organisation in that role: need-to-know per case, the hand-over items it may see, the steps it
may take (`core.acties`). Absent and forbidden cases answer the same 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zicht.api.models import ApiClient
from zicht.api.problemen import Probleem
from zicht.casuswerk.models import CasusPartij, Organisatie
from zicht.casuswerk.toegang import casusbeeld
from zicht.core import acties, engine
from zicht.core import toegang as beleid
from zicht.store.models import Casus

# The role a system of this kind of organisation acts in (core.acties.ROLLEN).
ROL_PER_SOORT = {
    "veilig_thuis": "vt_medewerker",
    "lokaal_veld": "lokaal_veld_medewerker",
    "gemeente": "procescoordinator",
    "zorgaanbieder": "zorgaanbieder_medewerker",
    "zorg_en_veiligheidshuis": "zvh_procesregisseur",
}
NIET_GEVONDEN = "Casus niet gevonden."


def rol_van(organisatie: Organisatie) -> str:
    return ROL_PER_SOORT.get(organisatie.soort, "")


def actor_van(organisatie: Organisatie, naam: str = "") -> beleid.Actor:
    return beleid.Actor(organisatie.code, rol_van(organisatie), naam)


def actor(client: ApiClient) -> beleid.Actor:
    return actor_van(client.organisatie, f"api:{client.naam}")


def rol(client: ApiClient) -> str:
    return rol_van(client.organisatie)


def verwerking(client: ApiClient | None, actie: str) -> str:
    if client is None:
        return "toezicht_toegang"  # a refused call without a known client
    return beleid.verwerking(actor(client), actie)


def zichtbare_casussen(client: ApiClient) -> QuerySet[Casus]:
    """Every case the client's organisation may see, as one query (the rule behind `can`)."""
    regel = beleid.toegangsregel(actor(client))
    if regel.alles:
        return Casus.objects.all()
    if regel.niets:
        return Casus.objects.none()
    voorwaarde = Q()
    for partij, relaties in regel.via:
        voorwaarde |= Q(partij=partij, relatie__in=sorted(relaties))
    return Casus.objects.filter(pk__in=CasusPartij.objects.filter(voorwaarde).values("casus_id"))


def casus_of_404(client: ApiClient, casus_id: object, actie: str = "casus_inzien") -> Casus:
    if not beleid.can(actor(client), actie, casusbeeld(casus_id)):
        raise Probleem(404, "casus_niet_gevonden", NIET_GEVONDEN)
    return Casus.objects.select_related("gezin").get(pk=casus_id)


def informatie(client: ApiClient, casus_id: object) -> frozenset[str]:
    """The hand-over items (SPEC §4) of this case the client's organisation may see."""
    beeld = casusbeeld(casus_id)
    return frozenset() if beeld is None else beleid.informatie(actor(client), beeld)


def mag(client: ApiClient, actie: str) -> bool:
    """An action without a case: melding_registreren, werkvoorraad_inzien."""
    return bool(beleid.can(actor(client), actie))


def werkvoorraadpartijen(organisatie: Organisatie) -> list[str]:
    """The parties whose open terms are this organisation's (a gemeente: its lokaal veld too)."""
    return beleid.werkpartijen(organisatie.code, rol_van(organisatie))


def stappen(client: ApiClient, casus: engine.Casus) -> list[str]:
    """The event types this client may record now (the same list the case page offers)."""
    return acties.mogelijke_stappen(casus, client.organisatie.code, rol(client))
