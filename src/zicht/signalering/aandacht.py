"""Events addressed to an organisation, kept for its bell: written when the event row is inserted
(any route: screen, API, demo), in the same transaction, as the webhooks do."""

from __future__ import annotations

from typing import Any

from zicht.casuswerk.models import CasusPartij
from zicht.core import toegang as t
from zicht.signalering.models import Aandacht
from zicht.store import aankondiging
from zicht.store.models import Gebeurtenis

NIET_NAKOMEN, OPGESCHAALD, CORRECTIE = "niet_nakomen", "opgeschaald", "correctie"
# A correction of a recorded step: every party working on the case hears of it. On main a
# step is voided by `gebeurtenis_ingetrokken`; the others are names a later correction may get.
CORRECTIETYPES = frozenset({"gebeurtenis_ingetrokken", "correctie", "gebeurtenis_gecorrigeerd"})
# An escalation addressed to an organisation (§5.3-§5.5): `naar` -> the party that hears of it.
OPSCHALING_NAAR = {"zorg_en_veiligheidshuis": "zorg_en_veiligheidshuis"}
# The types addressed to someone's bell: `ontvangers` gives nothing for any other.
TYPEN = frozenset({"niet_nakomen_gemeld", "opgeschaald", *CORRECTIETYPES})
WERKRELATIES = (t.HOUDER, t.CASUSREGIE, t.PROCESCOORDINATIE, t.TERMIJN, t.ONTVANGER)


def ontvangers(g: Gebeurtenis) -> list[tuple[str, str]]:
    """(party, kind) for each organisation this event is addressed to."""
    velden = g.payload or {}
    if g.type == "niet_nakomen_gemeld" and velden.get("gemeente"):
        return [(f"gemeente:{velden['gemeente']}", NIET_NAKOMEN)]
    if g.type == "opgeschaald" and velden.get("naar") in OPSCHALING_NAAR:
        return [(OPSCHALING_NAAR[velden["naar"]], OPGESCHAALD)]
    if g.type in CORRECTIETYPES:
        partijen = CasusPartij.objects.filter(casus_id=g.casus_id, relatie__in=WERKRELATIES)
        return [(p, CORRECTIE) for p in sorted(set(partijen.values_list("partij", flat=True)))]
    return []


def bij_gebeurtenis(sender: Any, instance: Gebeurtenis, created: bool, **_: Any) -> None:
    if not created or instance.type not in TYPEN:
        return
    for partij, soort in ontvangers(instance):
        Aandacht.objects.get_or_create(
            partij=partij,
            casus_id=instance.casus_id,
            seq=instance.seq,
            defaults={"soort": soort, "op": instance.recorded_at},
        )


def koppel() -> None:
    aankondiging.koppel(bij_gebeurtenis, "zicht.signalering", TYPEN)
