"""Pre-aggregated regie figures per month (no personal data, no case ids), rebuilt by
`verversen.ververs()` (task `regie_verversen_taak`, command `zicht beheer regie_verversen`).

Each table is small (months x gemeenten x a few codes), so a dashboard page sums a handful of
rows whatever the number of cases.
"""

from __future__ import annotations

from django.db import models


class Stand(models.Model):
    """When the figures were last computed, and the day they describe (peildatum)."""

    ververst_op = models.DateTimeField()
    peildatum = models.DateField()
    casussen = models.PositiveIntegerField()


class TermijnCijfer(models.Model):
    """Terms whose deadline (`uiterlijk`) fell in `maand` and had passed on the peildatum."""

    maand = models.DateField()  # first day of the month
    gemeente = models.CharField(max_length=100)
    subregio = models.CharField(max_length=100)
    partij = models.CharField(max_length=200)
    code = models.CharField(max_length=100)
    vervallen = models.PositiveIntegerField(default=0)
    op_tijd = models.PositiveIntegerField(default=0)
    te_laat = models.PositiveIntegerField(default=0)
    verlopen = models.PositiveIntegerField(default=0)  # not met on the peildatum

    class Meta:
        indexes = [models.Index(fields=["maand", "gemeente"], name="regie_termijn_maand")]


class DoorlooptijdCijfer(models.Model):
    """A histogram in days per step: median and 80th percentile stay exact over any period."""

    maand = models.DateField()  # the month the step ended
    gemeente = models.CharField(max_length=100)
    subregio = models.CharField(max_length=100)
    stap = models.CharField(max_length=40)
    dagen = models.PositiveIntegerField()
    aantal = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["maand", "gemeente"], name="regie_doorloop_maand")]


class InstroomCijfer(models.Model):
    maand = models.DateField()  # the month of the melding
    gemeente = models.CharField(max_length=100)
    subregio = models.CharField(max_length=100)
    bron = models.CharField(max_length=40)
    besluit = models.CharField(max_length=40)  # empty: not yet assessed
    aantal = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["maand", "gemeente"], name="regie_instroom_maand")]


class GebeurtenisCijfer(models.Model):
    """Counted occurrences: `hermelding`, `opschaling:<naar>`, `niet_nakomen`."""

    maand = models.DateField()
    gemeente = models.CharField(max_length=100)
    subregio = models.CharField(max_length=100)
    soort = models.CharField(max_length=60)
    aantal = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["maand", "gemeente"], name="regie_gebeurtenis_maand")]


class BerekendeTabellen(models.Model):
    """The dashboard's tables (as shown, with their charts) for one choice and viewer scope,
    computed after a refresh for the default views and on first use for others."""

    sleutel = models.CharField(max_length=64, unique=True)  # sha256 of choice, scope, refresh
    inhoud = models.JSONField()


class Bijdrage(models.Model):
    """What one case adds to the tables above as of the last refresh (no personal data: months,
    gemeente, party, term code, counts), so that a refresh recomputes only the cases whose
    projection changed since (`bijgewerkt_op`) or whose figures change with the day (`wissel`:
    the first day a term of theirs falls due) and applies the difference."""

    casus_id = models.UUIDField(primary_key=True)
    bijgewerkt_op = models.DateTimeField()  # the projection's, when this was computed
    wissel = models.DateField(null=True)
    # One line per count of one: the key's parts separated by U+001F (verversen.als_tekst);
    # text, not JSON: writing a million JSON values cost more than computing them.
    sleutels = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["wissel"], name="regie_bijdrage_wissel")]


class Vooruitzicht(models.Model):
    """The capacity outlook's kept work, per refresh (the key holds its moment): the scenario
    (the synthetic meldingen SimPy drew, with the engine's deadlines per day) and the outcome
    of each capacity asked for. In the database, not in a process: every app server serves a
    what-if someone asked before without simulating again."""

    sleutel = models.CharField(max_length=64, unique=True)  # sha256 of kind, choice, refresh
    inhoud = models.BinaryField()
