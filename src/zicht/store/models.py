"""One append-only event table per the style guide, plus projections that can always be rebuilt.

No logic here: every write goes through `DjangoStore` (django_store.py).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models


class Casus(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    regio = models.CharField(max_length=100)
    aangemaakt_op = models.DateTimeField()
    # Optimistic concurrency: an append names the seq it expects to follow.
    laatste_seq = models.PositiveIntegerField(default=0)
    # HMAC over (case, laatste_seq, last hash) with the chain key (keten.zegel): a chain cut
    # short at its end no longer matches. Nullable: added without rebuilding the table.
    zegel = models.CharField(max_length=100, null=True, blank=True)
    # Set when the case is anonymised after its retention period: from then on the store
    # refuses every event (issue #16).
    bevroren_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "casussen"

    def __str__(self) -> str:
        return f"casus {self.id}"


class Gebeurtenis(models.Model):
    """Append-only: rows are inserted, never updated or deleted (database triggers refuse both,
    migration 0003). `hash` chains each event of a case to the one before it (`keten.py`)."""

    # No index of its own: the unique (casus, seq) below serves every lookup by case, and one
    # index less to maintain with every append.
    casus = models.ForeignKey(
        Casus, on_delete=models.PROTECT, related_name="gebeurtenissen", db_index=False
    )
    seq = models.PositiveIntegerField()
    type = models.CharField(max_length=100)
    payload = models.JSONField(default=dict)  # the event's fields except type and op
    occurred_at = models.DateTimeField()  # the event's `op`
    recorded_at = models.DateTimeField()
    actor = models.CharField(max_length=200)
    organisatie = models.CharField(max_length=200)
    afspraakversie = models.CharField(max_length=100, blank=True)
    vorige_hash = models.CharField(max_length=64, default="")
    hash = models.CharField(max_length=64, default="")
    # The id of the key whose HMAC `hash` is (ZICHT_KETEN_SLEUTELS); empty in the unkeyed past.
    # Nullable: SQLite adds the column without rebuilding the table and its triggers.
    sleutel = models.CharField(max_length=16, null=True, blank=True)

    # Not a column: the case's events before this one, as the store's append read them, for
    # the post_save receivers of a new event (e.g. whether the case came in through JZV, so
    # they need not ask the database). None when the row was written another way.
    voorgaande: list[Any] | None = None

    class Meta:
        verbose_name_plural = "gebeurtenissen"
        ordering = ["casus", "seq"]
        constraints = [
            # Also the (casus, seq) index; catches two writers that both passed the seq check.
            models.UniqueConstraint(fields=["casus", "seq"], name="gebeurtenis_casus_seq_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.casus_id} #{self.seq} {self.type}"


class CasusProjectie(models.Model):
    # Projections hold no database foreign key (db_constraint=False): they are derived from the
    # events and rebuilt from them, Django still cascades a deletion, and the fast rebuild
    # (snel.py) loads millions of rows without a per-row check against store_casus.
    casus = models.OneToOneField(
        Casus,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="projectie",
        db_constraint=False,
    )
    toestand = models.JSONField()  # the engine's state dict (SPEC §4)
    bijgewerkt_op = models.DateTimeField()
    seq = models.PositiveIntegerField()  # the last event included
    # The state's `herzien_op`: the first moment after `bijgewerkt_op` at which time alone
    # changes it (a deadline, an undated task's signal, six incident-free months). The deadline
    # sweep (zicht.signalering.verloop) refolds the cases whose moment has come, through the
    # index: only those. Null: nothing changes with time (or a projection from before 0009).
    herzien_op = models.DateTimeField(null=True)

    class Meta:
        indexes = [models.Index(fields=["herzien_op"], name="projectie_herzien_op")]


class OpenTermijn(models.Model):
    """A term still to be met (status open or verlopen), for worklists per party."""

    casus = models.ForeignKey(  # no database foreign key: see CasusProjectie
        Casus, on_delete=models.CASCADE, related_name="open_termijnen", db_constraint=False
    )
    code = models.CharField(max_length=100)
    partij = models.CharField(max_length=200)
    uiterlijk = models.DateField(null=True)
    status = models.CharField(max_length=20)
    grond = models.CharField(max_length=100, blank=True)

    class Meta:
        # The worklist's order (uiterlijk, casus, code) per party: its first page is an index
        # range scan, and its count an index-only scan, whatever the number of cases. The id
        # rides along (PostgreSQL: INCLUDE), so the page's first 1,001 ids are read from the
        # index alone: at 1M cases 16 pages instead of ~920 (bench/RESULTS.md).
        indexes = [
            models.Index(
                fields=["partij", "uiterlijk", "casus", "code"],
                include=["id"],
                name="termijn_werkvoorraad",
            ),
            # The deadline sweep (zicht.signalering.verloop): the terms still `open` whose
            # `uiterlijk` has passed, a range scan over the due terms only, not every case.
            models.Index(fields=["status", "uiterlijk"], name="termijn_verloop"),
        ]


class CasusPartij(models.Model):
    """Projection: which party stands in which relation to a case (for need-to-know, lists).

    Rebuilt from the state with every append and by `zicht rebuild`; see `relaties.py`. Its
    table stays the casuswerk app's (app_label; migrations in casuswerk/migrations).
    """

    # A projection: no database foreign key, as store.CasusProjectie.
    casus = models.ForeignKey(
        Casus, on_delete=models.CASCADE, related_name="partijen", db_constraint=False
    )
    partij = models.CharField(max_length=200)
    relatie = models.CharField(max_length=40)
    # The case's creation moment, copied: waiting hand-overs are listed oldest first without
    # joining every waiting case (werkvoorraad.py).
    aangemaakt_op = models.DateTimeField(null=True)

    class Meta:
        app_label = "casuswerk"
        constraints = [
            models.UniqueConstraint(fields=["casus", "partij", "relatie"], name="casuspartij_uniek")
        ]
        indexes = [
            models.Index(
                fields=["partij", "relatie", "aangemaakt_op", "casus"],
                name="casuspartij_partij_relatie",
            )
        ]


class Notitie(models.Model):
    """Free text of a step (an assessment's rationale, an incident) kept beside the event.

    The event carries `notitie:<sleutel>` instead of the text, so the text can be anonymised
    after the retention period without touching the append-only event table.
    """

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="notities")
    sleutel = models.UUIDField(unique=True)
    tekst = models.TextField()

    class Meta:
        app_label = "casuswerk"
        verbose_name_plural = "notities"

    def __str__(self) -> str:
        return f"notitie {self.sleutel}"
