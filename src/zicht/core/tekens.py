"""Which characters a text may hold (issue #16): none that hide or reorder what is shown.

Refused everywhere: control characters (but tab and line breaks in running text), lone
surrogates, bidirectional overrides and isolates (the "Trojan Source" characters), zero-width
characters and the byte-order mark. A name also refuses tabs and line breaks.
"""

from __future__ import annotations

import unicodedata

MAX_TEKST = 5000  # characters, for any text that goes into the immutable event table
MAX_NAAM = 200

_ONZICHTBAAR = frozenset(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
_OPMAAKTEKENS = frozenset("\t\n\r")


def fout_in_tekst(tekst: str, naam: bool = False, maximum: int = MAX_TEKST) -> str | None:
    """A Dutch reason the text is refused, or None."""
    if len(tekst) > maximum:
        return f"hoogstens {maximum} tekens"
    for teken in tekst:
        if teken in _ONZICHTBAAR:
            return "bevat een onzichtbaar of richtingsteken (zoals U+202E); typ de tekst opnieuw"
        soort = unicodedata.category(teken)
        if soort == "Cs":
            return "bevat een ongeldig teken (losse surrogaat)"
        if soort == "Cc" and (naam or teken not in _OPMAAKTEKENS):
            return "bevat een stuurteken; typ de tekst opnieuw"
    return None
