"""Overlong words given break opportunities, so that laying them out stays linear and cheap.

WeasyPrint lays out a text box by asking Pango for the first line of everything
left in the box, once per line: for one unbroken 100,000-character word (a pasted
hash, a run of dashes, an attack) that is quadratic, minutes for one quiz option.
Its shortcut, laying out only a line's worth of text, works when that text holds a
break opportunity. So every run of more than LONG characters without a space, in
the document's body text, gets a zero-width space (U+200B: a break opportunity
that draws nothing and that copying the PDF's text leaves out) every STEP
characters, and is cut into `<wbr>`-joined pieces of at most PIECE characters,
so no text box is ever long. Lines then break at the next zero-width space and
fill the column (pieces alone, 200 characters each, broke lines early at every
piece and made a 100,000-character option take 36 pages and twice the time of
the same length in ordinary words; now 27 pages and less than the ordinary words).
Words of ordinary length are left alone, so documents without such words are
byte-identical.
"""

from __future__ import annotations

import re

LONG = 200  # characters; far above any real word, URL or DOI in a talk
STEP = 10  # characters between two break opportunities in an overlong word: a line ends at most this short
PIECE = 1000  # characters a piece: bounds what WeasyPrint copies and measures per line
_BREAK = "\u200b"
# Text between two tags; entities count as one character and are never cut.
_TEXT = re.compile(r">([^<]+)<")
_LONG = re.compile(r"(?:&#?\w+;|[^\s&<>])(?:&#?\w+;|[^\s&<>]|&){" + str(LONG) + ",}")
_UNIT = re.compile(r"&#?\w+;|[\s\S]")


def cut(html: str) -> str:
    """`html` with every overlong word in its body given break opportunities."""
    start = html.find("<body")
    if start < 0 or not _LONG.search(html, start):
        return html
    return html[:start] + _TEXT.sub(_in_text, html[start:])


def _in_text(match: re.Match[str]) -> str:
    return ">" + _LONG.sub(_pieces, match[1]) + "<"


def _pieces(match: re.Match[str]) -> str:
    units = _UNIT.findall(match[0])
    steps = ["".join(units[i : i + STEP]) for i in range(0, len(units), STEP)]
    per_piece = PIECE // STEP
    return "<wbr>".join(_BREAK.join(steps[i : i + per_piece]) for i in range(0, len(steps), per_piece))
