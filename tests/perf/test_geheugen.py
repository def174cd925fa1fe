"""An app server carries only what case work needs (issue #10, bench/RESULTS.md).

The regie's Excel export (openpyxl, which brings numpy and lxml), its capacity simulation
(SimPy, numpy) and the scheduler (APScheduler) are imported where they are used, not with the
app: 17 MB of every gunicorn worker (openpyxl with numpy 15, SimPy 1.6, APScheduler 0.5). A
fresh process loads the WSGI app and every URL, as a worker does before its first request, and
the modules of the screens and the API.
"""

from __future__ import annotations

import json
import subprocess
import sys

from zicht.vertrouwen.proefserver import app_omgeving

ZWAAR = ("openpyxl", "numpy", "simpy", "apscheduler")

LADEN = """
import json, sys
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver
get_wsgi_application()
get_resolver().url_patterns
import zicht.casuswerk.views, zicht.api.urls, zicht.regie.views, zicht.signalering.storingen
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def geladen(code: str) -> set[str]:
    uit = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], env=app_omgeving(), capture_output=True, text=True, check=True
    )
    return set(json.loads(uit.stdout.splitlines()[-1]))


def test_an_app_server_does_not_load_the_regie_and_scheduler_libraries() -> None:
    assert not geladen(LADEN) & set(ZWAAR)


def test_the_export_and_the_scheduler_still_find_them() -> None:
    code = LADEN.replace(
        "print(",
        "from zicht.regie.views import xlsx\n"
        "from zicht.regie.cijfers import Tabel\n"
        "from zicht.signalering.planner import planner\n"
        "assert xlsx(Tabel('t', 'T', ['a'])).startswith(b'PK')\n"
        "planner()\n"
        "import zicht.regie.vooruitzicht\n"
        "print(",
    )
    assert set(ZWAAR) <= geladen(code)
