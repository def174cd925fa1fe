"""Property names at the API's edge: camelCase outside (NL API Design Rules), the contract's
snake_case inside (SPEC §4: event fields, the engine's state output).

The one place where names are translated. Answers of /api/v1 pass `naar_buiten` once
(`ApiView.finalize_response`), the OpenAPI document passes `schema_naar_buiten` once
(`schema.ontwerpregels`), and a posted body passes `naar_binnen` before anything reads it
(`invoer`). Values stay as they are: an event type, a term code or a party
(`melding_ontvangen`, `lokaal_veld:Heerlen`) is data, not a property name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_SLANG = re.compile(r"^[a-z][a-z0-9]*(_[a-z][a-z0-9]*)+$")
_KAMEEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")
# Objects of the state output whose keys are data (a party), not names.
DATASLEUTELS = frozenset({"geaccepteerd", "teruggewezen"})


def kameel(naam: str) -> str:
    """`aangemaakt_op` -> `aangemaaktOp`; a name that is not snake_case stays as it is."""
    if not _SLANG.match(naam):
        return naam
    eerste, *rest = naam.split("_")
    return eerste + "".join(deel[:1].upper() + deel[1:] for deel in rest)


def slang(naam: str) -> str:
    """`aangemaaktOp` -> `aangemaakt_op` (the inverse of `kameel` for the contract's names)."""
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), naam)


def is_kameel(naam: str) -> bool:
    return bool(_KAMEEL.match(naam))


def pad_naar_buiten(pad: str) -> str:
    """A field path in invalidParams (`directbetrokkenen.0.naam`), each segment camelCase."""
    return ".".join(kameel(deel) for deel in pad.split("."))


def naar_buiten(waarde: Any) -> Any:
    """An answer with every property name in camelCase (recursively)."""
    if isinstance(waarde, Mapping):
        return {
            kameel(str(k)): (v if k in DATASLEUTELS else naar_buiten(v)) for k, v in waarde.items()
        }
    if isinstance(waarde, list | tuple):
        return [naar_buiten(v) for v in waarde]
    return waarde


def naar_binnen(waarde: Any, pad: str = "") -> tuple[Any, list[dict[str, str]]]:
    """A posted body with the contract's snake_case names; and the names that are not
    camelCase (`aangemaakt_op` is refused, not silently accepted next to `aangemaaktOp`)."""
    fouten: list[dict[str, str]] = []

    def om(w: Any, plek: str) -> Any:
        if isinstance(w, Mapping):
            uit: dict[str, Any] = {}
            for k, v in w.items():
                sleutel = str(k)
                hier = f"{plek}.{sleutel}" if plek else sleutel
                if not is_kameel(sleutel):
                    fouten.append(
                        {
                            "name": hier,
                            "code": "unknown",
                            "reason": f"onbekend veld; namen zijn camelCase ({kameel(sleutel)})",
                        }
                    )
                    continue
                uit[slang(sleutel)] = om(v, hier)
            return uit
        if isinstance(w, list):
            return [om(v, f"{plek}.{i}") for i, v in enumerate(w)]
        return w

    return om(waarde, pad), fouten


def schema_naar_buiten(schema: Any) -> Any:
    """An OpenAPI (part of a) document with its property names (and `required`) in camelCase."""
    if isinstance(schema, list):
        return [schema_naar_buiten(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    uit: dict[str, Any] = {}
    for k, v in schema.items():
        if k == "properties" and isinstance(v, dict):
            uit[k] = {kameel(naam): schema_naar_buiten(s) for naam, s in v.items()}
        elif k == "required" and isinstance(v, list):
            uit[k] = [kameel(n) if isinstance(n, str) else n for n in v]
        else:
            uit[k] = schema_naar_buiten(v)
    return uit
