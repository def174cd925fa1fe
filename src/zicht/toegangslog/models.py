"""The access log (NEN 7513, Logboek Dataverwerkingen): one row per look at personal data.

Append-only, enforced by the database (migration 0002): no UPDATE, no DELETE.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Upper


class Toegangsrij(models.Model):
    UITKOMSTEN = [("toegestaan", "toegestaan"), ("geweigerd", "geweigerd")]

    tijdstip = models.DateTimeField(db_index=True)  # the privacy officer's period, newest first
    gebruiker = models.CharField(max_length=150)
    rol = models.CharField(max_length=100)
    organisatie = models.CharField(max_length=200)
    # Text, not a foreign key: refused looks at absent cases are logged too, and the log
    # outlives anonymisation.
    casus_id = models.CharField(max_length=64, null=True, blank=True)
    personen = models.JSONField(default=list)  # pseudonymous person ids (p1, p2), never names
    actie = models.CharField(max_length=100)
    verwerking = models.CharField(max_length=100)
    uitkomst = models.CharField(max_length=20, choices=UITKOMSTEN)
    trace_id = models.CharField(max_length=64)
    client = models.CharField(max_length=200, null=True, blank=True)  # API client, if any
    # One keyed hash chain over the whole log (issue #16, zicht.vertrouwen.keten): a changed or
    # removed row breaks it. Nullable: SQLite adds the columns without rebuilding the table.
    keten_seq = models.BigIntegerField(null=True, blank=True)
    vorige_hash = models.CharField(max_length=64, null=True, blank=True)
    hash = models.CharField(max_length=64, null=True, blank=True)
    sleutel = models.CharField(max_length=16, null=True, blank=True)
    # Which chain (issue #17: several, so looks do not queue on one lock); empty: the first,
    # "toegangslog", as every row was before there were more.
    keten = models.CharField(max_length=50, null=True, blank=True)

    class Meta:
        db_table = "toegangslog_toegangsregel"  # the table keeps its name (append-only triggers)
        verbose_name = "toegangsrij"
        verbose_name_plural = "toegangsrijen"
        ordering = ["-tijdstip", "-id"]
        # Every index is updated for each row, and a worklist page writes up to 100 rows: only
        # the ones a query uses (no single-column copies, no LIKE indexes on PostgreSQL).
        indexes = [
            # "Wie heeft dit dossier ingezien" on every case page; the officer's search by case.
            models.Index(fields=["casus_id", "-tijdstip", "-id"], name="toegang_casus_tijdstip"),
            # The officer's search by user (case-insensitive: privacy.py asks `iexact`).
            models.Index(
                Upper("gebruiker"), F("tijdstip").desc(), F("id").desc(), name="toegang_gebruiker"
            ),
            # From an X-Trace-Id in an error report to the rows of that request.
            models.Index(fields=["trace_id"], name="toegang_trace"),
        ]
        constraints = [
            # Partial, so SQLite adds it as an index instead of rebuilding the table.
            models.UniqueConstraint(
                Coalesce("keten", Value("toegangslog")),
                F("keten_seq"),
                condition=models.Q(keten_seq__isnull=False),
                name="toegang_keten_seq_per_keten",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.gebruiker} {self.actie} {self.uitkomst}"
