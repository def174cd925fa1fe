"""Charts for the dashboard, written as SVG on the server (keuzes.md: why not a library).

Each chart is drawn from the table beside it, as shown: suppressed cells ("<5", "×") are left
out (a gap), never drawn from the real number. The SVG carries role="img", a <title> and a
<desc> that says what it shows; the numbers themselves are in the table. Only presentation
attributes, no style (the Content-Security-Policy allows no inline style). A chart takes well
under a millisecond, so a first look at any filter choice is answered from the regie tables
without waiting for a drawing engine.
"""

from __future__ import annotations

import math
from html import escape

from zicht.regie.cijfers import Tabel

KLEUR = "#154273"  # Rijkshuisstijl donkerblauw: contrast 10:1 on white
REFERENTIE = "#b2451b"  # the region's line, contrast >= 4.5:1 on white
TEKST = "#1a1a1a"
RASTER = "#b4b4b4"
BREEDTE = 700
LETTER = 'font-family="sans-serif" font-size="12"'


def _getal(cel: str) -> float | None:
    cel = cel.rstrip("%")
    return float(cel) if cel.isdigit() else None


def _rond_op(w: float) -> float:
    """A round upper bound for the axis: 1, 2, 2.5 or 5 times a power of ten."""
    if w <= 0:
        return 1.0
    macht = 10.0 ** math.floor(math.log10(w))
    for stap in (1.0, 2.0, 2.5, 5.0, 10.0):
        if w <= stap * macht:
            return float(stap * macht)
    return float(10 * macht)  # pragma: no cover


def _getal_tekst(w: float) -> str:
    return f"{w:g}"


def _svg(id_: str, hoogte: int, titel: str, beschrijving: str, inhoud: list[str]) -> str:
    return (
        f'<svg role="img" aria-labelledby="{id_}-titel {id_}-desc" focusable="false"'
        f' class="zicht-grafiek__svg" xmlns="http://www.w3.org/2000/svg"'
        f' viewBox="0 0 {BREEDTE} {hoogte}" width="{BREEDTE}" height="{hoogte}">'
        f'<title id="{id_}-titel">{escape(titel)}</title>'
        f'<desc id="{id_}-desc">{escape(beschrijving)}</desc>' + "".join(inhoud) + "</svg>"
    )


def trendlijn(tabel: Tabel, kolom: str) -> str:
    """A line per month of one column (the inflow's total); hidden months are gaps."""
    i = tabel.kolommen.index(kolom) - 1
    rijen = [(label, _getal(cellen[i])) for label, cellen in tabel.rijen if label != "Hele periode"]
    if all(w is None for _, w in rijen):
        return ""  # nothing to draw: every month hidden
    hoogte, links, rechts, boven, onder = 280, 60, 15, 15, 80
    breed, hoog = BREEDTE - links - rechts, hoogte - boven - onder
    top = _rond_op(max(w for _, w in rijen if w is not None))
    stap = breed / max(1, len(rijen) - 1)

    def x(j: int) -> float:
        return links + (j * stap if len(rijen) > 1 else breed / 2)

    def y(w: float) -> float:
        return boven + hoog - hoog * w / top

    delen = []
    for k in range(5):  # the value axis: 0, 1/4 .. top
        as_w = top * k / 4
        delen.append(
            f'<line x1="{links}" x2="{links + breed}" y1="{y(as_w):.1f}" y2="{y(as_w):.1f}" '
            f'stroke="{RASTER}" stroke-width="0.5"/>'
            f'<text x="{links - 6}" y="{y(as_w) + 4:.1f}" text-anchor="end" fill="{TEKST}" '
            f"{LETTER}>{_getal_tekst(as_w)}</text>"
        )
    delen.append(
        f'<text transform="translate(14 {boven + hoog / 2:.0f}) rotate(-90)" text-anchor="middle" '
        f'fill="{TEKST}" {LETTER}>meldingen</text>'
    )
    lijnen: list[list[str]] = [[]]
    for j, (label, w) in enumerate(rijen):
        kort = escape(label.replace(" 20", " '"))
        delen.append(
            f'<text transform="translate({x(j):.1f} {boven + hoog + 14}) rotate(-45)" '
            f'text-anchor="end" fill="{TEKST}" {LETTER}>{kort}</text>'
        )
        if w is None:
            lijnen.append([])  # a hidden month: a gap in the line
            continue
        lijnen[-1].append(f"{x(j):.1f},{y(w):.1f}")
        delen.append(f'<circle cx="{x(j):.1f}" cy="{y(w):.1f}" r="3.5" fill="{KLEUR}"/>')
    for punten in lijnen:
        if len(punten) > 1:
            delen.append(
                f'<polyline points="{" ".join(punten)}" fill="none" stroke="{KLEUR}" '
                'stroke-width="2"/>'
            )
    zichtbaar = [f"{label}: {int(w)}" for label, w in rijen if w is not None]
    verborgen = [label for label, w in rijen if w is None]
    beschrijving = "Aantal meldingen per maand. " + "; ".join(zichtbaar) + "."
    if verborgen:
        beschrijving += f" Niet getoond (minder dan 5 of afgeschermd): {', '.join(verborgen)}."
    return _svg(f"grafiek-{tabel.sleutel}", hoogte, f"Trend: {tabel.titel}", beschrijving, delen)


def staven_tegen_regio(tabel: Tabel, kolom: str) -> str:
    """Bars per area of a share (e.g. on time), with the region's share as a line."""
    i = tabel.kolommen.index(kolom) - 1
    rijen = [(label, _getal(cellen[i])) for label, cellen in tabel.rijen]
    if len(rijen) < 2 or rijen[0][1] is None:
        return ""
    regio_label, regio = rijen[0]
    assert regio is not None
    overige = rijen[1:]
    links, rechts, boven, rij, onder = 190, 20, 10, 22, 50
    hoogte = boven + rij * len(overige) + onder
    breed = BREEDTE - links - rechts

    def x(w: float) -> float:
        return links + breed * w / 100

    delen = []
    for streep in (0, 25, 50, 75, 100):
        delen.append(
            f'<line x1="{x(streep):.1f}" x2="{x(streep):.1f}" y1="{boven}" '
            f'y2="{boven + rij * len(overige)}" stroke="{RASTER}" stroke-width="0.5"/>'
            f'<text x="{x(streep):.1f}" y="{boven + rij * len(overige) + 16}" '
            f'text-anchor="middle" fill="{TEKST}" {LETTER}>{streep}</text>'
        )
    for j, (label, w) in enumerate(overige):
        midden = boven + rij * j + rij / 2
        delen.append(
            f'<text x="{links - 8}" y="{midden + 4:.1f}" text-anchor="end" fill="{TEKST}" '
            f"{LETTER}>{escape(label)}</text>"
        )
        if w is not None:
            delen.append(
                f'<rect x="{links}" y="{midden - rij * 0.35:.1f}" width="{x(w) - links:.1f}" '
                f'height="{rij * 0.7:.1f}" fill="{KLEUR}"/>'
            )
    onderkant = boven + rij * len(overige)
    delen.append(
        f'<line x1="{x(regio):.1f}" x2="{x(regio):.1f}" y1="{boven}" y2="{onderkant}" '
        f'stroke="{REFERENTIE}" stroke-width="2" stroke-dasharray="6 4"/>'
        f'<text x="{links + breed / 2:.0f}" y="{onderkant + 34}" text-anchor="middle" '
        f'fill="{TEKST}" {LETTER}>{escape(kolom.lower())}; gestreept: '
        f"{escape(regio_label)} {regio:.0f}%</text>"
    )
    stukken = [
        f"{label}: {w:.0f}%" if w is not None else f"{label}: niet getoond" for label, w in overige
    ]
    beschrijving = (
        f"{kolom} per gebied, tegen {regio_label} ({regio:.0f}%). " + "; ".join(stukken) + "."
    )
    return _svg(f"grafiek-{tabel.sleutel}", hoogte, f"{kolom} per gebied", beschrijving, delen)


def teken(tabellen: list[Tabel]) -> None:
    """Add the charts to the tables that have one."""
    for t in tabellen:
        if t.sleutel == "instroom_bron":
            t.grafiek = trendlijn(t, "Totaal")
        elif t.sleutel == "termijnen_per_gebied":
            t.grafiek = staven_tegen_regio(t, "Op tijd (%)")
