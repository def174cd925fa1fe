"""Turning what happened into deliveries: one per subscriber, each at most once (its key).

A hand-over is announced when its event row is inserted (any route: screen, API, demo), in the
same transaction; the delivery is queued when that transaction commits.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.urls import reverse

from zicht.api.models import Abonnement, Levering
from zicht.signalering.models import Verloop
from zicht.store.models import Gebeurtenis
from zicht.store.projectie import AMSTERDAM

OVERDRACHT, TERMIJN = "overdracht", "termijn_verloopt"


def casus_url(casus_id: object) -> str:
    return settings.ZICHT_API["BASIS_URL"] + reverse("api:casus", kwargs={"casus_id": casus_id})


def _moment(m: datetime) -> str:
    return m.astimezone(AMSTERDAM).isoformat()


def meld(
    abonnement: Abonnement, soort: str, sleutel: str, bericht: dict[str, Any], nu: datetime
) -> Levering | None:
    """A new delivery, queued after commit; None when this key was announced before."""
    from zicht.api.webhooks.bezorgen import bezorg

    if Levering.objects.filter(abonnement=abonnement, sleutel=sleutel).exists():
        return None
    levering_id = uuid.uuid4()
    try:
        with transaction.atomic():  # a savepoint: a lost race never undoes the caller's work
            levering = Levering.objects.create(
                id=levering_id,
                abonnement=abonnement,
                soort=soort,
                sleutel=sleutel,
                bericht={
                    "id": str(levering_id),
                    "soort": soort,
                    **bericht,
                    "aangemaakt_op": _moment(nu),
                },
                aangemaakt_op=nu,
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: bezorg.enqueue(str(levering_id)))
    return levering


def _abonnementen(organisaties: list[str], soort: str) -> list[Abonnement]:
    rijen = Abonnement.objects.filter(actief=True, organisatie__code__in=organisaties)
    return [a for a in rijen.select_related("organisatie") if soort in a.soorten]


def bij_gebeurtenis(sender: Any, instance: Gebeurtenis, created: bool, **_: Any) -> None:
    if not created or instance.type != OVERDRACHT:
        return
    naar = [str(n) for n in (instance.payload or {}).get("naar", [])]
    for abonnement in _abonnementen(naar, OVERDRACHT):
        meld(
            abonnement,
            OVERDRACHT,
            f"overdracht:{instance.casus_id}:{instance.seq}",
            {"casus": casus_url(instance.casus_id), "gebeurd_op": _moment(instance.occurred_at)},
            instance.recorded_at,
        )


def termijn_verloopt(
    abonnement: Abonnement, casus_id: object, code: str, uiterlijk: date, nu: datetime
) -> Levering | None:
    return meld(
        abonnement,
        TERMIJN,
        f"termijn:{casus_id}:{code}:{uiterlijk.isoformat()}",
        {"casus": casus_url(casus_id), "uiterlijk": uiterlijk.isoformat()},
        nu,
    )


def bij_verloop(sender: Any, verloop: Verloop, nu: datetime, **_: Any) -> None:
    """A term went past its deadline (the sweep, zicht.signalering): announced once per
    subscriber of the party, in the sweep's transaction."""
    from zicht.api import toegang

    rijen = Abonnement.objects.filter(actief=True).select_related("organisatie")
    for abonnement in rijen:
        if TERMIJN not in abonnement.soorten:
            continue
        if verloop.partij not in toegang.werkvoorraadpartijen(abonnement.organisatie):
            continue
        meld(
            abonnement,
            TERMIJN,
            f"verlopen:{verloop.casus_id}:{verloop.code}:{verloop.partij}:{verloop.uiterlijk}",
            {
                "casus": casus_url(verloop.casus_id),
                "uiterlijk": verloop.uiterlijk.isoformat(),
                "status": "verlopen",
            },
            nu,
        )


def koppel() -> None:
    from zicht.signalering.signalen import termijn_verlopen

    post_save.connect(bij_gebeurtenis, sender=Gebeurtenis, dispatch_uid="zicht.api.overdracht")
    termijn_verlopen.connect(bij_verloop, dispatch_uid="zicht.api.termijn_verlopen")
