"""The agreement as versioned data: a region file per version plus subregion annexes.

Layout of a region folder (e.g. `afspraken/zuid-limburg/`):
    regio-<geldig_vanaf>.yaml           one file per version of the regional agreement
    bijlagen/<subregio>-<geldig_vanaf>.yaml   annexes that change rules for one subregion

The version in force for an event is the one with the latest `geldig_vanaf` on or before the
event's date; the annex of the case's (first) gemeente's subregion is merged over it.
Loading validates everything and reports file, key and problem (`AfsprakenFout`).
"""

from __future__ import annotations

import bisect
import fnmatch
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from zicht.core.kalender import Kalender, laad_kalender
from zicht.core.termijn import Termijnduur, parse_termijn

AFSPRAKEN_MAP = Path(__file__).resolve().parent.parent / "afspraken"
STATUSSEN = ("concept", "vastgesteld")
CBS_CODE = re.compile(r"^GM\d{4}$")
# Keys whose value is a duration in the data ("5 werkdagen").
TERMIJN_SLEUTELS = frozenset({"termijn", "signaal_na", "venster", "periode", "binnen_kantooruren"})
# WA 2 outside office hours: "De gemeente wordt de eerstvolgende werkdag geïnformeerd".
VOLGENDE_KANTOORDAG = "volgende kantoordag"
# Every rule the engine reads, as dotted paths (`*`: any key). Nothing else may be in the data,
# and a region version must have them all. Each `grond`/`grond_<x>` needs its `citaat`/
# `citaat_<x>`: the sentence of the agreement the ground rests on.
BEKENDE_REGELS = (
    "melding.grond",
    "veiligheidsbeoordeling.termijn",
    "veiligheidsbeoordeling.min_beoordelaars",
    "veiligheidsbeoordeling.grond",
    "veiligheidsbeoordeling.grond_beoordelaars",
    "veiligheidsbeoordeling.grond_alle_meldingen",
    "veiligheidsbeoordeling.grond_besluit",
    "dienst.grond",
    "triagetafel.actief",
    "triagetafel.grond",
    "triagetafel.anoniem_verplicht",
    "triagetafel.grond_anoniem",
    "zicht.grond",
    "zicht.grond_einde",
    "brief_directbetrokkenen.termijn",
    "brief_directbetrokkenen.grond",
    "ontvangstbevestiging.signaal_na",
    "ontvangstbevestiging.grond",
    "melder_terugkoppeling.signaal_na",
    "melder_terugkoppeling.grond_direct",
    "melder_terugkoppeling.grond_na_dienst",
    "melder_terugkoppeling.grond_afgewezen",
    "melding_afgewezen.grond",
    "start_contact.direct.termijn",
    "start_contact.direct.grond",
    "start_contact.na_dienst.termijn",
    "start_contact.na_dienst.grond",
    "start_contact.tijdens_dienst.grond",
    "monitoring.grond",
    "monitoring.grond_dienst",
    "monitoring.grond_procescoordinatie",
    "monitoring.momenten.*",
    "monitoring.venster",
    "crisis.crisisdienst.termijn",
    "crisis.crisisdienst.grond",
    "crisis.gemeente_afstemming_crisis.binnen_kantooruren",
    "crisis.gemeente_afstemming_crisis.buiten_kantooruren",
    "crisis.gemeente_afstemming_crisis.grond",
    "directbetrokkenen_informeren.termijn",
    "directbetrokkenen_informeren.grond",
    "gemeente_reactie.termijn",
    "gemeente_reactie.grond",
    "plan.grond",
    "plan.onderdelen",
    "plan.onderdelen_meer_gemeenten",
    "stabiele_veiligheid.periode",
    "stabiele_veiligheid.grond",
    "casusregie.grond",
    "casusregie.grond_afstemming",
    "casusregie.grond_delegatie",
    "casusregie.grond_directe_veiligheid",
    "overdracht.grond",
    "overdracht.direct.grond",
    "overdracht.direct.vereist",
    "overdracht.direct.niet_bij_anoniem",
    "overdracht.na_dienst.grond",
    "overdracht.na_dienst.grond_moment",
    "overdracht.na_dienst.vereist",
    "overdracht.na_dienst.na_onderzoek",
    "overdracht.na_dienst.bij_monitoring",
    "overdracht.gi.grond",
    "overdracht.gi.vereist",
    "overdracht.alle_gemeenten.grond",
    "overdracht.ontvanger.grond",
    "overdracht.triagebesluit.grond",
    "werkafspraken.gezinsvoogd.grond",
    "werkafspraken.politie_rechtstreeks_lokaal_veld.grond",
    "werkafspraken.toestemming_een_ouder.termijn",
    "werkafspraken.toestemming_een_ouder.grond",
    "werkafspraken.andere_gemeente.grond",
    "opschalen.grond",
    "opschalen.grond_initiatief",
    "uitvraag.gemeente.termijn",
    "uitvraag.gemeente.grond",
    "uitvraag.zorg_en_veiligheidshuis.termijn",
    "uitvraag.zorg_en_veiligheidshuis.grond",
    # the lifecycle (docs/contract.md)
    "afsluiting.grond",
    "afsluiting.grond_heropenen",
    "overdracht_aansluitend.termijn",
    "overdracht_aansluitend.grond_direct",
    "overdracht_aansluitend.grond_na_dienst",
    "terugwijzen.grond",
    "spoedeisend.grond",
    "opschaling.termijn",
    "opschaling.grond",
    "opschaling.volgorde",
    "opschaling.herhaling",
    "opschaling.grond_herhaling",
    "opschaling.zorg_en_veiligheidshuis.termijn",
    "opschaling.zorg_en_veiligheidshuis.grond",
    "kopie_gemeente.termijn",
    "kopie_gemeente.grond",
    "leidinggevende_informeren.signaal_na",
    "leidinggevende_informeren.grond",
    "eerste_huisbezoek.grond",
    "monitoring_inhoud.verwachte_duur",
    "monitoring_inhoud.grond",
    "monitoring_inhoud.grond_afspraken",
    "informeren_afspraken.grond",
    "informeren_3b.criteria",
    "informeren_3b.grond",
    "informeren_3b.grond_raadplegen",
    "informeren_3b.grond_verwijsindex",
)
VERSIE_SLEUTELS = frozenset(
    {"regio", "naam", "geldig_vanaf", "status", "gemeenten", "subregios", "regels"}
)
BIJLAGE_SLEUTELS = frozenset({"subregio", "naam", "geldig_vanaf", "status", "wijzigingen"})


def _citaat(plek: str) -> str | None:
    """`x.grond` -> `x.citaat`, `x.grond_y` -> `x.citaat_y`; None for other keys."""
    pad, _, sleutel = plek.rpartition(".")
    if not sleutel.startswith("grond"):
        return None
    return f"{pad}.{sleutel.replace('grond', 'citaat', 1)}" if pad else sleutel


_TOEGESTAAN = tuple(p for regel in BEKENDE_REGELS for p in (regel, _citaat(regel)) if p is not None)


class AfsprakenFout(ValueError):
    """Invalid agreement data: the message names the file, the key and the problem."""

    def __init__(self, bestand: Path | str, sleutel: str, probleem: str) -> None:
        naam = Path(bestand).name
        super().__init__(f"{naam}: {sleutel}: {probleem}" if sleutel else f"{naam}: {probleem}")
        self.bestand, self.sleutel, self.probleem = str(bestand), sleutel, probleem


@dataclass(frozen=True)
class Gemeente:
    naam: str
    cbs: str
    subregio: str


@dataclass(frozen=True)
class Bijlage:
    subregio: str
    geldig_vanaf: date
    status: str
    wijzigingen: Mapping[str, Any]
    bestand: str


@dataclass(frozen=True)
class Versie:
    regio: str
    naam: str
    geldig_vanaf: date
    status: str
    gemeenten: Mapping[str, Gemeente]
    subregios: Mapping[str, str]
    regels: Mapping[str, Any]
    bestand: str


@dataclass(frozen=True)
class Regels:
    """The rules in force for one case at one date: a region version merged with its annex."""

    versie: Versie
    bijlage: Bijlage | None
    data: Mapping[str, Any]
    # Per dotted path its value, looked up once: the fold asks tens of paths per event.
    _gevonden: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    _termijnen: dict[str, Termijnduur] = field(default_factory=dict, repr=False, compare=False)
    _uiterlijk: dict[tuple[str, date], tuple[str, date]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __call__(self, pad: str) -> Any:
        """The value at a dotted path, e.g. `regels("start_contact.direct.grond")`."""
        try:
            return self._gevonden[pad]
        except KeyError:
            pass
        waarde: Any = self.data
        for deel in pad.split("."):
            waarde = waarde[deel]
        self._gevonden[pad] = waarde
        return waarde

    def termijn(self, pad: str) -> Termijnduur:
        duur = self._termijnen.get(pad)
        if duur is None:
            duur = self._termijnen[pad] = parse_termijn(str(self(pad)))
        return duur

    def grond_en_uiterlijk(self, pad: str, start: date, kalender: Kalender) -> tuple[str, date]:
        """The ground and last day of the term at `pad` (`<pad>.grond`, `<pad>.termijn`) when
        it starts on `start`; `kalender` is the agreement's own, so each is worked out once."""
        sleutel = (pad, start)
        uit = self._uiterlijk.get(sleutel)
        if uit is None:
            uit = self._uiterlijk[sleutel] = (
                str(self(f"{pad}.grond")),
                self.termijn(f"{pad}.termijn").uiterlijk(start, kalender),
            )
        return uit

    @cached_property
    def kenmerk(self) -> dict[str, Any]:
        """What the state output says about the version that applied."""
        return {
            "regio": self.versie.regio,
            "geldig_vanaf": self.versie.geldig_vanaf.isoformat(),
            "status": self.versie.status,
            "bijlage": None
            if self.bijlage is None
            else {
                "subregio": self.bijlage.subregio,
                "geldig_vanaf": self.bijlage.geldig_vanaf.isoformat(),
            },
        }


@dataclass
class Afspraken:
    """All versions of one region's agreement, with the working-day calendar."""

    regio: str
    versies: list[Versie]
    bijlagen: dict[str, list[Bijlage]]
    kalender: Kalender
    _cache: dict[tuple[int, int], Regels] = field(default_factory=dict, repr=False)
    _bekend: frozenset[str] | None = field(default=None, repr=False, compare=False)
    # Per gemeente the rules found so far, each with the days it holds: [van, tot).
    _per_gemeente: dict[str, list[tuple[date, date | None, Regels]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def versie_op(self, dag: date) -> Versie | None:
        i = bisect.bisect_right([v.geldig_vanaf for v in self.versies], dag) - 1
        return self.versies[i] if i >= 0 else None

    def regels(self, gemeente: str, dag: date) -> Regels:
        """The rules in force on `dag` for a case whose (first) gemeente is `gemeente`.

        Asked for every event: a version and an annex hold for years, so the rules found are
        remembered with the days they hold, not per day."""
        for van, tot, regels in self._per_gemeente.get(gemeente, ()):
            if van <= dag and (tot is None or dag < tot):
                return regels
        regels, van, tot = self._zoek_regels(gemeente, dag)
        self._per_gemeente.setdefault(gemeente, []).append((van, tot, regels))
        return regels

    def _zoek_regels(self, gemeente: str, dag: date) -> tuple[Regels, date, date | None]:
        """The rules on `dag` and the days [van, tot) they hold: until the next version, or
        the next annex of the gemeente's subregion, whichever comes first."""
        vi = bisect.bisect_right([v.geldig_vanaf for v in self.versies], dag) - 1
        if vi < 0:
            eerste = self.versies[0].geldig_vanaf.isoformat()
            raise LookupError(
                f"geen afspraken van regio {self.regio} geldig op {dag} "
                f"(eerste versie geldt vanaf {eerste})"
            )
        versie = self.versies[vi]
        subregio = versie.gemeenten[gemeente].subregio
        annexen = self.bijlagen.get(subregio, [])
        bi = bisect.bisect_right([b.geldig_vanaf for b in annexen], dag) - 1
        van = max([versie.geldig_vanaf] + ([annexen[bi].geldig_vanaf] if bi >= 0 else []))
        grenzen = [v.geldig_vanaf for v in self.versies[vi + 1 : vi + 2]]
        grenzen += [b.geldig_vanaf for b in annexen[bi + 1 : bi + 2]]
        tot = min(grenzen) if grenzen else None
        sleutel = (vi, id(annexen[bi]) if bi >= 0 else -1)
        if sleutel not in self._cache:
            bijlage = annexen[bi] if bi >= 0 else None
            data = _samenvoegen(versie.regels, bijlage.wijzigingen if bijlage else {})
            self._cache[sleutel] = Regels(versie, bijlage, data)
        return self._cache[sleutel], van, tot

    def gemeenten(self) -> Mapping[str, Gemeente]:
        """The gemeenten of the latest version (names are stable across versions)."""
        return self.versies[-1].gemeenten

    def bekende_gemeenten(self) -> frozenset[str]:
        if self._bekend is None:  # read for every event: computed once
            self._bekend = frozenset(g for v in self.versies for g in v.gemeenten)
        return self._bekend


@dataclass(frozen=True)
class Aanvulling:
    """What the shell adds to a region's files, from wherever it keeps them (the database):
    versions scheduled by the functioneel beheerder as `(name, YAML text)`, and days equated
    with holidays by Royal Decree (Algemene termijnenwet art. 3 lid 3) as `(day, decree)`.
    `stempel` changes whenever either changes; the cached agreement is keyed by it."""

    versies: tuple[tuple[str, str], ...] = ()
    gelijkgestelde_dagen: tuple[tuple[date, str], ...] = ()
    stempel: str = ""


GEEN_AANVULLING = Aanvulling()
Leverancier = Callable[[str], Aanvulling]
_leverancier: Leverancier | None = None
_geladen: dict[tuple[str, str, str], Afspraken] = {}


def registreer_leverancier(leverancier: Leverancier | None) -> None:
    """The shell names where scheduled versions and decree days come from (None: files only).
    It is asked on every `afspraken_van` call, so it must answer from memory when nothing
    changed and decide itself how often to look for a change."""
    global _leverancier
    _leverancier = leverancier
    _geladen.clear()


def afspraken_van(regio: str = "zuid-limburg", map_: str = "") -> Afspraken:
    """The one cached loader: a region's agreement, from `map_` when it has the region, with
    what the registered leverancier adds (scheduled versions, decree days).

    Loaded and validated once per process and per `Aanvulling.stempel`; `laad_afspraken`
    reads the files again (for tests and for checking a revision before it is put in place).
    """
    aanvulling = _leverancier(regio) if _leverancier is not None else GEEN_AANVULLING
    sleutel = (regio, map_, aanvulling.stempel)
    afspraken = _geladen.get(sleutel)
    if afspraken is None:
        if len(_geladen) > 16:
            _geladen.clear()
        afspraken = _geladen[sleutel] = laad_afspraken(
            regio, [map_] if map_ else [], aanvulling=aanvulling
        )
    return afspraken


def laad_afspraken(
    regio: str = "zuid-limburg",
    mappen: Sequence[Path | str] = (),
    kalender: Kalender | None = None,
    aanvulling: Aanvulling = GEEN_AANVULLING,
) -> Afspraken:
    """Load and validate a region's agreement data from the first folder that has it, plus the
    versions and decree days of `aanvulling`."""
    for map_ in [*map(Path, mappen), AFSPRAKEN_MAP]:
        regio_map = map_ / regio
        if regio_map.is_dir():
            break
    else:
        raise AfsprakenFout(regio, "regio", f"geen afspraken gevonden voor regio '{regio}'")
    versies = [_lees_versie(p, regio) for p in sorted(regio_map.glob("regio-*.yaml"))]
    for naam, tekst in aanvulling.versies:
        versies.append(_versie_uit(_yaml_tekst(tekst, Path(naam)), Path(naam), regio))
    versies.sort(key=lambda v: v.geldig_vanaf)
    if not versies:
        raise AfsprakenFout(regio_map, "", "geen regio-*.yaml met een versie van de afspraken")
    _geen_dubbele_datum([(v.geldig_vanaf, v.bestand) for v in versies])
    bijlagen: dict[str, list[Bijlage]] = {}
    for pad in sorted((regio_map / "bijlagen").glob("*.yaml")):
        bijlage = _lees_bijlage(pad, versies)
        bijlagen.setdefault(bijlage.subregio, []).append(bijlage)
    for lijst in bijlagen.values():
        lijst.sort(key=lambda b: b.geldig_vanaf)
        _geen_dubbele_datum([(b.geldig_vanaf, b.bestand) for b in lijst])
    kalender = kalender or laad_kalender()
    if aanvulling.gelijkgestelde_dagen:
        kalender = Kalender(
            kalender.feestdagregels,
            {**kalender.gelijkgestelde_dagen, **dict(aanvulling.gelijkgestelde_dagen)},
            kalender.kantooruren,
        )
    return Afspraken(regio, versies, bijlagen, kalender)


def _bekend(plek: str) -> bool:
    return any(fnmatch.fnmatchcase(plek, patroon) for patroon in _TOEGESTAAN)


def _controleer_sleutels(regels: Mapping[str, Any], pad: Path, prefix: str, volledig: bool) -> None:
    """Only rules the engine reads, each ground with its quote; a version has every rule."""
    for plek in _paden(regels):
        if not _bekend(plek):
            raise AfsprakenFout(
                pad, f"{prefix}.{plek}", "onbekende sleutel: geen regel van Zicht leest hem"
            )
        citaat = _citaat(plek)
        if citaat is not None and not (_bestaat(regels, citaat) and _waarde(regels, citaat)):
            raise AfsprakenFout(
                pad, f"{prefix}.{citaat}", "ontbreekt: de zin uit de afspraken bij de grond"
            )
    if volledig:
        for regel in BEKENDE_REGELS:
            if "*" not in regel and not _bestaat(regels, regel):
                raise AfsprakenFout(pad, f"{prefix}.{regel}", "ontbreekt")


def _waarde(boom: Mapping[str, Any], plek: str) -> Any:
    waarde: Any = boom
    for deel in plek.split("."):
        waarde = waarde[deel]
    return waarde


def _onbekende_kop(inhoud: Mapping[str, Any], toegestaan: frozenset[str], pad: Path) -> None:
    onbekend = sorted(str(k) for k in inhoud if k not in toegestaan)
    if onbekend:
        raise AfsprakenFout(pad, onbekend[0], "onbekende sleutel")


def _lees_yaml(pad: Path) -> dict[str, Any]:
    return _yaml_tekst(pad.read_text(encoding="utf-8"), pad)


def _yaml_tekst(tekst: str, pad: Path) -> dict[str, Any]:
    try:
        inhoud = yaml.safe_load(tekst)
    except yaml.YAMLError as e:
        raise AfsprakenFout(pad, "", f"geen geldige YAML ({e})") from None
    if not isinstance(inhoud, dict):
        raise AfsprakenFout(pad, "", "het bestand moet een mapping (sleutel: waarde) bevatten")
    return inhoud


def _vereist(inhoud: Mapping[str, Any], sleutel: str, pad: Path) -> Any:
    if sleutel not in inhoud or inhoud[sleutel] in (None, ""):
        raise AfsprakenFout(pad, sleutel, "ontbreekt")
    return inhoud[sleutel]


def _datum(waarde: Any, pad: Path, sleutel: str) -> date:
    if isinstance(waarde, date):
        return waarde
    try:
        return date.fromisoformat(str(waarde))
    except ValueError:
        raise AfsprakenFout(pad, sleutel, f"'{waarde}' is geen datum (JJJJ-MM-DD)") from None


def _status(inhoud: Mapping[str, Any], pad: Path) -> str:
    status = str(inhoud.get("status", "vastgesteld"))
    if status not in STATUSSEN:
        raise AfsprakenFout(pad, "status", f"'{status}' is geen status ({', '.join(STATUSSEN)})")
    return status


def _lees_versie(pad: Path, regio: str) -> Versie:
    return _versie_uit(_lees_yaml(pad), pad, regio)


def _versie_uit(inhoud: Mapping[str, Any], pad: Path, regio: str) -> Versie:
    _onbekende_kop(inhoud, VERSIE_SLEUTELS, pad)
    if _vereist(inhoud, "regio", pad) != regio:
        raise AfsprakenFout(pad, "regio", f"'{inhoud['regio']}' hoort niet in map '{regio}'")
    subregios = _vereist(inhoud, "subregios", pad)
    if not isinstance(subregios, dict):
        raise AfsprakenFout(pad, "subregios", "moet een mapping zijn")
    gemeenten: dict[str, Gemeente] = {}
    for naam, g in dict(_vereist(inhoud, "gemeenten", pad)).items():
        sleutel = f"gemeenten.{naam}"
        if not isinstance(g, dict):
            raise AfsprakenFout(pad, sleutel, "moet {cbs, subregio} bevatten")
        cbs = str(g.get("cbs", ""))
        if not CBS_CODE.match(cbs):
            raise AfsprakenFout(pad, f"{sleutel}.cbs", f"'{cbs}' is geen CBS-code (GM + 4 cijfers)")
        if g.get("subregio") not in subregios:
            raise AfsprakenFout(
                pad, f"{sleutel}.subregio", f"onbekende subregio '{g.get('subregio')}'"
            )
        gemeenten[str(naam)] = Gemeente(str(naam), cbs, str(g["subregio"]))
    regels = _vereist(inhoud, "regels", pad)
    if not isinstance(regels, dict):
        raise AfsprakenFout(pad, "regels", "moet een mapping zijn")
    _controleer_regels(regels, pad, "regels")
    _controleer_sleutels(regels, pad, "regels", volledig=True)
    return Versie(
        regio=regio,
        naam=str(inhoud.get("naam", regio)),
        geldig_vanaf=_datum(_vereist(inhoud, "geldig_vanaf", pad), pad, "geldig_vanaf"),
        status=_status(inhoud, pad),
        gemeenten=gemeenten,
        subregios={str(k): str((v or {}).get("naam", k)) for k, v in subregios.items()},
        regels=regels,
        bestand=str(pad),
    )


def _controleer_regels(regels: Mapping[str, Any], pad: Path, prefix: str) -> None:
    """Every duration must parse, and every rule with a duration must name its ground."""
    for sleutel, waarde in regels.items():
        plek = f"{prefix}.{sleutel}"
        if sleutel in TERMIJN_SLEUTELS:
            try:
                parse_termijn(str(waarde))
            except ValueError as e:
                raise AfsprakenFout(pad, plek, str(e)) from None
        if sleutel == "buiten_kantooruren" and waarde != VOLGENDE_KANTOORDAG:
            try:
                parse_termijn(str(waarde))
            except ValueError as e:
                raise AfsprakenFout(pad, plek, f"{e}, of '{VOLGENDE_KANTOORDAG}'") from None
        if isinstance(waarde, dict):
            _controleer_regels(waarde, pad, plek)
            heeft_termijn = any(k in TERMIJN_SLEUTELS for k in waarde)
            if heeft_termijn and not _heeft_grond(waarde) and not _heeft_grond(regels):
                raise AfsprakenFout(pad, plek, "een termijn zonder grond")


def _heeft_grond(regel: Mapping[str, Any]) -> bool:
    return any(str(k).startswith("grond") and regel[k] for k in regel)


def _lees_bijlage(pad: Path, versies: Sequence[Versie]) -> Bijlage:
    inhoud = _lees_yaml(pad)
    _onbekende_kop(inhoud, BIJLAGE_SLEUTELS, pad)
    subregio = str(_vereist(inhoud, "subregio", pad))
    if not any(subregio in v.subregios for v in versies):
        raise AfsprakenFout(pad, "subregio", f"onbekende subregio '{subregio}'")
    wijzigingen = inhoud.get("wijzigingen") or {}
    if not isinstance(wijzigingen, dict):
        raise AfsprakenFout(pad, "wijzigingen", "moet een mapping zijn")
    for plek in _paden(wijzigingen):
        if not any(_bestaat(v.regels, plek) for v in versies):
            raise AfsprakenFout(pad, f"wijzigingen.{plek}", "deze regel bestaat niet in de regio")
    _controleer_regels(wijzigingen, pad, "wijzigingen")
    _controleer_sleutels(wijzigingen, pad, "wijzigingen", volledig=False)
    return Bijlage(
        subregio=subregio,
        geldig_vanaf=_datum(_vereist(inhoud, "geldig_vanaf", pad), pad, "geldig_vanaf"),
        status=_status(inhoud, pad),
        wijzigingen=wijzigingen,
        bestand=str(pad),
    )


def _paden(boom: Mapping[str, Any], prefix: str = "") -> Iterator[str]:
    for k, v in boom.items():
        plek = f"{prefix}{k}"
        if isinstance(v, dict) and v:
            yield from _paden(v, plek + ".")
        else:
            yield plek


def _bestaat(boom: Mapping[str, Any], plek: str) -> bool:
    waarde: Any = boom
    for deel in plek.split("."):
        if not isinstance(waarde, dict) or deel not in waarde:
            return False
        waarde = waarde[deel]
    return True


def _samenvoegen(basis: Mapping[str, Any], wijzigingen: Mapping[str, Any]) -> dict[str, Any]:
    uit = dict(basis)
    for k, v in wijzigingen.items():
        uit[k] = (
            _samenvoegen(uit[k], v) if isinstance(v, dict) and isinstance(uit.get(k), dict) else v
        )
    return uit


def _geen_dubbele_datum(items: list[tuple[date, str]]) -> None:
    gezien: dict[date, str] = {}
    for dag, bestand in items:
        if dag in gezien:
            raise AfsprakenFout(
                bestand, "geldig_vanaf", f"{dag} komt ook voor in {Path(gezien[dag]).name}"
            )
        gezien[dag] = bestand
