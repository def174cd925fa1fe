"""The two changes of a case, for every shell: register a melding, record a step.

Each: the access check, the free text out of the event, the append through the store, all in
one transaction; refusals as `fouten`. The caller gives the actor, its input and `nu`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from zicht.core.acties import VT_ROLLEN
from zicht.core.casus import INTREKKEN
from zicht.core.engine import Afwijzing, InvoerFout
from zicht.core.toegang import Actor, mag_intrekken
from zicht.store import contract
from zicht.store.contract import EventStore, NieuweGebeurtenis
from zicht.store.regio import regio
from zicht.toepassing import fouten, inzage, opslag, teksten, toegang, vrije_tekst
from zicht.toepassing.dossier import Dossier
from zicht.toepassing.modellen import Gezin


@dataclass(frozen=True)
class Gezinsgegevens:
    """What the melding knows of the family, kept beside the events (`Gezin`), never in them."""

    naam: str = ""  # empty: "Casus" and the first characters of its id
    personen: list[dict[str, Any]] = field(default_factory=list)
    melder: dict[str, str] = field(default_factory=dict)


def registreer_melding(
    actor: Actor,
    op: datetime,
    velden: Mapping[str, Any],
    nu: datetime,
    gezin: Gezinsgegevens | None = None,
    store: EventStore | None = None,
) -> str:
    """A new case with its melding (and family, if given); only Veilig Thuis registers them."""
    if not toegang.mag(actor, "melding_registreren"):
        raise fouten.Verboden("alleen_veilig_thuis", "Alleen Veilig Thuis registreert meldingen.")
    store = store or opslag.store()
    velden, vrij = vrije_tekst.apart(velden)  # free text beside the event, not in it
    try:
        with store.transactie():  # the case, its melding and the family, or nothing
            casus_id = store.nieuwe_casus(regio(), nu=nu)
            vrije_tekst.bewaar(casus_id, vrij, store)
            gebeurtenis = NieuweGebeurtenis("melding_ontvangen", op, velden)
            store.voeg_toe(casus_id, 0, gebeurtenis, actor.naam, actor.organisatie, nu)
            if gezin is not None:
                Gezin.objects.create(
                    casus_id=casus_id,
                    naam=gezin.naam or f"Casus {casus_id[:8]}",
                    personen=gezin.personen,
                    melder=gezin.melder,
                )
    except InvoerFout as fout:
        raise fouten.OngeldigeInvoer.van(fout) from None
    except Afwijzing as afwijzing:
        raise fouten.Afgewezen(afwijzing) from None
    return casus_id


def controleer_stap(actor: Actor, dossier: Dossier, verwachte_seq: int, soort: str) -> None:
    """Whether the actor may record `soort` now on the version it saw: Conflict, Verboden.
    `leg_stap_vast` checks it too; a form calls it first to say so before its own errors."""
    if verwachte_seq != dossier.seq:
        raise fouten.Conflict(verwachte_seq, dossier.seq)  # never a lost update
    mogelijk = dossier.stappen(actor)
    if soort not in mogelijk:
        bericht = f"De stap '{soort}' is nu niet aan {actor.organisatie}."
        raise fouten.Verboden("stap_niet_toegestaan", bericht, mogelijk)


def controleer_intrekking(actor: Actor, dossier: Dossier, velden: Mapping[str, Any]) -> None:
    """A withdrawal (`gebeurtenis_ingetrokken`) names a step of the actor's own organisation
    (`core.toegang.mag_intrekken`), else Verboden on `volgnummer`. A number that names no
    step, or no number, is left to the core, which refuses it with its own reason."""
    nummer = velden.get("volgnummer")
    if isinstance(nummer, bool) or not isinstance(nummer, int):
        return
    doel = next((g for g in dossier.gebeurtenissen if g.seq == nummer), None)
    if doel is None or mag_intrekken(actor, doel.organisatie):
        return
    raise fouten.Verboden(
        "niet_eigen_stap",
        "U kunt alleen een stap intrekken die uw eigen organisatie vastlegde; vraag "
        f"{teksten.partijnaam(doel.organisatie)} om de correctie.",
        veld="volgnummer",
    )


def leg_stap_vast(
    actor: Actor,
    dossier: Dossier,
    verwachte_seq: int,
    soort: str,
    op: datetime,
    velden: Mapping[str, Any],
    nu: datetime,
    store: EventStore | None = None,
) -> int:
    """Append one lifecycle step to a case read with `lees_casus(..., "stap_vastleggen")`;
    returns the case's new sequence number."""
    controleer_stap(actor, dossier, verwachte_seq, soort)
    if soort == INTREKKEN:
        controleer_intrekking(actor, dossier, velden)
    velden, vrij = vrije_tekst.apart(velden)  # free text beside the event, not in it
    casus_id = str(dossier.casus.pk)
    store = store or opslag.store()
    try:
        # The append first: it refuses (Conflict, Afwijzing, InvoerFout) before it writes
        # anything, so the texts after it need no savepoint inside a request's transaction.
        with store.transactie(savepoint=False):
            seq = store.voeg_toe(
                casus_id,
                verwachte_seq,
                NieuweGebeurtenis(soort, op, velden),
                actor.naam,
                actor.organisatie,
                nu,
                gelezen=dossier.stand,  # no second read, no second fold
            )
            vrije_tekst.bewaar(casus_id, vrij, store)
            inzage.gewijzigd()  # the access log says "stap vastgelegd" only now
            return seq
    except contract.Conflict as conflict:
        raise fouten.Conflict(conflict.verwacht, conflict.actueel) from None
    except InvoerFout as fout:
        raise fouten.OngeldigeInvoer.van(fout) from None
    except Afwijzing as afwijzing:
        raise fouten.Afgewezen(afwijzing) from None


def leg_document_vast(
    actor: Actor,
    dossier: Dossier,
    soort: str,
    sha256: str,
    nu: datetime,
    store: EventStore | None = None,
) -> int:
    """Record that a document was made from the case: `document_gemaakt` with its sha256, in
    the caller's transaction (the PDF itself is kept beside the events by the caller).

    Veilig Thuis makes the documents (§5.1.3, §5.2.4, §5.1 Bijlage 3b, §5.1.4, §5.2.5); no step
    rule offers it, so this is its one way in. Returns the case's new sequence number."""
    if actor.rol not in VT_ROLLEN:
        raise fouten.Verboden("alleen_veilig_thuis", "Alleen Veilig Thuis maakt deze documenten.")
    store = store or opslag.store()
    velden = {"soort": soort, "sha256": sha256}
    try:
        with store.transactie():
            return store.voeg_toe(
                str(dossier.casus.pk),
                dossier.seq,
                NieuweGebeurtenis("document_gemaakt", nu, velden),
                actor.naam,
                actor.organisatie,
                nu,
                gelezen=dossier.stand,
            )
    except contract.Conflict as conflict:
        raise fouten.Conflict(conflict.verwacht, conflict.actueel) from None
    except InvoerFout as fout:
        raise fouten.OngeldigeInvoer.van(fout) from None
    except Afwijzing as afwijzing:
        raise fouten.Afgewezen(afwijzing) from None
