"""Beside the event store: who handles a case, what was reported, the search index, documents.

Append-only where it records a decision (an assignment, a document), so every change stays
traceable: the current behandelaar is the newest row per case and organisation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zicht.store.models import Casus


class Toewijzing(models.Model):
    """An organisation's part of a case has a named behandelaar; a new row per change."""

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="toewijzingen")
    organisatie = models.CharField(max_length=200)  # party code, e.g. `lokaal_veld:Heerlen`
    behandelaar = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )  # None: the assignment was withdrawn
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField()

    class Meta:
        verbose_name_plural = "toewijzingen"
        indexes = [
            models.Index(fields=["casus", "organisatie", "-op"], name="toewijzing_casus"),
            models.Index(fields=["behandelaar", "-op"], name="toewijzing_behandelaar"),
        ]


class Meldingsinhoud(models.Model):
    """What was reported, as free text: the text sits in `casuswerk.Notitie` (wiped by the
    retention job), this row only says which note it is."""

    casus = models.OneToOneField(Casus, on_delete=models.CASCADE, related_name="meldingsinhoud")
    notitie = models.UUIDField()


class BsnSleutel(models.Model):
    """A keyed hash (HMAC-SHA256, key from settings) of a BSN in a family: search by BSN is an
    index lookup, and the table holds no BSN. Kept in step with `Gezin` (zoekindex.py)."""

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="+")
    sleutel = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["casus", "sleutel"], name="bsnsleutel_uniek")
        ]


class Document(models.Model):
    """A document generated from a case (PDF), stored with its sha256."""

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="documenten")
    soort = models.CharField(max_length=40)
    inhoud = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    gemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisatie = models.CharField(max_length=200)
    op = models.DateTimeField()
    # An overdrachtsdocument may be read by the parties the hand-over went to.
    ontvangers = models.JSONField(default=list)

    class Meta:
        verbose_name_plural = "documenten"
        indexes = [models.Index(fields=["casus", "-op"], name="document_casus")]
