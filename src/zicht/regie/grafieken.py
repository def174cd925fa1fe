"""Charts for the dashboard, drawn on the server by matplotlib as SVG (keuzes.md: why).

Each chart is drawn from the table beside it, as shown: suppressed cells ("<5", "×") are left
out (a gap), never drawn from the real number. The SVG carries role="img", a <title> and a
<desc> that says what it shows; the numbers themselves are in the table.
"""

from __future__ import annotations

import io
import re
from html import escape

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from zicht.regie.cijfers import Tabel  # noqa: E402

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: searchable, scalable, read by screen readers
        "svg.hashsalt": "zicht",  # stable ids, so the same figures give the same SVG
        "font.family": "sans-serif",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)
KLEUR = "#154273"  # Rijkshuisstijl donkerblauw: contrast 10:1 on white
REFERENTIE = "#b2451b"  # the region's line, contrast >= 4.5:1 on white


def _getal(cel: str) -> float | None:
    cel = cel.rstrip("%")
    return float(cel) if cel.isdigit() else None


def _presentatie(match: re.Match[str]) -> str:
    """`style="fill: #fff; stroke: #000"` -> `fill="#fff" stroke="#000"`: the page's
    Content-Security-Policy allows no inline style, presentation attributes are no style."""
    delen = []
    for declaratie in match.group(1).split(";"):
        if ":" in declaratie:
            naam, waarde = (d.strip() for d in declaratie.split(":", 1))
            delen.append(f'{naam}="{escape(waarde)}"')
    return " ".join(delen)


def _svg(figuur: Figure, id_: str, titel: str, beschrijving: str) -> str:
    buffer = io.StringIO()
    # Fixed margins (set where the figure is made), no layout engine: "constrained" or
    # bbox_inches="tight" measure every label first and cost more than the drawing itself.
    figuur.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(figuur)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = re.sub(r'style="([^"]*)"', _presentatie, svg)
    kop = (
        f'<svg role="img" aria-labelledby="{id_}-titel {id_}-desc" focusable="false"'
        f' class="zicht-grafiek__svg" stroke-linejoin="round" stroke-linecap="butt"'
    )
    svg = svg.replace("<svg", kop, 1)
    eerste = svg.index(">") + 1
    return (
        svg[:eerste]
        + f'<title id="{id_}-titel">{escape(titel)}</title>'
        + f'<desc id="{id_}-desc">{escape(beschrijving)}</desc>'
        + svg[eerste:]
    )


def trendlijn(tabel: Tabel, kolom: str) -> str:
    """A line per month of one column (the inflow's total); hidden months are gaps."""
    i = tabel.kolommen.index(kolom) - 1
    rijen = [(label, _getal(cellen[i])) for label, cellen in tabel.rijen if label != "Hele periode"]
    if all(w is None for _, w in rijen):
        return ""  # nothing to draw: every month hidden
    figuur, as_ = plt.subplots(figsize=(7, 2.8))
    figuur.subplots_adjust(left=0.1, right=0.98, top=0.95, bottom=0.3)
    x = list(range(len(rijen)))
    as_.plot(x, [w if w is not None else float("nan") for _, w in rijen], marker="o", color=KLEUR)
    as_.set_xticks(x, [label.replace(" 20", " '") for label, _ in rijen], rotation=45, ha="right")
    as_.set_ylabel("meldingen")
    as_.set_ylim(bottom=0)
    zichtbaar = [f"{label}: {int(w)}" for label, w in rijen if w is not None]
    verborgen = [label for label, w in rijen if w is None]
    beschrijving = "Aantal meldingen per maand. " + "; ".join(zichtbaar) + "."
    if verborgen:
        beschrijving += f" Niet getoond (minder dan 5 of afgeschermd): {', '.join(verborgen)}."
    return _svg(figuur, f"grafiek-{tabel.sleutel}", f"Trend: {tabel.titel}", beschrijving)


def staven_tegen_regio(tabel: Tabel, kolom: str) -> str:
    """Bars per area of a share (e.g. on time), with the region's share as a line."""
    i = tabel.kolommen.index(kolom) - 1
    rijen = [(label, _getal(cellen[i])) for label, cellen in tabel.rijen]
    if len(rijen) < 2 or rijen[0][1] is None:
        return ""
    regio_label, regio = rijen[0]
    overige = rijen[1:]
    hoogte = 0.3 * len(overige) + 1.2
    figuur, as_ = plt.subplots(figsize=(7, hoogte))
    figuur.subplots_adjust(left=0.3, right=0.97, top=1 - 0.15 / hoogte, bottom=0.6 / hoogte)
    y = list(range(len(overige)))
    as_.barh(y, [w or 0 for _, w in overige], color=KLEUR)
    as_.axvline(regio or 0, color=REFERENTIE, linestyle="--", label=f"{regio_label} {regio:.0f}%")
    as_.set_yticks(y, [label for label, _ in overige])
    as_.invert_yaxis()
    as_.set_xlim(0, 100)
    as_.set_xlabel(kolom.lower())
    as_.legend(loc="lower right", frameon=False)
    delen = [
        f"{label}: {w:.0f}%" if w is not None else f"{label}: niet getoond" for label, w in overige
    ]
    beschrijving = (
        f"{kolom} per gebied, tegen {regio_label} ({regio:.0f}%). " + "; ".join(delen) + "."
    )
    return _svg(figuur, f"grafiek-{tabel.sleutel}", f"{kolom} per gebied", beschrijving)


def teken(tabellen: list[Tabel]) -> None:
    """Add the charts to the tables that have one."""
    for t in tabellen:
        if t.sleutel == "instroom_bron":
            t.grafiek = trendlijn(t, "Totaal")
        elif t.sleutel == "termijnen_per_gebied":
            t.grafiek = staven_tegen_regio(t, "Op tijd (%)")
