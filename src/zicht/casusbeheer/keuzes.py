"""What a step's form offers: only the parties the step allows, assessors from Veilig Thuis.

The full list of organisations (~36) offered parties whose choice the engine then refused;
here each step gets the parties that can stand in that place in this case.
"""

from __future__ import annotations

from zicht.casuswerk.models import CasusPartij, Medewerker, Organisatie
from zicht.core import partijen as p
from zicht.core.acties import VT_ROLLEN
from zicht.core.toegang import GEMEENTE
from zicht.toepassing import teksten
from zicht.toepassing.dossier import Dossier

# Steps whose party is the one that received the hand-over (or holds casusregie).
ONTVANGER_STAPPEN = frozenset({"ontvangst_bevestigd", "overdracht_geaccepteerd", "contact_gestart"})


def _namen(codes: list[str]) -> list[tuple[str, str]]:
    bekend = dict(Organisatie.objects.filter(code__in=codes).values_list("code", "naam"))
    return [(c, bekend.get(c) or teksten.partijnaam(c)) for c in dict.fromkeys(codes)]


def _ontvangers(d: Dossier) -> list[str]:
    uit = [n for g in d.gebeurtenissen if g.type == "overdracht" for n in g.velden.get("naar", [])]
    regie = (d.toestand.get("casusregie") or {}).get("partij")
    return [*uit, *([regie] if regie else [])]


def partijen_voor(d: Dossier, medewerker: Medewerker, soort: str) -> list[tuple[str, str]]:
    eigen = medewerker.organisatie.code
    gemeenten = list(d.toestand.get("gemeenten") or [])
    if soort in ONTVANGER_STAPPEN:
        ontvangers = _ontvangers(d)
        return _namen([eigen] if eigen in ontvangers else ontvangers)
    if soort == "overdracht":
        alle = sorted(
            Organisatie.objects.filter(soort="lokaal_veld").values_list("code", flat=True)
        )
        return _namen([*(p.lokaal_veld(g) for g in gemeenten), *alle])
    if soort == "casusregie_belegd":
        zorg = Organisatie.objects.filter(soort="zorgaanbieder").values_list("code", flat=True)
        eigen_veld = [eigen] if p.is_lokaal_veld(eigen) else []
        return _namen([*eigen_veld, *(p.lokaal_veld(g) for g in gemeenten), *sorted(zorg)])
    # Monitoring scores, non-compliance: the parties involved in this case.
    betrokken = (
        CasusPartij.objects.filter(casus_id=d.casus.pk)
        .exclude(relatie=GEMEENTE)
        .exclude(relatie__startswith="info:")
        .values_list("partij", flat=True)
    )
    codes = [p.VEILIG_THUIS, *sorted(set(betrokken))]
    if soort in ("opgeschaald", "opschaling_beantwoord", "gemeente_reactie"):
        # §5.5: an escalation may ask the gemeente (its procescoördinator) to react; the
        # gemeente answers for itself. Its relation to the case is not "betrokken" above.
        codes += [p.gemeente_partij(g) for g in gemeenten]
    if soort in ("opschaling_beantwoord", "gemeente_reactie"):
        codes.append(eigen)  # "door": the user's own organisation is always a choice
    if soort == "veiligheidsbeoordeling_afgerond":
        codes = [c for c in dict.fromkeys(codes) if c != p.VEILIG_THUIS]
        overig = Organisatie.objects.exclude(soort="veilig_thuis").values_list("code", flat=True)
        codes += sorted(overig)
    return _namen(codes)


def vt_beoordelaars() -> list[tuple[str, str]]:
    """Veilig Thuis staff who can assess (§3.1 b, c), by name, for the assessors' checkboxes."""
    rijen = (
        Medewerker.objects.filter(
            organisatie__code=p.VEILIG_THUIS, rol__in=sorted(VT_ROLLEN), user__is_active=True
        )
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )
    return [
        (
            m.user.get_username(),
            teksten.naam_van(m.user),
        )
        for m in rijen
    ]
