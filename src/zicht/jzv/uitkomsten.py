"""Outcomes back to the sender of a JZV melding, at the moment they happen.

An event appended to a case that came in as a JZV melding (any route: screen, API, demo) may
be an outcome the sender asked to hear (`terugkoppelingGewenst`): the triage decision (VT-01-..),
a hand-over (VT-02), closure without hand-over (VT-03), not admissible (VT-00), wrongly addressed
(VT-99). Each is sent once, signed (HMAC-SHA256, as the webhooks), as a task on the queue with
retries. A delivered VT-02, VT-03, VT-00 or VT-99 is Veilig Thuis's feedback to the melder
(§5.1.4, §5.2.5): Zicht records `melder_geinformeerd` when that term is open.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any, cast

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django_tasks import task

from zicht.api.webhooks import bezorgen
from zicht.jzv import koppeling
from zicht.jzv.models import Melding, Uitkomst
from zicht.store.models import Casus, Gebeurtenis
from zicht.toepassing import klok

# The triage decision (§4) as the outcome of the safety assessment.
NA_TRIAGE = {
    "onderzoek": "VT-01-01",  # follow-up steps with Veilig Thuis
    "voorwaarden_en_vervolg": "VT-01-01",
    "lokaal_veld": "VT-01-02",  # hand-over
    "betrokken_professional": "VT-01-02",
    "multidisciplinair": "VT-01-02",
    "clientsysteem": "VT-01-03",  # no follow-up steps needed
}
# VT-01-04 (regional custom work by Veilig Thuis) has no triage decision in this agreement.
PER_TYPE = {
    "overdracht": "VT-02",
    "dossier_gesloten": "VT-03",
    "melding_niet_ontvankelijk": "VT-00",
    "melding_onjuist_geadresseerd": "VT-99",
}
TERUGKOPPELING = frozenset({"VT-02", "VT-03", "VT-00", "VT-99"})
# Who records the melding of a case made from a JZV melding (koppeling.registreer_melding).
JZV_ACTOR = f"api:{koppeling.SYSTEEMCLIENT}"


def code_voor(gebeurtenis: Gebeurtenis) -> str | None:
    velden = gebeurtenis.payload or {}
    if gebeurtenis.type == "veiligheidsbeoordeling_afgerond":
        return NA_TRIAGE.get(str(velden.get("besluit")))
    if gebeurtenis.type == "dossier_gesloten":
        overgedragen = Gebeurtenis.objects.filter(
            casus_id=gebeurtenis.casus_id, type="overdracht"
        ).exists()
        return None if overgedragen else "VT-03"
    return PER_TYPE.get(gebeurtenis.type)


def bij_gebeurtenis(sender: Any, instance: Gebeurtenis, created: bool, **_: Any) -> None:
    if not created or instance.type not in {"veiligheidsbeoordeling_afgerond", *PER_TYPE}:
        return
    voorgaande = instance.voorgaande
    if voorgaande is not None and (not voorgaande or voorgaande[0].actor != JZV_ACTOR):
        return  # the case's melding did not come in through JZV: no sender to look up
    melding = (
        Melding.objects.select_related("afzender")
        .filter(casus_id=instance.casus_id, terugkoppeling_gewenst=True)
        .first()
    )
    if melding is None or not melding.afzender.uitkomst_url:
        return
    code = code_voor(instance)
    if code is not None:
        meld(melding, code, instance.seq, instance.recorded_at)


def meld(melding: Melding, code: str, seq: int, nu: datetime) -> Uitkomst | None:
    """A new outcome, queued after commit; None when this status was sent before."""
    if Uitkomst.objects.filter(melding=melding, code=code).exists():
        return None
    uitkomst_id = uuid.uuid4()
    try:
        with transaction.atomic():  # a savepoint: a lost race never undoes the caller's work
            uitkomst = Uitkomst.objects.create(
                id=uitkomst_id, melding=melding, code=code, gebeurtenis_seq=seq, aangemaakt_op=nu
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: verstuur.enqueue(str(uitkomst_id)))
    return cast(Uitkomst, uitkomst)


def bericht(uitkomst: Uitkomst) -> dict[str, str]:
    """The `UitkomstMelding`: the sender's registratienummer and the status."""
    return {"registratienummer": uitkomst.melding.registratienummer, "status": uitkomst.code}


def probeer(uitkomst: Uitkomst, nu: datetime) -> bool:
    """One attempt; records it on the outcome. True when the receiver answered 2xx."""
    afzender = uitkomst.melding.afzender
    body = json.dumps(bericht(uitkomst), separators=(",", ":"), ensure_ascii=False).encode()
    koppen = {
        "Content-Type": "application/json",
        "User-Agent": "Zicht-JZV/1",
        "Zicht-Levering": str(uitkomst.id),
        bezorgen.KOP: bezorgen.handtekening(afzender.geheim, int(nu.timestamp()), body),
    }
    timeout = settings.ZICHT_API["WEBHOOKS"]["TIMEOUT_SECONDEN"]
    try:
        status = bezorgen._post(afzender.uitkomst_url, body, koppen, timeout)
        fout = "" if 200 <= status < 300 else f"HTTP {status}"
    except (OSError, ValueError) as e:  # refused, timeout, DNS, bad URL
        fout = f"{type(e).__name__}: {e}"[:500]
    uitkomst.pogingen += 1
    uitkomst.laatste_poging_op = nu
    uitkomst.laatste_fout = fout
    return not fout


@task()
def verstuur(uitkomst_id: str) -> str:
    # No transaction around the HTTP call: a slow receiver must never hold a database lock.
    uitkomst = (
        Uitkomst.objects.select_related("melding__afzender")
        .filter(pk=uitkomst_id, status=Uitkomst.WACHTEND)
        .first()
    )
    if uitkomst is None:
        return "niets te doen"
    nu = timezone.now()
    if probeer(uitkomst, nu):
        uitkomst.status, uitkomst.bezorgd_op = Uitkomst.BEZORGD, nu
        uitkomst.volgende_poging_op = None
    elif uitkomst.pogingen >= settings.ZICHT_API["WEBHOOKS"]["MAX_POGINGEN"]:
        uitkomst.status, uitkomst.volgende_poging_op = Uitkomst.MISLUKT, None
    else:
        uitkomst.volgende_poging_op = nu + bezorgen.wachttijd(uitkomst.pogingen)
    with transaction.atomic():
        uitkomst.save()
        if uitkomst.status == Uitkomst.WACHTEND:
            volgende = uitkomst.volgende_poging_op
            transaction.on_commit(lambda: verstuur.using(run_after=volgende).enqueue(uitkomst_id))
    if uitkomst.status == Uitkomst.BEZORGD and uitkomst.code in TERUGKOPPELING:
        casus = Casus.objects.get(pk=uitkomst.melding.casus_id)
        koppeling.leg_stap_vast(casus, "melder_geinformeerd", {}, klok.nu())
    return cast(str, uitkomst.status)


def koppel() -> None:
    post_save.connect(bij_gebeurtenis, sender=Gebeurtenis, dispatch_uid="zicht.jzv.uitkomsten")
