"""Outcomes back to the sender of a JZV melding, at the moment they happen.

An event appended to a case that came in as a JZV melding (any route: screen, API, demo) may
be an outcome the sender asked to hear (`terugkoppelingGewenst`): the triage decision (VT-01-..),
a hand-over (VT-02), closure without hand-over (VT-03), not admissible (VT-00), wrongly addressed
(VT-99). Each is sent once, as a `Levering` to the sender's own `Abonnement`: signed and retried
on the task queue by the same mechanism as the webhooks (`api.webhooks.bezorgen`). A delivered
VT-02, VT-03, VT-00 or VT-99 is Veilig Thuis's feedback to the melder (§5.1.4, §5.2.5): Zicht
records `melder_geinformeerd` when that term is open.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django.db import IntegrityError, transaction

from zicht.api.models import JSON, UITKOMSTMELDING, Abonnement, ApiClient, Levering
from zicht.api.webhooks import bezorgen
from zicht.jzv import koppeling
from zicht.jzv.models import Melding, Uitkomst
from zicht.store import aankondiging
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
# The steps that can give an outcome (`code_voor`).
TYPEN = frozenset({"veiligheidsbeoordeling_afgerond", *PER_TYPE})
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


def abonnement_van(afzender: ApiClient) -> Abonnement | None:
    """Where this sender wants its outcomes (its own subscription), if anywhere."""
    rijen = Abonnement.objects.filter(client=afzender, actief=True)
    return next((a for a in rijen if UITKOMSTMELDING in a.soorten), None)


def bij_gebeurtenis(sender: Any, instance: Gebeurtenis, created: bool, **_: Any) -> None:
    if not created or instance.type not in TYPEN:
        return
    voorgaande = instance.voorgaande
    if voorgaande is not None and (not voorgaande or voorgaande[0].actor != JZV_ACTOR):
        return  # the case's melding did not come in through JZV: no sender to look up
    melding = (
        Melding.objects.select_related("afzender")
        .filter(casus_id=instance.casus_id, terugkoppeling_gewenst=True)
        .first()
    )
    if melding is None:
        return
    abonnement = abonnement_van(melding.afzender)
    if abonnement is None:
        return
    code = code_voor(instance)
    if code is not None:
        meld(melding, abonnement, code, instance.seq, instance.recorded_at)


def meld(
    melding: Melding, abonnement: Abonnement, code: str, seq: int, nu: datetime
) -> Uitkomst | None:
    """A new outcome and its delivery, queued after commit; None when this status was sent
    before. Delivered by the one mechanism for everything Zicht sends (webhooks.bezorgen)."""
    if Uitkomst.objects.filter(melding=melding, code=code).exists():
        return None
    try:
        with transaction.atomic():  # a savepoint: a lost race never undoes the caller's work
            levering = Levering.objects.create(
                abonnement=abonnement,
                soort=UITKOMSTMELDING,
                sleutel=f"{melding.pk}:{code}",
                bericht=bericht(melding.registratienummer, code),
                mediatype=JSON,
                aangemaakt_op=nu,
            )
            uitkomst = Uitkomst.objects.create(
                melding=melding, code=code, gebeurtenis_seq=seq, levering=levering, aangemaakt_op=nu
            )
    except IntegrityError:
        return None
    levering_id = str(levering.pk)
    transaction.on_commit(lambda: bezorgen.bezorg.enqueue(levering_id))
    return cast(Uitkomst, uitkomst)


def bericht(registratienummer: str, code: str) -> dict[str, str]:
    """The `UitkomstMelding`: the sender's registratienummer and the status."""
    return {"registratienummer": registratienummer, "status": code}


def na_bezorging(sender: Any, levering: Levering, **_: Any) -> None:
    """A delivered VT-02, VT-03, VT-00 or VT-99 is the melder's feedback (§5.1.4, §5.2.5)."""
    if levering.soort != UITKOMSTMELDING:
        return
    uitkomst = Uitkomst.objects.select_related("melding").filter(levering=levering).first()
    if uitkomst is None or uitkomst.code not in TERUGKOPPELING:
        return
    casus = Casus.objects.get(pk=uitkomst.melding.casus_id)
    koppeling.leg_stap_vast(casus, "melder_geinformeerd", {}, klok.nu())


def koppel() -> None:
    aankondiging.koppel(bij_gebeurtenis, "zicht.jzv.uitkomsten", TYPEN)
    bezorgen.bezorgd.connect(na_bezorging, dispatch_uid="zicht.jzv.uitkomsten.bezorgd")
