"""The deck template's theme -> the colours and font family the handout's slide cards use.

Read from `ppt/theme/theme1.xml` inside templates/podium.pptx at build time, so
the cards follow the deck when its template changes. Theme fonts are mapped to
families shipped in templates/fonts/ (Calibri -> Carlito, its metric twin):
a PDF never depends on the machine's fonts and never fetches one.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from render.source.paths import TEMPLATES

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
FONTS = TEMPLATES / "fonts"
# Office theme fonts -> the shipped family that sets text the same width.
TWINS = {"Calibri": "Carlito", "Calibri Light": "Carlito"}
FACES = {"Regular": ("normal", "normal"), "Bold": ("bold", "normal"), "Italic": ("normal", "italic")}
FACES["BoldItalic"] = ("bold", "italic")


class ThemeError(Exception):
    pass


@dataclass(frozen=True)
class FontFace:
    family: str
    file: str  # relative to templates/
    weight: str
    style: str


@dataclass(frozen=True)
class Theme:
    dark: str  # dk1: the slide's text
    dark2: str  # dk2: headings outside the cards
    light: str  # lt1: the slide's background
    accent: str  # accent1: card frames and links
    heading_font: str  # majorFont, as a shipped family
    body_font: str  # minorFont, as a shipped family

    @property
    def faces(self) -> list[FontFace]:
        """@font-face rules for every shipped file of the theme's families."""
        out = []
        for family in dict.fromkeys((self.heading_font, self.body_font)):
            for name, (weight, style) in FACES.items():
                path = FONTS / f"{family}-{name}.ttf"
                if path.exists():
                    out.append(FontFace(family, f"fonts/{path.name}", weight, style))
        return out


def read_theme(pptx: Path) -> Theme:
    try:
        with zipfile.ZipFile(pptx) as package:
            root = etree.fromstring(package.read("ppt/theme/theme1.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise ThemeError(f"{pptx}: cannot read the deck template's theme ({exc})") from None
    scheme = root.find(f"{A}themeElements/{A}clrScheme")
    fonts = root.find(f"{A}themeElements/{A}fontScheme")
    if scheme is None or fonts is None:
        raise ThemeError(f"{pptx}: the theme has no colour or font scheme")
    try:
        return Theme(
            dark=_colour(scheme, "dk1"),
            dark2=_colour(scheme, "dk2"),
            light=_colour(scheme, "lt1"),
            accent=_colour(scheme, "accent1"),
            heading_font=_family(fonts, "majorFont"),
            body_font=_family(fonts, "minorFont"),
        )
    except ThemeError as exc:
        raise ThemeError(f"{pptx}: {exc}") from None


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


def _family(fonts: etree._Element, kind: str) -> str:
    latin = fonts.find(f"{A}{kind}/{A}latin")
    name = latin.get("typeface", "") if latin is not None else ""
    family = TWINS.get(name, name)
    if not (FONTS / f"{family}-Regular.ttf").exists():
        raise ThemeError(
            f"the deck template's theme font '{name}' is not shipped: add {family}-Regular.ttf "
            f"(and its bold and italic) to templates/fonts/ or map it in render/pdf/theme.py"
        )
    return family


def _gray(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    y = round(0.2126 * r + 0.7152 * g + 0.0722 * b)  # Rec. 709 luminance, as print drivers do
    return f"#{y:02x}{y:02x}{y:02x}"


@dataclass(frozen=True)
class Box:
    """A placeholder's place on the slide, in points from the top left corner."""

    left: float
    top: float
    width: float
    height: float
