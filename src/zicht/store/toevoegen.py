"""How an append reaches the database (`DjangoStore.voeg_toe`).

Optimistic: read the case without a lock in one snapshot, validate and fold, then write the
event and every projection only if `laatste_seq` is still the one read. On PostgreSQL that is
two statements in all, one read and one write (a data-modifying CTE; BEGIN/COMMIT around it
only when a post_save receiver acts on the event's type, `store.aankondiging`), so no lock is
held while the engine folds and unchanged projection rows are not written again; SQLite writes
the same rows with the ORM in one transaction (BEGIN IMMEDIATE).
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from django.db import connection, models, transaction
from django.db.models.signals import post_save

from zicht.store import aankondiging
from zicht.store.contract import OnbekendeCasus, OpgeslagenGebeurtenis
from zicht.store.cursor import voorbereide_cursor
from zicht.store.models import Casus, CasusPartij, CasusProjectie, Gebeurtenis, OpenTermijn
from zicht.store.projectie import Projectie, json_tekst


@dataclass(frozen=True)
class ProjectieRijen:
    """Another app's projection of one case (e.g. who is involved): its rows of `model`, each
    with every field but the key and the case. A set, no two rows alike: an append deletes the
    stored rows not among them and inserts those not stored, in the same statement as the
    event; a rebuild replaces them all."""

    model: type[models.Model]  # with a foreign key `casus` to Casus
    rijen: list[dict[str, Any]]


# An open term as a row of store_opentermijn, and as compared with the stored rows.
TERMIJN_VELDEN = ("code", "partij", "uiterlijk", "status", "grond")
TermijnRij = tuple[str, str, str | None, str, str]


@dataclass(frozen=True)
class Stand:
    """A case as an append reads it, in one snapshot."""

    casus: Casus
    gebeurtenissen: list[OpgeslagenGebeurtenis]
    laatste_hash: str  # of the event with seq == laatste_seq; "" if there is none
    termijnen: list[tuple[int, TermijnRij]]  # stored open terms: (id, row)
    relaties: frozenset[tuple[str, str]]  # the CasusPartij rows: (party, relation)


@dataclass(frozen=True)
class Toevoeging:
    """Everything one append writes."""

    verwachte_seq: int
    zegel: str  # the case's new seal (keten.zegel)
    gebeurtenis: dict[str, Any]  # the event row without the case
    projectie: Projectie
    termijnen_weg: list[int]
    termijnen_erbij: list[TermijnRij]
    haken: list[ProjectieRijen]
    voorgaande: list[OpgeslagenGebeurtenis]  # the case's events before this one, as read


# --- reading --------------------------------------------------------------------------------


def lees_stand(casus_id: str) -> Stand:
    try:
        sleutel = uuid.UUID(str(casus_id))
    except ValueError:
        raise OnbekendeCasus(casus_id) from None
    lees = {"postgresql": _lees_stand_postgres, "sqlite": _lees_stand_sqlite}.get(
        connection.vendor, _lees_stand_orm
    )
    stand = lees(sleutel)
    if stand is None:
        raise OnbekendeCasus(casus_id)
    return stand


# One round trip: the case, its events in order, its stored open terms and its relations
# (need-to-know), as JSON.
_PG_LEES = """
SELECT c.regio, c.aangemaakt_op, c.laatste_seq, c.bevroren_op,
    (SELECT json_agg(json_build_array(g.seq, g.type, g.payload, g.occurred_at, g.hash,
                                      g.recorded_at, g.actor, g.organisatie, g.afspraakversie)
                     ORDER BY g.seq)
     FROM store_gebeurtenis g WHERE g.casus_id = c.id)::text,
    (SELECT json_agg(json_build_array(t.id, t.code, t.partij, t.uiterlijk, t.status, t.grond))
     FROM store_opentermijn t WHERE t.casus_id = c.id)::text,
    (SELECT json_agg(json_build_array(p.partij, p.relatie))
     FROM casuswerk_casuspartij p WHERE p.casus_id = c.id)::text
FROM store_casus c WHERE c.id = %s
"""


def lees_standen(casus_ids: list[Any]) -> list[Stand]:
    """Several cases as an append reads each one (the deadline sweep's batch): on PostgreSQL
    in one round trip; cases that do not exist are left out."""
    sleutels = [uuid.UUID(str(c)) for c in casus_ids]
    if connection.vendor != "postgresql":
        return [s for s in map(_lees_stand_orm, sleutels) if s is not None]
    with voorbereide_cursor() as cur:
        cur.execute(_PG_LEES_VEEL, [sleutels])
        return [_stand_uit_rij(rij[0], rij[1:]) for rij in cur.fetchall()]


_PG_LEES_VEEL = _PG_LEES.replace("SELECT c.regio,", "SELECT c.id, c.regio,").replace(
    "WHERE c.id = %s", "WHERE c.id = ANY(%s::uuid[]) ORDER BY c.id"
)


def _lees_stand_postgres(sleutel: uuid.UUID) -> Stand | None:
    with voorbereide_cursor() as cur:
        cur.execute(_PG_LEES, [sleutel])
        rij = cur.fetchone()
    if rij is None:
        return None
    return _stand_uit_rij(sleutel, rij)


def _stand_uit_rij(sleutel: uuid.UUID, rij: Any) -> Stand:
    regio, aangemaakt_op, laatste_seq, bevroren_op, gebeurtenissen, termijnen, relaties = rij
    rijen = [
        (seq, type_, velden, datetime.fromisoformat(op), hash_, datetime.fromisoformat(rec), *rest)
        for seq, type_, velden, op, hash_, rec, *rest in json.loads(gebeurtenissen or "[]")
    ]
    casus = Casus(
        id=sleutel,
        regio=regio,
        aangemaakt_op=aangemaakt_op,
        laatste_seq=laatste_seq,
        bevroren_op=bevroren_op,
    )
    casus._state.adding, casus._state.db = False, connection.alias  # as if the ORM read it
    return _stand(
        casus,
        rijen,
        [(t[0], (t[1], t[2], t[3], t[4], t[5])) for t in json.loads(termijnen or "[]")],
        frozenset((p, r) for p, r in json.loads(relaties or "[]")),
    )


# SQLite, also in one statement: the same as JSON text (json_group_array). Its datetimes are
# stored as naive UTC text, its ids as 32 hex digits.
_SQLITE_LEES = """
SELECT c.regio, c.aangemaakt_op, c.laatste_seq, c.bevroren_op,
    (SELECT json_group_array(json_array(g.seq, g.type, json(g.payload), g.occurred_at, g.hash,
                                        g.recorded_at, g.actor, g.organisatie, g.afspraakversie))
     FROM store_gebeurtenis g WHERE g.casus_id = c.id),
    (SELECT json_group_array(json_array(t.id, t.code, t.partij, t.uiterlijk, t.status, t.grond))
     FROM store_opentermijn t WHERE t.casus_id = c.id),
    (SELECT json_group_array(json_array(p.partij, p.relatie))
     FROM casuswerk_casuspartij p WHERE p.casus_id = c.id)
FROM store_casus c WHERE c.id = %s
"""


def _utc(waarde: str | datetime | None) -> datetime | None:
    """Naive UTC as SQLite gives it (text inside JSON; the driver parses a column itself)."""
    if waarde is None:
        return None
    moment = datetime.fromisoformat(waarde) if isinstance(waarde, str) else waarde
    return moment.replace(tzinfo=UTC)


def _lees_stand_sqlite(sleutel: uuid.UUID) -> Stand | None:
    with connection.cursor() as cur:
        cur.execute(_SQLITE_LEES, [sleutel.hex])
        rij = cur.fetchone()
    if rij is None:
        return None
    regio, aangemaakt_op, laatste_seq, bevroren_op, gebeurtenissen, termijnen, relaties = rij
    rijen = sorted(
        (seq, type_, velden, _utc(op), hash_, _utc(rec), *rest)
        for seq, type_, velden, op, hash_, rec, *rest in json.loads(gebeurtenissen)
    )
    casus = Casus(
        id=sleutel,
        regio=regio,
        aangemaakt_op=_utc(aangemaakt_op),
        laatste_seq=laatste_seq,
        bevroren_op=_utc(bevroren_op),
    )
    casus._state.adding, casus._state.db = False, connection.alias  # as if the ORM read it
    return _stand(
        casus,
        rijen,
        [(t[0], (t[1], t[2], t[3], t[4], t[5])) for t in json.loads(termijnen)],
        frozenset((p, r) for p, r in json.loads(relaties)),
    )


def _lees_stand_orm(sleutel: uuid.UUID) -> Stand | None:
    casus = Casus.objects.filter(pk=sleutel).first()
    if casus is None:
        return None
    rijen = Gebeurtenis.objects.filter(casus_id=sleutel).order_by("seq")
    termijnen = OpenTermijn.objects.filter(casus_id=sleutel).values_list("id", *TERMIJN_VELDEN)
    relaties = CasusPartij.objects.filter(casus_id=sleutel).values_list("partij", "relatie")
    return _stand(
        casus,
        rijen.values_list(
            "seq",
            "type",
            "payload",
            "occurred_at",
            "hash",
            "recorded_at",
            "actor",
            "organisatie",
            "afspraakversie",
        ),
        [(t[0], (t[1], t[2], _iso(t[3]), t[4], t[5])) for t in termijnen],
        frozenset(relaties),
    )


GebeurtenisRij = tuple[int, str, dict[str, Any], datetime, str, datetime, str, str, str]


def _stand(
    casus: Casus,
    gebeurtenissen: Iterable[GebeurtenisRij],
    termijnen: list[tuple[int, TermijnRij]],
    relaties: frozenset[tuple[str, str]],
) -> Stand:
    lijst, laatste_hash = [], ""
    for seq, type_, velden, op, hash_, recorded_at, actor, organisatie, versie in gebeurtenissen:
        lijst.append(
            OpgeslagenGebeurtenis(
                type=type_,
                op=op,
                velden=velden,
                seq=seq,
                recorded_at=recorded_at,
                actor=actor,
                organisatie=organisatie,
                afspraakversie=versie,
            )
        )
        # The chain's previous link is the event at laatste_seq (a row written behind the
        # store's back, past laatste_seq, is refused by the unique key when writing).
        laatste_hash = hash_ if seq == casus.laatste_seq else laatste_hash
    return Stand(casus, lijst, laatste_hash, termijnen, relaties)


def _iso(dag: date | None) -> str | None:
    return dag.isoformat() if dag else None


def termijn_rij(t: dict[str, Any]) -> TermijnRij:
    return (t["code"], t["partij"], t["uiterlijk"] or None, t["status"], t["grond"])


def verschil(
    opgeslagen: list[tuple[int, TermijnRij]], nieuw: list[TermijnRij]
) -> tuple[list[int], list[TermijnRij]]:
    """(ids of stored rows to delete, rows to insert): rows compared as a multiset."""
    over = Counter(nieuw)
    weg = []
    for id_, rij in opgeslagen:
        if over[rij] > 0:
            over[rij] -= 1
        else:
            weg.append(id_)
    return weg, list(over.elements())


# --- writing: PostgreSQL ---------------------------------------------------------------------

# One statement. `casus` is the guard: it updates laatste_seq only if it is still the one read,
# and every other part writes only for the case it returns, so a stale append writes nothing.
_PG_SCHRIJF = """
WITH casus AS (
    UPDATE store_casus SET laatste_seq = %(seq)s, zegel = %(zegel)s
    WHERE id = %(casus)s AND laatste_seq = %(verwacht)s AND bevroren_op IS NULL
    RETURNING id
), gebeurtenis AS (
    INSERT INTO store_gebeurtenis (casus_id, seq, type, payload, occurred_at, recorded_at,
        actor, organisatie, afspraakversie, vorige_hash, hash, sleutel)
    SELECT id, %(seq)s, %(type)s, %(payload)s::jsonb, %(occurred_at)s, %(recorded_at)s,
        %(actor)s, %(organisatie)s, %(afspraakversie)s, %(vorige_hash)s, %(hash)s, %(sleutel)s
    FROM casus
), projectie AS (
    INSERT INTO store_casusprojectie (casus_id, toestand, bijgewerkt_op, seq, herzien_op)
    SELECT id, %(toestand)s::jsonb, %(recorded_at)s, %(seq)s, %(herzien_op)s FROM casus
    ON CONFLICT (casus_id) DO UPDATE SET
        toestand = excluded.toestand, bijgewerkt_op = excluded.bijgewerkt_op, seq = excluded.seq,
        herzien_op = excluded.herzien_op
), termijnen_weg AS (
    DELETE FROM store_opentermijn
    WHERE id = ANY(%(termijnen_weg)s::bigint[]) AND casus_id IN (SELECT id FROM casus)
), termijnen_erbij AS (
    INSERT INTO store_opentermijn (casus_id, code, partij, uiterlijk, status, grond)
    SELECT casus.id, n.code, n.partij, n.uiterlijk, n.status, n.grond
    FROM casus, json_populate_recordset(NULL::store_opentermijn, %(termijnen_erbij)s::json) n
){haken}
SELECT id FROM casus
"""

# Per hook: its rows typed by the table's own row type; delete the stored rows not among them,
# insert those not stored. All parts see the rows as they were before the statement.
_PG_HAAK = """, {naam}_rijen AS (
    SELECT {kolommen} FROM json_populate_recordset(NULL::{tabel}, %({naam})s::json)
), {naam}_weg AS (
    DELETE FROM {tabel} t USING casus WHERE t.{casus} = casus.id AND NOT EXISTS
        (SELECT FROM {naam}_rijen n WHERE ({n}) IS NOT DISTINCT FROM ({t}))
), {naam}_erbij AS (
    INSERT INTO {tabel} ({casus}, {kolommen})
    SELECT casus.id, {n} FROM casus, {naam}_rijen n WHERE NOT EXISTS
        (SELECT FROM {tabel} t WHERE t.{casus} = casus.id AND ({t}) IS NOT DISTINCT FROM ({n}))
)"""


@cache
def _pg_schrijf_sql(modellen: tuple[type[models.Model], ...]) -> str:
    haken = []
    for index, model in enumerate(modellen):
        q = connection.ops.quote_name
        kolommen = [q(c) for c in _haak_kolommen(model).values()]  # type: ignore[arg-type]
        haken.append(
            _PG_HAAK.format(
                naam=f"haak{index}",
                tabel=q(model._meta.db_table),
                casus=q(_casus_kolom(model)),
                kolommen=", ".join(kolommen),
                n=", ".join(f"n.{k}" for k in kolommen),
                t=", ".join(f"t.{k}" for k in kolommen),
            )
        )
    return _PG_SCHRIJF.format(haken="".join(haken))


@cache
def _haak_kolommen(model: type[models.Model]) -> dict[str, str]:
    """The fields of a hook's rows and their columns: all but the key and the case."""
    return {
        f.name: f.column
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name != "casus"
    }


def _casus_kolom(model: type[models.Model]) -> str:
    veld = model._meta.get_field("casus")
    assert isinstance(veld, models.ForeignKey), f"{model}: geen casus-veld"
    return str(veld.column)


def _schrijf_postgres(casus: Casus, t: Toevoeging, eigen_transactie: bool = False) -> bool:
    g = t.gebeurtenis
    parameters = {
        **g,
        "casus": casus.pk,
        "verwacht": t.verwachte_seq,
        "zegel": t.zegel,
        "payload": json_tekst(g["payload"]),
        "toestand": t.projectie.tekst,
        "herzien_op": t.projectie.herzien_op,
        "termijnen_weg": t.termijnen_weg,
        "termijnen_erbij": json_tekst(
            [dict(zip(TERMIJN_VELDEN, r, strict=True)) for r in t.termijnen_erbij]
        ),
    }
    for index, haak in enumerate(t.haken):
        kolommen = _haak_kolommen(haak.model)  # type: ignore[arg-type]
        rijen = [{kolommen[k]: v for k, v in r.items()} for r in haak.rijen]
        parameters[f"haak{index}"] = json_tekst(rijen)
    sql = _pg_schrijf_sql(tuple(h.model for h in t.haken))
    with nullcontext() if eigen_transactie else _per_statement(), voorbereide_cursor() as cur:
        cur.execute(sql, parameters)
        return cur.fetchone() is not None


def _per_statement() -> AbstractContextManager[Any]:
    # Outside a transaction one statement is atomic by itself (no BEGIN/COMMIT round trips);
    # inside a caller's transaction a savepoint keeps a refused write from aborting it.
    return nullcontext() if connection.get_autocommit() else transaction.atomic()


# --- writing: the ORM (SQLite, and every rebuild) ----------------------------------------------


def _schrijf_orm(casus: Casus, t: Toevoeging) -> bool:
    seq = t.gebeurtenis["seq"]
    with transaction.atomic():  # SQLite: BEGIN IMMEDIATE, so writers queue here
        guard = Casus.objects.filter(
            pk=casus.pk, laatste_seq=t.verwachte_seq, bevroren_op__isnull=True
        )
        if not guard.update(laatste_seq=seq, zegel=t.zegel):
            return False
        rij = Gebeurtenis(casus_id=casus.pk, **t.gebeurtenis)
        rij.voorgaande = t.voorgaande  # for the post_save receivers
        rij.save(force_insert=True)
        bewaar_projectie(casus, t.projectie, seq, t.gebeurtenis["recorded_at"])
        bewaar_termijnen(casus, t.termijnen_weg, t.termijnen_erbij)
        vervang_haakrijen(casus, t.haken)
    return True


def bewaar_projectie(casus: Casus, projectie: Projectie, seq: int, nu: datetime) -> None:
    velden = {
        "toestand": projectie.toestand,
        "bijgewerkt_op": nu,
        "seq": seq,
        "herzien_op": _moment(projectie.herzien_op),
    }
    if not CasusProjectie.objects.filter(casus_id=casus.pk).update(**velden):
        CasusProjectie.objects.create(casus_id=casus.pk, **velden)


def _moment(tekst: str | None) -> datetime | None:
    return datetime.fromisoformat(tekst) if tekst else None


def bewaar_termijnen(casus: Casus, weg: list[int], erbij: list[TermijnRij]) -> None:
    if weg:
        OpenTermijn.objects.filter(pk__in=weg).delete()
    OpenTermijn.objects.bulk_create(
        OpenTermijn(
            casus_id=casus.pk,
            code=code,
            partij=partij,
            uiterlijk=date.fromisoformat(uiterlijk) if uiterlijk else None,
            status=status,
            grond=grond,
        )
        for code, partij, uiterlijk, status, grond in erbij
    )


def vervang_haakrijen(casus: Casus, haken: list[ProjectieRijen]) -> None:
    for haak in haken:
        haak.model._default_manager.filter(casus_id=casus.pk).delete()
        haak.model._default_manager.bulk_create(
            haak.model(casus_id=casus.pk, **rij) for rij in haak.rijen
        )


def schrijf(casus: Casus, toevoeging: Toevoeging) -> bool:
    """Write one append; False if another writer appended after the read (nothing written)."""
    if connection.vendor != "postgresql":
        return _schrijf_orm(casus, toevoeging)  # the ORM's create sends post_save itself
    if not aankondiging.aan_te_kondigen(toevoeging.gebeurtenis["type"]):
        return _schrijf_postgres(casus, toevoeging)  # one statement, atomic by itself
    # The raw write sends no signal: announce the new event as the ORM would, in the same
    # transaction, so what a receiver writes (a webhook delivery) commits with the event or not.
    with transaction.atomic():
        if not _schrijf_postgres(casus, toevoeging, eigen_transactie=True):
            return False
        rij = Gebeurtenis(casus_id=casus.pk, **toevoeging.gebeurtenis)
        rij._state.adding = False
        rij.voorgaande = toevoeging.voorgaande
        post_save.send(
            sender=Gebeurtenis,
            instance=rij,
            created=True,
            update_fields=None,
            raw=False,
            using=connection.alias,
        )
    return True
