"""Measure text against real font metrics (Carlito, Calibri's metric twin).

python-pptx's fit_text ignores bullets, indents and spacing; this measures
each paragraph as PowerPoint lays it out: hanging indent per level, greedy
word wrap, line height from the font's ascent and descent, and space before
each paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from render.text import Run

FONTS = Path(__file__).resolve().parents[2] / "templates" / "fonts"
_UNITS = 1000  # measure at 1000 px per em, scale to points
# Text renderers differ by a few percent in kerning and hinting; keep that much in hand.
SLACK = 0.94


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    level: int = 0  # 0 = bullet, 1 = sub-bullet
    bullet: bool = True

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


# Left margin of the text per level, from the template's body style (points).
MARGIN = {0: 27.0, 1: 58.5}
SPACE_BEFORE = 0.2  # spcBef 20% of the font size, as the master's body style says


@lru_cache(maxsize=8)
def _face(bold: bool, italic: bool) -> ImageFont.FreeTypeFont:
    name = "Carlito-" + (
        {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic"}.get((bold, italic), "BoldItalic")
    )
    return ImageFont.truetype(str(FONTS / f"{name}.ttf"), _UNITS)


@lru_cache(maxsize=1)
def line_height() -> float:
    """Line height in ems at 100% spacing, as PowerPoint takes it (the font's Windows metrics)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(FONTS / "Carlito-Regular.ttf"), lazy=True)
    os2 = font["OS/2"]
    return (os2.usWinAscent + os2.usWinDescent) / font["head"].unitsPerEm


@lru_cache(maxsize=65536)
def _width(word: str, bold: bool, italic: bool) -> float:
    return _face(bold, italic).getlength(word) / _UNITS


def count_lines(runs: tuple[Run, ...], size: float, width: float) -> int:
    """How many lines the runs take at `size` points in a box `width` points wide."""
    limit = width * SLACK
    lines, used = 1, 0.0
    for run in runs:
        scale = size * (0.6 if run.superscript else 1.0)
        for word in run.text.split(" "):
            w = _width(word, run.bold, run.italic) * scale
            gap = _width(" ", run.bold, run.italic) * scale if used else 0.0
            if used and used + gap + w > limit:
                lines += 1
                used = w
            else:
                used += gap + w
            while used > limit:  # a single word wider than the line breaks mid-word
                lines += 1
                used -= limit
    return lines


def height(paras: list[Para], sizes: dict[int, float], width: float) -> float:
    """Height in points that the paragraphs take in a box `width` points wide."""
    total = 0.0
    for para in paras:
        size = sizes[para.level]
        indent = MARGIN[para.level] if para.bullet else 0.0
        total += SPACE_BEFORE * size + count_lines(para.runs, size, width - indent) * size * line_height()
    return total
