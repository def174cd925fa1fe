"""Django's `flush`, for the test suite only: it lifts the append-only triggers around it.

Outside tests the event table and the access log cannot be emptied from the application.
"""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections

from zicht.store import alleen_toevoegen


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        if not hasattr(mail, "outbox"):  # set by Django's test environment only
            raise CommandError(
                "De gebeurtenissen en het toegangslog zijn append-only: flush kan alleen in "
                "de testsuite. Begin opnieuw met een lege database."
            )
        from zicht.vertrouwen.rollen import als_eigenaar

        # Run as the application role (`make test`), only the owner may lift the triggers.
        with als_eigenaar():
            connection = connections[options["database"]]
            tabellen = set(connection.introspection.table_names())
            actief = [t for t in alleen_toevoegen.TABELLEN if t in tabellen]
            for tabel in actief:
                alleen_toevoegen.verwijder(connection, tabel)
            try:
                super().handle(**options)
            finally:
                for tabel in actief:
                    alleen_toevoegen.maak(connection, tabel)
