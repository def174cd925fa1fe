"""The event types of the scenario contract (SPEC §4) and the validation of their fields.

Reading an event checks its form only (known type and fields, types, enums, known gemeenten);
whether it is allowed in the case's history is the fold's business (`casus.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from zicht.core.kalender import AMSTERDAM
from zicht.core.partijen import fout_in_partij
from zicht.core.tekens import fout_in_tekst


class InvoerFout(Exception):
    """Unreadable input (exit code 2): names the event index and the field."""

    def __init__(self, bericht: str, index: int | None = None, veld: str | None = None) -> None:
        super().__init__(bericht)
        self.bericht, self.index, self.veld = bericht, index, veld

    def __str__(self) -> str:
        plek = []
        if self.index is not None:
            plek.append(f"gebeurtenis {self.index}")
        if self.veld:
            plek.append(f"veld '{self.veld}'")
        return f"{', '.join(plek)}: {self.bericht}" if plek else self.bericht


@dataclass(frozen=True, slots=True)
class Gebeurtenis:
    """One event: `op` is when it happened; `geregistreerd`, when known, when it was recorded."""

    type: str
    op: datetime
    velden: Mapping[str, Any] = field(default_factory=dict)
    geregistreerd: datetime | None = None


BRONNEN = ("professional", "burger", "politie", "anoniem")
BESLUITEN = (
    "onderzoek",
    "voorwaarden_en_vervolg",
    "lokaal_veld",
    "betrokken_professional",
    "multidisciplinair",
    "clientsysteem",
)
DIENSTEN = ("onderzoek", "voorwaarden_en_vervolg")
INFORMATIE = (
    "inhoud_melding",
    "contactgegevens_directbetrokkenen",
    "contactgegevens_melder",
    "triagebesluit",
    "informatie_veiligheidsbeoordeling",
    "advies_aanpak",
    "oordeel_hg_km",
    "veiligheidsvoorwaarden",
    "consequenties_onvoldoende_herstel",
    "afspraken_plan",
    "afspraken_monitoring",
)
PLANONDERDELEN = (
    "vertaling_veiligheidsvoorwaarden",
    "termijn_voorwaarden",
    "consequenties",
    "risicofactoren",
    "hulp_en_herstel",
    "afstemming_gemeenten",
    "evaluatiemomenten",
)
OPSCHALING = (
    "gedragswetenschappers",
    "leidinggevenden",
    "zorg_en_veiligheidshuis",
    "raad_voor_de_kinderbescherming",
    "politie",
)
REDENEN_AFSLUITEN = ("stabiel_veilig", "gemeld_bij_veilig_thuis", "geen_verbetering_mogelijk")
CRITERIA_3B = (
    "weet_niet_van_melding",
    "niet_door_politie_geinformeerd",
    "niet_aanwezig_bij_incident",
    "geen_acute_onveiligheid",
    "triage_staat_toe",
)
REDENEN_RAADPLEGEN = (
    "slachtoffer_blijft_onveiligheid_signaleren",
    "informeren_herhaald_onmogelijk",
    "risico_nieuw_geweld",
)
REDENEN_TERUGWIJZEN = ("verkeerde_gemeente", "onvolledig")
WIJZEN_MONITORING = ("huisbezoek", "telefonisch", "gesprek_op_kantoor", "beeldbellen")
DOCUMENTEN = ("overdrachtsdocument", "brief_directbetrokkenen", "terugkoppeling_melder")
# Event types recorded by an action of their own (the melding form, making a document), never
# offered as a step in "Wat u nu kunt doen".
EIGEN_HANDELING = frozenset({"melding_ontvangen", "document_gemaakt"})
REDENEN_OPSCHALEN = (
    "geen_overeenstemming",
    "grensconflict",
    "gezin_niet_open_voor_hulp",
    "onvoldoende_herstel",
    "geen_verbetering_mogelijk",
    "niet_nakomen_afspraken",
)

Controle = Callable[[Any, Container[str]], Any]  # returns the clean value or raises ValueError

# Bounds, so no date arithmetic overflows and nothing unbounded reaches the event table (#16).
EERSTE_JAAR, LAATSTE_JAAR = 1900, 2200
MAX_MAANDEN = 120
MAX_LIJST = 200


@dataclass(frozen=True)
class Veldsoort:
    """What a field's check accepts, so that forms can be built from the SCHEMA (not copied).

    `soort` is one of: tekst, ja_nee, keuze, lijst, record, gemeente, partij, datum, score,
    maanden. A `keuze` has `opties`; a `lijst` its `element` and `minimaal`; a `record` its
    `velden` as (name, soort, required).
    """

    soort: str
    opties: tuple[str, ...] = ()
    element: Veldsoort | None = None
    minimaal: int = 0
    velden: tuple[tuple[str, Veldsoort, bool], ...] = ()


_SOORTEN: dict[Controle, Veldsoort] = {}


def veldsoort(controle: Controle) -> Veldsoort:
    """The description of a check from the SCHEMA."""
    return _SOORTEN[controle]


def _beschreven(controle: Controle, soort: Veldsoort) -> Controle:
    _SOORTEN[controle] = soort
    return controle


# A number in an event stays within 64 bits: beyond that, JSON readers differ (orjson, which
# the rebuild reads with, makes it a float), so a case would not rebuild to the state it had.
GROOTSTE_GETAL = 2**63 - 1


def _binnen_64_bits(w: int) -> int:
    if not -GROOTSTE_GETAL <= w <= GROOTSTE_GETAL:
        raise ValueError(f"getal te groot (hoogstens {GROOTSTE_GETAL}); geef het als tekst")
    return w


def _tekst(w: Any, _: Container[str]) -> str:
    if not isinstance(w, str | int) or isinstance(w, bool) or str(w).strip() == "":
        raise ValueError("verwacht een (niet-lege) tekst")
    if isinstance(w, int):
        _binnen_64_bits(w)
    probleem = fout_in_tekst(str(w))  # issue #16: length, control and bidi characters
    if probleem:
        raise ValueError(probleem)
    return str(w)


def _ja_nee(w: Any, _: Container[str]) -> bool:
    if not isinstance(w, bool):
        raise ValueError(f"verwacht true of false, niet '{w}'")
    return w


def _keuze(*opties: str) -> Controle:
    def controle(w: Any, _: Container[str]) -> str:
        if w not in opties:
            raise ValueError(f"'{w}' is geen geldige waarde; kies uit: {', '.join(opties)}")
        return str(w)

    return _beschreven(controle, Veldsoort("keuze", opties=opties))


def _lijst(element: Controle, minimaal: int = 0) -> Controle:
    def controle(w: Any, gemeenten: Container[str]) -> list[Any]:
        if not isinstance(w, list):
            raise ValueError("verwacht een lijst")
        if len(w) < minimaal:
            raise ValueError(f"verwacht minstens {minimaal} waarde(n)")
        if len(w) > MAX_LIJST:
            raise ValueError(f"verwacht hoogstens {MAX_LIJST} waarden")
        uit = []
        for i, item in enumerate(w):
            try:
                uit.append(element(item, gemeenten))
            except ValueError as e:
                raise ValueError(f"[{i}]: {e}") from None
        return uit

    return _beschreven(controle, Veldsoort("lijst", element=veldsoort(element), minimaal=minimaal))


def _gemeente(w: Any, gemeenten: Container[str]) -> str:
    if not isinstance(w, str) or w not in gemeenten:
        raise ValueError(f"onbekende gemeente '{w}'")
    return w


def _partij(w: Any, gemeenten: Container[str]) -> str:
    probleem = fout_in_partij(w, gemeenten)
    if probleem:
        raise ValueError(probleem)
    return str(w)


def _datum(w: Any, _: Container[str]) -> str:
    try:
        dag = w if isinstance(w, date) else date.fromisoformat(str(w))
    except ValueError:
        raise ValueError(f"'{w}' is geen datum (JJJJ-MM-DD)") from None
    if not EERSTE_JAAR <= dag.year <= LAATSTE_JAAR:
        raise ValueError(f"een datum ligt tussen {EERSTE_JAAR} en {LAATSTE_JAAR}")
    return dag.isoformat()


def _score(w: Any, _: Container[str]) -> int:
    if isinstance(w, bool) or not isinstance(w, int) or not 0 <= w <= 10:
        raise ValueError(f"een score op de veiligheidsschaal is een geheel getal 0–10, niet '{w}'")
    return w


def _sha256(w: Any, _: Container[str]) -> str:
    if not isinstance(w, str) or not re.fullmatch(r"[0-9a-f]{64}", w):
        raise ValueError("verwacht een sha256 (64 hexadecimale tekens)")
    return w


def _volgnummer(w: Any, _: Container[str]) -> int:
    if isinstance(w, bool) or not isinstance(w, int) or w < 1:
        raise ValueError(f"verwacht het volgnummer van een gebeurtenis (1, 2, ...), niet '{w}'")
    return _binnen_64_bits(w)


def _maanden(w: Any, _: Container[str]) -> int:
    if isinstance(w, bool) or not isinstance(w, int) or not 1 <= w <= MAX_MAANDEN:
        raise ValueError(f"verwacht een aantal maanden van 1 tot {MAX_MAANDEN}, niet '{w}'")
    return w


def _record(velden: Mapping[str, tuple[Controle, bool]]) -> Controle:
    def controle(w: Any, gemeenten: Container[str]) -> dict[str, Any]:
        if not isinstance(w, dict):
            raise ValueError(f"verwacht {{{', '.join(velden)}}}")
        onbekend = set(w) - set(velden)
        if onbekend:
            raise ValueError(f"onbekend veld '{sorted(onbekend)[0]}'")
        uit = {}
        for naam, (c, verplicht) in velden.items():
            if naam in w:
                try:
                    uit[naam] = c(w[naam], gemeenten)
                except ValueError as e:
                    raise ValueError(f"{naam}: {e}") from None
            elif verplicht:
                raise ValueError(f"veld '{naam}' ontbreekt")
        return uit

    beschrijving = tuple((naam, veldsoort(c), verplicht) for naam, (c, verplicht) in velden.items())
    return _beschreven(controle, Veldsoort("record", velden=beschrijving))


for _controle, _soort in (
    (_tekst, "tekst"),
    (_ja_nee, "ja_nee"),
    (_gemeente, "gemeente"),
    (_partij, "partij"),
    (_datum, "datum"),
    (_score, "score"),
    (_maanden, "maanden"),
    (_volgnummer, "volgnummer"),
    (_sha256, "tekst"),  # a text of a fixed form: forms and the API treat it as one
):
    _beschreven(_controle, Veldsoort(_soort))


_DIRECTBETROKKENE = _record(
    {"id": (_tekst, True), "rol": (_tekst, False), "gezag": (_ja_nee, False)}
)
_SCORE = _record({"door": (_tekst, True), "score": (_score, True), "onderbouwing": (_tekst, False)})
# §5.1.2: who informs which member of the family, and by when (recorded in the hand-over).
_INFORMEREN = _record(
    {
        "persoon": (_tekst, True),
        "door": (_keuze("veilig_thuis", "lokaal_veld"), True),
        "uiterlijk": (_datum, True),
    }
)
_DOOR: dict[str, tuple[Controle, bool]] = {"door": (_partij, True)}
_GEEN: dict[str, tuple[Controle, bool]] = {}

# type -> field -> (check, required)
SCHEMA: dict[str, dict[str, tuple[Controle, bool]]] = {
    "melding_ontvangen": {
        "gemeenten": (_lijst(_gemeente, minimaal=1), True),
        "bron": (_keuze(*BRONNEN), True),
        "politie_soort": (_keuze("hg", "niet_hg", "zorgmelding"), False),
        "contextverhaal": (_ja_nee, False),
        "spoedeisend": (_ja_nee, False),
        "crisis": (_ja_nee, False),
        "gezinsvoogd": (_tekst, False),
        "betrokken_medewerker_gemeente": (_gemeente, False),
        "directbetrokkenen": (_lijst(_DIRECTBETROKKENE), False),
    },
    "veiligheidsbeoordeling_afgerond": {
        "besluit": (_keuze(*BESLUITEN), True),
        "onderbouwing": (_tekst, True),
        "beoordelaars": (_lijst(_tekst, minimaal=1), True),
        "triagetafel": (_ja_nee, False),
        "naar": (_partij, False),
    },
    "overdracht": {
        "moment": (_keuze("direct", "na_dienst"), True),
        "naar": (_lijst(_partij, minimaal=1), True),
        "informatie": (_lijst(_keuze(*INFORMATIE)), True),
        "wijze": (_keuze("mondeling", "schriftelijk", "digitaal", "triagetafel"), False),
        "toestemming": (_lijst(_tekst), False),  # WA 5: the parents with gezag who consented
        "cc": (_lijst(_partij), False),  # WA 1: who got a copy (the gemeente)
        "informeren_door": (_keuze("veilig_thuis", "lokaal_veld"), False),  # Bijlage 3b
        "criteria_informeren": (_lijst(_keuze(*CRITERIA_3B)), False),
        "informeren_afspraken": (_lijst(_INFORMEREN), False),  # §5.1.2
    },
    "ontvangst_bevestigd": _DOOR,
    "overdracht_geaccepteerd": _DOOR,
    "contact_gestart": _DOOR,
    "brief_directbetrokkenen_verstuurd": _GEEN,
    "melder_geinformeerd": _GEEN,
    "crisisdienst_gecontacteerd": _GEEN,
    "gemeente_afgestemd": _GEEN,
    "dossier_gesloten": _GEEN,
    "directbetrokkene_geinformeerd": {"persoon": (_tekst, True), "door": (_partij, False)},
    "dienst_gestart": {"dienst": (_keuze(*DIENSTEN), True)},
    "dienst_afgerond": {
        "veiligheidsvoorwaarden": (_lijst(_tekst), False),
        "monitoring": (_ja_nee, False),
        "oordeel": (_keuze("hg_km_vastgesteld", "niet_vastgesteld"), False),
    },
    "casusregie_belegd": {"bij": (_partij, True), "afgestemd_met_veilig_thuis": (_ja_nee, False)},
    "plan_vastgesteld": {
        "onderdelen": (_lijst(_keuze(*PLANONDERDELEN)), True),
        "evaluatiemomenten": (_lijst(_datum), False),
        "termijn_voorwaarden": (_datum, False),
        "stabiliteitsperiode_maanden": (_maanden, False),
    },
    "evaluatie": {
        "risicofactoren_aangepakt": (_ja_nee, False),
        "herstel_gestart": (_ja_nee, False),
        "voorwaarden_nageleefd": (_ja_nee, False),  # §6.2: met by the lokaal veld's evaluation
    },
    "monitoringscontact": {
        "scores": (_lijst(_SCORE), False),
        "gesproken": (_lijst(_tekst), False),  # Bijlage 2: the directbetrokkenen spoken to
        "voorwaarden_nageleefd": (_ja_nee, False),
        "directe_veiligheid": (_ja_nee, False),
    },
    "incident": {"omschrijving": (_tekst, False)},
    "stabiele_veiligheid_vastgesteld": _GEEN,
    "monitoring_afgesloten": _GEEN,
    "casusregie_afgesloten": {
        "reden": (_keuze(*REDENEN_AFSLUITEN), True),
        "afgestemd_met_veilig_thuis": (_ja_nee, False),
    },
    "niet_nakomen_gemeld": {"partij": (_partij, True), "gemeente": (_gemeente, True)},
    "gemeente_reactie": {"gemeente": (_gemeente, True)},
    "opgeschaald": {
        "naar": (_keuze(*OPSCHALING), True),
        "reden": (_keuze(*REDENEN_OPSCHALEN), False),
        "partij": (_partij, False),
    },
    # ---- the lifecycle beyond the first contract (docs/contract.md) ----
    "opschaling_beantwoord": {"door": (_partij, True)},
    "overdracht_teruggewezen": {
        "door": (_partij, True),
        "reden": (_keuze(*REDENEN_TERUGWIJZEN), True),
        "gemeente": (_gemeente, False),
    },
    "gemeenten_gewijzigd": {"gemeenten": (_lijst(_gemeente, minimaal=1), True)},
    "spoedeisend_gebleken": _GEEN,
    "nieuwe_melding": {
        "bron": (_keuze(*BRONNEN), True),
        "spoedeisend": (_ja_nee, False),
        "crisis": (_ja_nee, False),
    },
    "gebeurtenis_ingetrokken": {
        "volgnummer": (_volgnummer, True),
        "onderbouwing": (_tekst, True),  # free text: kept out of the event by the screens
    },
    "kopie_verstuurd": {"aan": (_partij, True)},
    "leidinggevende_geinformeerd": {"gemeente": (_gemeente, True)},
    "huisbezoek": {"samen_met": (_lijst(_partij), False)},
    "veilig_thuis_geraadpleegd": {"reden": (_keuze(*REDENEN_RAADPLEGEN), True)},
    "verwijsindex_gemeld": _GEEN,
    # Bijlage 2: how often, with whom and how Veilig Thuis keeps contact while it monitors.
    "monitoringsafspraken_vastgelegd": {
        "frequentie_maanden": (_maanden, True),
        "met": (_lijst(_tekst), False),
        "wijze": (_keuze(*WIJZEN_MONITORING), False),
    },
    # Veilig Thuis takes no further steps on the melding (JZV Meldingen VT-00, VT-99).
    "melding_niet_ontvankelijk": {"onderbouwing": (_tekst, True)},
    "melding_onjuist_geadresseerd": {"onderbouwing": (_tekst, True)},
    # A document made from the case (§5.1.3, §5.2.4, §5.1 Bijlage 3b, §5.1.4, §5.2.5): which
    # one and the sha256 of its PDF; the PDF itself is kept beside the events. No lifecycle effect.
    "document_gemaakt": {"soort": (_keuze(*DOCUMENTEN), True), "sha256": (_sha256, True)},
}

# Fields every event may carry besides its own: a free-text note (never interpreted) and, in a
# scenario, `geregistreerd`: when it was recorded (the store knows that moment itself).
ALGEMENE_VELDEN = frozenset({"op", "type", "toelichting", "geregistreerd"})


def lees_moment(waarde: Any, veld: str = "op", index: int | None = None) -> datetime:
    """An ISO moment; without offset it is Europe/Amsterdam local time (SPEC §4)."""
    if isinstance(waarde, datetime):
        moment = waarde
    elif isinstance(waarde, date):
        moment = datetime(waarde.year, waarde.month, waarde.day)
    else:
        try:
            moment = datetime.fromisoformat(str(waarde).strip())
        except ValueError:
            raise InvoerFout(
                f"'{waarde}' is geen tijdstip (JJJJ-MM-DDTUU:MM)", index, veld
            ) from None
    if not EERSTE_JAAR <= moment.year <= LAATSTE_JAAR:
        raise InvoerFout(f"een tijdstip ligt tussen {EERSTE_JAAR} en {LAATSTE_JAAR}", index, veld)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=AMSTERDAM)
    return moment.astimezone(AMSTERDAM)


def lees_gebeurtenis(raw: Mapping[str, Any], index: int, gemeenten: Container[str]) -> Gebeurtenis:
    """Check one event's form and return it with clean values; InvoerFout on any problem."""
    if not isinstance(raw, Mapping):
        raise InvoerFout("een gebeurtenis is een mapping met minstens 'op' en 'type'", index)
    soort = raw.get("type")
    if soort is None:
        raise InvoerFout("veld 'type' ontbreekt", index, "type")
    if soort not in SCHEMA:
        raise InvoerFout(f"onbekend gebeurtenistype '{soort}'", index, "type")
    if "op" not in raw:
        raise InvoerFout("veld 'op' (tijdstip) ontbreekt", index, "op")
    op = lees_moment(raw["op"], "op", index)
    geregistreerd = (
        lees_moment(raw["geregistreerd"], "geregistreerd", index)
        if raw.get("geregistreerd") is not None
        else None
    )
    toelichting = raw.get("toelichting")
    if isinstance(toelichting, str) and (probleem := fout_in_tekst(toelichting)):
        raise InvoerFout(probleem, index, "toelichting")
    schema = SCHEMA[soort]
    velden: dict[str, Any] = {}
    for naam, waarde in raw.items():
        if naam in ALGEMENE_VELDEN:
            continue
        if naam not in schema:
            raise InvoerFout(f"onbekend veld voor {soort}", index, naam)
        try:
            velden[naam] = schema[naam][0](waarde, gemeenten)
        except ValueError as e:
            raise InvoerFout(str(e), index, naam) from None
    for naam, (_, verplicht) in schema.items():
        if verplicht and naam not in velden:
            raise InvoerFout(f"verplicht veld ontbreekt voor {soort}", index, naam)
    return Gebeurtenis(soort, op, velden, geregistreerd)


# ---- the trusted path: events read back from the store -------------------------------------
# The store checked every event with `lees_gebeurtenis` before it appended it. Reading it back
# only has to give the same clean values, not check them again.

Schoonmaker = Callable[[Any], Any]


def _identiek(w: Any) -> Any:
    return w


def _schoonmaker(soort: Veldsoort) -> Schoonmaker:
    """What the check described by `soort` returns for a value it accepts."""
    if soort.soort == "tekst":
        return str
    if soort.soort == "datum":
        return lambda w: _datum(w, ())
    if soort.soort == "lijst":
        assert soort.element is not None
        element = _schoonmaker(soort.element)
        if element is _identiek:
            return list
        return lambda w: [element(x) for x in w]
    if soort.soort == "record":
        velden = [(naam, _schoonmaker(v)) for naam, v, _ in soort.velden]
        return lambda w: {naam: s(w[naam]) for naam, s in velden if naam in w}
    return _identiek  # ja_nee, keuze, gemeente, partij, score, maanden: the value as it is


_VERTROUWD: dict[str, dict[str, Schoonmaker]] = {
    soort: {naam: _schoonmaker(veldsoort(c)) for naam, (c, _) in schema.items()}
    for soort, schema in SCHEMA.items()
}


def lees_opgeslagen(soort: str, op: datetime, velden: Mapping[str, Any]) -> Gebeurtenis:
    """An event the store accepted, read back: what `lees_gebeurtenis` gives for it, unchecked.

    `op` must be aware; `velden` may still hold `op`, `type` and `toelichting`.
    """
    schoon = _VERTROUWD[soort]
    g = _NIEUW(Gebeurtenis)
    _ZET_TYPE(g, soort)
    _ZET_OP(g, op.astimezone(AMSTERDAM))
    _ZET_VELDEN(
        g,
        {
            n: w if (s := schoon[n]) is _identiek else s(w)  # most fields: no call at all
            for n, w in velden.items()
            if n not in ALGEMENE_VELDEN
        },
    )
    _ZET_GEREGISTREERD(g, None)
    return g


# Every event of every rebuild and case page is read here. A frozen dataclass's own __init__
# sets each field through `object.__setattr__` (half the cost of this read); these are its
# slots' own setters: the same immutable event, `==` to `Gebeurtenis(soort, op, velden)`.
_NIEUW = object.__new__
_ZET_TYPE, _ZET_OP, _ZET_VELDEN, _ZET_GEREGISTREERD = (
    vars(Gebeurtenis)[veld.name].__set__ for veld in fields(Gebeurtenis)
)
