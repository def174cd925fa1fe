"""Turning what happened into deliveries: one per subscriber, each at most once (its key).

Every delivery is a CloudEvent (CloudEvents 1.0, NL GOV profile): a reverse-DNS `type` per
event kind, `source` the URN of the organisation running Zicht, `subject` the case id, `time`,
`dataref` the case in the API; `data` names moments, never the case's content. The W3C
`traceparent` of the request that caused it goes along (Logboek Dataverwerkingen).

What an event row announces is decided when it is inserted (any route: screen, API, demo), in
the same transaction; the delivery is queued when that transaction commits. A term past its
deadline is announced by the sweep (zicht.signalering), in the transaction that records it.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from zicht.api.instellingen import zicht_api
from zicht.api.models import Abonnement, Levering
from zicht.store import aankondiging
from zicht.store.models import CasusPartij, Gebeurtenis
from zicht.store.projectie import AMSTERDAM
from zicht.toepassing.spoor import huidige_trace

if TYPE_CHECKING:  # signalering builds on the API, not the other way round
    from zicht.signalering.models import Verloop

# Subscription kinds (Abonnement.soorten) ...
OVERDRACHT, TERMIJN, ZICHT, GESLOTEN, SIGNAAL = (
    "overdracht",
    "termijn_verloopt",
    "zicht_gewijzigd",
    "gesloten",
    "signaal",
)
# ... and the event kinds delivered under them: the CloudEvent `type` after the prefix.
TYPES = {
    "overdracht": "overdracht.aangeboden",
    "termijn_verloopt": "termijn.verloopt",
    "termijn_verlopen": "termijn.verlopen",
    "zicht_gewijzigd": "zicht-op-veiligheid.gewijzigd",
    "gesloten": "casus.gesloten",
    "signaal": "signaal.ontstaan",
}
# Steps that change who holds zicht op veiligheid (Bijlage 1, §5.1.1, §5.2.1, §6.1).
ZICHT_STAPPEN = frozenset(
    {
        "veiligheidsbeoordeling_afgerond",
        "overdracht",
        "overdracht_geaccepteerd",
        "stabiele_veiligheid_vastgesteld",
    }
)
SLUIT_STAPPEN = frozenset({"dossier_gesloten", "casusregie_afgesloten", "monitoring_afgesloten"})


def casus_url(casus_id: object) -> str:
    pad = reverse("api:casus", kwargs={"casus_id": casus_id})
    return f"{settings.ZICHT_API['BASIS_URL']}{pad}"


def _moment(m: datetime) -> str:
    return m.astimezone(AMSTERDAM).isoformat()


def traceparent() -> str:
    """The current request's trace (or a new one, outside a request) as a W3C traceparent."""
    trace = huidige_trace.get()
    if len(trace) != 32:
        trace = uuid.uuid4().hex
    return f"00-{trace}-{secrets.token_hex(8)}-01"


def cloudevent(
    levering_id: uuid.UUID, soort: str, casus_id: object, data: dict[str, Any], nu: datetime
) -> dict[str, Any]:
    instellingen = settings.ZICHT_API.get("CLOUDEVENTS") or zicht_api()["CLOUDEVENTS"]
    return {
        "specversion": "1.0",
        "id": str(levering_id),
        "source": instellingen["SOURCE"],
        "type": f"{instellingen['TYPE_PREFIX']}.{TYPES[soort]}",
        "subject": str(casus_id),
        "time": nu.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "datacontenttype": "application/json",
        "dataref": casus_url(casus_id),
        "traceparent": traceparent(),
        "data": data,
    }


def meld(
    abonnement: Abonnement,
    soort: str,
    sleutel: str,
    casus_id: object,
    data: dict[str, Any],
    nu: datetime,
) -> Levering | None:
    """A new delivery of event kind `soort`, queued after commit; None when this key was
    announced before."""
    from zicht.api.webhooks.bezorgen import bezorg

    if Levering.objects.filter(abonnement=abonnement, sleutel=sleutel).exists():
        return None
    levering_id = uuid.uuid4()
    try:
        with transaction.atomic():  # a savepoint: a lost race never undoes the caller's work
            levering: Levering = Levering.objects.create(
                id=levering_id,
                abonnement=abonnement,
                soort=soort,
                sleutel=sleutel,
                bericht=cloudevent(levering_id, soort, casus_id, data, nu),
                aangemaakt_op=nu,
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: bezorg.enqueue(str(levering_id)))
    return levering


def _actieve() -> list[Abonnement]:
    """Every active subscription, in one query per event (few rows: one per subscriber)."""
    return list(Abonnement.objects.filter(actief=True).select_related("organisatie"))


def _abonnementen(
    actief: list[Abonnement], organisaties: list[str], soort: str
) -> list[Abonnement]:
    return [a for a in actief if a.organisatie.code in organisaties and soort in a.soorten]


def _betrokken(instance: Gebeurtenis) -> list[str]:
    """The parties of a case: those it names now, and those the relations projection held."""
    velden = instance.payload or {}
    namen = [str(n) for n in velden.get("naar", []) if isinstance(velden.get("naar"), list)]
    namen += [str(velden[k]) for k in ("door", "bij") if isinstance(velden.get(k), str)]
    rijen = CasusPartij.objects.filter(casus_id=instance.casus_id).values_list("partij", flat=True)
    return sorted({*namen, *rijen, "veilig_thuis"})


def bij_gebeurtenis(sender: Any, instance: Gebeurtenis, created: bool, **_: Any) -> None:
    """The deliveries for one new event. One query for the subscriptions; the case's parties
    only when someone subscribed to the kind this event is."""
    soorten = {OVERDRACHT} if instance.type == OVERDRACHT else set()
    soorten |= {
        s
        for s, stappen in ((ZICHT, ZICHT_STAPPEN), (GESLOTEN, SLUIT_STAPPEN))
        if instance.type in stappen
    }
    if not created or not soorten:
        return
    actief = [a for a in _actieve() if soorten & set(a.soorten)]
    if not actief:
        return
    gebeurd = {"stap": instance.type, "gebeurd_op": _moment(instance.occurred_at)}
    if instance.type == OVERDRACHT:
        naar = [str(n) for n in (instance.payload or {}).get("naar", [])]
        for abonnement in _abonnementen(actief, naar, OVERDRACHT):
            meld(
                abonnement,
                OVERDRACHT,
                f"overdracht:{instance.casus_id}:{instance.seq}",
                instance.casus_id,
                {"gebeurd_op": _moment(instance.occurred_at)},
                instance.recorded_at,
            )
    betrokken: list[str] | None = None
    for soort, stappen in ((ZICHT, ZICHT_STAPPEN), (GESLOTEN, SLUIT_STAPPEN)):
        if instance.type not in stappen or not any(soort in a.soorten for a in actief):
            continue
        betrokken = _betrokken(instance) if betrokken is None else betrokken
        for abonnement in _abonnementen(actief, betrokken, soort):
            meld(
                abonnement,
                soort,
                f"{soort}:{instance.casus_id}:{instance.seq}",
                instance.casus_id,
                gebeurd,
                instance.recorded_at,
            )


def termijn_verloopt(
    abonnement: Abonnement, casus_id: object, code: str, uiterlijk: date, nu: datetime
) -> Levering | None:
    return meld(
        abonnement,
        TERMIJN,
        f"termijn:{casus_id}:{code}:{uiterlijk.isoformat()}",
        casus_id,
        {"termijn": code, "uiterlijk": uiterlijk.isoformat()},
        nu,
    )


def bij_verloop(sender: Any, verlopen: list[Verloop], nu: datetime, **_: Any) -> None:
    """Time alone made things happen (a batch of the sweep, zicht.signalering): terms went past
    their deadline, signals came; each announced once per subscriber of its party, in the
    sweep's transaction. The subscriptions are read once per batch."""
    from zicht.api import toegang

    abonnementen = [
        (a, set(toegang.werkvoorraadpartijen(a.organisatie)))
        for a in Abonnement.objects.filter(actief=True).select_related("organisatie")
    ]
    for verloop in verlopen:
        for abonnement, partijen in abonnementen:
            if verloop.partij in partijen:
                _meld_verloop(abonnement, verloop, nu)


def _meld_verloop(abonnement: Abonnement, verloop: Verloop, nu: datetime) -> None:
    v = verloop
    if v.soort == v.TERMIJN and TERMIJN in abonnement.soorten:
        meld(
            abonnement,
            "termijn_verlopen",
            f"verlopen:{v.casus_id}:{v.code}:{v.partij}:{v.uiterlijk}",
            v.casus_id,
            {
                "termijn": v.code,
                "uiterlijk": v.uiterlijk.isoformat(),
                "grond": v.grond,
                "status": "verlopen",
            },
            nu,
        )
    elif v.soort == v.ZICHT and ZICHT in abonnement.soorten:
        meld(
            abonnement,
            ZICHT,
            f"{ZICHT}:{v.casus_id}:tijd:{v.partij}:{v.uiterlijk}",
            v.casus_id,
            {"houder": v.partij, "grond": v.grond, "gebeurd_op": _moment(nu)},
            nu,
        )
    elif v.soort == v.SIGNAAL and SIGNAAL in abonnement.soorten:
        meld(
            abonnement,
            SIGNAAL,
            f"signaal:{v.casus_id}:{v.code}:{v.partij}:{v.uiterlijk}",
            v.casus_id,
            {"signaal": v.code, "grond": v.grond, "sinds": _moment(nu)},
            nu,
        )


def koppel() -> None:
    # `bij_verloop` is connected to the sweep's signal by zicht.signalering, which sends it.
    aankondiging.koppel(
        bij_gebeurtenis, "zicht.api.overdracht", {OVERDRACHT, *ZICHT_STAPPEN, *SLUIT_STAPPEN}
    )
