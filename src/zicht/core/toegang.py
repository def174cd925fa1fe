"""Need-to-know (NEN 7510, §5.1.3, SPEC §1): may this actor take this action on this case?

One policy for the screens, the API and the CLI: `can(actor, actie, casus)` answers from the
actor's organisation and role and the case's relations, never from anything else, and every
answer carries a reason for the access log. The same rule, as `zichtbaarheid(actor)`, gives
"which cases may this user see" as one query on the projected relations.

Relations are (party, relation) pairs read from a case's state and events (`relaties`): who
holds or held zicht, who received a hand-over and which items it carried (`info:<item>`), who
has a term, casusregie, procescoördinatie or procesregie, where the family lives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from zicht.core import partijen as p
from zicht.core.acties import LOKAAL_VELD_ROLLEN, VT_ROLLEN, wachtende_overdrachten
from zicht.core.gebeurtenissen import INFORMATIE


class Relatie(StrEnum):
    """The kinds of a party's relation to a case (`relaties`; the CasusPartij rows)."""

    HOUDER = "houder"
    EERDER_HOUDER = "eerder_houder"
    ONTVANGER = "ontvanger"
    TERMIJN = "termijn"
    CASUSREGIE = "casusregie"
    PROCESCOORDINATIE = "procescoordinatie"
    PROCESREGIE = "procesregie"
    # Not for access: where the family lives (filters) and hand-overs waiting (worklists).
    GEMEENTE = "gemeente"
    WACHT_OP_ONTVANGST = "wacht_op_ontvangst"
    WACHT_OP_ACCEPTATIE = "wacht_op_acceptatie"


HOUDER, EERDER_HOUDER, ONTVANGER = Relatie.HOUDER, Relatie.EERDER_HOUDER, Relatie.ONTVANGER
TERMIJN, CASUSREGIE = Relatie.TERMIJN, Relatie.CASUSREGIE
PROCESCOORDINATIE, PROCESREGIE = Relatie.PROCESCOORDINATIE, Relatie.PROCESREGIE
GEMEENTE = Relatie.GEMEENTE
WACHT_OP = {"ontvangst": Relatie.WACHT_OP_ONTVANGST, "acceptatie": Relatie.WACHT_OP_ACCEPTATIE}
# `info:contactgegevens_melder`: this item was handed over to this party (§5.1.3, §5.2.4).
INFO = "info:"

_LOKAAL_VELD = frozenset({HOUDER, EERDER_HOUDER, ONTVANGER, TERMIJN, CASUSREGIE})

# The organisation kind a role belongs to; None: any organisation (staff functions).
ROL_BIJ_ORGANISATIE: dict[str, str | None] = {
    **{r: p.VEILIG_THUIS for r in VT_ROLLEN},
    **{r: "lokaal_veld" for r in LOKAAL_VELD_ROLLEN},
    "procescoordinator": "gemeente",
    "zorgaanbieder_medewerker": "zorgaanbieder",
    "zvh_procesregisseur": p.ZORG_EN_VEILIGHEIDSHUIS,
    "beleidsmedewerker": "gemeente",
    "functioneel_beheerder": None,
    "privacy_officer": None,
}
# A role that also counts at another kind: Veilig Thuis' management reads the regie figures of
# the whole region as a beleidsmedewerker of Veilig Thuis (issue 13).
OOK_BIJ: dict[str, frozenset[str]] = {"beleidsmedewerker": frozenset({p.VEILIG_THUIS})}
ZONDER_CASUSINHOUD = frozenset({"beleidsmedewerker", "functioneel_beheerder", "privacy_officer"})

# Actions on one case: the case page, a step's form, recording a step, the case's access log
# ("wie heeft dit dossier ingezien"), an export (API).
CASUSACTIES = frozenset(
    {"casus_inzien", "stap_inzien", "stap_vastleggen", "inzage_inzien", "exporteren"}
)
# Actions without a case, and the roles that have them.
ALGEMENE_ACTIES: dict[str, frozenset[str]] = {
    "werkvoorraad_inzien": frozenset(ROL_BIJ_ORGANISATIE),
    "melding_registreren": VT_ROLLEN,
    "uitvraag": VT_ROLLEN,  # WA 6, WA 7: Veilig Thuis asks whether a family is known
    "aggregaten_inzien": frozenset({"beleidsmedewerker", "procescoordinator"}),
    "afspraken_beheren": frozenset({"functioneel_beheerder"}),
    "gebruikers_beheren": frozenset({"functioneel_beheerder"}),
    "toegangslog_inzien": frozenset({"privacy_officer"}),
}
ACTIES = CASUSACTIES | frozenset(ALGEMENE_ACTIES)

# Items that never travel beyond the party they were handed to: who reported, and VT's own
# assessment (Wmo 2015 art. 5.2.6: only what the receiver needs for its task).
NIET_VERDER = frozenset({"contactgegevens_melder", "informatie_veiligheidsbeoordeling"})
# What a care provider with casusregie or the Z&VH after escalation needs at least.
BASIS_REGIE = frozenset({"inhoud_melding", "contactgegevens_directbetrokkenen", "triagebesluit"})
ALLE_INFORMATIE = frozenset(INFORMATIE)


@dataclass(frozen=True)
class Actor:
    organisatie: str  # a party id of SPEC §1, e.g. `lokaal_veld:Heerlen`
    rol: str
    naam: str = ""


@dataclass(frozen=True)
class Besluit:
    toegestaan: bool
    reden: str

    def __bool__(self) -> bool:
        return self.toegestaan


@dataclass(frozen=True)
class Casusbeeld:
    """What the policy knows of a case: its (party, relation) pairs, nothing else."""

    relaties: frozenset[tuple[str, str]]

    def items_voor(self, partijen: Iterable[str]) -> frozenset[str]:
        """The hand-over items that reached any of these parties."""
        wie = set(partijen)
        return frozenset(
            r[len(INFO) :] for q, r in self.relaties if q in wie and r.startswith(INFO)
        )


# Steps after which the party that records them may no longer see the case: a lokaal veld that
# returns a hand-over loses the relations it had through it (see `afgewezen_ontvangers`).
BEEINDIGT_EIGEN_TOEGANG = frozenset({"overdracht_teruggewezen"})


def afgewezen_ontvangers(toestand: Mapping[str, Any]) -> set[str]:
    """Recipients whose last hand-over came to nothing for them: they returned it (wrong
    gemeente, incomplete) or Veilig Thuis re-routed it elsewhere before they accepted it.

    They no longer need to know (§5.1.3, Wmo 2015 art. 5.2.6): no relation of theirs grants
    access any more, unless they hold zicht or casusregie now.
    """
    laatste: dict[str, Mapping[str, Any]] = {}
    for o in toestand.get("overdrachten", []):
        for partij in o.get("naar", []):
            laatste[partij] = o
    return {
        partij
        for partij, o in laatste.items()
        if partij in (o.get("teruggewezen") or {})
        or (o.get("vervangen_op") and partij not in (o.get("geaccepteerd") or {}))
    }


def relaties(
    toestand: Mapping[str, Any], gebeurtenissen: Sequence[Mapping[str, Any]]
) -> set[tuple[str, str]]:
    """Every (party, relation) of a case, from its state and its events.

    Asked for every case the rebuild folds and on every append: one pass over the events."""
    uit: set[tuple[str, str]] = set()
    neem = uit.add
    houders = {z["partij"] for z in toestand.get("zicht_op_veiligheid", [])}
    for h in houders:
        neem((h, HOUDER))
    for r in toestand.get("zicht_historie", []):
        if r["partij"] not in houders:
            neem((r["partij"], EERDER_HOUDER))
    for t in toestand.get("termijnen", []):
        if t.get("partij"):
            neem((t["partij"], TERMIJN))
    for sleutel in (CASUSREGIE, PROCESREGIE):
        partij = (toestand.get(sleutel) or {}).get("partij")
        if partij:
            neem((partij, sleutel))
    betrokken = set()  # WA 11: the gemeente whose own professional is directly involved ...
    for g in gebeurtenissen:
        soort = g.get("type")
        if soort == "overdracht":
            for naar in g.get("naar", []):
                neem((naar, ONTVANGER))
                for item in g.get("informatie", []):
                    neem((naar, INFO + item))
        elif soort == "melding_ontvangen" and g.get("betrokken_medewerker_gemeente"):
            betrokken.add(p.gemeente_partij(str(g["betrokken_medewerker_gemeente"])))
    for partij in (toestand.get(PROCESCOORDINATIE) or {}).get("partijen", []):
        if partij not in betrokken:  # ... never coordinates
            neem((partij, PROCESCOORDINATIE))
    regie = (toestand.get(CASUSREGIE) or {}).get("partij")
    weg = afgewezen_ontvangers(toestand) - houders - {regie}
    if weg:
        uit = {(q, r) for q, r in uit if q not in weg}
    uit |= {(p.gemeente_partij(g), GEMEENTE) for g in toestand.get("gemeenten", [])}
    for partij, wacht in wachtende_overdrachten(toestand, gebeurtenissen).items():
        uit |= {(partij, WACHT_OP[w]) for w in wacht}
    return uit


def casusbeeld(
    toestand: Mapping[str, Any], gebeurtenissen: Sequence[Mapping[str, Any]]
) -> Casusbeeld:
    return Casusbeeld(frozenset(relaties(toestand, gebeurtenissen)))


@dataclass(frozen=True)
class Zichtbaar:
    """Which cases a user may see: all of them, or those with one of these relations."""

    alles: bool = False
    via: tuple[tuple[str, frozenset[str]], ...] = ()  # (party, relations that grant access)

    @property
    def niets(self) -> bool:
        return not self.alles and not self.via

    def ziet(self, casus_relaties: Iterable[tuple[str, str]]) -> bool:
        rel = set(casus_relaties)
        return self.alles or any((q, r) in rel for q, rs in self.via for r in rs)


def rol_past(actor: Actor) -> bool:
    """A role only counts at the kind of organisation it belongs to."""
    if actor.rol not in ROL_BIJ_ORGANISATIE:
        return False
    soort = ROL_BIJ_ORGANISATIE[actor.rol]
    eigen = p.soort(actor.organisatie)
    return soort is None or eigen == soort or eigen in OOK_BIJ.get(actor.rol, frozenset())


def zichtbaarheid(actor: Actor) -> Zichtbaar:
    """The need-to-know rule for this actor, as relations (usable as one database query)."""
    if not rol_past(actor) or actor.rol in ZONDER_CASUSINHOUD:
        return Zichtbaar()  # beleidsmedewerker, functioneel beheerder, privacy officer
    org, naam = actor.organisatie, p.kwalificatie(actor.organisatie)
    if actor.rol in VT_ROLLEN:
        return Zichtbaar(alles=True)  # every melding is Veilig Thuis's file (Wmo 2015 art. 4.1.1)
    if actor.rol in LOKAAL_VELD_ROLLEN:
        return Zichtbaar(via=((org, _LOKAAL_VELD),))  # from the hand-over on (§5.1.3, §5.2)
    if actor.rol == "procescoordinator" and naam:
        # The gemeente's cases once handed over to it, or where it coordinates (Bijlage 1);
        # where the family merely lives grants nothing.
        return Zichtbaar(
            via=(
                (p.lokaal_veld(naam), _LOKAAL_VELD),
                (org, frozenset({PROCESCOORDINATIE, TERMIJN})),
            )
        )
    if actor.rol == "zorgaanbieder_medewerker":
        return Zichtbaar(via=((org, frozenset({CASUSREGIE, TERMIJN})),))  # delegated (§2n)
    if actor.rol == "zvh_procesregisseur":
        return Zichtbaar(via=((org, frozenset({PROCESREGIE})),))  # escalated to it (§5.5.1)
    return Zichtbaar()


def can(actor: Actor, actie: str, casus: Casusbeeld | None = None) -> Besluit:
    """Allowed or not, with the reason. Callers answer forbidden and absent cases alike."""
    if not rol_past(actor):
        return Besluit(False, f"rol {actor.rol} hoort niet bij organisatie {actor.organisatie}")
    if actie in ALGEMENE_ACTIES:
        if actor.rol in ALGEMENE_ACTIES[actie]:
            return Besluit(True, f"{actie} hoort bij de rol {actor.rol}")
        return Besluit(False, f"{actie} hoort niet bij de rol {actor.rol}")
    if actie not in CASUSACTIES:
        return Besluit(False, f"onbekende actie {actie}")
    if actor.rol in ZONDER_CASUSINHOUD:
        return Besluit(False, f"de rol {actor.rol} ziet nooit de inhoud van een casus")
    if casus is None:
        return Besluit(False, "geen casus")
    z = zichtbaarheid(actor)
    if z.alles:
        return Besluit(True, f"{actor.organisatie} ziet elke melding")
    via = sorted({r for q, rs in z.via for r in rs if (q, r) in casus.relaties})
    if not via:
        return Besluit(False, f"{actor.organisatie} heeft geen betrokkenheid bij deze casus")
    return Besluit(True, f"{actor.organisatie} via {', '.join(via)}")


def mag_intrekken(actor: Actor, vastgelegd_door: str) -> Besluit:
    """May this actor withdraw (`gebeurtenis_ingetrokken`) a step `vastgelegd_door` recorded?

    Only its own organisation's: a withdrawal can reopen a term of whoever recorded the step,
    and that party would not be told. Another party's step is corrected by that party.
    """
    if vastgelegd_door == actor.organisatie:
        return Besluit(True, f"{actor.organisatie} legde de stap zelf vast")
    return Besluit(False, f"de stap is vastgelegd door {vastgelegd_door}, niet {actor.organisatie}")


def informatie(actor: Actor, casus: Casusbeeld) -> frozenset[str]:
    """The hand-over items (SPEC §4) this actor may see of this case: only what was handed over.

    Veilig Thuis sees everything; a lokaal veld (and its gemeente's procescoördinator) what was
    handed over to it; a care provider with casusregie and the Z&VH after escalation what the
    lokaal veld received and the basics, but never the melder's details or VT's assessment.
    """
    if not can(actor, "casus_inzien", casus):
        return frozenset()
    if actor.rol in VT_ROLLEN:
        return ALLE_INFORMATIE
    naam = p.kwalificatie(actor.organisatie)
    if actor.rol in LOKAAL_VELD_ROLLEN:
        return casus.items_voor([actor.organisatie])
    if actor.rol == "procescoordinator" and naam:
        return casus.items_voor([actor.organisatie, p.lokaal_veld(naam)])
    lokale_velden = {q for q, _ in casus.relaties if p.is_lokaal_veld(q)}
    doorgegeven = (casus.items_voor(lokale_velden) | BASIS_REGIE) - NIET_VERDER
    return casus.items_voor([actor.organisatie]) | doorgegeven


def werkpartijen(organisatie: str, rol: str) -> list[str]:
    """The parties whose open terms make up this user's worklist."""
    soort, naam = p.soort(organisatie), p.kwalificatie(organisatie)
    if rol == "procescoordinator" and soort == "gemeente" and naam:
        return [organisatie, p.lokaal_veld(naam)]
    if zichtbaarheid(Actor(organisatie, rol)).niets:
        return []
    return [organisatie]


def zichtbaar(organisatie: str, rol: str) -> Zichtbaar:
    """`zichtbaarheid` by organisation and role."""
    return zichtbaarheid(Actor(organisatie, rol))


# The processing activity (afspraken/verwerkingen.yaml) an actor's look falls under.
VERWERKING_PER_ORGANISATIE = {
    p.VEILIG_THUIS: "vt_melding_en_onderzoek",
    "lokaal_veld": "overdracht_lokaal_veld",
    "gemeente": "overdracht_lokaal_veld",
    "zorgaanbieder": "casusregie_zorgaanbieder",
    p.ZORG_EN_VEILIGHEIDSHUIS: "procesregie_zvh",
}
VERWERKING_PER_ACTIE = {
    "uitvraag": "uitvraag",
    "toegangslog_inzien": "toezicht_toegang",
    "afspraken_beheren": "functioneel_beheer",
    "gebruikers_beheren": "functioneel_beheer",
}


def verwerking(actor: Actor, actie: str) -> str:
    """The code of the processing activity for this look (for the access log)."""
    if actie in VERWERKING_PER_ACTIE:
        return VERWERKING_PER_ACTIE[actie]
    if actor.rol == "privacy_officer":
        return "toezicht_toegang"
    if actor.rol == "functioneel_beheerder":
        return "functioneel_beheer"
    return VERWERKING_PER_ORGANISATIE.get(p.soort(actor.organisatie), "toezicht_toegang")
