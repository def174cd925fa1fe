"""BSN search without a scan: an HMAC-SHA256 of each BSN, indexed (`BsnSleutel`).

The key comes from settings (`ZICHT_BSN_SLEUTEL`), so the table alone does not reveal a BSN
by hashing all 10^9 candidates. Every save of a `Gezin` (a melding, the retention job wiping
the BSN) rewrites the case's keys, so no view has to remember to do it.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.db.models.signals import post_save

from zicht.casusbeheer.models import BsnSleutel
from zicht.casuswerk.models import Gezin
from zicht.core.bsn import is_bsn, normaliseer


def sleutel(bsn: str) -> str:
    sleutel_ = str(settings.ZICHT_BSN_SLEUTEL).encode()
    return hmac.new(sleutel_, normaliseer(bsn).encode(), hashlib.sha256).hexdigest()


def indexeer(gezin: Gezin) -> None:
    sleutels = {sleutel(p["bsn"]) for p in gezin.personen if p.get("bsn")}
    BsnSleutel.objects.filter(casus_id=gezin.casus_id).exclude(sleutel__in=sleutels).delete()
    bestaand = set(
        BsnSleutel.objects.filter(casus_id=gezin.casus_id).values_list("sleutel", flat=True)
    )
    BsnSleutel.objects.bulk_create(
        BsnSleutel(casus_id=gezin.casus_id, sleutel=s) for s in sorted(sleutels - bestaand)
    )


def casussen_met_bsn(bsn: str) -> list[str]:
    """The ids of the cases with this BSN in the family (an index lookup)."""
    if not is_bsn(bsn):
        return []
    rijen = BsnSleutel.objects.filter(sleutel=sleutel(bsn)).values_list("casus_id", flat=True)
    return [str(c) for c in rijen]


def _na_opslaan(sender: Any, instance: Gezin, **kwargs: Any) -> None:
    indexeer(instance)


def verbind() -> None:
    post_save.connect(_na_opslaan, sender=Gezin, dispatch_uid="casusbeheer_bsn_index")
