"""What the functioneel beheerder does, kept: the actions log, added decree days, versions."""

from __future__ import annotations

from django.db import models


class Beheeractie(models.Model):
    """One action of a functioneel beheerder (invite, deactivate, unlock, reset, revoke ...)."""

    tijdstip = models.DateTimeField()
    gebruiker = models.CharField(max_length=150)  # who did it
    actie = models.CharField(max_length=60)
    onderwerp = models.CharField(max_length=200)  # the account, client, version or day
    toelichting = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-tijdstip", "-id"]


class GelijkgesteldeDag(models.Model):
    """A day equated with a holiday by Royal Decree (Atw art. 3 lid 3), added through the
    screen; `kalender.kalender_met_besluiten()` adds these to kalender.yaml's own."""

    datum = models.DateField(unique=True)
    besluit = models.CharField(max_length=300)  # citeertitel / vindplaats in the Staatscourant
    toegevoegd_door = models.CharField(max_length=150)
    toegevoegd_op = models.DateTimeField()

    class Meta:
        ordering = ["datum"]


class Afspraakversie(models.Model):
    """An uploaded version of the agreement, validated, and scheduled from its date."""

    bestandsnaam = models.CharField(max_length=200)
    inhoud = models.TextField()
    geldig_vanaf = models.DateField(null=True)
    geldig = models.BooleanField(default=False)
    validatie = models.TextField(blank=True)  # the loader's error, or empty
    gepland = models.BooleanField(default=False)
    geupload_door = models.CharField(max_length=150)
    geupload_op = models.DateTimeField()

    class Meta:
        ordering = ["-geupload_op"]


class AfsprakenTeller(models.Model):
    """One row: raised whenever a version is scheduled or a decree day added, so that every app
    server (stateless, several) sees the change at its next look (`beheer.bronnen`)."""

    teller = models.PositiveBigIntegerField(default=0)
