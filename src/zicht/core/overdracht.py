"""Overdracht: the hand-over of a case, and of zicht op veiligheid, from Veilig Thuis (§5).

Two moments, each with its own mandatory content: `direct` after the safety assessment
(§5.1.3) and `na_dienst` after Onderzoek or Voorwaarden & vervolg (§5.2.4). A hand-over to a
gecertificeerde instelling under WA 1 needs no triage first.
"""

from __future__ import annotations

from datetime import datetime

from zicht.core import partijen as p
from zicht.core.casus import Afwijzing, Casus, Overdracht
from zicht.core.gebeurtenissen import Gebeurtenis


def route(casus: Casus, naar: list[str], moment: str) -> str:
    """Which set of rules governs this hand-over: `gi` (WA 1), `direct` or `na_dienst`."""
    if casus.melding.get("gezinsvoogd") and any(p.soort(n) == "gi" for n in naar):
        return "gi"
    return moment


def vereiste_informatie(casus: Casus, route_: str) -> list[str]:
    """The items a hand-over on this route must carry, in the order of the agreement."""
    regel = casus.r(f"overdracht.{route_}")
    vereist = list(regel["vereist"])
    if casus.anoniem:
        vereist = [i for i in vereist if i not in regel.get("niet_bij_anoniem", [])]
    if route_ == "na_dienst" and casus.dienst is not None:
        if casus.dienst["soort"] == "onderzoek":
            vereist += regel["na_onderzoek"]
        if casus.dienst["monitoring"]:
            vereist += regel["bij_monitoring"]
    return vereist


def ontbrekende_gemeenten(casus: Casus, naar: list[str]) -> list[str]:
    """Lokaal veld parties missing from a hand-over to the lokaal veld (§5.2.4, §6.2).

    Every gemeente of the family gets the hand-over; under WA 11 the gemeente whose own
    professional is involved may be replaced by another gemeente.
    """
    ontvangers = {p.kwalificatie(n) for n in naar if p.is_lokaal_veld(n)}
    if not ontvangers:
        return []
    vervangen = casus.melding.get("betrokken_medewerker_gemeente")
    ontbreekt = []
    for gemeente in casus.gemeenten:
        if gemeente in ontvangers:
            continue
        if gemeente == vervangen and ontvangers - set(casus.gemeenten):
            continue
        ontbreekt.append(p.lokaal_veld(gemeente))
    return ontbreekt


def past_bij_besluit(triage: dict[str, object], partij: str) -> bool:
    """§4: a direct hand-over goes to the party the triage decision named."""
    besluit = triage.get("besluit")
    if besluit == "lokaal_veld":
        return p.is_lokaal_veld(partij)
    if besluit == "clientsysteem":
        return partij == p.CLIENTSYSTEEM
    if besluit in ("betrokken_professional", "multidisciplinair"):
        return partij == triage.get("naar")
    return True


def controleer(casus: Casus, g: Gebeurtenis) -> str:
    """Refuse a hand-over that breaks §5; returns the route it follows."""
    moment, naar = g.velden["moment"], list(g.velden["naar"])
    route_ = route(casus, naar, moment)
    if p.VEILIG_THUIS in naar:
        raise Afwijzing(
            "overdracht_aan_veilig_thuis",
            "Veilig Thuis draagt over aan de partij die de vervolgstappen uitvoert, "
            "niet aan zichzelf.",
            str(casus.r("overdracht.ontvanger.grond")),
        )
    if route_ == "direct":
        besluit = (casus.triage or {}).get("besluit")
        if besluit is None:
            raise Afwijzing(
                "geen_triagebesluit",
                "Een directe overdracht kan pas na de veiligheidsbeoordeling.",
                str(casus.r("veiligheidsbeoordeling.grond")),
            )
        if besluit in ("onderzoek", "voorwaarden_en_vervolg"):
            raise Afwijzing(
                "dienst_besloten",
                "Het triagebesluit is een dienst van Veilig Thuis: "
                "draag over na afronding van de dienst (moment na_dienst).",
                str(casus.r("overdracht.na_dienst.grond_moment")),
            )
        anders = [n for n in naar if not past_bij_besluit(casus.triage or {}, n)]
        if anders:
            raise Afwijzing(
                "overdracht_tegen_triagebesluit",
                "Deze overdracht past niet bij het triagebesluit: draag over aan de partij "
                "bij wie de vervolgstappen zijn belegd.",
                str(casus.r("overdracht.triagebesluit.grond")),
                anders,
            )
    if route_ == "na_dienst" and (casus.dienst is None or casus.dienst.get("afgerond_op") is None):
        raise Afwijzing(
            "dienst_niet_afgerond",
            "Een overdracht na een dienst kan pas als de "
            "dienst Onderzoek of Voorwaarden & vervolg is afgerond.",
            str(casus.r("overdracht.na_dienst.grond_moment")),
        )
    if g.velden.get("wijze") == "triagetafel" and not casus.triagetafel_actief:
        raise Afwijzing(
            "triagetafel_niet_actief",
            "In deze gemeente draait (nog) geen triagetafel.",
            str(casus.r("triagetafel.grond")),
        )
    vereist = vereiste_informatie(casus, route_)
    ontbreekt = [i for i in vereist if i not in g.velden["informatie"]]
    if ontbreekt:
        raise Afwijzing(
            "overdracht_onvolledig",
            "De overdracht is onvolledig: verplichte informatie ontbreekt.",
            str(casus.r(f"overdracht.{route_}.grond")),
            ontbreekt,
        )
    ontbreekt = ontbrekende_gemeenten(casus, naar)
    if ontbreekt:
        raise Afwijzing(
            "overdracht_niet_aan_alle_gemeenten",
            "Het gezin woont in meer gemeenten: draag aan het lokale veld van elke gemeente over.",
            str(casus.r("overdracht.alle_gemeenten.grond")),
            ontbreekt,
        )
    return route_


def bij_triagetafel(casus: Casus, wijze: str | None, moment: str = "direct") -> bool:
    """A hand-over at the triagetafel itself needs no separate receipt (§2i).

    Only a direct hand-over can be made there; a later one after a service needs a receipt,
    even when the triage was at the triagetafel.
    """
    if moment != "direct":
        return False
    if wijze is not None:
        return wijze == "triagetafel"
    return bool((casus.triage or {}).get("triagetafel"))


def registreer(casus: Casus, g: Gebeurtenis, route_: str) -> Overdracht:
    naar = list(g.velden["naar"])
    wijze = g.velden.get("wijze")
    overdracht = Overdracht(
        g.velden["moment"],
        naar,
        g.op,
        wijze,
        list(g.velden["informatie"]),
        bij_triagetafel(casus, wijze, g.velden["moment"]) and route_ != "gi",
    )
    casus.overdrachten.append(overdracht)
    return overdracht


def accepteer(casus: Casus, door: str, op: datetime) -> None:
    """Acceptance by a recipient; after a service zicht passes when all have accepted (§5.2.1)."""
    overdracht = laatste_aan(casus, door)
    overdracht.geaccepteerd.setdefault(door, op)
    alle_akkoord = set(overdracht.naar) <= set(overdracht.geaccepteerd)
    if (
        overdracht.moment == "na_dienst"
        and alle_akkoord
        and set(casus.houders) != set(overdracht.naar)
    ):
        casus.draag_zicht_over(overdracht.naar, op)


def vervang_onvoltooide(casus: Casus, op: datetime) -> None:
    """A hand-over after a service not accepted by all and redone: the old attempt lapses.

    Its terms (receipt, start of contact, informing, the monitoring series) become `vervallen`,
    not overdue; the new attempt starts its own (§5.2.1, Bijlage 2).
    """
    for overdracht in casus.overdrachten:
        if (
            overdracht.moment == "na_dienst"
            and overdracht.vervangen_op is None
            and not set(overdracht.naar) <= set(overdracht.geaccepteerd)
        ):
            overdracht.vervangen_op = op
            casus.vervallen(
                [
                    t
                    for t in casus.termijnen
                    if t.gestart_op == overdracht.op and t.code != "melder_terugkoppeling"
                ],
                op,
            )


def laatste_aan(casus: Casus, partij: str) -> Overdracht:
    for overdracht in reversed(casus.overdrachten):
        if partij in overdracht.naar and overdracht.vervangen_op is None:
            return overdracht
    raise Afwijzing(
        "geen_overdracht_aan_partij",
        f"Er is geen overdracht aan {partij}.",
        str(casus.r("overdracht.grond")),
    )


def ontvangers_lokaal_veld(overdracht: Overdracht) -> list[str]:
    return [n for n in overdracht.naar if p.is_lokaal_veld(n)]
