"""Reading request bodies: the envelope of an event (type, moment, version) and a melding.

The event's own fields are checked by the engine (`gebeurtenissen.SCHEMA`), so the API accepts
exactly what the screens and scenario files accept; an InvoerFout names the field (400).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from zicht.api import namen
from zicht.api.problemen import Probleem
from zicht.core import engine
from zicht.core.gebeurtenissen import ALGEMENE_VELDEN, SCHEMA
from zicht.core.kalender import AMSTERDAM
from zicht.core.tekens import fout_in_tekst
from zicht.store.regio import regio
from zicht.toepassing.dossier import afspraken
from zicht.toepassing.vrije_tekst import VOORVOEGSEL, VRIJE_VELDEN

ENVELOP = frozenset({"type", "op", "versie"})
STAPPEN = tuple(t for t in SCHEMA if t != "melding_ontvangen")
MAX_PERSONEN = 50


def ongeldig(naam: str, reden: str, code: str = "invalid") -> Probleem:
    return Probleem(
        400,
        "ongeldige_invoer",
        f"{naam}: {reden}",
        invalidParams=[{"name": naam, "code": code, "reason": reden}],
    )


def object_(data: Any) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ongeldig("body", "verwacht een JSON-object")
    _zonder_nul(data, "")
    return data


def _zonder_nul(waarde: Any, pad: str) -> None:
    """No NUL character anywhere: PostgreSQL cannot store it in text or JSON."""
    if isinstance(waarde, str) and "\x00" in waarde:
        raise ongeldig(pad or "body", "bevat een NUL-teken")
    if isinstance(waarde, Mapping):
        for sleutel, sub in waarde.items():
            _zonder_nul(sleutel, pad or "body")
            _zonder_nul(sub, f"{pad}.{sleutel}" if pad else str(sleutel))
    elif isinstance(waarde, list):
        for i, sub in enumerate(waarde):
            _zonder_nul(sub, f"{pad}.{i}")


def moment(waarde: Any, naam: str, nu: datetime) -> datetime:
    """A moment with its UTC offset (required), not in the future, not before the agreement."""
    if not isinstance(waarde, str):
        raise ongeldig(naam, "verwacht een tijdstip als tekst (ISO 8601 met offset)")
    try:
        gelezen = datetime.fromisoformat(waarde)
    except ValueError:
        raise ongeldig(naam, f"'{waarde}' is geen tijdstip (ISO 8601)") from None
    if gelezen.tzinfo is None or gelezen.utcoffset() is None:
        raise ongeldig(naam, "geef de offset mee, bijvoorbeeld 2026-03-02T09:00:00+01:00")
    try:
        gelezen.astimezone(AMSTERDAM)  # 0001-01-01T00:00+14:00 and 9999-12-31 overflow
    except OverflowError:
        raise ongeldig(naam, "ligt buiten elk mogelijk tijdstip") from None
    eerste = afspraken(regio()).versies[0].geldig_vanaf
    try:
        dag = gelezen.astimezone(AMSTERDAM).date()
    except OverflowError:  # year 1 or 9999 with an offset: outside what a date can hold
        raise ongeldig(naam, "ligt buiten elk bereik van de afspraken") from None
    if dag < eerste:
        # The engine has no rules before its first version (it would raise LookupError).
        raise ongeldig(naam, f"ligt vóór de eerste versie van de afspraken ({eerste})")
    if gelezen > nu + engine.KLOKTOLERANTIE:  # the engine's own tolerance (docs/contract.md)
        raise ongeldig(naam, "ligt in de toekomst")
    return gelezen.astimezone(AMSTERDAM)


def verwachte_seq(data: Mapping[str, Any], if_match: str | None) -> int:
    """The case version the caller saw: field `versie` or the `If-Match` header (an ETag)."""
    uit_kop: int | None = None
    if if_match is not None:
        tekst = if_match.strip().removeprefix("W/").strip('"')
        if not (tekst.isascii() and tekst.isdigit()):
            raise ongeldig("If-Match", 'verwacht de ETag van de casus, bijvoorbeeld "3"')
        uit_kop = int(tekst)
    uit_veld = data.get("versie")
    if uit_veld is not None and (
        isinstance(uit_veld, bool) or not isinstance(uit_veld, int) or uit_veld < 0
    ):
        raise ongeldig("versie", "verwacht een geheel getal (0 of meer)")
    if uit_kop is not None and uit_veld is not None and uit_kop != uit_veld:
        raise ongeldig("versie", "verschilt van de If-Match-header")
    gekozen = uit_veld if uit_veld is not None else uit_kop
    if gekozen is None:
        raise Probleem(
            428,
            "versie_vereist",
            "Geef de versie van de casus mee die u zag: veld 'versie' of de header If-Match.",
        )
    return int(gekozen)


@dataclass(frozen=True)
class Stap:
    type: str
    op: datetime
    velden: dict[str, Any]


class Fouten:
    """Every problem with one request body, reported at once: one 400, all `invalidParams`."""

    def __init__(self) -> None:
        self.lijst: list[dict[str, str]] = []

    def voeg_toe(self, naam: str, reden: str, code: str = "invalid") -> None:
        """A problem with a field of the contract: named as the caller names it (camelCase)."""
        self.lijst.append({"name": namen.pad_naar_buiten(naam), "code": code, "reason": reden})

    @contextmanager
    def vang(self) -> Iterator[None]:
        """Collect the single problem a check raises instead of stopping at it."""
        try:
            yield
        except Probleem as probleem:
            if probleem.status_code != 400:
                raise
            for param in probleem.extra.get("invalidParams", []):
                self.voeg_toe(param["name"], param["reason"], param["code"])

    def klaar(self) -> None:
        if self.lijst:
            eerste = self.lijst[0]
            meer = f" (en {len(self.lijst) - 1} andere)" if len(self.lijst) > 1 else ""
            raise Probleem(
                400,
                "ongeldige_invoer",
                f"{eerste['name']}: {eerste['reason']}{meer}",
                invalidParams=self.lijst,
            )


TOELICHTING = frozenset({"toelichting"})
MAX_TOELICHTING = 2000


def _toelichting(velden: Mapping[str, Any], fouten: Fouten) -> None:
    """`toelichting`: free text (kept beside the event by the application layer)."""
    if "toelichting" not in velden:
        return
    waarde = velden["toelichting"]
    if not isinstance(waarde, str) or len(waarde) > MAX_TOELICHTING:
        fouten.voeg_toe("toelichting", f"verwacht een tekst van hoogstens {MAX_TOELICHTING} tekens")
    elif probleem := fout_in_tekst(waarde):
        fouten.voeg_toe("toelichting", probleem)
    elif waarde.startswith(VOORVOEGSEL):
        fouten.voeg_toe("toelichting", f"een tekst mag niet beginnen met '{VOORVOEGSEL}'")


def _veldfouten(
    soort: str, velden: Mapping[str, Any], fouten: Fouten, algemeen: frozenset[str]
) -> None:
    """Each field through its own check of the engine's SCHEMA, every problem collected."""
    schema = SCHEMA[soort]
    gemeenten = afspraken(regio()).bekende_gemeenten()
    for naam, waarde in velden.items():
        if naam in algemeen:
            continue
        if naam not in schema:
            fouten.voeg_toe(naam, f"onbekend veld voor {soort}", "unknown")
            continue
        try:
            schema[naam][0](waarde, gemeenten)
        except ValueError as e:
            fouten.voeg_toe(naam, str(e))
    for naam, (_, verplicht) in schema.items():
        if verplicht and naam not in velden:
            fouten.voeg_toe(naam, "verplicht", "required")


def _vorm(soort: str, op: datetime, velden: Mapping[str, Any]) -> None:
    """The engine's own check of the fields (SCHEMA), before free text is set apart."""
    try:
        engine.lees_gebeurtenis({**velden, "type": soort, "op": op}, 0, afspraken(regio()))
    except engine.InvoerFout as fout:
        raise ongeldig(namen.pad_naar_buiten(fout.veld or "body"), fout.bericht) from None
    for veld in VRIJE_VELDEN & set(velden):
        waarden = velden[veld] if isinstance(velden[veld], list) else [velden[veld]]
        if any(isinstance(w, str) and w.startswith(VOORVOEGSEL) for w in waarden):
            naam = namen.pad_naar_buiten(veld)
            raise ongeldig(naam, f"een tekst mag niet beginnen met '{VOORVOEGSEL}'")


def _op(data: Mapping[str, Any], nu: datetime, fouten: Fouten) -> datetime | None:
    if "op" not in data:
        fouten.voeg_toe("op", "verplicht", "required")
        return None
    with fouten.vang():
        return moment(data["op"], "op", nu)
    return None


def _binnen(data: Mapping[str, Any], fouten: Fouten) -> Mapping[str, Any]:
    """The body with the contract's names (camelCase outside, namen.py); names that are not
    camelCase are collected as unknown fields."""
    binnen, onbekend = namen.naar_binnen(data)
    fouten.lijst += onbekend
    return cast(Mapping[str, Any], binnen)


def stap(data: Mapping[str, Any], nu: datetime) -> Stap:
    """A step's body: the envelope (type, op, versie), the event's fields in camelCase and an
    optional `toelichting` (free text, kept beside the event: vrije_tekst)."""
    fouten = Fouten()
    data = _binnen(data, fouten)
    soort = data.get("type")
    if soort not in STAPPEN:
        fouten.voeg_toe("type", f"kies een gebeurtenistype uit: {', '.join(STAPPEN)}")
    op = _op(data, nu, fouten)
    velden = {k: v for k, v in data.items() if k not in ENVELOP}
    if soort in STAPPEN:
        _veldfouten(str(soort), velden, fouten, ALGEMENE_VELDEN)
    _toelichting(velden, fouten)
    fouten.klaar()
    assert op is not None
    _vorm(str(soort), op, velden)
    return Stap(str(soort), op, velden)


@dataclass(frozen=True)
class Melding:
    op: datetime
    velden: dict[str, Any]  # the fields of melding_ontvangen, people by id (p1, p2, ...)
    gezin: str | None
    personen: list[dict[str, Any]]  # [{id, naam, rol, ...}]: names stay out of the event
    melder: dict[str, str]  # {naam, telefoon}: with the family, never in the event


def _tekst(waarde: Any, naam: str, maximum: int) -> str:
    if not isinstance(waarde, str) or not waarde.strip():
        raise ongeldig(naam, "verwacht een (niet-lege) tekst")
    probleem = fout_in_tekst(waarde, naam=True, maximum=maximum)  # no control or bidi (#16)
    if probleem:
        raise ongeldig(naam, probleem)
    return waarde.strip()


def melding(data: Mapping[str, Any], nu: datetime) -> Melding:
    """A melding's body; `toelichting` is free text kept beside the event (vrije_tekst)."""
    fouten = Fouten()
    data = _binnen(data, fouten)
    op = _op(data, nu, fouten)
    gezin = None
    if data.get("gezin") is not None:
        with fouten.vang():
            gezin = _tekst(data["gezin"], "gezin", 200)
    velden = {k: v for k, v in data.items() if k not in {"op", "gezin", "melder"}}
    melder: dict[str, str] = {}
    with fouten.vang():
        melder = _melder(data.get("melder"), data.get("bron"))
    personen: list[dict[str, str]] = []
    if "directbetrokkenen" in data:
        lijst = data["directbetrokkenen"]
        if not isinstance(lijst, list) or len(lijst) > MAX_PERSONEN:
            fouten.voeg_toe("directbetrokkenen", f"verwacht een lijst van hoogstens {MAX_PERSONEN}")
            lijst = []
        betrokkenen = []
        for i, persoon in enumerate(lijst):
            plek = f"directbetrokkenen.{i}"
            if not isinstance(persoon, Mapping):
                fouten.voeg_toe(plek, "verwacht {naam, rol, gezag, contact}")
                continue
            for onbekend in sorted(set(persoon) - {"naam", "rol", "gezag", "contact"}, key=str):
                fouten.voeg_toe(f"{plek}.{onbekend}", "onbekend veld", "unknown")
            naam = ""
            with fouten.vang():
                naam = _tekst(persoon.get("naam"), f"{plek}.naam", 200)
            contact = ""
            if persoon.get("contact") is not None:
                with fouten.vang():
                    contact = _tekst(persoon["contact"], f"{plek}.contact", 200)
            pid = f"p{i + 1}"
            mens = {"id": pid, "naam": naam, "rol": str(persoon.get("rol") or "")}
            personen.append(mens | ({"contact": contact} if contact else {}))
            betrokkenen.append(
                {**{k: v for k, v in persoon.items() if k not in ("naam", "contact")}, "id": pid}
            )
        velden["directbetrokkenen"] = betrokkenen
    _veldfouten("melding_ontvangen", velden, fouten, TOELICHTING)
    _toelichting(velden, fouten)
    fouten.klaar()
    assert op is not None
    return Melding(op, velden, gezin, personen, melder)


def _melder(waarde: Any, bron: Any) -> dict[str, str]:
    if waarde is None:
        return {}
    if bron == "anoniem":
        raise ongeldig("melder", "een anonieme melding noemt geen melder")
    if not isinstance(waarde, Mapping) or set(waarde) - {"naam", "telefoon"}:
        raise ongeldig("melder", "verwacht {naam, telefoon}")
    maxima = {"naam": 200, "telefoon": 40}
    return {k: _tekst(v, f"melder.{k}", maxima[k]) for k, v in waarde.items()}
