"""The one owner of fonts: a theme's font name -> the files that measure it (deck) and draw it (PDFs).

Looked for in this order: the talk's folder (`source/NAME/fonts/`), `templates/fonts/`,
the system's fonts (fontconfig's `fc-match`, read for fonts only), then a metric twin
shipped in `templates/fonts/` (Carlito for Calibri, Liberation Sans/Serif/Mono for
Arial/Times New Roman/Courier New, Caladea for Cambria), then a stand-in set about as wide
(DejaVu Sans for Verdana and Tahoma). A font found nowhere else is measured with DejaVu Sans
or DejaVu Serif made a little wider than it is (so text fits whatever the real font's width)
and drawn in that face; for a stand-in or a substitute the build warns once, naming the font
and how to add it. DejaVu is what LibreOffice and most Linux systems draw in place of a font
they lack, so the deck is measured as it is shown there, line height included: Liberation
Sans, the substitute before, sets lines 4% shorter and text 14% narrower than DejaVu Sans.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from render.errors import Notice
from render.source.paths import TEMPLATES

SHIPPED = TEMPLATES / "fonts"
STYLES = ("Regular", "Bold", "Italic", "BoldItalic")
# Theme font -> the shipped family that sets text the same width (metric-compatible).
TWINS = {
    "calibri": "Carlito",
    "calibri light": "Carlito",
    "carlito": "Carlito",
    "arial": "LiberationSans",
    "helvetica": "LiberationSans",
    "liberation sans": "LiberationSans",
    "times new roman": "LiberationSerif",
    "times": "LiberationSerif",
    "liberation serif": "LiberationSerif",
    "courier new": "LiberationMono",
    "courier": "LiberationMono",
    "liberation mono": "LiberationMono",
    "cambria": "Caladea",
    "caladea": "Caladea",
}
# Theme font -> a shipped family with no metric twin's promise but set about as wide: DejaVu Sans
# descends from Bitstream Vera, drawn on Verdana's proportions (Tahoma is Verdana narrowed, so it
# is measured on the safe side), and LibreOffice shows it in their place where they are absent.
STAND_INS = {"verdana": "DejaVuSans", "tahoma": "DejaVuSans"}
# A font found nowhere is measured this much wider than DejaVu, its substitute: DejaVu Sans is
# already about as wide as the widest common presentation faces (Verdana, Century Gothic), 14%
# wider than Arial; the margin keeps an unknown face's text inside its box (Liberation Sans 20%
# wider, the substitute before, came to the same widths).
WIDEN = 1.05
_SERIF_HINTS = ("serif", "roman", "antiqua", "garamond", "georgia", "times", "book", "palatino", "minion", "mincho")


@dataclass(frozen=True)
class Font:
    name: str  # as the template's theme names it, e.g. "Verdana"
    family: str  # the family the PDFs declare and the measurer keys on
    files: tuple[tuple[str, Path], ...]  # (style, file) for each style found; Regular always
    origin: str  # "talk folder", "templates/fonts", "system", "metric twin", "stand-in", "substitute"
    widen: float = 1.0  # > 1 only for a substitute: measure wider than it draws

    def file(self, style: str) -> Path:
        found = dict(self.files)
        return found.get(style) or found["Regular"]

    @property
    def summary(self) -> str:
        """For the build summary: which file the font came from."""
        where = self.file("Regular")
        shown = where.relative_to(TEMPLATES.parent) if where.is_relative_to(TEMPLATES.parent) else where
        extra = f", measured {round((self.widen - 1) * 100)}% wider" if self.widen != 1.0 else ""
        return f"font {self.name}: {shown} ({self.origin}{extra})"

    @property
    def warning(self) -> str | None:
        if self.origin not in ("stand-in", "substitute"):
            return None
        shown = re.sub(r"(?<=[a-z])(?=(Sans|Serif|Mono)$)", " ", self.family)  # DejaVuSans -> DejaVu Sans
        wide = round((self.widen - 1) * 100)
        measured = f"{shown} {wide}% wider" if wide else f"{shown}, which sets text about as wide,"
        return (
            f"the template's font '{self.name}' is not on this machine: the deck's text is measured as "
            f"{measured} and the PDFs show {shown}. To use "
            f"{self.name} itself, put its .ttf or .otf files (regular, bold, italic) in the talk's folder "
            f"under fonts/, or in templates/fonts/, or install it on this computer."
        )


def resolve(name: str, talk_fonts: Path | None = None) -> Font:
    """The font a theme names, found in the order the module docstring gives."""
    key = name.strip().lower()
    for folder, origin in ((talk_fonts, "talk folder"), (SHIPPED, "templates/fonts")):
        if folder is not None and folder.is_dir():
            files = _scan(folder.resolve(), _stamp(folder)).get(key)
            if files:
                return Font(name, name, files, origin)
    files = _system(key)
    if files:
        return Font(name, name, files, "system")
    if key in TWINS:
        return Font(name, TWINS[key], _shipped(TWINS[key]), "metric twin")
    if key in STAND_INS:
        return Font(name, STAND_INS[key], _shipped(STAND_INS[key]), "stand-in")
    stand_in = "DejaVuSerif" if any(h in key for h in _SERIF_HINTS) else "DejaVuSans"
    return Font(name, stand_in, _shipped(stand_in), "substitute", WIDEN)


_NOTED: list[Font] = []


def note(font: Font) -> None:
    """Record a font a build uses, for its summary; warn (once per build: the summary
    de-duplicates) where it is a substitute."""
    if font not in _NOTED:
        _NOTED.append(font)
    if font.warning:
        warnings.warn(Notice(font.warning, ("template",)), stacklevel=2)


def noted() -> list[Font]:
    return list(_NOTED)


def forget() -> None:
    """A new build starts: its summary names only its own fonts."""
    _NOTED.clear()


def _shipped(family: str) -> tuple[tuple[str, Path], ...]:
    return tuple((s, SHIPPED / f"{family}-{s}.ttf") for s in STYLES if (SHIPPED / f"{family}-{s}.ttf").exists())


def _stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    # Remembered while the folder's font files are unchanged (podium watch asks on every save).
    return tuple(
        (p.name, p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(folder.iterdir())
        if p.suffix.lower() in (".ttf", ".otf") and p.is_file()
    )


@lru_cache(maxsize=16)
def _scan(folder: Path, stamp: tuple[tuple[str, int, int], ...]) -> dict[str, tuple[tuple[str, Path], ...]]:
    """Family name (lower case) -> its styles' files, read from each file's own name table."""
    from fontTools.ttLib import TTFont, TTLibError

    found: dict[str, dict[str, Path]] = {}
    for file_name, _, _ in stamp:
        path = folder / file_name
        try:
            with TTFont(str(path), lazy=True, fontNumber=0) as ttf:
                names = ttf["name"]
                # Typographic family/subfamily (16/17) where given, else the legacy ones (1/2).
                family = names.getDebugName(16) or names.getDebugName(1)
                sub = names.getDebugName(17) or names.getDebugName(2) or "Regular"
        except (TTLibError, OSError, KeyError, AssertionError):
            continue  # not a font we can read: as if it were not there
        if not family:
            continue
        style = _style(sub)
        if style:
            found.setdefault(family.strip().lower(), {}).setdefault(style, path)
    return {k: tuple((s, v[s]) for s in STYLES if s in v) for k, v in found.items() if "Regular" in v}


def _style(sub: str) -> str | None:
    words = sub.lower().replace("-", " ").split()
    bold, italic = "bold" in words, "italic" in words or "oblique" in words
    if not bold and not italic and set(words) - {"regular", "normal", "book", "roman"}:
        return None  # Light, Condensed, Black...: not one of the four faces a slide uses
    return {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic"}.get((bold, italic), "BoldItalic")


@lru_cache(maxsize=32)
def _system(key: str) -> tuple[tuple[str, Path], ...]:
    """The family's files on this system, per fontconfig; () when it would substitute another family."""
    if shutil.which("fc-match") is None or not key or any(c in key for c in ":,\\"):
        return ()
    found: list[tuple[str, Path]] = []
    for style, pattern in zip(STYLES, ("Regular", "Bold", "Italic", "Bold Italic"), strict=True):
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{family}\t%{file}", f"{key}:style={pattern}"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return ()
        families, _, file = out.partition("\t")
        if key not in {f.strip().lower() for f in families.split(",")} or not file:
            if style == "Regular":
                return ()
            continue
        path = Path(file)
        if path.suffix.lower() in (".ttf", ".otf", ".ttc") and path.is_file() and path not in {p for _, p in found}:
            found.append((style, path))
    return tuple(found) if found and found[0][0] == "Regular" else ()
