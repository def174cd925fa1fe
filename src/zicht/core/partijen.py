"""Parties of the agreement (SPEC §1): parsing and validating their identifiers."""

from __future__ import annotations

from collections.abc import Container

VEILIG_THUIS = "veilig_thuis"
ZORG_EN_VEILIGHEIDSHUIS = "zorg_en_veiligheidshuis"
CLIENTSYSTEEM = "clientsysteem"

# Parties without a qualifier.
ENKELVOUDIG = frozenset({VEILIG_THUIS, ZORG_EN_VEILIGHEIDSHUIS, CLIENTSYSTEEM})
# Qualified parties whose qualifier is a gemeente of the region.
PER_GEMEENTE = frozenset({"lokaal_veld", "gemeente"})
# Qualified parties whose qualifier is a free name.
MET_NAAM = frozenset({"zorgaanbieder", "gi", "betrokken_professional", "mdt"})


def soort(partij: str) -> str:
    """`lokaal_veld:Heerlen` -> `lokaal_veld`; `veilig_thuis` -> `veilig_thuis`."""
    return partij.split(":", 1)[0]


def kwalificatie(partij: str) -> str | None:
    """`lokaal_veld:Heerlen` -> `Heerlen`; parties without qualifier -> None."""
    delen = partij.split(":", 1)
    return delen[1] if len(delen) == 2 else None


def lokaal_veld(gemeente: str) -> str:
    return f"lokaal_veld:{gemeente}"


def gemeente_partij(gemeente: str) -> str:
    return f"gemeente:{gemeente}"


def is_lokaal_veld(partij: str) -> bool:
    return soort(partij) == "lokaal_veld"


def fout_in_partij(partij: object, gemeenten: Container[str]) -> str | None:
    """A Dutch explanation of what is wrong with a party identifier, or None when it is valid."""
    if not isinstance(partij, str) or not partij:
        return "een partij is een tekst zoals 'veilig_thuis' of 'lokaal_veld:Heerlen'"
    if partij in ENKELVOUDIG:
        return None
    naam = kwalificatie(partij)
    if naam is None or not naam.strip():
        return f"onbekende partij '{partij}'"
    if soort(partij) in PER_GEMEENTE:
        if naam not in gemeenten:
            return f"onbekende gemeente '{naam}' in partij '{partij}'"
        return None
    if soort(partij) in MET_NAAM:
        return None
    return f"onbekende partij '{partij}'"
