"""A screenshot file changes when the screen changes, not when Chromium smooths a corner anew."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

from .conftest import RUIS_PIXELS, RUIS_VERSCHIL, bewaar_schermafdruk


def _png(pixels: np.ndarray) -> bytes:
    uit = io.BytesIO()
    Image.fromarray(pixels.astype(np.uint8), "RGB").save(uit, format="PNG")
    return uit.getvalue()


def _scherm() -> np.ndarray:
    pixels = np.full((60, 80, 3), 255)
    pixels[20:30, 10:70] = (107, 118, 130)  # a box's border
    return pixels


def test_a_few_pixels_smoothed_otherwise_keep_the_file(tmp_path: Path) -> None:
    pad = tmp_path / "zoeken.png"
    pad.write_bytes(_png(_scherm()))
    eerder = pad.read_bytes()
    ruis = _scherm()
    ruis[20, 10] = (113, 122, 134)  # the corner pixel that flipped 117 <-> 113
    ruis[29, 69, 0] += RUIS_VERSCHIL
    bewaar_schermafdruk(pad, _png(ruis))
    assert pad.read_bytes() == eerder


def test_a_changed_screen_is_written(tmp_path: Path) -> None:
    pad = tmp_path / "zoeken.png"
    pad.write_bytes(_png(_scherm()))
    for verandering in ("meer pixels", "een groter verschil", "een andere maat"):
        nieuw = _scherm()
        if verandering == "meer pixels":
            nieuw[40, : RUIS_PIXELS + 1] = (250, 250, 250)
        elif verandering == "een groter verschil":
            nieuw[40, 40, 1] -= RUIS_VERSCHIL + 1
        else:
            nieuw = np.full((61, 80, 3), 255)
        png = _png(nieuw)
        bewaar_schermafdruk(pad, png)
        assert pad.read_bytes() == png, verandering
        pad.write_bytes(_png(_scherm()))


def test_a_new_screenshot_is_written(tmp_path: Path) -> None:
    pad = tmp_path / "nieuw.png"
    bewaar_schermafdruk(pad, _png(_scherm()))
    assert pad.exists()
