"""Fill the database: organisations, demo users and synthetic families, through the real store.

Every event is appended with `nu` = its own moment, so the history reads as if it happened then;
afterwards the projections are rebuilt as of `--nu`. One transaction per case.
"""

from __future__ import annotations

import random
import time
from base64 import b32encode
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.casusbeheer import toewijzing
from zicht.casusbeheer.models import Toewijzing
from zicht.casuswerk.demodata.namen import ACHTERNAMEN, VOORNAMEN_KIND, VOORNAMEN_VOLWASSEN
from zicht.casuswerk.demodata.verhalen import FASEN, Fase, tot_stop, verhaal
from zicht.core import acties
from zicht.core import partijen as p
from zicht.core.engine import Afwijzing, InvoerFout, lees_moment
from zicht.core.toegang import (
    CASUSREGIE,
    HOUDER,
    PROCESCOORDINATIE,
    PROCESREGIE,
    ZONDER_CASUSINHOUD,
    Actor,
    werkpartijen,
)
from zicht.store.contract import EventStore, NieuweGebeurtenis
from zicht.store.models import CasusPartij
from zicht.store.regio import regio
from zicht.toepassing import opslag
from zicht.toepassing.dossier import afspraken
from zicht.toepassing.modellen import Gezin, Medewerker, Organisatie
from zicht.toepassing.toegang import zichtbare_casussen
from zicht.toepassing.vrije_tekst import apart, bewaar

ZORGAANBIEDERS = ("Xonar", "Zorgpunt Zuid")
# username, display name, organisation, role
GEBRUIKERS = (
    ("vt.medewerker", "Demo VT-medewerker", p.VEILIG_THUIS, "vt_medewerker"),
    ("vt.gedrag", "Demo VT-gedragswetenschapper", p.VEILIG_THUIS, "vt_gedragswetenschapper"),
    ("lv.heerlen", "Demo lokaal veld Heerlen", "lokaal_veld:Heerlen", "lokaal_veld_medewerker"),
    (
        "lv.maastricht",
        "Demo lokaal veld Maastricht",
        "lokaal_veld:Maastricht",
        "lokaal_veld_medewerker",
    ),
    (
        "lv.sittard-geleen",
        "Demo lokaal veld Sittard-Geleen",
        "lokaal_veld:Sittard-Geleen",
        "lokaal_veld_medewerker",
    ),
    (
        "gw.heerlen",
        "Demo gedragswetenschapper Heerlen",
        "lokaal_veld:Heerlen",
        "lokaal_veld_gedragswetenschapper",
    ),
    ("pc.heerlen", "Demo procescoördinator Heerlen", "gemeente:Heerlen", "procescoordinator"),
    ("za.xonar", "Demo zorgaanbieder Xonar", "zorgaanbieder:Xonar", "zorgaanbieder_medewerker"),
    (
        "zvh.regisseur",
        "Demo procesregisseur Z&VH",
        p.ZORG_EN_VEILIGHEIDSHUIS,
        "zvh_procesregisseur",
    ),
    ("beleid", "Demo beleidsmedewerker", "gemeente:Heerlen", "beleidsmedewerker"),
    ("vt.regie", "Demo management Veilig Thuis", p.VEILIG_THUIS, "beleidsmedewerker"),
    ("beheer", "Demo functioneel beheerder", p.VEILIG_THUIS, "functioneel_beheerder"),
    ("privacy", "Demo privacy officer", p.VEILIG_THUIS, "privacy_officer"),
)
# Cases each demo user handles ("Mijn casussen"): the newest their organisation works on.
EIGEN_PER_GEBRUIKER = 5
# Relations through which an organisation works on a case (not merely a term or a hand-over).
WERKT_AAN = (HOUDER, CASUSREGIE, PROCESREGIE, PROCESCOORDINATIE)
# Rough share of the cases per gemeente (bigger gemeenten, more cases).
GEWICHT = {
    "Heerlen": 8,
    "Maastricht": 10,
    "Sittard-Geleen": 8,
    "Kerkrade": 5,
    "Landgraaf": 4,
    "Brunssum": 3,
}


def organisaties() -> None:
    """Every party of SPEC §1 that people log in for; idempotent."""
    rijen = [(p.VEILIG_THUIS, "Veilig Thuis Zuid-Limburg", "veilig_thuis")]
    for g in sorted(afspraken(regio()).gemeenten()):
        rijen += [
            (p.lokaal_veld(g), f"Lokaal veld {g}", "lokaal_veld"),
            (p.gemeente_partij(g), f"Gemeente {g}", "gemeente"),
        ]
    rijen += [(f"zorgaanbieder:{n}", n, "zorgaanbieder") for n in ZORGAANBIEDERS]
    rijen.append((p.ZORG_EN_VEILIGHEIDSHUIS, "Zorg- en Veiligheidshuis", "zorg_en_veiligheidshuis"))
    for code, naam, soort in rijen:
        Organisatie.objects.get_or_create(code=code, defaults={"naam": naam, "soort": soort})


def gebruikers(wachtwoord: str) -> None:
    versleuteld = make_password(wachtwoord)  # hashed once: the same password for every demo user
    for username, naam, organisatie, rol in GEBRUIKERS:
        user = User.objects.create(username=username, first_name=naam, password=versleuteld)
        Medewerker.objects.create(
            user=user, organisatie=Organisatie.objects.get(code=organisatie), rol=rol
        )
    authenticators()


def authenticators() -> None:
    """A confirmed TOTP device per demo user, so a trainer can hand out the keys beforehand
    (real users link their own app on first login instead). Idempotent."""
    for user in User.objects.filter(username__in=[g[0] for g in GEBRUIKERS]):
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="Demo-authenticator", confirmed=True)


def sleutel(username: str) -> tuple[str, str]:
    """(base32 secret, otpauth URI) of a demo user's authenticator."""
    apparaat = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if apparaat is None:
        return "", ""
    return b32encode(apparaat.bin_key).decode(), apparaat.config_url


def tabel(wachtwoord: str) -> str:
    lijnen = [f"{'gebruiker':<20} {'organisatie':<28} rol", "-" * 78]
    lijnen += [f"{u:<20} {o:<28} {acties.ROLLEN[r]}" for u, _, o, r in GEBRUIKERS]
    lijnen += [
        "",
        f"Wachtwoord van elke demogebruiker: {wachtwoord}",
        "",
        "Tweestapsverificatie: voeg per gebruiker de sleutel toe aan een authenticator-app",
        "(handmatig: de geheime sleutel; of maak een QR-code van de otpauth-URI):",
    ]
    for u, *_ in GEBRUIKERS:
        geheim, uri = sleutel(u)
        lijnen += [f"{u:<20} {geheim}", f"{'':<20} {uri}"]
    return "\n".join(lijnen)


def _gezin(rnd: random.Random) -> tuple[str, list[dict[str, Any]]]:
    achternaam = rnd.choice(ACHTERNAMEN)
    personen = [
        {"naam": f"{rnd.choice(VOORNAMEN_VOLWASSEN)} {achternaam}", "rol": "ouder", "gezag": True}
    ]
    if rnd.random() < 0.6:
        personen.append(
            {
                "naam": f"{rnd.choice(VOORNAMEN_VOLWASSEN)} {rnd.choice(ACHTERNAMEN)}",
                "rol": "ouder",
                "gezag": rnd.random() < 0.7,
            }
        )
    personen += [
        {"naam": f"{rnd.choice(VOORNAMEN_KIND)} {achternaam}", "rol": "kind", "gezag": False}
        for _ in range(rnd.randint(1, 3))
    ]
    return f"Gezin {achternaam}", [{"id": f"p{i}", **x} for i, x in enumerate(personen, start=1)]


def _gemeenten(rnd: random.Random) -> list[str]:
    alle = afspraken(regio()).gemeenten()
    namen = sorted(alle)
    eerste = rnd.choices(namen, [GEWICHT.get(g, 2) for g in namen])[0]
    if rnd.random() < 0.05:  # a family in two gemeenten of the same subregion (§5.2.4)
        buren = [g for g in namen if g != eerste and alle[g].subregio == alle[eerste].subregio]
        return [eerste, rnd.choice(buren)]
    return [eerste]


def casus(store: EventStore, rnd: random.Random, fase: Fase, nu: datetime) -> bool:
    """One family; False when the engine refused one of its events (the case keeps the rest)."""
    gemeenten = _gemeenten(rnd)
    naam, personen = _gezin(rnd)
    melding = (nu - timedelta(days=rnd.randint(*fase.leeftijd))).replace(
        hour=rnd.randint(8, 16), minute=rnd.choice([0, 15, 30, 45]), second=0, microsecond=0
    )
    if melding > nu:
        melding = nu - timedelta(hours=rnd.randint(1, 6))
    zorgaanbieder = "zorgaanbieder:Xonar" if rnd.random() < 0.6 else "zorgaanbieder:Zorgpunt Zuid"
    betrokkenen = [{"id": x["id"], "rol": x["rol"], "gezag": x["gezag"]} for x in personen]
    stappen = tot_stop(
        verhaal(rnd, fase, gemeenten, betrokkenen, melding.date(), zorgaanbieder), fase.stop_na
    )
    with transaction.atomic():
        casus_id = store.nieuwe_casus(regio(), nu=melding)
        Gezin.objects.create(
            casus_id=casus_id,
            naam=naam,
            personen=[{"id": x["id"], "naam": x["naam"], "rol": x["rol"]} for x in personen],
        )
        anoniem = stappen[0].velden.get("bron") == "anoniem"
        seq = 0
        for stap in stappen:
            op = melding + timedelta(days=stap.dag)
            if op > nu or (anoniem and stap.type == "melder_geinformeerd"):
                continue
            velden, teksten = apart(stap.velden)  # free text beside the event, as the screens do
            try:
                seq = store.voeg_toe(
                    casus_id,
                    seq,
                    NieuweGebeurtenis(stap.type, op, velden),
                    stap.door[0],
                    stap.door[1],
                    op,
                )
            except (Afwijzing, InvoerFout):
                return False
            bewaar(casus_id, teksten)
    return True


def behandelaars(nu: datetime) -> int:
    """Give every demo user who works with cases a few of their own: the newest cases their
    organisation works on (holds zicht, casusregie, procesregie or procescoördinatie; a
    procescoördinator also through its gemeente's lokaal veld), shared in turn among the
    organisation's demo users, as if each had taken them on. Returns the number assigned."""
    per_organisatie: dict[str, list[Medewerker]] = {}
    for m in (
        Medewerker.objects.filter(user__username__in=[g[0] for g in GEBRUIKERS])
        .exclude(rol__in=ZONDER_CASUSINHOUD)
        .select_related("user", "organisatie")
        .order_by("user__username")
    ):
        per_organisatie.setdefault(m.organisatie.code, []).append(m)
    aantal = 0
    for org, collega_s in per_organisatie.items():
        rol = collega_s[0].rol  # colleagues of one organisation see the same cases
        waar = CasusPartij.objects.filter(
            partij__in=werkpartijen(org, rol), relatie__in=WERKT_AAN
        ).values("casus_id")
        kandidaten = list(
            zichtbare_casussen(Actor(org, rol))
            .filter(pk__in=waar)
            .exclude(pk__in=Toewijzing.objects.filter(organisatie=org).values("casus_id"))
            .order_by("-aangemaakt_op", "-pk")
            .values_list("pk", flat=True)[: EIGEN_PER_GEBRUIKER * len(collega_s)]
        )
        for i, casus_id in enumerate(kandidaten):
            wie = collega_s[i % len(collega_s)].user
            toewijzing.wijs_toe(str(casus_id), org, wie, wie, nu)
            aantal += 1
    return aantal


def vul(aantal: int, nu_tekst: str | None, wachtwoord: str, zaad: int) -> int:
    if User.objects.filter(username=GEBRUIKERS[0][0]).exists():
        authenticators()  # demo data from before two-factor login
        print("Demodata bestaan al (gebruiker vt.medewerker gevonden); niets toegevoegd.\n")
        print(tabel(wachtwoord if wachtwoord else "(zoals eerder ingesteld)"))
        return 0
    nu = lees_moment(nu_tekst) if nu_tekst else timezone.localtime()
    begin = time.monotonic()
    organisaties()
    gebruikers(wachtwoord)
    rnd, store = random.Random(zaad), opslag.store()
    fasen = rnd.choices(FASEN, [f.gewicht for f in FASEN], k=aantal)
    fasen[: len(FASEN)] = FASEN[: min(aantal, len(FASEN))]  # every phase at least once
    geweigerd = sum(not casus(store, rnd, fase, nu) for fase in fasen)
    store.herbouw(nu)  # the regie figures follow in `zicht demo` (zicht.web.demo)
    behandelaars(nu)
    duur = time.monotonic() - begin
    print(
        f"{aantal} synthetische gezinnen aangemaakt in {duur:.1f} s "
        f"(toestand per {nu:%Y-%m-%d %H:%M})."
    )
    if geweigerd:
        print(
            f"Let op: bij {geweigerd} casussen weigerde de engine een gebeurtenis; "
            "die casussen stoppen daar."
        )
    print()
    print(tabel(wachtwoord))
    return 0
