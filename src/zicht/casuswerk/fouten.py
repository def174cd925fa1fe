"""The one translation of the application layer's refusals for the screens.

Bad input and the agreement's refusals go onto the form, a conflict becomes the message above
it (409), not-yours becomes 403 (onto the form when it names the input, e.g. another
organisation's step to withdraw) and not-found 404 (Django's pages, logged by `inzage.logt`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from zicht.casuswerk.formulieren.stap import StapFormulier
from zicht.toepassing import fouten

CONFLICT = (
    "De casus is intussen gewijzigd, door iemand anders of doordat dit formulier al eerder is "
    "verstuurd."
)


def op_formulier(form: StapFormulier, fout: fouten.Fout) -> str | None:
    """Put `fout` on `form`; returns the conflict message when it is one, else None."""
    if isinstance(fout, fouten.OngeldigeInvoer):
        form.fout(fout.veld, fout.bericht)
    elif isinstance(fout, fouten.Afgewezen):
        form.afgewezen(fout.code, fout.tekst, fout.grond, fout.ontbreekt)
    elif isinstance(fout, fouten.Conflict):
        return CONFLICT
    elif isinstance(fout, fouten.Verboden) and fout.veld:
        form.fout(fout.veld, fout.bericht)  # e.g. withdrawing another organisation's step
    elif isinstance(fout, fouten.Verboden):
        raise PermissionDenied(fout.bericht)
    elif isinstance(fout, fouten.NietGevonden):
        raise Http404("Casus niet gevonden.")
    else:
        raise fout
    return None
