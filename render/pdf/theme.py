"""The deck template's theme -> the colours and fonts the handout's slide cards use.

Read from the deck template's own theme part (whichever the master names), so the cards
follow the deck when its template changes. Fonts come from render.deck.fonts, the one owner
of fonts: the same files that measured the deck draw the PDFs, and the PDF reads no font
that module did not choose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from render.deck.fonts import Font
from render.deck.template import Template

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
FACES = {"Regular": ("normal", "normal"), "Bold": ("bold", "normal"), "Italic": ("normal", "italic")}
FACES["BoldItalic"] = ("bold", "italic")


class ThemeError(Exception):
    pass


@dataclass(frozen=True)
class FontFace:
    family: str
    file: str  # a file: URI
    weight: str
    style: str


@dataclass(frozen=True)
class Theme:
    dark: str  # dk1: the slide's text
    dark2: str  # dk2: headings outside the cards
    light: str  # lt1: the slide's background
    accent: str  # accent1: card frames and links
    heading_font: str  # majorFont's family, as render.deck.fonts found it
    body_font: str  # minorFont's family
    fonts: tuple[Font, ...] = ()

    @property
    def faces(self) -> list[FontFace]:
        """@font-face rules for every file of the theme's fonts."""
        out = []
        for font in dict.fromkeys(self.fonts):
            for style, path in font.files:
                weight, slant = FACES[style]
                out.append(FontFace(font.family, path.as_uri(), weight, slant))
        return out

    @property
    def files(self) -> list[Path]:
        """The font files the PDF may read (its fetcher serves nothing else outside templates/)."""
        return [path for font in self.fonts for _, path in font.files]


def read_theme(template: Template) -> Theme:
    try:
        root = etree.fromstring(template.theme_xml)
    except etree.XMLSyntaxError as exc:
        raise ThemeError(f"{template.path}: cannot read the deck template's theme ({exc})") from None
    scheme = root.find(f"{A}themeElements/{A}clrScheme")
    if scheme is None:
        raise ThemeError(f"{template.path}: the theme has no colour scheme")
    heading, body = template.heading, template.body
    try:
        return Theme(
            dark=_colour(scheme, "dk1"),
            dark2=_colour(scheme, "dk2"),
            light=_colour(scheme, "lt1"),
            accent=_colour(scheme, "accent1"),
            heading_font=heading.family,
            body_font=body.family,
            fonts=(heading, body),
        )
    except ThemeError as exc:
        raise ThemeError(f"{template.path}: {exc}") from None


def grayscale(theme: Theme) -> Theme:
    """The same theme for a black-and-white printer: each colour as its luminance."""
    return replace(
        theme,
        dark=_gray(theme.dark),
        dark2=_gray(theme.dark2),
        light=_gray(theme.light),
        accent=_gray(theme.accent),
    )


def _colour(scheme: etree._Element, name: str) -> str:
    slot = scheme.find(f"{A}{name}")
    value = None
    if slot is not None and len(slot):
        colour = slot[0]
        # A system colour (windowText, window) carries the value it last had.
        value = colour.get("val") if colour.tag == f"{A}srgbClr" else colour.get("lastClr")
    if not value or not re.fullmatch(r"[0-9A-Fa-f]{6}", value):  # it goes into CSS: hex digits only
        raise ThemeError(f"the deck template's theme colour '{name}' is not an RGB colour")
    return f"#{value.lower()}"


def gray(colour: str) -> str:
    """A colour as its luminance, for black-and-white printers."""
    return _gray(colour)


def _gray(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    y = round(0.2126 * r + 0.7152 * g + 0.0722 * b)  # Rec. 709 luminance, as print drivers do
    return f"#{y:02x}{y:02x}{y:02x}"


@dataclass(frozen=True)
class Rect:
    """A placeholder's place on the slide, in points from the top left corner."""

    left: float
    top: float
    width: float
    height: float
