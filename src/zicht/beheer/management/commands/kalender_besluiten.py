"""`zicht beheer kalender_besluiten`: the decree days added on the beheer screen, as the
`gelijkgestelde_dagen` block of afspraken/kalender.yaml (to be released with the agreement data;
the engine reads only that file, see docs/keuzes.md)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import yaml
from django.core.management.base import BaseCommand

from zicht.beheer.models import GelijkgesteldeDag


class Command(BaseCommand):
    help = "Toont de toegevoegde gelijkgestelde dagen als blok voor kalender.yaml."

    def handle(self, *args: Any, **opties: Any) -> None:
        per_jaar: dict[int, list[dict[str, str]]] = defaultdict(list)
        for dag in GelijkgesteldeDag.objects.order_by("datum"):
            per_jaar[dag.datum.year].append(
                {"datum": dag.datum.isoformat(), "besluit": dag.besluit}
            )
        self.stdout.write(
            yaml.safe_dump(
                {"gelijkgestelde_dagen": dict(per_jaar)}, allow_unicode=True, sort_keys=True
            )
        )
