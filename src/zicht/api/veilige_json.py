"""The API's JSON parser (issue #16): bad JSON is a 400, never a 500.

Refused with a problem+json 400 (DRF's ParseError): invalid UTF-8, nesting deeper than
MAX_DIEPTE (Python's parser would hit its recursion limit, and so would every walk over the
data after it), lone surrogates (`\\ud800`, which no database can store) and NUL characters,
in values and in keys alike.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DIEPTE = 32


def controleer(data: Any) -> None:
    """Raise ParseError on too deep nesting, a lone surrogate or NUL; iterative, no recursion."""
    stapel: list[tuple[Any, int]] = [(data, 1)]
    while stapel:
        waarde, diepte = stapel.pop()
        if isinstance(waarde, str):
            _tekst(waarde)
        elif isinstance(waarde, Mapping | list):
            if diepte > MAX_DIEPTE:
                raise ParseError(f"De JSON is dieper genest dan {MAX_DIEPTE} niveaus.")
            if isinstance(waarde, Mapping):
                for sleutel, sub in waarde.items():
                    _tekst(str(sleutel))
                    stapel.append((sub, diepte + 1))
            else:
                stapel.extend((sub, diepte + 1) for sub in waarde)


def _tekst(tekst: str) -> None:
    if "\x00" in tekst:
        raise ParseError("De JSON bevat een NUL-teken.")
    try:
        tekst.encode("utf-8")
    except UnicodeEncodeError:
        if any(unicodedata.category(t) == "Cs" for t in tekst):
            raise ParseError("De JSON bevat een ongeldig teken (losse surrogaat).") from None
        raise


class VeiligeJSONParser(JSONParser):  # type: ignore[misc]
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        if stream is None:
            raise ParseError("Geen inhoud.")
        ruw = stream.read()
        try:
            tekst = ruw.decode("utf-8")
        except UnicodeDecodeError:
            raise ParseError("De inhoud is geen geldige UTF-8.") from None
        try:
            data = json.loads(tekst)
        except RecursionError:
            raise ParseError(f"De JSON is dieper genest dan {MAX_DIEPTE} niveaus.") from None
        except ValueError as fout:
            raise ParseError(f"Geen geldige JSON: {fout}") from None
        controleer(data)
        return data
