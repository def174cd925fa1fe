"""Every Dutch word the screens show for a code: event types, fields, values, parties.

One dict per kind; the forms are built from `gebeurtenissen.SCHEMA`, these only name things.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from zicht.core import partijen as p
from zicht.core.kalender import AMSTERDAM
from zicht.core.toestand import TERMIJNNAMEN

# The step as an action (button, form title) and as something that happened (history).
STAPPEN = {
    "melding_ontvangen": ("Melding registreren", "Melding ontvangen"),
    "veiligheidsbeoordeling_afgerond": (
        "Veiligheidsbeoordeling afronden",
        "Veiligheidsbeoordeling afgerond",
    ),
    "overdracht": ("Casus overdragen", "Overgedragen"),
    "ontvangst_bevestigd": ("Ontvangst van de overdracht bevestigen", "Ontvangst bevestigd"),
    "overdracht_geaccepteerd": ("Overdracht accepteren", "Overdracht geaccepteerd"),
    "contact_gestart": ("Start contact met het gezin vastleggen", "Contact met het gezin gestart"),
    "brief_directbetrokkenen_verstuurd": (
        "Brief aan de directbetrokkenen vastleggen",
        "Brief aan de directbetrokkenen verstuurd",
    ),
    "melder_geinformeerd": ("Terugkoppeling aan de melder vastleggen", "Melder geïnformeerd"),
    "crisisdienst_gecontacteerd": (
        "Contact met de crisisdienst vastleggen",
        "Crisisdienst gecontacteerd",
    ),
    "gemeente_afgestemd": ("Afstemming met de gemeente vastleggen", "Afgestemd met de gemeente"),
    "dossier_gesloten": ("Dossier sluiten", "Dossier gesloten"),
    "directbetrokkene_geinformeerd": (
        "Directbetrokkene geïnformeerd",
        "Directbetrokkene geïnformeerd",
    ),
    "dienst_gestart": ("Dienst starten", "Dienst gestart"),
    "dienst_afgerond": ("Dienst afronden", "Dienst afgerond"),
    "casusregie_belegd": ("Casusregie beleggen", "Casusregie belegd"),
    "plan_vastgesteld": ("Plan vaststellen", "Plan vastgesteld"),
    "evaluatie": ("Evaluatie vastleggen", "Plan geëvalueerd"),
    "monitoringscontact": ("Monitoringscontact vastleggen", "Monitoringscontact"),
    "incident": ("Incident vastleggen", "Incident"),
    "stabiele_veiligheid_vastgesteld": (
        "Stabiele veiligheid vaststellen",
        "Stabiele veiligheid vastgesteld",
    ),
    "monitoring_afgesloten": ("Monitoring afsluiten", "Monitoring afgesloten"),
    "casusregie_afgesloten": ("Casusregie afsluiten", "Casusregie afgesloten"),
    "niet_nakomen_gemeld": ("Niet-nakomen van de afspraken melden", "Niet-nakomen gemeld"),
    "gemeente_reactie": ("Reactie van de gemeente vastleggen", "Gemeente heeft gereageerd"),
    "opgeschaald": ("Opschalen", "Opgeschaald"),
    "opschaling_beantwoord": ("Reactie op de opschaling vastleggen", "Op opschaling gereageerd"),
    "overdracht_teruggewezen": ("Overdracht terugwijzen", "Overdracht teruggewezen"),
    "gemeenten_gewijzigd": ("Gemeente van het gezin wijzigen", "Gemeente van het gezin gewijzigd"),
    "spoedeisend_gebleken": ("Melding spoedeisend verklaren", "Melding spoedeisend gebleken"),
    "nieuwe_melding": (
        "Nieuwe melding over het gezin registreren",
        "Nieuwe melding over het gezin",
    ),
    "gebeurtenis_ingetrokken": ("Vastgelegde stap intrekken", "Vastgelegde stap ingetrokken"),
    "kopie_verstuurd": ("Kopie aan de gemeente vastleggen", "Kopie aan de gemeente verstuurd"),
    "leidinggevende_geinformeerd": (
        "Contact met de leidinggevende van de gemeente vastleggen",
        "Leidinggevende van de gemeente geïnformeerd",
    ),
    "huisbezoek": ("Huisbezoek vastleggen", "Huisbezoek"),
    "document_gemaakt": ("Document maken", "Document gemaakt"),
    "veilig_thuis_geraadpleegd": (
        "Veilig Thuis raadplegen (Bijlage 3b)",
        "Veilig Thuis geraadpleegd",
    ),
    "verwijsindex_gemeld": ("Melding in de verwijsindex vastleggen", "Gemeld in de verwijsindex"),
    "monitoringsafspraken_vastgelegd": (
        "Monitoringsafspraken vastleggen",
        "Monitoringsafspraken vastgelegd",
    ),
    "melding_niet_ontvankelijk": (
        "Melding niet ontvankelijk verklaren",
        "Melding niet ontvankelijk",
    ),
    "melding_onjuist_geadresseerd": (
        "Melding onjuist geadresseerd",
        "Melding onjuist geadresseerd",
    ),
}

# field -> (label, help text); (type, field) overrides a field's general text.
VELDEN: dict[str | tuple[str, str], tuple[str, str]] = {
    "op": ("Moment", "Wanneer het gebeurde (Nederlandse tijd)."),
    "gemeenten": ("Gemeenten van het gezin", "Twee gemeenten: beide krijgen de overdracht."),
    "bron": ("Bron van de melding", ""),
    "politie_soort": ("Soort politiemelding", "Alleen bij een melding van de politie."),
    "contextverhaal": ("De melding heeft een contextverhaal", ""),
    "spoedeisend": ("Spoedeisend", "Veilig Thuis heeft dan direct zicht op veiligheid."),
    "crisis": ("Vermoeden van crisis", "Eerst crisishulp jeugd, dan de gemeente (WA 2)."),
    "gezinsvoogd": ("Gezinsvoogd (naam van de GI)", "Alleen als er een gezinsvoogd is (WA 1)."),
    "betrokken_medewerker_gemeente": (
        "Medewerker van deze gemeente direct betrokken",
        "De casus gaat dan naar een andere gemeente (WA 11).",
    ),
    "directbetrokkenen": ("Directbetrokkenen", ""),
    "besluit": ("Triagebesluit", "Waar de vervolgstappen komen te liggen (§4)."),
    "onderbouwing": ("Onderbouwing", ""),
    "beoordelaars": (
        "Beoordelaars",
        "Minstens twee verschillende beoordelaars (§3.1 c).",
    ),
    "triagetafel": ("Besproken aan de triagetafel", ""),
    ("veiligheidsbeoordeling_afgerond", "naar"): (
        "Uitvoerder van de vervolgstappen",
        "Bij een betrokken professional of multidisciplinair team.",
    ),
    "moment": ("Moment van overdracht", ""),
    "naar": ("Naar", ""),
    "informatie": ("Meegegeven informatie", ""),
    "wijze": ("Wijze van overdracht", ""),
    "door": ("Door", ""),
    "persoon": ("Persoon", ""),
    "toestemming": (
        "Toestemming van ouder(s) met gezag",
        "Gaf maar één van twee ouders met gezag toestemming, dan informeert Veilig Thuis "
        "beide (WA 5).",
    ),
    "dienst": ("Dienst", ""),
    "veiligheidsvoorwaarden": ("Veiligheidsvoorwaarden", "Eén voorwaarde per regel."),
    "monitoring": (
        "Veilig Thuis monitort na de overdracht",
        "Zet uit als de dienst concludeert dat het dossier kan sluiten (§5.2.6).",
    ),
    "oordeel": ("Oordeel huiselijk geweld of kindermishandeling", "Alleen na Onderzoek."),
    "bij": ("Casusregie bij", ""),
    "onderdelen": ("Onderdelen van het plan", "Het plan bevat alle verplichte onderdelen (§6.2)."),
    "evaluatiemomenten": (
        "Evaluatiemomenten",
        "Afgesproken data; laat leeg wat u niet nodig hebt.",
    ),
    "termijn_voorwaarden": ("Termijn om aan de voorwaarden te voldoen", ""),
    "stabiliteitsperiode_maanden": (
        "Periode voor stabiele veiligheid (maanden)",
        "Minstens zes maanden zonder incidenten (§6.1); het plan mag een langere periode "
        "afspreken.",
    ),
    "risicofactoren_aangepakt": ("Risicofactoren zijn aangepakt", ""),
    "herstel_gestart": ("Herstel is gestart", ""),
    "scores": ("Scores op de veiligheidsschaal", "0 is onveilig, 10 is volledig veilig."),
    "voorwaarden_nageleefd": ("Veiligheidsvoorwaarden nageleefd", ""),
    "directe_veiligheid": ("Directe veiligheid aanwezig", ""),
    "omschrijving": ("Omschrijving", "Geen namen; gebruik de rol (bijv. moeder, kind 1)."),
    "reden": ("Reden", ""),
    "afgestemd_met_veilig_thuis": (
        "Afgestemd met Veilig Thuis en de procescoördinator",
        "Verplicht zolang Veilig Thuis monitort.",
    ),
    "partij": ("Partij die de afspraken niet nakomt", ""),
    "gemeente": ("Gemeente", ""),
    ("niet_nakomen_gemeld", "gemeente"): ("Verantwoordelijke gemeente", ""),
    ("opgeschaald", "naar"): ("Opgeschaald naar", ""),
    ("opgeschaald", "reden"): ("Reden van opschalen", ""),
    ("opgeschaald", "partij"): (
        "Partij die moet reageren",
        "Die partij krijgt de opschaling in haar werkvoorraad, met een termijn om te reageren.",
    ),
    ("overdracht_teruggewezen", "reden"): ("Reden van terugwijzen", ""),
    ("overdracht_teruggewezen", "gemeente"): (
        "Juiste gemeente",
        "Bij een verkeerde gemeente: de gemeente waar het gezin woont, als u die weet.",
    ),
    ("gemeenten_gewijzigd", "gemeenten"): (
        "Gemeenten van het gezin",
        "De volgende overdracht gaat naar het lokale veld van deze gemeenten.",
    ),
    ("gebeurtenis_ingetrokken", "onderbouwing"): (
        "Reden van intrekken",
        "Waarom de stap ten onrechte is vastgelegd. De stap blijft zichtbaar in de historie.",
    ),
    "cc": ("Kopie aan", "WA 1: bij overdracht aan de GI krijgt de gemeente een kopie."),
    "aan": ("Kopie aan", ""),
    ("leidinggevende_geinformeerd", "gemeente"): ("Gemeente van de betrokken medewerker", ""),
    "samen_met": (
        "Samen met",
        "WA 10: de gemeente of een andere betrokken partij gaat mee op het eerste huisbezoek.",
    ),
    "informeren_door": (
        "Wie informeert de directbetrokkenen",
        "Het lokale veld alleen als alle criteria van Bijlage 3b gelden.",
    ),
    "criteria_informeren": ("Criteria Bijlage 3b die gelden", ""),
    "informeren_afspraken": (
        "Wie informeert welk gezinslid, en wanneer (§5.1.2)",
        "Per gezinslid: Veilig Thuis of het lokale veld, en uiterlijk welke dag. Het lokale veld "
        "alleen als de criteria van Bijlage 3b gelden.",
    ),
    ("informeren_afspraken", "uiterlijk"): ("Uiterlijk op", ""),
    ("informeren_afspraken", "door"): ("Informeert", ""),
    "gesproken": (
        "Individueel gesproken",
        "De directbetrokkenen met wie Veilig Thuis bij dit contact apart sprak (Bijlage 2).",
    ),
    "frequentie_maanden": (
        "Hoe vaak (elke zoveel maanden)",
        "Tenminste na 3 en 12 maanden blijft gelden (Bijlage 2).",
    ),
    "met": ("Met wie", "De directbetrokkenen met wie contact wordt gelegd."),
    ("monitoringsafspraken_vastgelegd", "wijze"): ("Op welke wijze", ""),
    ("document_gemaakt", "soort"): ("Document", ""),
    ("document_gemaakt", "sha256"): (
        "Vingerafdruk (sha256)",
        "Zo is na te gaan dat het document ongewijzigd is.",
    ),
    "volgnummer": ("Nummer van de stap", "Het nummer van de stap in de historie van de casus."),
    "id": ("Naam", ""),
    "rol": ("Rol", ""),
    "gezag": ("Heeft gezag", ""),
    "score": ("Score (0–10)", ""),
}

WAARDEN = {
    "overdrachtsdocument": "overdrachtsdocument",
    "brief_directbetrokkenen": "brief aan de directbetrokkenen",
    "terugkoppeling_melder": "terugkoppeling aan de melder",
    "professional": "professional (meldcode)",
    "burger": "burger",
    "politie": "politie",
    "anoniem": "anoniem",
    "hg": "huiselijk geweld",
    "niet_hg": "geen huiselijk geweld",
    "zorgmelding": "zorgmelding",
    "onderzoek": "dienst Onderzoek",
    "voorwaarden_en_vervolg": "dienst Voorwaarden & vervolg",
    "lokaal_veld": "lokaal veld",
    "betrokken_professional": "een betrokken professional",
    "multidisciplinair": "multidisciplinair team",
    "clientsysteem": "het cliëntsysteem zelf",
    "direct": "direct na de veiligheidsbeoordeling",
    "na_dienst": "na een dienst van Veilig Thuis",
    "mondeling": "mondeling",
    "schriftelijk": "schriftelijk",
    "digitaal": "digitaal",
    "triagetafel": "aan de triagetafel",
    "inhoud_melding": "inhoud van de melding",
    "contactgegevens_directbetrokkenen": "contactgegevens directbetrokkenen (ook ouders met gezag)",
    "contactgegevens_melder": "contactgegevens van de melder",
    "triagebesluit": "triagebesluit met onderbouwing",
    "informatie_veiligheidsbeoordeling": "informatie uit de veiligheidsbeoordeling",
    "advies_aanpak": "advies over het stoppen van het geweld",
    "oordeel_hg_km": "oordeel of huiselijk geweld of kindermishandeling plaatsvond",
    "veiligheidsvoorwaarden": "veiligheidsvoorwaarden",
    "consequenties_onvoldoende_herstel": "consequenties als de veiligheid niet herstelt",
    "afspraken_plan": "afspraken over het veiligheidsplan",
    "afspraken_monitoring": "afspraken over de monitoring",
    "vertaling_veiligheidsvoorwaarden": "vertaling van de veiligheidsvoorwaarden",
    "termijn_voorwaarden": "termijn om aan de voorwaarden te voldoen",
    "consequenties": "consequenties van niet voldoen",
    "risicofactoren": "risicofactoren",
    "hulp_en_herstel": "hulp, ondersteuning en herstel",
    "afstemming_gemeenten": "afstemming tussen de gemeenten",
    "evaluatiemomenten": "vaste evaluatiemomenten",
    "gedragswetenschappers": "gedragswetenschappers",
    "leidinggevenden": "leidinggevenden",
    "zorg_en_veiligheidshuis": "Zorg- en Veiligheidshuis",
    "raad_voor_de_kinderbescherming": "Raad voor de Kinderbescherming",
    "stabiel_veilig": "stabiele veiligheid bereikt",
    "gemeld_bij_veilig_thuis": "nieuwe melding bij Veilig Thuis",
    "geen_verbetering_mogelijk": "geen verbetering mogelijk (opschalen)",
    "hg_km_vastgesteld": "huiselijk geweld of kindermishandeling vastgesteld",
    "niet_vastgesteld": "niet vastgesteld",
    "telefonisch": "telefonisch",
    "gesprek_op_kantoor": "gesprek op kantoor",
    "beeldbellen": "beeldbellen",
    "weet_niet_van_melding": "weet niet van de melding bij Veilig Thuis",
    "niet_door_politie_geinformeerd": "niet door de politie geïnformeerd",
    "niet_aanwezig_bij_incident": "niet aanwezig bij het incident toen de politie er was",
    "geen_acute_onveiligheid": "geen acute onveiligheid volgens de veiligheidstaxatie",
    "triage_staat_toe": "de uitkomst van de triage staat het toe",
    "slachtoffer_blijft_onveiligheid_signaleren": "het slachtoffer blijft onveiligheid signaleren",
    "informeren_herhaald_onmogelijk": "informeren van de anderen blijkt steeds onmogelijk",
    "risico_nieuw_geweld": "informeren geeft risico op nieuw geweld",
    "verkeerde_gemeente": "verkeerde gemeente",
    "onvolledig": "overdracht onvolledig",
    "geen_overeenstemming": "geen overeenstemming over de inhoud",
    "grensconflict": "verschil over wie de casus heeft (grensconflict)",
    "gezin_niet_open_voor_hulp": "gezin staat niet (meer) open voor hulp",
    "onvoldoende_herstel": "onvoldoende herstel binnen de termijn",
    "niet_nakomen_afspraken": "afspraken niet nagekomen",
    "stabiele_veiligheid": "stabiele veiligheid bereikt",
    "dossier_gesloten": "dienst afgerond, dossier gesloten zonder vervolg",
}

STATUSSEN = {
    "open": "open",
    "verlopen": "verlopen",
    "voldaan": "voldaan",
    "te_laat_voldaan": "te laat voldaan",
    "vervallen": "vervallen",
}

FASEN = {
    "leeg": "geen melding",
    "veiligheidsbeoordeling": "veiligheidsbeoordeling",
    "overdracht": "na triage, nog niet overgedragen",
    "dienst": "dienst van Veilig Thuis",
    "overgedragen": "overgedragen",
    "monitoring": "monitoring",
    "stabiel_veilig": "stabiele veiligheid bereikt",
    "gesloten": "gesloten",
    "afgesloten": "afgesloten",
}

ROLLEN_DIRECTBETROKKENE = (
    "kind",
    "ouder",
    "partner",
    "vermoedelijke pleger",
    "slachtoffer",
    "ander gezinslid",
)

_SOORTEN = {
    "lokaal_veld": "Lokaal veld",
    "gemeente": "Gemeente",
    "zorgaanbieder": "Zorgaanbieder",
    "gi": "Gecertificeerde instelling",
    "betrokken_professional": "Betrokken professional",
    "mdt": "Multidisciplinair team",
}
_ENKEL = {
    p.VEILIG_THUIS: "Veilig Thuis",
    p.ZORG_EN_VEILIGHEIDSHUIS: "Zorg- en Veiligheidshuis",
    p.CLIENTSYSTEEM: "Cliëntsysteem",
}
_MAANDEN = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
_DAGEN = ["ma", "di", "wo", "do", "vr", "za", "zo"]


def persoonsnaam(voornaam: str, achternaam: str, gebruikersnaam: str) -> str:
    """How a colleague is named on screen: the full name, else the username."""
    return f"{voornaam} {achternaam}".strip() or gebruikersnaam


def naam_van(user: Any) -> str:
    """`persoonsnaam` of a Django user (duck-typed: this module imports no Django); "" for none."""
    if user is None:
        return ""
    return persoonsnaam(user.first_name, user.last_name, user.get_username())


def partijnaam(partij: str) -> str:
    """`lokaal_veld:Heerlen` -> `Lokaal veld Heerlen`."""
    if partij in _ENKEL:
        return _ENKEL[partij]
    naam = p.kwalificatie(partij)
    soort = _SOORTEN.get(p.soort(partij), p.soort(partij))
    return f"{soort} {naam}" if naam else partij


def veld(soort: str, naam: str) -> tuple[str, str]:
    return (
        VELDEN.get((soort, naam)) or VELDEN.get(naam) or (naam.replace("_", " ").capitalize(), "")
    )


def waarde(code: str) -> str:
    return WAARDEN.get(code, code.replace("_", " "))


def stap(soort: str) -> str:
    return STAPPEN.get(soort, (soort, soort))[0]


def gebeurd(soort: str) -> str:
    return STAPPEN.get(soort, (soort, soort))[1]


def historierij(
    soort: str, seq: int, toestand: dict[str, Any], tekst: Callable[[Any], str] = str
) -> str:
    """A step in the case history and, if it was voided (by its number, `seq`), when and why;
    `tekst` gives the free text behind a reference."""
    rij = gebeurd(soort)
    for k in toestand.get("correcties", []):
        if k.get("volgnummer") == seq:
            rij += f"; ingetrokken op {moment(k['op'])}: {tekst(k.get('onderbouwing'))}"
    return rij


def termijnnaam(code: str) -> str:
    naam = TERMIJNNAMEN.get(code, code.replace("_", " "))
    return naam[:1].upper() + naam[1:]


def datum(d: date | str | None) -> str:
    """`2026-03-05` -> `do 5 mrt 2026`."""
    if d is None or d == "":
        return "geen datum"
    dag = date.fromisoformat(d[:10]) if isinstance(d, str) else d
    return f"{_DAGEN[dag.weekday()]} {dag.day} {_MAANDEN[dag.month - 1]} {dag.year}"


def moment(m: datetime | str | None) -> str:
    if m is None or m == "":
        return "—"
    waarde_ = (datetime.fromisoformat(m) if isinstance(m, str) else m).astimezone(AMSTERDAM)
    return f"{datum(waarde_.date())}, {waarde_:%H:%M}"


_ISO_DATUM = re.compile(r"\b(\d{4}-\d{2}-\d{2})(?:T\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:\d{2})?)?\b")


def zonder_iso(tekst: str) -> str:
    """A text from the engine (a signal) with its ISO dates written the Dutch way."""
    return _ISO_DATUM.sub(lambda m: datum(m.group(1)), tekst)
