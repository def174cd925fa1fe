"""`zicht beheer planner`: the scheduler process (production runs one, beside web and worker)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from zicht.signalering.planner import planner


class Command(BaseCommand):
    help = "Zet de periodieke taken (termijnen, digest, bewaartermijn) op de wachtrij."

    def handle(self, *args: Any, **options: Any) -> None:
        s = planner()
        self.stdout.write("Planner gestart; stoppen met Ctrl-C.")
        try:
            s.start()
        except (KeyboardInterrupt, SystemExit):
            s.shutdown(wait=False)
