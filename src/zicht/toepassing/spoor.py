"""The trace id of the request being served, for every layer that passes it on (log lines,
webhooks, the access log): set by the web layer's middleware, read below it."""

from __future__ import annotations

from contextvars import ContextVar

huidige_trace: ContextVar[str] = ContextVar("zicht_trace_id", default="-")
