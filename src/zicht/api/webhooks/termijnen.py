"""The periodic check for terms about to expire: on the working day before `uiterlijk`.

`zicht webhooks termijnen` (from cron, once per working day) enqueues `controleer_termijnen`;
each term is announced once per deadline (the delivery's key), however often the check runs.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from zicht.api import toegang
from zicht.api.models import Abonnement
from zicht.api.webhooks.aanmelden import TERMIJN, termijn_verloopt
from zicht.store.models import OpenTermijn
from zicht.store.regio import regio
from zicht.toepassing.dossier import afspraken


def bijna_verlopen(vandaag: date) -> tuple[date, date]:
    """The `uiterlijk` range to announce today: after today, up to the next working day."""
    return vandaag, afspraken(regio()).kalender.volgende_werkdag(vandaag)


@task()
def controleer_termijnen(datum: str) -> int:
    """Queue a delivery per subscriber per term whose deadline is the next working day."""
    na, tot_en_met = bijna_verlopen(date.fromisoformat(datum))
    nu = timezone.now()
    aantal = 0
    abonnementen = Abonnement.objects.filter(actief=True).select_related("organisatie")
    for abonnement in abonnementen:
        if TERMIJN not in abonnement.soorten:
            continue
        termijnen = OpenTermijn.objects.filter(
            partij__in=toegang.werkvoorraadpartijen(abonnement.organisatie),
            uiterlijk__gt=na,
            uiterlijk__lte=tot_en_met,
        ).order_by("uiterlijk", "casus_id", "code")
        for t in termijnen:
            assert t.uiterlijk is not None
            if termijn_verloopt(abonnement, t.casus_id, t.code, t.uiterlijk, nu):
                aantal += 1
    return aantal
