"""The page margins of a handout laid out in parts: running title, version stamp and "page X of Y", drawn last.

"page X of Y" needs the total before any margin is drawn, and the total is known only once
every part is laid out; the parts are therefore laid out without their margins
(render/pdf/parts.py) and the margins are drawn over the joined pages here, as the whole
document drew them: by WeasyPrint, from the same @page rules (base.css, handout.css), the
same font and colours, at the same places.

WeasyPrint spends about 20 ms on each page's margin boxes, so it does not lay out one margin
page for every page of the handout. Pages differ only in whether they show the title (not
the first), the stamp (from the cover's last page on) and in the digits of their own number;
Carlito's digits all have one width, so two pages alike in those and in their number's count
of digits draw their margins at the same places. WeasyPrint lays out one sample page of each
kind (a handful in all, whatever the length) and one more showing every digit; each page's
margins are then its sample's drawing with its own number's glyphs put in the place of the
sample's. A page's margins are a form XObject drawn after the page's own content, marked as a
pagination artifact: a screen reader skips them, as it should skip a running header.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import pikepdf
from pikepdf import Name

KEY = "page 0123456789 of"  # the extra sample: every digit's glyph, and the words around the number
NAME = Name("/PodiumMargins")
_TJ = re.compile(rb"\[([^\]]*)\]\s*TJ")
_ITEM = re.compile(rb"<([0-9A-Fa-f]*)>|(-?[0-9]*\.?[0-9]+)")


@dataclass(frozen=True)
class Sample:
    """A page WeasyPrint lays out: what its margins show."""

    number: int | None  # the page number it shows (None: the digits' key)
    title: bool
    stamp: bool

    def number_text(self, total: int) -> str:
        return KEY if self.number is None else f"page {self.number} of {total}"


class MarginError(RuntimeError):
    """The sample pages were not drawn as this module expects (a WeasyPrint or font change)."""


def kind(number: int, stamp_from: int) -> tuple[bool, bool, int]:
    return (number > 1, number >= stamp_from, len(str(number)))


def samples(total: int, stamp_from: int) -> list[Sample]:
    """The first page of each kind, in order, and the key of the digits."""
    seen: dict[tuple[bool, bool, int], Sample] = {}
    for number in range(1, total + 1):
        title, stamp, _ = key = kind(number, stamp_from)
        seen.setdefault(key, Sample(number, title, stamp))
    return [*seen.values(), Sample(None, False, False)]


def overlay(
    pdf: pikepdf.Pdf, counts: list[int], page_html: Callable[[list[Sample], int], str], render: Callable[[str], bytes]
) -> None:
    """Draw the margins over the joined pages. `counts` are the parts' page counts (the first the cover's),
    `page_html` the HTML of the sample pages, `render` lays an HTML out as an untagged PDF."""
    total = len(pdf.pages)
    stamp_from = counts[0]  # the stamp is the cover's last line: shown from the cover's last page on
    chosen = samples(total, stamp_from)
    with pikepdf.open(io.BytesIO(render(page_html(chosen, total)))) as sampled:
        if len(sampled.pages) != len(chosen):
            raise MarginError(f"{len(chosen)} sample pages were asked for, {len(sampled.pages)} laid out")
        drawings = [_data(page) for page in sampled.pages]
        glyphs = _key(drawings[-1])
        resources = [pdf.copy_foreign(sampled.make_indirect(page.obj.Resources)) for page in sampled.pages[:-1]]
    templates = {
        kind(s.number, stamp_from): (i, _template(drawings[i], s.number_text(total), len(str(s.number)), glyphs))
        for i, s in enumerate(chosen[:-1])
        if s.number is not None
    }
    opening = pdf.make_stream(b"q\n")
    closing = pdf.make_stream(b"\nQ\n/Artifact << /Type /Pagination >> BDC\n/PodiumMargins Do\nEMC\n")
    for number, page in enumerate(pdf.pages, start=1):
        index, (before, after) = templates[kind(number, stamp_from)]
        digits = b"".join(b"<" + glyphs[d] + b">" for d in str(number))
        form = pdf.make_stream(
            before + digits + after,
            Type=Name.XObject,
            Subtype=Name.Form,
            BBox=pikepdf.Array(page.mediabox),
            Resources=resources[index],
        )
        page = page.obj
        # A page's own copy of its resources and their XObjects: pages may share them.
        own = pikepdf.Dictionary({key: value for key, value in page.Resources.items()})
        xobjects = pikepdf.Dictionary({key: value for key, value in own.get(Name.XObject, {}).items()})
        xobjects[NAME] = form
        own.XObject = xobjects
        page.Resources = own
        contents = page.Contents
        old = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        page.Contents = pikepdf.Array([opening, *old, closing])


def _data(page: pikepdf.Page) -> bytes:
    contents = page.obj.Contents
    return b"".join(c.read_bytes() for c in contents) if isinstance(contents, pikepdf.Array) else contents.read_bytes()


def _tokens(array: bytes) -> list[tuple[bytes | None, bytes]]:
    """A TJ array's items, one a glyph: (its code, two bytes in hex; or None for a spacing number, the bytes)."""
    out: list[tuple[bytes | None, bytes]] = []
    for match in _ITEM.finditer(array):
        hexed = match.group(1)
        if hexed is None:
            out.append((None, match.group(0)))
            continue
        if len(hexed) % 4:
            raise MarginError("the margins' font is not written with two-byte codes")
        out += [(hexed[i : i + 4].upper(), b"<" + hexed[i : i + 4] + b">") for i in range(0, len(hexed), 4)]
    return out


def _key(drawing: bytes) -> dict[str, bytes]:
    """Each character of KEY -> its glyph's code, read from the key page (its only text)."""
    codes = [c for array in _TJ.findall(drawing) for c, _ in _tokens(array) if c is not None]
    if len(codes) != len(KEY):
        raise MarginError(f"the digits' key drew {len(codes)} glyphs for {len(KEY)} characters")
    found: dict[str, bytes] = {}
    for char, code in zip(KEY, codes, strict=True):
        if found.setdefault(char, code) != code:
            raise MarginError(f"{char!r} was drawn with two glyphs")
    return found


def _template(drawing: bytes, text: str, digits: int, glyphs: dict[str, bytes]) -> tuple[bytes, bytes]:
    """A sample page's drawing cut around its number's digits: (before, after)."""
    decode = {code: char for char, code in glyphs.items()}
    for match in _TJ.finditer(drawing):
        tokens = _tokens(match.group(1))
        if "".join(decode.get(c, "\0") for c, _ in tokens if c is not None) != text:
            continue
        glyph_at = [i for i, (c, _) in enumerate(tokens) if c is not None]
        first, last = glyph_at[5], glyph_at[5 + digits - 1]  # "page " comes before the number's digits
        # The spacing numbers between the sample's digits are left out: Carlito's digits kern with nothing.
        head = drawing[: match.start()] + b"[" + b"".join(t for _, t in tokens[:first])
        tail = b"".join(t for _, t in tokens[last + 1 :]) + b"] TJ" + drawing[match.end() :]
        return head, tail
    raise MarginError(f"no line of the sample page reads {text!r}")
