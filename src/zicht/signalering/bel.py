"""The bell: what needs this user now, derived from the projections at `vandaag`.

Terms of the user's worklist parties due within two working days, and overdue; hand-overs
waiting for the organisation's acceptance; what was addressed to the organisation (`Aandacht`:
non-compliance reports, escalations, corrections). Nothing is fanned out per user: only what a
user marked as read is stored (`Gelezen`). Case numbers, never names: the bell shows no
personal data, so reading it is no access to a family's file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse

from zicht.casuswerk.models import CasusPartij, Medewerker
from zicht.core.toegang import WACHT_OP, werkpartijen
from zicht.signalering.aandacht import CORRECTIE, NIET_NAKOMEN, OPGESCHAALD
from zicht.signalering.models import Aandacht, Gelezen, Verloop
from zicht.store.models import OpenTermijn
from zicht.store.regio import regio
from zicht.toepassing import teksten
from zicht.toepassing.dossier import afspraken

PER_SOORT = 25  # the bell is a short list; the worklist has the rest
BINNEN_WERKDAGEN = 2
AANDACHT_DAGEN = 42
# A hand-over waits for the receiving party: its acceptance (after a service, §5.2.4) or its
# confirmation of receipt (§2i).
WACHTEND = (
    WACHT_OP["acceptatie"],
    WACHT_OP["ontvangst"],
)  # six weeks: the gemeente's term to answer a report (§5.5)
AANDACHTTEKST = {
    NIET_NAKOMEN: "Melding van niet nakomen van de afspraken aan de gemeente",
    OPGESCHAALD: "Opgeschaald naar het Zorg- en Veiligheidshuis",
    CORRECTIE: "Correctie in een casus waar u aan werkt",
}


# Signals that time brings (the sweep records them, `Verloop`): a short text without content.
SIGNAALTEKST = {
    "ontvangst_onbevestigd": "Ontvangst van de overdracht is nog niet bevestigd",
    "melder_niet_geinformeerd": "De melder weet nog niet wie de casus heeft overgenomen",
    "leidinggevende_niet_geinformeerd": "De leidinggevende van de gemeente is nog niet benaderd",
    "stabiele_veiligheid_mogelijk": "Stabiele veiligheid lijkt mogelijk: beoordeel het",
    "monitoring_langer_dan_verwacht": "Monitoring duurt langer dan verwacht",
    "overdracht_niet_aansluitend": "De overdracht volgt niet direct aansluitend",
    "niet_nakomen_herhaald": "Termijnen herhaald niet gehaald: meld het aan de gemeente",
    "afstemming_veilig_thuis_nodig": "Niet iedere directbetrokkene is geïnformeerd",
    "zicht_niet_belegd": "Niemand heeft zicht op veiligheid",
}


@dataclass(frozen=True)
class Bericht:
    sleutel: str  # stable per thing and state: a term that goes overdue is a new message
    soort: str  # binnenkort, verlopen, overdracht, aandacht
    tekst: str
    casusnummer: str
    url: str
    gelezen: bool = False


def casusnummer(casus_id: object) -> str:
    return str(casus_id)[:8]


def grens(vandaag: date) -> date:
    """The last `uiterlijk` that counts as "due soon": two working days ahead."""
    kalender = afspraken(regio()).kalender
    return kalender.plus_werkdagen(vandaag, BINNEN_WERKDAGEN)


def berichten(medewerker: Medewerker, gebruiker_id: int, vandaag: date) -> list[Bericht]:
    partijen = werkpartijen(medewerker.organisatie.code, medewerker.rol)
    casus = _casus_url()
    uit: list[Bericht] = []
    termijnen = OpenTermijn.objects.filter(partij__in=partijen)
    binnenkort = termijnen.filter(uiterlijk__gte=vandaag, uiterlijk__lte=grens(vandaag))
    for t in binnenkort.order_by("uiterlijk", "casus_id", "code")[:PER_SOORT]:
        nummer = casusnummer(t.casus_id)
        uit.append(
            Bericht(
                f"termijn:{t.casus_id}:{t.code}:{t.partij}:{t.uiterlijk}:binnenkort",
                "binnenkort",
                f"{teksten.termijnnaam(t.code)} verloopt {teksten.datum(t.uiterlijk)}",
                nummer,
                casus + str(t.casus_id),
            )
        )
    verlopen = termijnen.filter(uiterlijk__lt=vandaag)
    for t in verlopen.order_by("-uiterlijk", "casus_id", "code")[:PER_SOORT]:
        datum = teksten.datum(t.uiterlijk)
        uit.append(
            Bericht(
                f"termijn:{t.casus_id}:{t.code}:{t.partij}:{t.uiterlijk}:verlopen",
                "verlopen",
                f"{teksten.termijnnaam(t.code)} is verlopen (uiterlijk {datum})",
                casusnummer(t.casus_id),
                casus + str(t.casus_id),
            )
        )
    wachtend = CasusPartij.objects.filter(partij__in=partijen, relatie__in=WACHTEND)
    for casus_id, partij, relatie in wachtend.order_by("aangemaakt_op", "casus_id").values_list(
        "casus_id", "partij", "relatie"
    )[:PER_SOORT]:
        wat = "acceptatie" if relatie == WACHT_OP["acceptatie"] else "ontvangstbevestiging"
        uit.append(
            Bericht(
                f"overdracht:{casus_id}:{partij}:{relatie}",
                "overdracht",
                f"Overdracht wacht op {wat} door {teksten.partijnaam(partij)}",
                casusnummer(casus_id),
                casus + str(casus_id),
            )
        )
    sinds = vandaag - timedelta(days=AANDACHT_DAGEN)
    aan_org = Aandacht.objects.filter(partij__in=partijen, op__date__gte=sinds)
    for a in aan_org.order_by("-op")[:PER_SOORT]:
        uit.append(
            Bericht(
                f"aandacht:{a.casus_id}:{a.seq}:{a.partij}",
                "aandacht",
                f"{AANDACHTTEKST.get(a.soort, a.soort)} ({teksten.moment(a.op)})",
                casusnummer(a.casus_id),
                casus + str(a.casus_id),
            )
        )
    for casus_id, code, partij, dag in _tijdsignalen(partijen, sinds)[:PER_SOORT]:
        uit.append(
            Bericht(
                f"signaal:{casus_id}:{code}:{partij}:{dag}",
                "signaal",
                f"{SIGNAALTEKST.get(code, 'Signaal')} (sinds {teksten.datum(dag)})",
                casusnummer(casus_id),
                casus + str(casus_id),
            )
        )
    gelezen = set(
        Gelezen.objects.filter(
            gebruiker_id=gebruiker_id, sleutel__in=[b.sleutel for b in uit]
        ).values_list("sleutel", flat=True)
    )
    return [
        Bericht(b.sleutel, b.soort, b.tekst, b.casusnummer, b.url, b.sleutel in gelezen)
        for b in uit
    ]


def _tijdsignalen(partijen: list[str], sinds: date) -> list[tuple[object, str, str, date]]:
    """Signals time brought to these parties since `sinds` that the case still shows (an event
    may have resolved one since): newest first."""
    rijen = Verloop.objects.filter(
        partij__in=partijen, soort=Verloop.SIGNAAL, uiterlijk__gte=sinds
    ).order_by("-uiterlijk", "casus_id", "code")
    uit = []
    for casus_id, code, partij, dag, nu in rijen.values_list(
        "casus_id", "code", "partij", "uiterlijk", "casus__projectie__toestand__signalen"
    ):
        if any(s.get("code") == code and s.get("partij") == partij for s in nu or []):
            uit.append((casus_id, code, partij, dag))
    return uit


def ongelezen(lijst: list[Bericht]) -> int:
    return sum(1 for b in lijst if not b.gelezen)


def markeer_gelezen(gebruiker_id: int, sleutels: list[str], nu: datetime) -> int:
    nieuw = 0
    for sleutel in sleutels:
        try:
            with transaction.atomic():
                Gelezen.objects.create(gebruiker_id=gebruiker_id, sleutel=sleutel, gelezen_op=nu)
                nieuw += 1
        except IntegrityError:
            pass
    return nieuw


def _casus_url() -> str:
    nul = "00000000-0000-0000-0000-000000000000"
    return str(reverse("casuswerk:casus", args=[nul])).removesuffix(nul)


def aantallen(medewerker: Medewerker, vandaag: date) -> dict[str, int]:
    """The bell's counts, uncapped, for the e-mail digest (which carries nothing else)."""
    partijen = werkpartijen(medewerker.organisatie.code, medewerker.rol)
    termijnen = OpenTermijn.objects.filter(partij__in=partijen)
    sinds = vandaag - timedelta(days=AANDACHT_DAGEN)
    return {
        "binnenkort": termijnen.filter(
            uiterlijk__gte=vandaag, uiterlijk__lte=grens(vandaag)
        ).count(),
        "verlopen": termijnen.filter(uiterlijk__lt=vandaag).count(),
        "overdracht": CasusPartij.objects.filter(partij__in=partijen, relatie__in=WACHTEND).count(),
        "aandacht": Aandacht.objects.filter(partij__in=partijen, op__date__gte=sinds).count(),
        "signalen": len(_tijdsignalen(partijen, sinds)),
    }
