"""Measure text against real font metrics, as PowerPoint lays it out.

python-pptx's fit_text ignores bullets, indents and spacing; this measures
each paragraph with its level's margin, greedy word wrap, line height from the
font's Windows metrics (what PowerPoint uses) times the line spacing, and the
space before each paragraph. Fonts are measured through shipped metric twins:
Carlito for Calibri, Liberation Sans for Arial (and, conservatively, anything else).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from render.source.text import LINE_BREAK, Run

FONTS = Path(__file__).resolve().parents[2] / "templates" / "fonts"
TWINS = {"calibri": "Carlito", "carlito": "Carlito", "arial": "LiberationSans", "helvetica": "LiberationSans"}
_UNITS = 1000  # measure at 1000 px per em, scale to points
# Renderers differ by a few percent in kerning and hinting; keep that much in hand.
SLACK = 0.94


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    level: int = 0  # 0 = bullet, 1 = sub-bullet
    bullet: bool = True  # False: no bullet and no indent (captions, quotes, references)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Style:
    """How a text box sets its paragraphs (points), read from the template."""

    margins: tuple[float, ...]  # text's left margin per level when bulleted
    space_before: float  # fraction of the font size
    line_spacing: float = 1.0


def twin(family: str) -> str:
    return TWINS.get(family.lower(), "LiberationSans")


@lru_cache(maxsize=16)
def _face(family: str, bold: bool, italic: bool) -> ImageFont.FreeTypeFont:
    style = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic"}.get(
        (bold, italic), "BoldItalic"
    )
    # The basic layout engine: no shaping library that can fail on unusual text, and it
    # measures without kerning, a hair wider than PowerPoint sets it (the safe side).
    return ImageFont.truetype(str(FONTS / f"{family}-{style}.ttf"), _UNITS, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=4)
def line_height(family: str) -> float:
    """Line height in ems at 100% spacing (the font's Windows ascent + descent)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(FONTS / f"{family}-Regular.ttf"), lazy=True)
    os2 = font["OS/2"]
    return (os2.usWinAscent + os2.usWinDescent) / font["head"].unitsPerEm


@lru_cache(maxsize=65536)
def _width(family: str, word: str, bold: bool, italic: bool) -> float:
    return _face(family, bold, italic).getlength(word) / _UNITS


def count_lines(runs: tuple[Run, ...], size: float, width: float, family: str) -> int:
    """How many lines the runs take at `size` points in a box `width` points wide."""
    limit = width * SLACK
    lines, used = 1, 0.0
    for run in runs:
        scale = size * (0.6 if run.superscript or run.sup or run.sub else 1.0)
        space = _width(family, " ", run.bold, run.italic) * scale
        for n, piece in enumerate(run.text.split(LINE_BREAK)):
            if n:  # the author's hard line break starts a new line
                lines, used = lines + 1, 0.0
            for k, word in enumerate(piece.split(" ")):
                w = _width(family, word, run.bold, run.italic) * scale
                gap = space if k > 0 else 0.0
                if used and used + gap + w > limit:
                    lines += 1
                    used = w
                else:
                    used += gap + w
                while used > limit:  # a word wider than the line breaks inside the word
                    lines += 1
                    used -= limit
    return lines


def height(paras: list[Para], sizes: dict[int, float], width: float, style: Style, family: str) -> float:
    """Height in points that the paragraphs take in a box `width` points wide."""
    total = 0.0
    for para in paras:
        size = sizes[para.level]
        indent = style.margins[min(para.level, len(style.margins) - 1)] if para.bullet else 0.0
        lines = count_lines(para.runs, size, width - indent, family)
        total += style.space_before * size + lines * size * line_height(family) * style.line_spacing
    return total
