"""`zicht beheer regie_verversen [--nu ISO] [--wachtrij] [--bij]`: recompute the regie figures
(all cases, or with --bij only what changed since the last refresh)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from zicht.regie import verversen
from zicht.regie.taken import regie_verversen_taak


class Command(BaseCommand):
    help = "Berekent de regiecijfers opnieuw uit de casussen (of zet dat op de wachtrij)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--nu", help="peilmoment (ISO), standaard nu")
        parser.add_argument("--wachtrij", action="store_true", help="als taak op de wachtrij")
        parser.add_argument(
            "--bij", action="store_true", help="alleen wat sinds de vorige keer veranderde"
        )

    def handle(self, *args: Any, **opties: Any) -> None:
        if opties["wachtrij"]:
            resultaat = regie_verversen_taak.enqueue(opties["nu"])
            self.stdout.write(f"Op de wachtrij gezet: {resultaat.id}")
            return
        nu = timezone.localtime() if not opties["nu"] else datetime.fromisoformat(opties["nu"])
        if nu.tzinfo is None:
            nu = nu.replace(tzinfo=timezone.get_current_timezone())
        if opties["bij"]:
            aantal = verversen.bij(nu)
            self.stdout.write(f"Regiecijfers bijgewerkt: {aantal} casussen opnieuw geteld.")
            return
        aantal = verversen.ververs(nu)
        self.stdout.write(f"Regiecijfers bijgewerkt: {aantal} casussen geteld.")
