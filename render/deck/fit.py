"""Measure text against real font metrics, as PowerPoint lays it out.

python-pptx's fit_text ignores bullets, indents and spacing; this measures
each paragraph with its level's margin, greedy word wrap, line height from the
font's Windows metrics (what PowerPoint uses) or its hhea metrics (LibreOffice's), the taller,
times the line spacing, and the
space before and after each paragraph (in points or as a fraction of the size).
Which file measures a font is decided by render.deck.fonts alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageFont

from render.deck.fonts import Font
from render.source.text import LINE_BREAK, Run

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
class Spacing:
    """One list level's paragraph spacing as the template sets it. A space is either a
    fraction of the font size (`spcPct`) or points (`spcPts`); line spacing likewise
    (1.0 = single), points winning where the template gives them."""

    before: float = 0.0  # fraction of the size
    before_pt: float = 0.0
    after: float = 0.0
    after_pt: float = 0.0
    line: float = 1.0  # multiple of single spacing
    line_pt: float = 0.0  # exact line pitch in points (0: use `line`)

    def around(self, size: float) -> float:
        """Points before and after a paragraph set at `size`."""
        return self.before * size + self.before_pt + self.after * size + self.after_pt

    def pitch(self, size: float, font: Font) -> float:
        """Points from one line to the next."""
        return self.line_pt if self.line_pt else size * line_height(font) * self.line


@dataclass(frozen=True)
class Style:
    """How a text box sets its paragraphs (points), read from the template."""

    margins: tuple[float, ...]  # text's left margin per level when bulleted
    space_before: float  # level 1's space before, as a fraction of the font size
    line_spacing: float = 1.0
    levels: tuple[Spacing, ...] = ()  # full spacing per level; when empty, the two fields above

    def spacing(self, level: int) -> Spacing:
        if not self.levels:
            return Spacing(before=self.space_before, line=self.line_spacing)
        return self.levels[min(level, len(self.levels) - 1)]


def _style_name(bold: bool, italic: bool) -> str:
    return {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic"}.get((bold, italic), "BoldItalic")


@lru_cache(maxsize=16)
def _face(font: Font, bold: bool, italic: bool) -> ImageFont.FreeTypeFont:
    # The basic layout engine: no shaping library that can fail on unusual text, and it
    # measures without kerning, a hair wider than PowerPoint sets it (the safe side).
    return ImageFont.truetype(str(font.file(_style_name(bold, italic))), _UNITS, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=16)
def line_height(font: Font) -> float:
    """Line height in ems at 100% spacing: the font's Windows ascent + descent, which PowerPoint
    uses, or its hhea ascent + descent + gap, which LibreOffice uses, whichever is taller (the same
    for Carlito and DejaVu; Liberation Sans' hhea lines are 3% taller, and a full box of Arial text
    measured at the Windows height ran below its box in LibreOffice)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(font.file("Regular")), lazy=True, fontNumber=0) as ttf:
        os2, hhea = ttf["OS/2"], ttf["hhea"]
        windows = os2.usWinAscent + os2.usWinDescent
        return max(windows, hhea.ascent - hhea.descent + hhea.lineGap) / ttf["head"].unitsPerEm


@lru_cache(maxsize=65536)
def _width(font: Font, word: str, bold: bool, italic: bool) -> float:
    return _face(font, bold, italic).getlength(word) / _UNITS * font.widen


def widest_word(runs: tuple[Run, ...], size: float, family: Font) -> float:
    """Points taken by the widest word: a title or footer narrower than this would break it."""
    widest = 0.0
    for run in runs:
        scale = size * (0.6 if run.superscript or run.sup or run.sub else 1.0)
        for piece in run.text.split(LINE_BREAK):
            for word in piece.split(" "):
                widest = max(widest, _width(family, word, run.bold, run.italic) * scale)
    return widest / SLACK


def count_lines(runs: tuple[Run, ...], size: float, width: float, family: Font) -> int:
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


def height(paras: list[Para], sizes: dict[int, float], width: float, style: Style, family: Font) -> float:
    """Height in points that the paragraphs take in a box `width` points wide."""
    total = 0.0
    for para in paras:
        size = sizes[para.level]
        indent = style.margins[min(para.level, len(style.margins) - 1)] if para.bullet else 0.0
        lines = count_lines(para.runs, size, width - indent, family)
        spacing = style.spacing(para.level)
        total += spacing.around(size) + lines * spacing.pitch(size, family)
    return total
