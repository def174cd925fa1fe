"""`/gezond`: for a load balancer or monitoring. 200 when the database answers, else 503.

No login, no personal data, nothing in the access log; `Cache-Control: no-store` as everywhere.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def gezond(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure is "not healthy"
        return JsonResponse({"status": "database onbereikbaar"}, status=503)
    return JsonResponse({"status": "ok"})
