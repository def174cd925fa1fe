"""`invoerregels`: what a refused form held (`vertrouwen.formulieren.ingevuld`), as the form's own
labels and choice names rather than its field names and codes, when the page has that form."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from django import template
from django.utils.formats import date_format

register = template.Library()

MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")
RIJ = re.compile(r"(?P<groep>[a-z_]+?)__(?P<i>\d+)__(?P<veld>\w+)")


@register.simple_tag(takes_context=True)
def invoerregels(context: template.Context, tekst: str) -> list[tuple[str, str]]:
    """`{% invoerregels tekst as regels %}`: (label, value) per filled-in field; the labels of
    the page's `form` when it has one (a refused form is shown again on its own page)."""
    velden = getattr(context.get("form"), "fields", None) or {}
    uit = []
    for naam, waarde in json.loads(tekst):
        veld, rij = velden.get(naam), RIJ.fullmatch(naam)
        if veld is not None and veld.label:
            label = str(veld.label)
        else:
            label = (rij["veld"] if rij else naam).replace("_", " ")
        if rij:  # one of a repeated group's rows: say which
            groep = rij["groep"].replace("_", " ").capitalize()
            label = f"{groep} {int(rij['i']) + 1}: {label}"
        keuzes = dict(_keuzes(getattr(veld, "choices", None) or []))
        uit.append((label, _leesbaar(str(keuzes.get(waarde, waarde)))))
    return uit


def _leesbaar(waarde: str) -> str:
    """A date or moment as a date field sends it (ISO 8601), written the Dutch way."""
    try:
        if MOMENT.fullmatch(waarde):
            return str(date_format(datetime.fromisoformat(waarde), "j F Y H:i"))
        if DATUM.fullmatch(waarde):
            return str(date_format(date.fromisoformat(waarde), "j F Y"))
    except ValueError:  # shaped like a date, but none: as typed
        pass
    return waarde


def _keuzes(keuzes: Any) -> list[tuple[str, Any]]:
    """A field's choices flat, optgroups included."""
    plat = []
    for waarde, tekst in keuzes:
        if isinstance(tekst, list | tuple):
            plat += [(str(w), t) for w, t in tekst]
        else:
            plat.append((str(waarde), tekst))
    return plat
