"""Reading a JZV `Melding` and `UitkomstMelding` as the published schema defines them.

Every problem is reported at once (`invalidParams`), with the path of the field. Beyond the
schema: the BSN passes the elfproef (as on the screens, and never echoed), a period does not end
before it begins, no text holds a NUL or a lone surrogate (neither can be stored), and every text
has a maximum length (stated in our OpenAPI document).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from zicht.api.problemen import Probleem
from zicht.core.bsn import is_bsn

SOORTEN = ("NAZ", "VT", "ZVH")
SOORTEN_ADRES = ("01", "02", "03")
COMMUNICATIEMIDDELEN = ("Vaste telefoon", "Mobiele telefoon", "Emailadres")
GESLACHTEN = ("man", "vrouw", "anders", "onbekend")
VRAGEN = ("NAZ-001", "NAZ-002", "VT-001", "VT-002", "ZVH-001", "ZVH-002")
STATUSSEN = ("VT-00", "VT-01-01", "VT-01-02", "VT-01-03", "VT-01-04", "VT-02", "VT-03", "VT-99")
KORT, LANG = 200, 10_000  # maximum lengths: names and codes; narrative
MAX_COMMUNICATIEMIDDELEN = 10

Fout = dict[str, str]
Controle = Callable[[Any, str, list[Fout]], Any]


def _fout(fouten: list[Fout], naam: str, reden: str, code: str = "invalid") -> None:
    fouten.append({"name": naam, "code": code, "reason": reden})


def tekst(maximum: int) -> Controle:
    def controle(w: Any, pad: str, fouten: list[Fout]) -> Any:
        if not isinstance(w, str):
            return _fout(fouten, pad, "verwacht een tekst")
        if not w.strip():
            return _fout(fouten, pad, "mag niet leeg zijn", "min_length")
        if len(w) > maximum:
            return _fout(fouten, pad, f"hoogstens {maximum} tekens", "max_length")
        if "\x00" in w:
            return _fout(fouten, pad, "bevat een NUL-teken")
        try:
            w.encode("utf-8")
        except UnicodeEncodeError:
            return _fout(fouten, pad, "bevat een ongeldig teken (losse surrogaat)")
        return w

    return controle


def keuze(*opties: str) -> Controle:
    def controle(w: Any, pad: str, fouten: list[Fout]) -> Any:
        if w not in opties:
            return _fout(fouten, pad, f"kies uit: {', '.join(opties)}", "invalid_choice")
        return w

    return controle


RFC3339 = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})", re.ASCII
)
DATUM = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def lees_tijdstip(w: str) -> datetime | None:
    """An RFC 3339 date-time (with offset), or None."""
    gevonden = RFC3339.fullmatch(w)
    if gevonden is None:
        return None
    dag, tijd, fractie, offset = gevonden.groups()
    offset = "+00:00" if offset in "Zz" else offset
    try:
        return datetime.fromisoformat(f"{dag}T{tijd}.{(fractie or '0')[:6]:0<6}{offset}")
    except ValueError:
        return None


def tijdstip(w: Any, pad: str, fouten: list[Fout]) -> Any:
    if not isinstance(w, str) or lees_tijdstip(w) is None:
        return _fout(fouten, pad, "verwacht een tijdstip met offset (RFC 3339)", "invalid_format")
    return w


def datum(w: Any, pad: str, fouten: list[Fout]) -> Any:
    try:
        if not (isinstance(w, str) and DATUM.fullmatch(w)):
            raise ValueError
        date.fromisoformat(w)
    except ValueError:
        return _fout(fouten, pad, "verwacht een datum (JJJJ-MM-DD)", "invalid_format")
    return w


def ja_nee(w: Any, pad: str, fouten: list[Fout]) -> Any:
    if not isinstance(w, bool):
        return _fout(fouten, pad, "verwacht true of false")
    return w


def huisnummer(w: Any, pad: str, fouten: list[Fout]) -> Any:
    if isinstance(w, bool) or not isinstance(w, int | float) or not 1 <= w <= 99_999:
        return _fout(fouten, pad, "verwacht een huisnummer van 1 tot en met 99999")
    return w


def url(w: Any, pad: str, fouten: list[Fout]) -> Any:
    if tekst(2000)(w, pad, fouten) is None:
        return None
    delen = urlsplit(w)
    if not delen.scheme or not (delen.netloc or delen.path) or any(c.isspace() for c in w):
        return _fout(fouten, pad, "verwacht een URI", "invalid_format")
    return w


def bsn(w: Any, pad: str, fouten: list[Fout]) -> Any:
    if not (isinstance(w, str) and len(w) == 9 and w.isascii() and w.isdigit()):
        return _fout(fouten, pad, "verwacht negen cijfers", "invalid_format")
    if not is_bsn(w):  # never echo the number
        return _fout(fouten, pad, "dit is geen geldig BSN (de elfproef klopt niet)", "elfproef")
    return w


def object_(velden: Mapping[str, tuple[Controle, bool]]) -> Controle:
    """An object with exactly these properties (name -> (check, required))."""

    def controle(w: Any, pad: str, fouten: list[Fout]) -> Any:
        if not isinstance(w, Mapping):
            return _fout(fouten, pad or "body", "verwacht een JSON-object")
        voor = f"{pad}." if pad else ""
        for naam in sorted(set(w) - set(velden), key=str):
            _fout(fouten, f"{voor}{naam}", "onbekend veld", "unknown")
        uit = {}
        for naam, (c, verplicht) in velden.items():
            if naam in w:
                waarde = c(w[naam], f"{voor}{naam}", fouten)
                if waarde is not None:
                    uit[naam] = waarde
            elif verplicht:
                _fout(fouten, f"{voor}{naam}", "verplicht", "required")
        return uit

    return controle


def lijst(element: Controle, maximum: int) -> Controle:
    def controle(w: Any, pad: str, fouten: list[Fout]) -> Any:
        if not isinstance(w, list):
            return _fout(fouten, pad, "verwacht een lijst")
        if len(w) > maximum:
            return _fout(fouten, pad, f"hoogstens {maximum} elementen", "max_items")
        return [element(x, f"{pad}.{i}", fouten) for i, x in enumerate(w)]

    return controle


PERIODE = object_({"datumTijdBegin": (tijdstip, True), "datumTijdEinde": (tijdstip, True)})
INCIDENT = object_(
    {
        "datumTijd": (tijdstip, True),
        "locatie": (tekst(LANG), True),
        "omschrijving": (tekst(LANG), True),
        "periodeVanTot": (PERIODE, True),
    }
)
STRAATADRES = object_(
    {
        "huisletter": (tekst(KORT), True),
        "huisnummer": (huisnummer, True),
        "straatnaam": (tekst(KORT), True),
    }
)
ADRES = object_({"soortAdres": (keuze(*SOORTEN_ADRES), True), "straatAdres": (STRAATADRES, True)})
NAAM = object_(
    {
        "geslachtsnaam": (tekst(KORT), True),
        "voorletters1": (tekst(KORT), False),
        "voornamen": (tekst(KORT), False),
        "voorvoegselGeslachtsnaam": (tekst(KORT), False),
    }
)
COMMUNICATIEMIDDEL = object_(
    {"type": (keuze(*COMMUNICATIEMIDDELEN), True), "waarde": (tekst(KORT), True)}
)
NATUURLIJK_PERSOON = object_(
    {
        "adres": (ADRES, True),
        "burgerservicenummer": (bsn, True),
        "communicatiemiddel": (lijst(COMMUNICATIEMIDDEL, MAX_COMMUNICATIEMIDDELEN), False),
        "geboorte": (object_({"datum": (datum, True)}), False),
        "geslachtsaanduiding": (keuze(*GESLACHTEN), False),
        "naam": (NAAM, True),
    }
)
ZORGELIJKE_SITUATIE = object_(
    {
        "nadereOmschrijving": (tekst(LANG), True),
        "situatieSchets": (tekst(LANG), True),
        "vraagAntwoord": (
            object_({"vraag": (keuze(*VRAGEN), True), "antwoord": (tekst(LANG), True)}),
            True,
        ),
    }
)
MELDING = object_(
    {
        "registratienummer": (tekst(KORT), True),
        "soort": (keuze(*SOORTEN), True),
        "datumTijd": (tijdstip, True),
        "incident": (INCIDENT, True),
        "natuurlijkPersoon": (NATUURLIJK_PERSOON, True),
        "zorgelijkeSituatie": (ZORGELIJKE_SITUATIE, True),
        "verzoek": (tekst(LANG), True),
        "terugkoppelingGewenst": (ja_nee, True),
        "overigeInformatie": (
            object_({"omschrijving": (tekst(LANG), True), "uRL": (url, True)}),
            True,
        ),
    }
)
UITKOMSTMELDING = object_(
    {"registratienummer": (tekst(KORT), True), "status": (keuze(*STATUSSEN), True)}
)

# The narrative: free text kept beside the case (Notitie), so the retention job erases it.
VRIJE_TEKST = (
    ("incident", "locatie"),
    ("incident", "omschrijving"),
    ("zorgelijkeSituatie", "nadereOmschrijving"),
    ("zorgelijkeSituatie", "situatieSchets"),
    ("zorgelijkeSituatie", "vraagAntwoord", "antwoord"),
    ("verzoek",),
    ("overigeInformatie", "omschrijving"),
)


def _lees(controle: Controle, data: Any) -> dict[str, Any]:
    fouten: list[Fout] = []
    schoon = controle(data, "", fouten)
    if fouten:
        eerste = fouten[0]
        raise Probleem(
            400,
            "ongeldige_invoer",
            f"{eerste['name']}: {eerste['reason']}"
            + (f" (en {len(fouten) - 1} andere)" if len(fouten) > 1 else ""),
            invalidParams=fouten,
        )
    return dict(schoon)


def melding(data: Any) -> dict[str, Any]:
    schoon = _lees(MELDING, data)
    periode = schoon["incident"]["periodeVanTot"]
    begin, einde = (lees_tijdstip(periode[k]) for k in ("datumTijdBegin", "datumTijdEinde"))
    if begin is not None and einde is not None and einde < begin:
        veld, reden = "incident.periodeVanTot.datumTijdEinde", "ligt vóór het begin van de periode"
        raise Probleem(
            400,
            "ongeldige_invoer",
            f"{veld}: {reden}",
            invalidParams=[{"name": veld, "code": "invalid", "reason": reden}],
        )
    return schoon


def uitkomstmelding(data: Any) -> dict[str, Any]:
    return _lees(UITKOMSTMELDING, data)
