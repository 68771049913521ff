"""Overlong words cut into short inline pieces, so that laying them out stays linear.

WeasyPrint lays out a text box by asking Pango for the first line of everything
left in the box, once per line: for one unbroken 100,000-character word (a pasted
hash, a run of dashes, an attack) that is quadratic, minutes for one quiz option.
Every run of more than PIECE characters without a space, in the document's body
text, is cut into `<span>`s of PIECE characters: each text box is then short, the
text and its copy-paste are unchanged, and the CSS (`overflow-wrap`) still decides
where the lines break. Words of ordinary length are left alone, so documents
without such words are byte-identical.
"""

from __future__ import annotations

import re

PIECE = 200  # characters; far above any real word, URL or DOI in a talk
# Text between two tags; entities count as one character and are never cut.
_TEXT = re.compile(r">([^<]+)<")
_LONG = re.compile(r"(?:&#?\w+;|[^\s&<>])(?:&#?\w+;|[^\s&<>]|&){" + str(PIECE) + ",}")
_UNIT = re.compile(r"&#?\w+;|[\s\S]")


def cut(html: str) -> str:
    """`html` with every overlong word in its body cut into inline pieces."""
    start = html.find("<body")
    if start < 0 or not _LONG.search(html, start):
        return html
    return html[:start] + _TEXT.sub(_in_text, html[start:])


def _in_text(match: re.Match[str]) -> str:
    return ">" + _LONG.sub(_pieces, match[1]) + "<"


def _pieces(match: re.Match[str]) -> str:
    units = _UNIT.findall(match[0])
    chunks = ["".join(units[i : i + PIECE]) for i in range(0, len(units), PIECE)]
    return "<wbr>".join(chunks)
