"""The deadline sweep: what time alone changes is seen when it changes, without an event.

A stored projection is the state as of the last append; time alone turns an `open` term into
`verlopen` at 00:00 the day after `uiterlijk` (SPEC §3), adds its signal and may move zicht op
veiligheid (§5.1.1); an undated task becomes a signal after its working days, six incident-free
months make stable safety possible, monitoring runs longer than expected. The engine names the
first such moment of every state (`herzien_op`), stored and indexed with the projection; the
sweep finds the due cases through that index and the one on (status, uiterlijk) of the
open-terms projection (projections stored before `herzien_op` existed), folds only those cases
again at `nu` and writes their projections, in batches: one transaction per batch, the batch's
case rows locked (two sweeps take turns), its projections and term statuses written in one
statement each. Each term that fired and each signal that time brought is recorded once
(`Verloop`, unique) in the same transaction as the projection and the webhook deliveries. Run it
as often as you like, by as many workers as you like: a term fires once. It catches up after
downtime by itself: what is due is due.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from zicht.signalering.models import Veegstand, Verloop
from zicht.signalering.signalen import termijn_verlopen
from zicht.store.django_store import projectiehaken
from zicht.store.models import Casus, CasusPartij, CasusProjectie, OpenTermijn
from zicht.store.projectie import AMSTERDAM, Projectie, engine_projector, json_tekst, projecteer
from zicht.store.toevoegen import (
    ProjectieRijen,
    Stand,
    TermijnRij,
    bewaar_projectie,
    bewaar_termijnen,
    lees_standen,
    termijn_rij,
    verschil,
    vervang_haakrijen,
)

log = logging.getLogger(__name__)
VEGER = "termijnen"
ZICHT = "zicht_op_veiligheid"
LOGTEKST = {
    Verloop.TERMIJN: "termijn verlopen",
    Verloop.SIGNAAL: "signaal door de tijd",
    Verloop.ZICHT: "zicht door de tijd",
}


@dataclass
class Veegresultaat:
    casussen: int = 0  # cases folded again
    gevuurd: list[Verloop] = field(default_factory=list)


def vandaag(nu: datetime) -> date:
    return nu.astimezone(AMSTERDAM).date()


def inhaaldagen() -> int:
    """How far back a first sweep looks for terms that an append (not the sweep) made overdue."""
    return int(getattr(settings, "ZICHT_SIGNALERING", {}).get("INHAALDAGEN", 7))


def partijgrootte() -> int:
    """How many due cases one transaction of the sweep takes (ZICHT_VEEG_PARTIJ)."""
    return max(1, int(getattr(settings, "ZICHT_SIGNALERING", {}).get("VEEG_PARTIJ", 100)))


def due_casussen(nu: datetime, dag: date, vanaf: date | None) -> list[Any]:
    """The cases time has changed: their `herzien_op` has come (index `projectie_herzien_op`),
    or a term is still `open` past its deadline (index `termijn_verloop`: also projections
    stored before `herzien_op` existed); and, from `vanaf`, terms an append already stored as
    `verlopen` (between the deadline and the next sweep) that have not fired."""
    ids = set(
        OpenTermijn.objects.filter(status="open", uiterlijk__lt=dag).values_list(
            "casus_id", flat=True
        )
    )
    ids |= set(CasusProjectie.objects.filter(herzien_op__lte=nu).values_list("casus_id", flat=True))
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
    """Fire every term due at `nu` that has not fired, refresh every case whose state time has
    changed; returns what fired in this run."""
    dag = vandaag(nu)
    stand = Veegstand.objects.filter(naam=VEGER).first()
    vanaf = (stand.tot - timedelta(days=1)) if stand else dag - timedelta(days=inhaaldagen())
    nieuwe_dag = stand is None or stand.tot < dag
    resultaat = Veegresultaat()
    ids = due_casussen(nu, dag, vanaf if nieuwe_dag else None)
    grootte = partijgrootte()
    for begin in range(0, len(ids), grootte):
        blok = ids[begin : begin + grootte]
        resultaat.casussen += len(blok)
        resultaat.gevuurd += verwerk_blok(blok, nu, vanaf)
    if nieuwe_dag:  # everything before `dag` has now fired
        Veegstand.objects.update_or_create(naam=VEGER, defaults={"tot": dag, "bijgewerkt_op": nu})
    return resultaat


def verwerk(casus_id: str, nu: datetime, vanaf: date) -> list[Verloop]:
    """One case on its own (a batch of one)."""
    return verwerk_blok([casus_id], nu, vanaf)


@dataclass
class _Blok:
    """What one batch writes, gathered while its cases are folded."""

    projecties: list[tuple[Casus, Projectie]] = field(default_factory=list)
    statussen: list[tuple[int, str]] = field(default_factory=list)  # term row id, new status
    te_vuren: list[Verloop] = field(default_factory=list)


def verwerk_blok(casus_ids: list[Any], nu: datetime, vanaf: date) -> list[Verloop]:
    """Fold these cases again at `nu`, store their projections, fire what time brought: one
    transaction, the case rows locked (in key order) so two sweeps take turns: the second finds
    everything fired."""
    dag = vandaag(nu)
    with transaction.atomic():
        vergrendeld = list(
            Casus.objects.select_for_update()
            .filter(pk__in=casus_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not vergrendeld:
            return []
        oud = {
            casus_id: (signalen or [], zicht or [])
            for casus_id, signalen, zicht in CasusProjectie.objects.filter(
                casus_id__in=vergrendeld
            ).values_list("casus_id", "toestand__signalen", "toestand__zicht_op_veiligheid")
        }
        blok = _Blok()
        for stand in lees_standen(vergrendeld):
            if stand.gebeurtenissen:
                _vouw(stand, nu, dag, vanaf, oud.get(stand.casus.pk, ([], [])), blok)
        _bewaar_projecties(blok.projecties, nu)
        _bewaar_statussen(blok.statussen)
        gevuurd = _vuur(blok.te_vuren, nu)
    for v in gevuurd:  # after commit: the fact is stored; the log names no content
        wat = LOGTEKST.get(v.soort, v.soort)
        log.info("%s: casus %s, %s, %s", wat, v.casus_id, v.code, v.uiterlijk)
    return gevuurd


def _vouw(
    stand: Stand,
    nu: datetime,
    dag: date,
    vanaf: date,
    oud: tuple[list[Any], list[Any]],
    blok: _Blok,
) -> None:
    """Fold one case of the batch at `nu`; gather its writes and what time made happen."""
    oude_signalen, oude_houders = oud
    casus = stand.casus
    projectie = projecteer(stand.gebeurtenissen, nu, casus.regio, engine_projector)
    blok.projecties.append((casus, projectie))
    was_open = {r[:3] for _, r in stand.termijnen if r[3] == "open"}
    nieuw = [termijn_rij(t) for t in projectie.termijnen]
    blok.statussen += _bewaar_termijnen(casus, stand.termijnen, nieuw)
    for haak in projectiehaken():
        _bewaar_haak(casus, stand, haak(casus, projectie.toestand, stand.gebeurtenissen))
    for code, partij, uiterlijk, status, grond in nieuw:
        if status != "verlopen" or not uiterlijk:
            continue
        deadline = date.fromisoformat(uiterlijk)
        if deadline >= dag or ((code, partij, uiterlijk) not in was_open and deadline < vanaf):
            continue
        blok.te_vuren.append(_verloop(casus, Verloop.TERMIJN, code, partij, deadline, grond, nu))
    # A signal time brought (an undated task's working days passed, stable safety possible,
    # ...): new since the stored state. Terms past their deadline fire as terms, above.
    al = {(s.get("code"), s.get("partij")) for s in oude_signalen if isinstance(s, dict)}
    for s in projectie.toestand.get("signalen", []):
        sleutel = (s.get("code"), s.get("partij"))
        if sleutel in al or s.get("code") == "termijn_verlopen":
            continue
        al.add(sleutel)
        grond = str(s.get("grond") or "")[:100]
        verloop = _verloop(casus, Verloop.SIGNAAL, s["code"], s["partij"], dag, grond, nu)
        blok.te_vuren.append(verloop)
    # Zicht op veiligheid that time moved: the triage term overrun gives Veilig Thuis zicht
    # (Bijlage 1). One row per party that gained it.
    waren = {h.get("partij") for h in oude_houders if isinstance(h, dict)}
    nieuw_zicht = [h["partij"] for h in projectie.toestand.get("zicht_op_veiligheid", [])]
    if set(nieuw_zicht) - waren:
        # Its ground: that of the term whose overrun moved zicht.
        grond = next((r[4] for r in nieuw if r[0] == "veiligheidsbeoordeling"), "")
        for partij in nieuw_zicht:
            if partij not in waren:
                blok.te_vuren.append(_verloop(casus, Verloop.ZICHT, ZICHT, partij, dag, grond, nu))


def _verloop(
    casus: Casus, soort: str, code: str, partij: str, uiterlijk: date, grond: str, nu: datetime
) -> Verloop:
    return Verloop(
        casus_id=casus.pk,
        soort=soort,
        code=code,
        partij=partij,
        uiterlijk=uiterlijk,
        grond=grond,
        verlopen_op=nu,
    )


def _bewaar_termijnen(
    casus: Casus, opgeslagen: list[tuple[int, TermijnRij]], nieuw: list[TermijnRij]
) -> list[tuple[int, str]]:
    """Write the added and removed term rows; a row whose status alone changed is returned to be
    updated in place (same id), so an append that read the rows before this refresh still
    deletes the right ids."""
    over = Counter(nieuw)
    blijft: list[tuple[int, TermijnRij]] = []
    statussen = []
    for id_, rij in opgeslagen:
        if over[rij] > 0:
            over[rij] -= 1
            continue
        zelfde = next((n for n in over.elements() if n[:3] == rij[:3] and n[4] == rij[4]), None)
        if zelfde is None:
            blijft.append((id_, rij))
            continue
        statussen.append((id_, zelfde[3]))
        over[zelfde] -= 1
    weg, erbij = verschil(blijft, list(over.elements()))
    if weg or erbij:
        bewaar_termijnen(casus, weg, erbij)
    return statussen


def _bewaar_haak(casus: Casus, stand: Stand, haak: ProjectieRijen) -> None:
    """Another app's rows of this case, written only when they changed: time seldom changes
    who is involved (the relations the append read are in the stand)."""
    if haak.model is CasusPartij:
        rijen = {(r["partij"], r["relatie"]) for r in haak.rijen}
        if rijen == stand.relaties and len(rijen) == len(haak.rijen):
            return
    vervang_haakrijen(casus, [haak])


_PG_PROJECTIES = """
INSERT INTO store_casusprojectie (casus_id, toestand, bijgewerkt_op, seq, herzien_op)
SELECT n.casus_id, n.toestand, %(nu)s, n.seq, n.herzien_op
FROM json_to_recordset(%(rijen)s::json)
    AS n(casus_id uuid, toestand jsonb, seq integer, herzien_op timestamptz)
ON CONFLICT (casus_id) DO UPDATE SET toestand = excluded.toestand,
    bijgewerkt_op = excluded.bijgewerkt_op, seq = excluded.seq, herzien_op = excluded.herzien_op
"""

_PG_STATUSSEN = """
UPDATE store_opentermijn t SET status = n.status
FROM json_to_recordset(%s::json) AS n(id bigint, status text) WHERE t.id = n.id
"""


def _bewaar_projecties(projecties: list[tuple[Casus, Projectie]], nu: datetime) -> None:
    if not projecties:
        return
    if connection.vendor != "postgresql":
        for casus, projectie in projecties:
            bewaar_projectie(casus, projectie, casus.laatste_seq, nu)
        return
    # The states as the JSON text they already are: not decoded and encoded again.
    rijen = ",".join(
        f'{{"casus_id":"{c.pk}","seq":{c.laatste_seq},"herzien_op":'
        f'{json_tekst(p.herzien_op)},"toestand":{p.tekst}}}'
        for c, p in projecties
    )
    with connection.cursor() as cur:
        cur.execute(_PG_PROJECTIES, {"nu": nu, "rijen": f"[{rijen}]"})


def _bewaar_statussen(statussen: list[tuple[int, str]]) -> None:
    if not statussen:
        return
    if connection.vendor != "postgresql":
        for id_, status in statussen:
            OpenTermijn.objects.filter(pk=id_).update(status=status)
        return
    with connection.cursor() as cur:
        cur.execute(_PG_STATUSSEN, [json_tekst([{"id": i, "status": s} for i, s in statussen])])


def _vuur(te_vuren: list[Verloop], nu: datetime) -> list[Verloop]:
    """Record what has not fired before and announce it. The batch's case rows are locked, so
    no other sweep records these cases' rows meanwhile: what the query finds is all there is."""
    if not te_vuren:
        return []
    bestaand = set(
        Verloop.objects.filter(casus_id__in={v.casus_id for v in te_vuren}).values_list(
            "casus_id", "code", "partij", "uiterlijk"
        )
    )
    nieuw = []
    for v in te_vuren:
        sleutel = (v.casus_id, v.code, v.partij, v.uiterlijk)
        if sleutel not in bestaand:
            bestaand.add(sleutel)
            nieuw.append(v)
    Verloop.objects.bulk_create(nieuw)
    if nieuw:
        termijn_verlopen.send(sender=Verloop, verlopen=nieuw, nu=nu)
    return nieuw
