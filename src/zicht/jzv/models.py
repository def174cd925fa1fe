"""Meldingen by the sender's registratienummer, and the outcomes both ways.

No logic here: reading a melding in `bericht.py`, the intake in `intake.py`, outcomes in
`uitkomsten.py`.
"""

from __future__ import annotations

import uuid

from django.db import models

from zicht.api.models import BRONNEN as API_BRONNEN
from zicht.api.models import ApiClient, Levering
from zicht.store.models import Casus

# The sender is an API client (`ApiClient.bron`, `melder_naam`); its outcomes go to its own
# `Abonnement` and are delivered as `Levering`en, like every other message Zicht sends.
BRONNEN = API_BRONNEN


class Melding(models.Model):
    """One JZV melding. Until a case exists `bericht` holds the message as received; from then
    on its free text lives in `Notitie` and the person with the family (`Gezin`), so the
    retention job erases both, and `bericht` keeps only references."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    afzender = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="jzv_meldingen")
    registratienummer = models.CharField(max_length=200)
    bericht = models.JSONField()
    vingerafdruk = models.CharField(max_length=64)  # sha256 of the message as received
    terugkoppeling_gewenst = models.BooleanField()
    ontvangen_op = models.DateTimeField()
    casus = models.OneToOneField(
        Casus, null=True, blank=True, on_delete=models.PROTECT, related_name="jzv_melding"
    )
    toegewezen_door = models.CharField(max_length=200, blank=True)
    toegewezen_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "meldingen"
        ordering = ["ontvangen_op"]
        constraints = [
            models.UniqueConstraint(
                fields=["afzender", "registratienummer"], name="jzv_melding_uniek_per_afzender"
            )
        ]

    def __str__(self) -> str:
        return f"JZV-melding {self.registratienummer}"


class Uitkomst(models.Model):
    """An outcome sent to the melding's sender: one per status; its delivery (attempts,
    retries, status) is a `Levering` like any other message Zicht sends."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="uitkomsten")
    code = models.CharField(max_length=10)  # StatusEnum: VT-00 ... VT-99
    gebeurtenis_seq = models.PositiveIntegerField()  # the event that caused it
    levering = models.OneToOneField(Levering, on_delete=models.PROTECT, related_name="jzv_uitkomst")
    aangemaakt_op = models.DateTimeField()

    class Meta:
        verbose_name_plural = "uitkomsten"
        ordering = ["aangemaakt_op"]
        constraints = [
            models.UniqueConstraint(fields=["melding", "code"], name="jzv_uitkomst_eenmaal")
        ]


class OntvangenUitkomst(models.Model):
    """An outcome another system reported to Zicht about a melding it received."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    afzender = models.ForeignKey(
        ApiClient, on_delete=models.PROTECT, related_name="jzv_ontvangen_uitkomsten"
    )
    registratienummer = models.CharField(max_length=200)
    code = models.CharField(max_length=10)
    ontvangen_op = models.DateTimeField()

    class Meta:
        verbose_name_plural = "ontvangen uitkomsten"
        ordering = ["-ontvangen_op"]
