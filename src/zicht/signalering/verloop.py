"""The deadline sweep: a term passing its deadline is seen when it passes, without an event.

A stored projection is the state as of the last append; time alone turns an `open` term into
`verlopen` at 00:00 the day after `uiterlijk` (SPEC §3), adds its signal and may move zicht op
veiligheid (§5.1.1). The sweep finds the due terms through the index on (status, uiterlijk) of
the open-terms projection, folds only those cases again at `nu` and writes their projections,
and records each fired term once (`Verloop`, unique): that row, the projection and the webhook
deliveries commit together, per case. Run it as often as you like, by as many workers as you
like: a term fires once. It catches up after downtime by itself: what is due is due.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef

from zicht.signalering.models import Veegstand, Verloop
from zicht.signalering.signalen import termijn_verlopen
from zicht.store.contract import OnbekendeCasus
from zicht.store.django_store import projectiehaken
from zicht.store.models import Casus, OpenTermijn
from zicht.store.projectie import AMSTERDAM, engine_projector, projecteer
from zicht.store.toevoegen import (
    TermijnRij,
    bewaar_projectie,
    bewaar_termijnen,
    lees_stand,
    termijn_rij,
    verschil,
    vervang_haakrijen,
)

log = logging.getLogger(__name__)
VEGER = "termijnen"


@dataclass
class Veegresultaat:
    casussen: int = 0  # cases folded again
    gevuurd: list[Verloop] = field(default_factory=list)


def vandaag(nu: datetime) -> date:
    return nu.astimezone(AMSTERDAM).date()


def inhaaldagen() -> int:
    """How far back a first sweep looks for terms that an append (not the sweep) made overdue."""
    return int(getattr(settings, "ZICHT_SIGNALERING", {}).get("INHAALDAGEN", 7))


def due_casussen(dag: date, vanaf: date | None) -> list[Any]:
    """The cases with a term due: still `open` past its deadline; and, from `vanaf`, terms an
    append already stored as `verlopen` (between the deadline and the next sweep)."""
    ids = set(
        OpenTermijn.objects.filter(status="open", uiterlijk__lt=dag).values_list(
            "casus_id", flat=True
        )
    )
    if vanaf is not None and vanaf < dag:
        gevuurd = Verloop.objects.filter(
            casus_id=OuterRef("casus_id"),
            code=OuterRef("code"),
            partij=OuterRef("partij"),
            uiterlijk=OuterRef("uiterlijk"),
        )
        ids |= set(
            OpenTermijn.objects.filter(status="verlopen", uiterlijk__gte=vanaf, uiterlijk__lt=dag)
            .exclude(Exists(gevuurd))
            .values_list("casus_id", flat=True)
        )
    return sorted(ids, key=str)


def veeg(nu: datetime) -> Veegresultaat:
    """Fire every term due at `nu` that has not fired; returns what fired in this run."""
    dag = vandaag(nu)
    stand = Veegstand.objects.filter(naam=VEGER).first()
    vanaf = (stand.tot - timedelta(days=1)) if stand else dag - timedelta(days=inhaaldagen())
    nieuwe_dag = stand is None or stand.tot < dag
    resultaat = Veegresultaat()
    for casus_id in due_casussen(dag, vanaf if nieuwe_dag else None):
        resultaat.casussen += 1
        resultaat.gevuurd += verwerk(str(casus_id), nu, vanaf)
    if nieuwe_dag:  # everything before `dag` has now fired
        Veegstand.objects.update_or_create(naam=VEGER, defaults={"tot": dag, "bijgewerkt_op": nu})
    return resultaat


def verwerk(casus_id: str, nu: datetime, vanaf: date) -> list[Verloop]:
    """Fold one case again at `nu`, store its projections, fire its newly overdue terms: one
    transaction, the case row locked so two sweeps take turns (the second finds nothing)."""
    dag = vandaag(nu)
    with transaction.atomic():
        if not Casus.objects.select_for_update().filter(pk=casus_id).exists():
            return []
        try:
            stand = lees_stand(casus_id)
        except OnbekendeCasus:
            return []
        if not stand.gebeurtenissen:
            return []
        casus = stand.casus
        projectie = projecteer(stand.gebeurtenissen, nu, casus.regio, engine_projector)
        was_open = {r[:3] for _, r in stand.termijnen if r[3] == "open"}
        nieuw = [termijn_rij(t) for t in projectie.termijnen]
        bewaar_projectie(casus, projectie, casus.laatste_seq, nu)
        _bewaar_termijnen(casus, stand.termijnen, nieuw)
        haken = [h(casus, projectie.toestand, stand.gebeurtenissen) for h in projectiehaken()]
        vervang_haakrijen(casus, haken)
        gevuurd = []
        for code, partij, uiterlijk, status, grond in nieuw:
            if status != "verlopen" or not uiterlijk:
                continue
            deadline = date.fromisoformat(uiterlijk)
            if deadline >= dag or ((code, partij, uiterlijk) not in was_open and deadline < vanaf):
                continue
            verloop = _vuur(casus, code, partij, deadline, grond, nu)
            if verloop is not None:
                gevuurd.append(verloop)
    for v in gevuurd:  # after commit: the fact is stored; the log names no content
        log.info("termijn verlopen: casus %s, %s, %s", v.casus_id, v.code, v.uiterlijk)
    return gevuurd


def _bewaar_termijnen(
    casus: Casus, opgeslagen: list[tuple[int, TermijnRij]], nieuw: list[TermijnRij]
) -> None:
    """Write the changed term rows; a row whose status alone changed is updated in place, so
    an append that read the rows before this refresh still deletes the right ids."""
    over = Counter(nieuw)
    blijft: list[tuple[int, TermijnRij]] = []
    for id_, rij in opgeslagen:
        if over[rij] > 0:
            over[rij] -= 1
            continue
        zelfde = next((n for n in over.elements() if n[:3] == rij[:3] and n[4] == rij[4]), None)
        if zelfde is None:
            blijft.append((id_, rij))
            continue
        OpenTermijn.objects.filter(pk=id_).update(status=zelfde[3])
        over[zelfde] -= 1
    weg, erbij = verschil(blijft, list(over.elements()))
    bewaar_termijnen(casus, weg, erbij)


def _vuur(
    casus: Casus, code: str, partij: str, uiterlijk: date, grond: str, nu: datetime
) -> Verloop | None:
    if Verloop.objects.filter(
        casus_id=casus.pk, code=code, partij=partij, uiterlijk=uiterlijk
    ).exists():
        return None
    try:
        with transaction.atomic():  # a savepoint: a lost race leaves the refresh standing
            verloop: Verloop = Verloop.objects.create(
                casus_id=casus.pk,
                code=code,
                partij=partij,
                uiterlijk=uiterlijk,
                grond=grond,
                verlopen_op=nu,
            )
    except IntegrityError:
        return None
    termijn_verlopen.send(sender=Verloop, verloop=verloop, nu=nu)
    return verloop
