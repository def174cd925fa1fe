"""Organisations, their people, and the family of a case.

The tables stay those of the `casuswerk` app (app_label, migrations in casuswerk/migrations):
the modules moved, the data did not. `zicht.casuswerk.models` imports them so Django finds them
when it loads that app. No logic here: access lives in `toegang.py`; the relations projection
(`CasusPartij`) and the free text beside the events (`Notitie`) are the store's.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper

from zicht.core.acties import ROLLEN
from zicht.store.models import Casus, Notitie

__all__ = ["SOORTEN", "Gezin", "Medewerker", "Notitie", "Organisatie"]

SOORTEN = {
    "veilig_thuis": "Veilig Thuis",
    "lokaal_veld": "Lokaal veld",
    "gemeente": "Gemeente",
    "zorgaanbieder": "Zorgaanbieder",
    "zorg_en_veiligheidshuis": "Zorg- en Veiligheidshuis",
}


class Organisatie(models.Model):
    """A party of the agreement; `code` is its identifier in events (SPEC §1)."""

    code = models.CharField(max_length=200, unique=True)
    naam = models.CharField(max_length=200)
    soort = models.CharField(max_length=40, choices=list(SOORTEN.items()))

    class Meta:
        app_label = "casuswerk"
        verbose_name_plural = "organisaties"
        ordering = ["soort", "naam"]

    def __str__(self) -> str:
        return str(self.naam)


class Medewerker(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="medewerker"
    )
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT)
    rol = models.CharField(max_length=40, choices=list(ROLLEN.items()))

    class Meta:
        app_label = "casuswerk"
        verbose_name_plural = "medewerkers"

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.organisatie.code}, {self.rol})"


class Gezin(models.Model):
    """The family's display name, the names (and BSN) behind the directbetrokkenen ids, the melder.

    Personal data lives only here and in `Notitie`, never in events or logs: events carry ids
    such as `p1`. So the retention job can anonymise a family here while the event table stays
    append-only (`bewaartermijn.py`).
    """

    casus = models.OneToOneField(Casus, on_delete=models.CASCADE, related_name="gezin")
    naam = models.CharField(max_length=200)
    # [{"id": "p1", "naam": "...", "rol": "kind", "bsn": "123456782"}]; bsn optional (elfproef)
    personen = models.JSONField(default=list)
    melder = models.JSONField(default=dict, blank=True)  # {"naam": ..., "telefoon": ...}
    geanonimiseerd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "casuswerk"
        verbose_name_plural = "gezinnen"
        # "Eerder bekend" and the search look a family up by name, case-insensitively.
        indexes = [models.Index(Upper("naam"), name="gezin_naam_upper")]

    def __str__(self) -> str:
        return f"gezin van casus {self.casus_id}"
