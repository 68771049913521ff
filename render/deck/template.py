"""Read a deck template: its layouts by name, their placeholders by type and idx, their text styles.

Works the same on podium's own `templates/podium.pptx` and on an institution's
.pptx or .potx. Everything the planner needs to measure (box sizes, font sizes,
margins, which footer placeholders a layout shows) is read here once, so the
planner never touches a file format. Missing layouts fail listing what the
template offers.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationFile
from pptx.slide import SlideLayout

from render.deck.fit import Style

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "podium.pptx"

# Our layout names -> the layout names to look for, in order. Office's standard names
# come after ours, so any institution's template built on Office's layouts just works.
CANDIDATES: dict[str, tuple[str, ...]] = {
    "title": ("Title Slide",),
    "section": ("Section Header",),
    "content": ("Title and Content",),
    "two-content": ("Two Content",),
    "comparison": ("Comparison",),
    "quote": ("Quote", "Title and Content"),
    "image": ("Picture with Caption", "Title Only"),
    "table": ("Title Only", "Title and Content"),
    "references": ("References", "Title and Content"),
    "quiz": ("Quiz Question", "Title and Content"),
}
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
TEXT_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)
FOOTER_TYPES = {PP_PLACEHOLDER.DATE: "date", PP_PLACEHOLDER.FOOTER: "footer", PP_PLACEHOLDER.SLIDE_NUMBER: "number"}
EMU_PER_PT = 12700
_POTX = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
_NOT_PPTX = (
    _POTX,
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",  # .pptm
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",  # .potm
)


class TemplateError(Exception):
    pass


# What python-pptx and lxml raise on a package whose parts or relationships are missing or wrong.
_DAMAGE = (KeyError, ValueError, TypeError, AttributeError, IndexError, etree.XMLSyntaxError, zipfile.BadZipFile)


@contextmanager
def readable(path: Path) -> Iterator[None]:
    """Turn a damaged package's library errors (found lazily, as parts are reached) into a TemplateError."""
    try:
        yield
    except TemplateError:
        raise
    except _DAMAGE as exc:
        damage = f"{type(exc).__name__}: {exc}"
        raise TemplateError(f"{path}: this PowerPoint file is damaged and cannot be used ({damage})") from None


@dataclass(frozen=True)
class Box:
    """A placeholder: where it is (EMU), its usable size and text style (points)."""

    idx: int
    left: int
    top: int
    width_emu: int
    height_emu: int
    width: float  # usable width in points, insets taken off
    height: float
    sizes: tuple[float, ...]  # default font size per level
    margins: tuple[float, ...]  # left margin of the text per level
    bullets: bool  # whether level 1 carries a bullet
    space_before: float  # fraction of the font size
    line_spacing: float  # 1.0 = single

    @property
    def style(self) -> Style:
        return Style(self.margins, self.space_before, self.line_spacing)


@dataclass(frozen=True)
class Layout:
    ours: str
    name: str
    title: Box
    texts: tuple[Box, ...]  # text placeholders, left to right then top to bottom
    picture: Box | None
    footers: dict[str, int] = field(default_factory=dict)  # date/footer/number -> idx
    footer_boxes: dict[int, Box] = field(default_factory=dict)  # idx -> where it sits


@dataclass(frozen=True)
class Template:
    path: Path
    width: int  # slide size, EMU
    height: int
    font: str  # the theme's body font (Latin)
    layouts: dict[str, Layout]


def open_presentation(path: Path) -> PresentationFile:
    """Open a .pptx or .potx (read once, its zip bounded, cleaned of links, objects and macros).

    python-pptx refuses a template's (and a macro-enabled file's) content type, so that is
    rewritten in memory to a plain presentation's."""
    from render.deck.sanitise import sanitise
    from render.source import container, paths

    try:
        data = paths.read_regular(path, paths.TEMPLATE)
        container.check(data, str(path))
    except (paths.PathRefused, container.ContainerRefused) as exc:
        raise TemplateError(str(exc) if str(exc).startswith(str(path)) else f"{path}: {exc}") from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            types = z.read("[Content_Types].xml")
            if any(kind.encode() in types for kind in _NOT_PPTX):
                out = io.BytesIO()
                with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
                    for item in z.infolist():
                        body = z.read(item.filename)
                        if item.filename == "[Content_Types].xml":
                            for kind in _NOT_PPTX:
                                body = body.replace(kind.encode(), _PPTX.encode())
                        w.writestr(item, body)
                data = out.getvalue()
        prs = Presentation(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError):
        raise TemplateError(f"{path}: this is not a PowerPoint file (.pptx or .potx)") from None
    except etree.XMLSyntaxError as exc:
        raise TemplateError(f"{path}: a part of this PowerPoint file is not well-formed XML ({exc})") from None
    except (ValueError, TypeError, AttributeError) as exc:
        raise TemplateError(f"{path}: this PowerPoint file cannot be read ({exc})") from None
    with readable(path):
        _drop_sample_slides(prs)
        dropped = sanitise(prs)
    if dropped:
        # Once per file read; the build's summary lists it with the other warnings.
        warnings.warn(f"{path}: left out of the deck from the template: {', '.join(dropped)}", stacklevel=2)
    return prs


def _drop_sample_slides(prs: PresentationFile) -> None:
    # A template's own example slides must not end up in the deck.
    id_list = prs.slides._sldIdLst
    for entry in list(id_list):
        prs.part.drop_rel(entry.get(qn("r:id")))
        id_list.remove(entry)


def read(path: Path = TEMPLATE, mapping: dict[str, str] | None = None, needed: set[str] | None = None) -> Template:
    """The template's layouts for our layout names (those `needed`, default all); fails listing what is
    missing and what the template offers. `podium watch` asks again on every save: while the file
    is unchanged (same size and modification time), the answer is remembered."""
    try:
        stat = path.stat()
    except OSError:
        return _read(path, mapping, needed)  # open_presentation says what is wrong with the file
    wanted = frozenset(needed) if needed is not None else None
    return _remembered(path, (stat.st_mtime_ns, stat.st_size), tuple(sorted((mapping or {}).items())), wanted)


@lru_cache(maxsize=8)
def _remembered(
    path: Path, when: tuple[int, int], mapping: tuple[tuple[str, str], ...], needed: frozenset[str] | None
) -> Template:
    return _read(path, dict(mapping), set(needed) if needed is not None else None)


def _read(path: Path, mapping: dict[str, str] | None, needed: set[str] | None) -> Template:
    with readable(path):
        return _read_layouts(path, mapping, needed)


def _read_layouts(path: Path, mapping: dict[str, str] | None, needed: set[str] | None) -> Template:
    prs = open_presentation(path)
    by_name = {layout.name: layout for layout in prs.slide_layouts}
    mapping = mapping or {}
    layouts: dict[str, Layout] = {}
    missing: list[str] = []
    for ours, names in CANDIDATES.items():
        if needed is not None and ours not in needed:
            continue
        wanted = (mapping[ours],) if ours in mapping else names
        found = next((by_name[n] for n in wanted if n in by_name), None)
        if found is None:
            missing.append(f"{ours} (looked for {' or '.join(repr(n) for n in wanted)})")
            continue
        try:
            layouts[ours] = _layout(ours, found, prs)
        except TemplateError as exc:
            missing.append(str(exc))
    if missing:
        offered = "; ".join(f"'{n}' ({_describe(layout)})" for n, layout in by_name.items())
        raise TemplateError(
            f"{path}: the template lacks {', '.join(missing)}. Its layouts are: {offered}. "
            "Map ours to theirs under `template: layouts:` in the source."
        )
    return Template(path, int(prs.slide_width), int(prs.slide_height), _theme_font(prs), layouts)


def _layout(ours: str, layout: SlideLayout, prs: PresentationFile) -> Layout:
    master = layout.slide_master
    title = texts = picture = None
    texts = []
    footers: dict[str, int] = {}
    footer_boxes: dict[int, Box] = {}
    for ph in layout.placeholders:
        kind = ph.placeholder_format.type
        if kind in TITLE_TYPES:
            title = _box(ph, master, "title")
        elif kind in FOOTER_TYPES:
            footers[FOOTER_TYPES[kind]] = ph.placeholder_format.idx
            footer_boxes[ph.placeholder_format.idx] = _box(ph, master, "body")
        elif kind == PP_PLACEHOLDER.PICTURE:
            picture = _box(ph, master, "body")
        elif kind in TEXT_TYPES:
            texts.append(_box(ph, master, "body"))
    if title is None:
        raise TemplateError(f"a title placeholder on layout '{layout.name}' (for {ours} slides)")
    texts.sort(key=lambda b: (round(b.left / EMU_PER_PT / 36), b.top))  # columns, then top to bottom
    return Layout(ours, layout.name, title, tuple(texts), picture, footers, footer_boxes)


def _master_placeholder(ph, master):
    """The master's placeholder that a layout placeholder inherits from (same type), or None."""
    ptype = ph.placeholder_format.type
    for mp in master.placeholders:
        if mp.placeholder_format.type == ptype or (ptype in TEXT_TYPES and mp.placeholder_format.type in TEXT_TYPES):
            return mp
    return None


def _inherited(ph, master, attr: str) -> int:
    value = getattr(ph, attr)
    if value is None:  # no box on the layout nor on its master placeholder of the same type
        mp = _master_placeholder(ph, master)
        if mp is None:
            raise TemplateError(f"a box for placeholder '{ph.name}'")
        return int(getattr(mp, attr))
    return int(value)


def _box(ph, master, role: str) -> Box:
    left, top, width, height = (_inherited(ph, master, a) for a in ("left", "top", "width", "height"))
    body_pr = ph._element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
    insets = [91440, 91440, 45720, 45720]
    if body_pr is not None:
        for i, name in enumerate(("lIns", "rIns", "tIns", "bIns")):
            if body_pr.get(name) is not None:
                insets[i] = int(body_pr.get(name))
    sizes, margins, bullets, space, spacing = _style(ph, master, role)
    return Box(
        idx=ph.placeholder_format.idx,
        left=left,
        top=top,
        width_emu=width,
        height_emu=height,
        width=(width - insets[0] - insets[1]) / EMU_PER_PT,
        height=(height - insets[2] - insets[3]) / EMU_PER_PT,
        sizes=sizes,
        margins=margins,
        bullets=bullets,
        space_before=space,
        line_spacing=spacing,
    )


def _style(ph, master, role: str) -> tuple[tuple[float, ...], tuple[float, ...], bool, float, float]:
    """Size, margin per level, bullets, spacing: the layout's own list style over the master's."""
    styles = master._element.find(qn("p:txStyles"))
    base = styles.find(qn("p:titleStyle" if role == "title" else "p:bodyStyle"))
    own = ph._element.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")
    # The master placeholder's own list style comes between: the slide number's 12 pt lives there.
    mp = _master_placeholder(ph, master)
    inherited = mp._element.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}") if mp is not None else None
    sizes: list[float] = []
    margins: list[float] = []
    bullets, space, spacing = False, 0.0, 1.0
    for level in (1, 2):
        tag = qn(f"a:lvl{level}pPr")
        chain = [e for e in (own, inherited, base) if e is not None and e.find(tag) is not None]
        chain = [e.find(tag) for e in chain]

        def pick(path: str, attr: str, default: float, chain: list[etree._Element] = chain) -> float:
            for element in chain:
                node = element.find(path) if path else element
                if node is not None and node.get(attr) is not None:
                    return float(node.get(attr))
            return default

        sizes.append(pick(qn("a:defRPr"), "sz", 4400 if role == "title" else 1800) / 100)
        margins.append(pick("", "marL", 0) / EMU_PER_PT)
        if level == 1:
            for element in chain:  # the nearest style that says anything about bullets decides
                if element.find(qn("a:buNone")) is not None:
                    break
                if element.find(qn("a:buChar")) is not None or element.find(qn("a:buAutoNum")) is not None:
                    bullets = role != "title"
                    break
            space = pick(f"{qn('a:spcBef')}/{qn('a:spcPct')}", "val", 0) / 100000
            spacing = pick(f"{qn('a:lnSpc')}/{qn('a:spcPct')}", "val", 100000) / 100000
    return tuple(sizes), tuple(margins), bullets, space, spacing


def _theme_font(prs: PresentationFile) -> str:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme = etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    latin = theme.find(f".//{qn('a:minorFont')}/{qn('a:latin')}")
    return latin.get("typeface") if latin is not None else "Calibri"


def _describe(layout: SlideLayout) -> str:
    parts = []
    for ph in layout.placeholders:
        fmt = ph.placeholder_format
        parts.append(f"{str(fmt.type).split('.')[-1].split(' ')[0].lower()} idx {fmt.idx}")
    return ", ".join(parts) or "no placeholders"


def inspect(path: Path) -> str:
    """What `podium inspect-template` prints: each layout, its placeholders, and which of ours it serves."""
    with readable(path):
        return _inspect(path)


def _inspect(path: Path) -> str:
    prs = open_presentation(path)
    lines = [
        f"{path}: {prs.slide_width / 914400:.2f} x {prs.slide_height / 914400:.2f} in, theme font {_theme_font(prs)}"
    ]
    serves: dict[str, list[str]] = {}
    for ours, names in CANDIDATES.items():
        found = next((n for n in names if n in {lay.name for lay in prs.slide_layouts}), None)
        if found:
            serves.setdefault(found, []).append(ours)
    for layout in prs.slide_layouts:
        used = f"  <- podium {', '.join(serves[layout.name])}" if layout.name in serves else ""
        lines.append(f"  layout '{layout.name}'{used}")
        for ph in layout.placeholders:
            fmt = ph.placeholder_format
            kind = str(fmt.type).split(".")[-1].split(" ")[0]
            lines.append(f"    idx {fmt.idx:<3} {kind:<14} '{ph.name}'")
    missing = [ours for ours in CANDIDATES if not any(ours in v for v in serves.values())]
    if missing:
        lines.append(f"  not found (map them under `template: layouts:`): {', '.join(missing)}")
    return "\n".join(lines)
