"""The e-mail digest: once per working day at the time each user chose, counts and a link.

No personal data in the mail: no names, no case numbers, only how many terms are due soon or
overdue, how many hand-overs wait, how many reports reached the organisation, and the link to
the bell. One `Digest` row per user per day (unique): sent once; a mail server that is down or
refuses leaves the row `wachtend` with the next attempt after a backoff, and `mislukt` after
the last attempt, where beheer sees it (`/beheer/storingen`).
"""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from zicht.casuswerk.models import Medewerker
from zicht.signalering import bel
from zicht.signalering.models import Digest, Voorkeur
from zicht.store.projectie import AMSTERDAM
from zicht.store.regio import regio
from zicht.toepassing.dossier import afspraken

log = logging.getLogger(__name__)
STANDAARD_TIJD = time(8, 0)


def _instelling(naam: str) -> int:
    return int(settings.ZICHT_SIGNALERING[naam])


def verstuur_wachtende(nu: datetime) -> int:
    """Create today's digests that are due at `nu`, then send every digest whose turn it is."""
    lokaal = nu.astimezone(AMSTERDAM)
    dag = lokaal.date()
    if afspraken(regio()).kalender.is_werkdag(dag):
        for gebruiker_id in _aan_de_beurt(lokaal):
            try:
                with transaction.atomic():
                    Digest.objects.create(gebruiker_id=gebruiker_id, dag=dag, aangemaakt_op=nu)
            except IntegrityError:
                pass  # already made today (another run, another scheduler)
    klaar = Digest.objects.filter(status=Digest.WACHTEND).filter(
        Q(volgende_poging_op__isnull=True) | Q(volgende_poging_op__lte=nu)
    )
    verzonden = 0
    for digest in klaar.select_related("gebruiker"):
        if stuur(digest, nu):
            verzonden += 1
    return verzonden


def _aan_de_beurt(lokaal: datetime) -> list[int]:
    """Users with an e-mail address whose chosen time has come today (default 08:00, on)."""
    nu_tijd = lokaal.time()
    gebruikers = get_user_model().objects.filter(is_active=True).exclude(email="")
    gebruikers = gebruikers.filter(pk__in=Medewerker.objects.values("user_id"))
    uit = Voorkeur.objects.filter(Q(digest_aan=False) | Q(digest_tijd__gt=nu_tijd))
    ids = gebruikers.exclude(pk__in=uit.values("gebruiker_id"))
    if nu_tijd < STANDAARD_TIJD:  # who never chose keeps the default time
        ids = ids.filter(pk__in=Voorkeur.objects.values("gebruiker_id"))
    return list(ids.values_list("pk", flat=True))


def inhoud(aantallen: dict[str, int], link: str) -> tuple[str, str]:
    """Subject and text: counts and a link, nothing about any family."""
    lijnen = [
        f"Termijnen die binnen twee werkdagen verlopen: {aantallen['binnenkort']}",
        f"Verlopen termijnen: {aantallen['verlopen']}",
        f"Wachtende overdrachten (acceptatie of ontvangst): {aantallen['overdracht']}",
        f"Berichten aan uw organisatie: {aantallen['aandacht']}",
        f"Signalen die de tijd bracht: {aantallen.get('signalen', 0)}",
    ]
    onderwerp = (
        f"Zicht: {aantallen['verlopen']} verlopen, {aantallen['binnenkort']} binnenkort, "
        f"{aantallen['overdracht']} wachtende overdrachten"
    )
    tekst = "\n".join(
        [
            "Goedemorgen,",
            "",
            "Dit vraagt vandaag uw aandacht in Zicht:",
            "",
            *lijnen,
            "",
            f"Bekijk het in Zicht: {link}",
            "",
            "U krijgt deze e-mail omdat het dagelijkse overzicht aan staat. Uitzetten kan in Zicht "
            "onder Berichten, E-mail en agenda.",
        ]
    )
    return onderwerp, tekst


def stuur(digest: Digest, nu: datetime) -> bool:
    gebruiker: Any = digest.gebruiker
    medewerker = Medewerker.objects.select_related("organisatie").filter(user=gebruiker).first()
    if medewerker is None:
        digest.status = Digest.LEEG
        digest.save(update_fields=["status"])
        return False
    aantallen = bel.aantallen(medewerker, nu.astimezone(AMSTERDAM).date())
    if not any(aantallen.values()):
        digest.status = Digest.LEEG
        digest.save(update_fields=["status"])
        return False
    link = settings.ZICHT_SIGNALERING["BASIS_URL"] + reverse("signalering:berichten")
    onderwerp, tekst = inhoud(aantallen, link)
    digest.pogingen += 1
    try:
        send_mail(onderwerp, tekst, None, [gebruiker.email], fail_silently=False)
    except (smtplib.SMTPException, OSError) as fout:  # down, refused, timeout, bad login
        digest.laatste_fout = f"{type(fout).__name__}: {fout}"[:500]
        if digest.pogingen >= _instelling("DIGEST_MAX_POGINGEN"):
            digest.status, digest.volgende_poging_op = Digest.MISLUKT, None
        else:
            wacht = _instelling("DIGEST_BACKOFF_SECONDEN") * 2 ** (digest.pogingen - 1)
            digest.volgende_poging_op = nu + timedelta(seconds=wacht)
        digest.save()
        log.warning("digest niet verzonden (poging %s): %s", digest.pogingen, digest.laatste_fout)
        return False
    digest.status, digest.verzonden_op, digest.laatste_fout = Digest.VERZONDEN, nu, ""
    digest.volgende_poging_op = None
    digest.save()
    return True
