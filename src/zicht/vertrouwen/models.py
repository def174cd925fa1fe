"""The tables of issue #16: answers kept for retries, used form tokens, the security log and
the head of the access log's hash chain."""

from __future__ import annotations

from django.db import models


class IdempotenteAanvraag(models.Model):
    """A POST of the API with an `Idempotency-Key`: written in the same transaction as what the
    POST changed, with its answer, so a retry gets that answer instead of a second change."""

    client = models.CharField(max_length=200)
    sleutel = models.CharField(max_length=255)
    verzoek_hash = models.CharField(max_length=64)  # sha256 of method, path and body
    status = models.PositiveSmallIntegerField()
    koppen = models.JSONField(default=dict)  # Content-Type, Location, ETag
    inhoud = models.BinaryField()
    aangemaakt_op = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "sleutel"], name="idempotentie_uniek")
        ]


class GebruiktFormulier(models.Model):
    """A form token that has been posted once: a second post of the same form is refused."""

    token = models.CharField(max_length=64, unique=True)
    gebruikt_op = models.DateTimeField()


class Beveiligingsrij(models.Model):
    """Refused requests without a (valid) identity: kept apart from the access log of cases,
    at most one row per source and kind per minute (`aantal` counts the ones behind it)."""

    tijdstip = models.DateTimeField(db_index=True)
    bron = models.CharField(max_length=64)  # the client address
    soort = models.CharField(max_length=50)  # e.g. api_token_ongeldig
    pad = models.CharField(max_length=200)
    aantal = models.PositiveIntegerField(default=1)
    trace_id = models.CharField(max_length=64)

    class Meta:
        db_table = "vertrouwen_beveiligingsregel"  # the table keeps its name
        ordering = ["-tijdstip", "-id"]


class Ketenkop(models.Model):
    """The head of a chain (the access log): its length and last hash, sealed with the key, so
    rows removed from its end are noticed too. Locked for every append to the chain."""

    naam = models.CharField(max_length=50, primary_key=True)
    lengte = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")
    zegel = models.CharField(max_length=100, default="")
