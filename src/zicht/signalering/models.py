"""What the clock made happen, and what each user wants to hear about it.

No logic here: the sweep is in `verloop.py`, the bell in `bel.py`, the digest in `digest.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zicht.store.models import Casus


class Verloop(models.Model):
    """What time alone made happen to a case, announced once: a term that went past its
    deadline (one row per term, ever), a signal that time brought (an undated task's working
    days passed, stable safety became possible; one row per signal per day), or a party that
    time gave zicht op veiligheid (the triage term overrun, Bijlage 1; per party per day).

    The unique key is the exactly-once guarantee: two sweeps (two schedulers, or a worker
    restarted mid-run) race for this row and only the one that inserts it notifies anyone.
    """

    TERMIJN, SIGNAAL, ZICHT = "termijn", "signaal", "zicht"

    # A record of what happened to a case: no database foreign key, as the projections.
    casus = models.ForeignKey(
        Casus, on_delete=models.CASCADE, related_name="verlopen_termijnen", db_constraint=False
    )
    soort = models.CharField(max_length=20, default=TERMIJN)
    code = models.CharField(max_length=100)  # the term's code, or the signal's
    partij = models.CharField(max_length=200)
    uiterlijk = models.DateField()  # a term's deadline; the day a signal came
    grond = models.CharField(max_length=100, blank=True)
    verlopen_op = models.DateTimeField()  # when the sweep saw it

    class Meta:
        verbose_name_plural = "verlopen termijnen"
        # The bell's recent signals of a party.
        indexes = [models.Index(fields=["partij", "soort", "uiterlijk"], name="verloop_partij")]
        constraints = [
            models.UniqueConstraint(
                fields=["casus", "code", "partij", "uiterlijk"], name="verloop_eenmaal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.casus_id} {self.code} {self.partij} {self.uiterlijk}"


class Planning(models.Model):
    """One row per periodic job per planned moment: a second scheduler started by mistake finds
    the row already there and enqueues nothing."""

    taak = models.CharField(max_length=100)
    moment = models.DateTimeField()
    in_wachtrij_op = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["taak", "moment"], name="planning_eenmaal")]


class Veegstand(models.Model):
    """How far the deadline sweep got: every term with `uiterlijk` before `tot` has fired."""

    naam = models.CharField(max_length=50, primary_key=True)
    tot = models.DateField()
    bijgewerkt_op = models.DateTimeField()


class Gelezen(models.Model):
    """A notification in the bell that this user marked as read (notifications are derived from
    the projections; only the reading is stored)."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sleutel = models.CharField(max_length=300)
    gelezen_op = models.DateTimeField()

    class Meta:
        verbose_name_plural = "gelezen meldingen"
        constraints = [
            models.UniqueConstraint(fields=["gebruiker", "sleutel"], name="gelezen_eenmaal")
        ]


class Voorkeur(models.Model):
    """Per user: the e-mail digest (on or off, at what time) and the calendar feed's token."""

    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signalering"
    )
    digest_aan = models.BooleanField(default=True)
    digest_tijd = models.TimeField(default="08:00")
    # The calendar feed's secret: unguessable (secrets.token_urlsafe), revoked by replacing it.
    agenda_token = models.CharField(max_length=64, unique=True, null=True, blank=True)


class Digest(models.Model):
    """One digest for one user on one working day; the unique key sends it at most once, the
    status keeps a failed one visible to beheer and retried (never lost)."""

    WACHTEND, VERZONDEN, MISLUKT, LEEG = "wachtend", "verzonden", "mislukt", "leeg"

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    dag = models.DateField()
    status = models.CharField(max_length=20, default=WACHTEND)
    pogingen = models.PositiveIntegerField(default=0)
    laatste_fout = models.TextField(blank=True)
    verzonden_op = models.DateTimeField(null=True)
    volgende_poging_op = models.DateTimeField(null=True)
    aangemaakt_op = models.DateTimeField()

    class Meta:
        verbose_name_plural = "digests"
        constraints = [
            models.UniqueConstraint(fields=["gebruiker", "dag"], name="digest_eenmaal_per_dag")
        ]


class Aandacht(models.Model):
    """Something addressed to an organisation that it should see now: a non-compliance report
    (§5.5) to a gemeente, an escalation to the Z&VH, a correction on a case it works on. Written
    with the event that caused it (same transaction), read by the bell; no content, only what
    kind and which case."""

    partij = models.CharField(max_length=200)
    casus = models.ForeignKey(
        Casus, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    soort = models.CharField(max_length=40)
    seq = models.PositiveIntegerField()  # the event that caused it
    op = models.DateTimeField()

    class Meta:
        verbose_name_plural = "aandachtspunten"
        indexes = [models.Index(fields=["partij", "op"], name="aandacht_partij_op")]
        constraints = [
            models.UniqueConstraint(fields=["partij", "casus", "seq"], name="aandacht_eenmaal")
        ]
