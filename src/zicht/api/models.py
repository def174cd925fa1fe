"""API clients (a system of one organisation), where Zicht sends to, and every delivery.

One model for a system Zicht talks to (`ApiClient`: its token, and for a JZV sender its source
and the name a case gives it as melder); one for where Zicht posts to, signed (`Abonnement`:
an organisation's webhooks, or one system's JZV outcomes); one delivery log (`Levering`,
delivered with retries on the task queue by `webhooks/bezorgen.py`).

No logic here: tokens in `tokens.py`, deliveries in `webhooks/`.
"""

from __future__ import annotations

import uuid

from django.db import models

from zicht.toepassing.modellen import Organisatie

SCOPES = {"lezen": "Lezen", "schrijven": "Schrijven"}
# Where a JZV melding comes from (ApiClient.bron; empty: the client sends no JZV meldingen).
BRONNEN = {"professional": "Professional", "politie": "Politie", "burger": "Burger"}
UITKOMSTMELDING = "uitkomstmelding"  # Abonnement.soorten: JZV outcomes to the sender
SOORTEN_MELDING = {
    "overdracht": "Nieuwe overdracht aan de organisatie",
    "termijn_verloopt": "Termijn van de organisatie verloopt binnen één werkdag, of is verlopen",
    "zicht_gewijzigd": "Wie zicht op veiligheid heeft verandert in een casus van de organisatie",
    "gesloten": "Een casus van de organisatie is gesloten",
    "signaal": "Een signaal voor de organisatie dat de tijd bracht (een taak zonder datum, "
    "stabiele veiligheid mogelijk, monitoring langer dan verwacht)",
}


class ApiClient(models.Model):
    """A system that acts for one organisation. Only a hash of its token is kept."""

    naam = models.CharField(max_length=100, unique=True)
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT)
    scopes = models.JSONField(default=list)  # subset of SCOPES
    token_hash = models.CharField(max_length=64, unique=True)  # sha256 hex of the token
    token_begin = models.CharField(max_length=12)  # the first characters, to recognise it
    actief = models.BooleanField(default=True)
    aangemaakt_op = models.DateTimeField()
    # A sender of JZV meldingen (zicht.jzv): where its meldingen come from, and the melder as the
    # case names it. Empty: not a sender. Its outcomes go to its own `Abonnement`.
    bron = models.CharField(max_length=20, choices=list(BRONNEN.items()), blank=True, default="")
    melder_naam = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "API-client"
        verbose_name_plural = "API-clients"
        ordering = ["naam"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.organisatie.code})"

    @property
    def afzendernaam(self) -> str:
        """How a case and the intake name this system as a sender."""
        return str(self.melder_naam or self.naam)

    # DRF treats the authenticated principal as request.user.
    is_authenticated = True
    is_anonymous = False


class Abonnement(models.Model):
    """Where Zicht posts to, signed with its key: an organisation's webhooks (new hand-overs,
    expiring terms), or, with `client`, one system's own messages (its JZV outcomes)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT)
    client = models.ForeignKey(
        ApiClient, null=True, blank=True, on_delete=models.PROTECT, related_name="abonnementen"
    )
    url = models.URLField(max_length=500)
    soorten = models.JSONField(default=list)  # subset of SOORTEN_MELDING
    # The HMAC key must be kept to sign with; it is shown once, when created.
    geheim = models.CharField(max_length=100)
    actief = models.BooleanField(default=True)
    aangemaakt_op = models.DateTimeField()

    class Meta:
        verbose_name_plural = "abonnementen"
        ordering = ["aangemaakt_op"]

    def __str__(self) -> str:
        return f"{self.organisatie.code} -> {self.url}"


CLOUDEVENTS = "application/cloudevents+json; charset=utf-8"
JSON = "application/json"


class Levering(models.Model):
    """One notification to one subscriber, with every attempt's outcome (the delivery log)."""

    WACHTEND, BEZORGD, MISLUKT = "wachtend", "bezorgd", "mislukt"
    STATUSSEN = [(WACHTEND, "wachtend"), (BEZORGD, "bezorgd"), (MISLUKT, "mislukt")]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    abonnement = models.ForeignKey(Abonnement, on_delete=models.CASCADE, related_name="leveringen")
    soort = models.CharField(max_length=40)
    sleutel = models.CharField(max_length=300)  # what it announces; one delivery per key
    bericht = models.JSONField()  # the body: kind, case URL, moments; never case content
    mediatype = models.CharField(max_length=100, default=CLOUDEVENTS)
    status = models.CharField(max_length=20, choices=STATUSSEN, default=WACHTEND)
    pogingen = models.PositiveIntegerField(default=0)
    laatste_fout = models.TextField(blank=True)
    laatste_poging_op = models.DateTimeField(null=True)
    volgende_poging_op = models.DateTimeField(null=True)
    bezorgd_op = models.DateTimeField(null=True)
    aangemaakt_op = models.DateTimeField()

    class Meta:
        verbose_name_plural = "leveringen"
        ordering = ["aangemaakt_op"]
        constraints = [
            models.UniqueConstraint(fields=["abonnement", "sleutel"], name="levering_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.soort} {self.sleutel} ({self.status})"
