"""Django's database sessions, read without the ORM.

Every request reads its session: through the ORM (a queryset built and compiled, a model
instance made) that was ~1.5 ms of CPU per page view (bench/profiel.py), for one row of one
column. Here `load` asks for that column with plain SQL on the same table; writing, expiry and
everything else stay Django's (`SESSION_ENGINE = "zicht.web.sessie"`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connection
from django.utils import timezone


class SessionStore(db.SessionStore):  # type: ignore[misc]  # Django ships no types
    def load(self) -> dict[str, Any]:
        """As Django's: the data of the unexpired session with this key, else nothing (and no
        key, so a save makes a new one)."""
        tabel = connection.ops.quote_name(self.model._meta.db_table)
        nu = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {tabel} WHERE session_key = %s AND expire_date > %s",
                [self.session_key, nu],
            )
            rij = cursor.fetchone()
        if rij is None:
            self._session_key = None
            return {}
        data: dict[str, Any] = self.decode(rij[0])
        return data
