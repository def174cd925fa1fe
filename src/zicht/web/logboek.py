"""The application log: a trace id on every line, and no BSN in any line.

Case content and names never reach the log in the first place (views log nothing about a
case; the access log is a table, not a log line). This filter is the second line: a
nine-digit number that passes the elfproef is replaced, whatever logged it.
"""

from __future__ import annotations

import logging
import re
import sys

from zicht.core.bsn import is_bsn
from zicht.toepassing.spoor import huidige_trace

__all__ = ["huidige_trace"]
_NEGEN_CIJFERS = re.compile(r"(?<!\d)\d{9}(?!\d)")


def zonder_bsn(tekst: str) -> str:
    return _NEGEN_CIJFERS.sub(lambda m: "[bsn]" if is_bsn(m.group()) else m.group(), tekst)


class Console(logging.StreamHandler):  # type: ignore[type-arg,unused-ignore]
    """stderr as it is when a line is written (test runners swap it), not when configured."""

    @property  # type: ignore[override,unused-ignore]
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _: object) -> None:
        pass


class TraceFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.trace_id = huidige_trace.get()
        return True


class ZonderPersoonsgegevens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            bericht = record.getMessage()
        except (TypeError, ValueError):  # a malformed call: leave it to logging's own report
            return True
        schoon = zonder_bsn(bericht)
        if schoon != bericht:
            record.msg, record.args = schoon, None
        return True


def installeer() -> None:
    """Blank a BSN in every log record when it is made, whichever logger or handler gets it
    (handler filters alone miss records that reach other handlers, e.g. a test's)."""
    vorige = logging.getLogRecordFactory()
    if getattr(vorige, "zonder_bsn", False):
        return
    filter_ = ZonderPersoonsgegevens()

    def fabriek(*args: object, **kwargs: object) -> logging.LogRecord:
        record = vorige(*args, **kwargs)
        filter_.filter(record)
        return record

    fabriek.zonder_bsn = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(fabriek)
