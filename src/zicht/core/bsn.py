"""The burgerservicenummer: nine digits that pass the elfproef.

A BSN is personal data of the most sensitive kind here: it lives only with the family's
people (never in events), and never appears in a URL, a log line or an error message.
"""

from __future__ import annotations


def is_bsn(tekst: str) -> bool:
    """Nine digits (eight with a leading zero left off), weighted 9..2 and -1, sum % 11 == 0."""
    cijfers = tekst.strip()
    if len(cijfers) == 8:
        cijfers = "0" + cijfers
    if len(cijfers) != 9 or not cijfers.isascii() or not cijfers.isdigit():
        return False
    if int(cijfers) == 0:
        return False
    som = sum(int(c) * w for c, w in zip(cijfers[:8], range(9, 1, -1), strict=True))
    return (som - int(cijfers[8])) % 11 == 0


def normaliseer(tekst: str) -> str:
    """The nine-digit form of a valid BSN (callers check `is_bsn` first)."""
    cijfers = tekst.strip()
    return cijfers.zfill(9)


def gemaskeerd(bsn: str) -> str:
    """For screens: the last three digits only, so it can be checked without being shown."""
    return "******" + bsn[-3:] if bsn else ""
