"""Secrets held outside the database: Django's SECRET_KEY and the keys of the hash chains.

Plain Python, no Django: the settings read these before the apps load. Outside development
(DEBUG) and the test suite a missing secret is a configuration error: the application refuses
to start rather than run on a key anyone can read in this repository.
"""

from __future__ import annotations

import base64
import os
import sys

# Known to everyone: only for DEBUG and the test suite.
ONTWIKKEL_SECRET_KEY = "dev-only-niet-voor-productie"
ONTWIKKEL_KETENSLEUTEL = "dev:ontwikkelsleutel-niet-voor-productie"


class GeheimOntbreekt(RuntimeError):
    pass


def ontwikkeling(debug: bool) -> bool:
    """DEBUG, or the test suite (pytest loaded): the only places the public defaults apply."""
    return debug or "pytest" in sys.modules


def secret_key(debug: bool) -> str:
    waarde = os.environ.get("ZICHT_SECRET_KEY", "")
    if waarde and (waarde != ONTWIKKEL_SECRET_KEY or ontwikkeling(debug)):
        return waarde
    if ontwikkeling(debug):
        return ONTWIKKEL_SECRET_KEY
    raise GeheimOntbreekt(
        "ZICHT_SECRET_KEY ontbreekt: zet een eigen geheime sleutel (bijvoorbeeld "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`) of ZICHT_DEBUG=1 "
        "voor ontwikkeling."
    )


def ketensleutels(debug: bool) -> dict[str, bytes]:
    """The chain keys, `ZICHT_KETEN_SLEUTELS="k2:GEHEIM,k1:OUD"`: id -> key. The first signs
    new rows; the others only verify rows signed before a rotation."""
    tekst = os.environ.get("ZICHT_KETEN_SLEUTELS", "")
    if not tekst:
        if not ontwikkeling(debug):
            raise GeheimOntbreekt(
                "ZICHT_KETEN_SLEUTELS ontbreekt: zet minstens één sleutel, "
                "bijvoorbeeld `k1:$(python -c 'import secrets; print(secrets.token_urlsafe(32))')`."
            )
        tekst = ONTWIKKEL_KETENSLEUTEL
    sleutels: dict[str, bytes] = {}
    for deel in tekst.split(","):
        sleutel_id, _, geheim = deel.strip().partition(":")
        if not sleutel_id or not geheim or not sleutel_id.isalnum() or len(sleutel_id) > 16:
            raise GeheimOntbreekt(
                "ZICHT_KETEN_SLEUTELS: verwacht id:geheim[,id:geheim...] (id alfanumeriek)"
            )
        if len(geheim) < 16:
            raise GeheimOntbreekt(f"ZICHT_KETEN_SLEUTELS: sleutel {sleutel_id} is te kort")
        sleutels[sleutel_id] = geheim.encode("utf-8")
    return sleutels


def nieuwe_sleutel() -> str:
    """A fresh random key, as text for the environment."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")
