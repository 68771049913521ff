"""Read a deck template: its layouts by name, their placeholders by type and idx, their text styles.

Works the same on podium's own `templates/podium.pptx` and on an institution's
.pptx or .potx. Everything the planner needs to measure (box sizes, font sizes,
margins, which footer placeholders a layout shows) is read here once, so the
planner never touches a file format. Missing layouts fail listing what the
template offers.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationFile
from pptx.slide import SlideLayout

from render.deck import fonts
from render.deck.artwork import Colours, Look, look, text_colour
from render.deck.fit import Spacing, Style
from render.deck.fonts import Font

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "podium.pptx"

# How each of our layouts finds its layout in a template, in order: by name (ours, then
# Office's English names), then by the layout's standard type (what every layout file
# states, whatever language its name is in), then by the placeholders it carries, then
# another role's layout. `template: layouts:` in the source overrides all of them.
Step = tuple[str, str]  # ("name", "Title Slide"), ("type", "title"), ("shape", "title"), ("role", "content")
STEPS: dict[str, tuple[Step, ...]] = {
    "title": (("name", "Title Slide"), ("type", "title"), ("shape", "title"), ("role", "content")),
    "section": (("name", "Section Header"), ("type", "secHead"), ("role", "title")),
    "content": (("name", "Title and Content"), ("type", "obj"), ("type", "tx"), ("shape", "content")),
    "two-content": (
        ("name", "Two Content"),
        ("type", "twoObj"),
        ("type", "twoTxTwoObj"),
        ("shape", "two"),
        ("stack", "content"),
    ),
    "comparison": (("name", "Comparison"), ("type", "twoTxTwoObj"), ("role", "two-content")),
    "quote": (("name", "Quote"), ("role", "content")),
    "image": (
        ("name", "Picture with Caption"),
        ("type", "picTx"),
        ("name", "Title Only"),
        ("type", "titleOnly"),
        ("role", "content"),
    ),
    # Picture on the left, bullets on the right: "Two Content" first, as Office's 2007-style
    # "Picture with Caption" (ours) leaves a two-line caption box for the bullets.
    "image-text": (("name", "Two Content"), ("name", "Picture with Caption"), ("type", "twoObj"), ("type", "picTx")),
    "table": (("name", "Title Only"), ("type", "titleOnly"), ("role", "content")),
    "chart": (("name", "Title Only"), ("type", "titleOnly"), ("role", "content")),
    "references": (("name", "References"), ("role", "content")),
    "quiz": (("name", "Quiz Question"), ("role", "content")),
}
# What a layout must carry to serve a role: text placeholders besides its title.
NEEDS = {
    "title": 1,
    "section": 1,
    "content": 1,
    "two-content": 2,
    "comparison": 2,
    "quote": 1,
    "image": 0,
    "image-text": 1,
    "table": 0,
    "chart": 0,
    "references": 1,
    "quiz": 1,
}
TALL = 0.2  # a list needs a text box at least this share of the slide's height (not a one-line strip)
# A table or picture on a layout with no text box goes below the title: it needs this share of the
# slide's height there (a real template's "Title Only" sets its title in the middle of the slide).
ROOM = 0.4
CANDIDATES = {ours: tuple(v for k, v in steps if k == "name") for ours, steps in STEPS.items()}
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
class Level:
    """How one list level's text looks, as the nearest style of its chain says (the layout
    placeholder's list style, its master placeholder's, the master's text style): what the deck
    shows where the slide's own paragraphs and runs say nothing, and so what the cards draw."""

    align: str = "l"  # algn: l, ctr, r, just, dist
    bold: bool = False
    italic: bool = False
    caps: str = ""  # cap: "all" or "small"
    colour: str | None = None  # "#rrggbb"
    bullet: str = ""  # the marker as drawn ("" = none)
    bullet_colour: str | None = None  # the marker's own colour (None = the text's)


# Symbol fonts' bullet characters as the Unicode marks they draw (a text font would show the letter).
_SYMBOL_BULLETS = {
    "wingdings": {"§": "▪", "Ø": "➢", "ü": "✓", "q": "❑", "v": "❖", "n": "■", "l": "●", "Ÿ": "•", "ð": "➔"},
    "symbol": {"·": "•", "-": "–"},
}


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
    space_before: float  # fraction of the font size
    line_spacing: float  # 1.0 = single
    spacing: tuple[Spacing, ...] = ()  # per level: before, after and line spacing as the template sets them
    hangs: tuple[float, ...] = ()  # per level: how far the bullet hangs left of the text (points)
    colour: str | None = None  # level 1's text colour, "#rrggbb", where the template says
    levels: tuple[Level, ...] = (Level(), Level())  # levels 1 and 2: alignment, weight, slant, colour, marker
    anchor: str = "t"  # where the text sits in its box: t, ctr or b (bodyPr anchor)

    @property
    def style(self) -> Style:
        return Style(self.margins, self.space_before, self.line_spacing, self.spacing)


@dataclass(frozen=True)
class Layout:
    ours: str
    name: str  # as the template names it
    key: str  # unique in the template (names may repeat under several masters)
    title: Box
    texts: tuple[Box, ...]  # text placeholders, left to right then top to bottom
    picture: Box | None
    footers: dict[str, int] = field(default_factory=dict)  # date/footer/number -> idx
    footer_boxes: dict[int, Box] = field(default_factory=dict)  # idx -> where it sits
    look: Look = field(default_factory=Look)  # background and artwork behind the text
    stacked: bool = False  # a two-column role served by a one-text layout: columns one after the other


@dataclass(frozen=True)
class Template:
    path: Path
    width: int  # slide size, EMU
    height: int
    font: str  # the body text's font (Latin): the theme's, or the master's own (_theme_fonts)
    layouts: dict[str, Layout]
    heading_font: str = ""  # the titles' font, likewise; "" = the body font
    theme_xml: bytes = b""  # the master's theme part, for the PDFs' colours
    talk_fonts: Path | None = None  # the talk's own fonts folder, searched first

    @property
    def body(self) -> Font:
        """The file that measures and draws the body font (render.deck.fonts decides)."""
        return fonts.resolve(self.font, self.talk_fonts)

    @property
    def heading(self) -> Font:
        return fonts.resolve(self.heading_font or self.font, self.talk_fonts)


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
        _number_placeholders(prs)
        dropped = sanitise(prs)
    if dropped:
        # Once per file read; the build's summary lists it with the other warnings.
        warnings.warn(f"{path}: left out of the deck from the template: {', '.join(dropped)}", stacklevel=2)
    return prs


def _number_placeholders(prs: PresentationFile) -> None:
    """Give each of a layout's placeholders that has no `idx` (LibreOffice writes none: the standard
    says it is then 0, the title's) a number of its own. Sharing the title's, a slide's text boxes
    took the title's place and one another's text, in python-pptx and in LibreOffice alike."""
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            phs = list(layout._element.iter(qn("p:ph")))
            taken = {int(ph.get("idx")) for ph in phs if (ph.get("idx") or "").isdigit()}
            fresh = max(taken | {0}) + 1
            for ph in phs:
                if ph.get("idx") is None and ph.get("type") not in ("title", "ctrTitle"):
                    ph.set("idx", str(fresh))
                    fresh += 1


def _drop_sample_slides(prs: PresentationFile) -> None:
    # A template's own example slides must not end up in the deck.
    id_list = prs.slides._sldIdLst
    for entry in list(id_list):
        prs.part.drop_rel(entry.get(qn("r:id")))
        id_list.remove(entry)


def read(
    path: Path = TEMPLATE,
    mapping: dict[str, str] | None = None,
    needed: set[str] | None = None,
    talk_fonts: Path | None = None,
) -> Template:
    """The template's layouts for our layout names (those `needed`, default all); fails listing what is
    missing and what the template offers. `podium watch` asks again on every save: while the file
    is unchanged (same size and modification time), the answer is remembered."""
    try:
        stat = path.stat()
    except OSError:
        return _read(path, mapping, needed)  # open_presentation says what is wrong with the file
    wanted = frozenset(needed) if needed is not None else None
    found = _remembered(path, (stat.st_mtime_ns, stat.st_size), tuple(sorted((mapping or {}).items())), wanted)
    return replace(found, talk_fonts=talk_fonts) if talk_fonts is not None else found


@lru_cache(maxsize=8)
def _remembered(
    path: Path, when: tuple[int, int], mapping: tuple[tuple[str, str], ...], needed: frozenset[str] | None
) -> Template:
    return _read(path, dict(mapping), set(needed) if needed is not None else None)


def layouts_of(prs: PresentationFile) -> list[tuple[str, SlideLayout]]:
    """Every layout under every master (python-pptx's slide_layouts shows the first master's only),
    each with a key unique in the file: its name, or its name and master where names repeat."""
    found = [layout for master in prs.slide_masters for layout in master.slide_layouts]
    counts: dict[str, int] = {}
    for layout in found:
        counts[layout.name] = counts.get(layout.name, 0) + 1
    out: list[tuple[str, SlideLayout]] = []
    seen: set[str] = set()
    for n, layout in enumerate(found, start=1):
        key = layout.name if counts[layout.name] == 1 and layout.name else f"{layout.name or 'layout'} (#{n})"
        while key in seen:
            key += "'"
        seen.add(key)
        out.append((key, layout))
    return out


@dataclass(frozen=True)
class _Offer:
    """What a layout offers, read once: its type and its placeholders by kind."""

    key: str
    layout: SlideLayout
    type: str
    title: bool
    centred: bool
    subtitle: bool
    texts: int  # text placeholders (body, object, subtitle)
    tall: float = 1.0  # its tallest text placeholder, as a share of the slide's height
    tall2: float = 1.0  # its second tallest
    room: float = 1.0  # the share of the slide's height below its title

    def serves(self, role: str) -> bool:
        roomy = self.tall >= TALL or role in ("title", "section", "image", "table")
        if role in ("image", "table") and not self.texts:
            roomy = self.room >= ROOM
        if NEEDS[role] >= 2:
            roomy = self.tall2 >= TALL
        return self.title and self.texts >= NEEDS[role] and roomy

    def lacks(self, role: str) -> str:
        if not self.title:
            return "no title placeholder"
        if role in ("image", "table") and not self.texts and self.room < ROOM:
            return f"its title leaves only {self.room:.0%} of the slide's height below it, too little for a {role}"
        if self.texts >= NEEDS[role]:
            return f"its text box is only {self.tall:.0%} of the slide's height, too small for a list"
        return f"{self.texts} text placeholder{'s' if self.texts != 1 else ''}, {role} slides need {NEEDS[role]}"


def _offers(prs: PresentationFile) -> list[_Offer]:
    out = []
    for key, layout in layouts_of(prs):
        kinds = [ph.placeholder_format.type for ph in layout.placeholders]
        heights = []
        room = 1.0
        for ph in layout.placeholders:
            try:
                if ph.placeholder_format.type in TEXT_TYPES:
                    heights.append(_inherited(ph, layout.slide_master, "height"))
                elif ph.placeholder_format.type in TITLE_TYPES:
                    bottom = _inherited(ph, layout.slide_master, "top") + _inherited(ph, layout.slide_master, "height")
                    room = max(0, int(prs.slide_height) - bottom) / int(prs.slide_height)
            except TemplateError:
                continue
        out.append(
            _Offer(
                key,
                layout,
                layout._element.get("type") or "cust",
                any(k in TITLE_TYPES for k in kinds),
                PP_PLACEHOLDER.CENTER_TITLE in kinds,
                PP_PLACEHOLDER.SUBTITLE in kinds,
                sum(k in TEXT_TYPES for k in kinds),
                max(heights, default=0) / int(prs.slide_height),
                sorted(heights)[-2] / int(prs.slide_height) if len(heights) > 1 else 0.0,
                room,
            )
        )
    return out


@dataclass(frozen=True)
class Choice:
    """Which layout serves one of our roles, and why (what `inspect-template` prints)."""

    role: str
    key: str | None
    why: str
    passed: tuple[str, ...] = ()  # layouts that matched a step but lack the placeholders the role needs
    stacked: bool = False  # two columns set one after the other in a one-text layout


def choose(prs: PresentationFile, mapping: dict[str, str] | None = None) -> dict[str, Choice]:
    """Every role's layout: the mapping, then names, then types, then placeholders, then another role's."""
    offers = _offers(prs)
    by_key = {o.key: o for o in offers}
    mapping = mapping or {}
    chosen: dict[str, Choice] = {}

    def pick(role: str, depth: int = 0) -> Choice:
        if role in chosen:
            return chosen[role]
        passed: list[str] = []
        if role in mapping:
            wanted = mapping[role]
            offer = by_key.get(wanted) or next((o for o in offers if o.layout.name == wanted), None)
            if offer is None:
                return Choice(role, None, f"`layouts: {role}: {wanted}` names no layout of the template")
            if not offer.serves(role):
                return Choice(role, None, f"`layouts: {role}: {wanted}` names a layout with {offer.lacks(role)}")
            return Choice(role, offer.key, f"`template: layouts: {role}: {wanted}` in the source")
        for kind, value in STEPS[role]:
            if kind in ("role", "stack"):
                if depth > 3:
                    continue
                other = pick(value, depth + 1)
                if other.key is None:
                    continue
                if kind == "stack":  # no two-column layout: both columns, one after the other
                    why = f"no layout with two text boxes: the columns are stacked in the {value} slides' layout"
                    return Choice(role, other.key, why, tuple(passed), stacked=True)
                if by_key[other.key].serves(role) or other.stacked:
                    why = f"no layout of its own: the {value} slides' layout"
                    return Choice(role, other.key, why, tuple(passed), other.stacked)
                continue
            for offer in offers:
                if kind == "name":
                    hit = offer.layout.name.strip().lower() == value.lower()
                elif kind == "type":
                    hit = offer.type == value
                elif value == "title":
                    hit = offer.centred or (offer.title and offer.subtitle)
                elif value == "content":
                    hit = offer.texts - offer.subtitle == 1
                else:
                    hit = offer.texts - offer.subtitle >= 2
                if not hit:
                    continue
                if offer.serves(role):
                    why = {
                        "name": f"its name is '{value}'",
                        "type": f"its type is {value}",
                        "shape": {
                            "title": "it has a centred title or a subtitle",
                            "content": "it has a title and one text placeholder",
                        }.get(value, "it has a title and two text placeholders"),
                    }[kind]
                    return Choice(role, offer.key, why, tuple(passed))
                passed.append(f"'{offer.key}' ({offer.lacks(role)})")
        return Choice(role, None, "no layout with a title and the text placeholders it needs", tuple(passed))

    for role in STEPS:
        chosen[role] = pick(role)
    return chosen


def _advice(role: str, offers: list[_Offer]) -> str:
    """What to write in `template: layouts:` for a role no layout was found for."""
    fit = [o.key for o in offers if o.serves(role)]
    if fit:
        return (
            f"Write under `template: layouts:` in the source which layout {role} slides use, e.g. `{role}: {fit[0]}`."
        )
    return (
        f"No layout here has a title and {NEEDS[role]} text placeholder{'s' if NEEDS[role] != 1 else ''}, "
        f"as {role} slides need: add one in PowerPoint (View > Slide Master), or give those slides another layout."
    )


def _read(path: Path, mapping: dict[str, str] | None, needed: set[str] | None) -> Template:
    with readable(path):
        return _read_layouts(path, mapping, needed)


def _read_layouts(path: Path, mapping: dict[str, str] | None, needed: set[str] | None) -> Template:
    prs = open_presentation(path)
    theme = _theme_xml(prs, path)  # its colours checked before anything reads them
    offers = layouts_of(prs)
    if not offers:
        raise TemplateError(
            f"{path}: the template has no slide layouts at all (a file exported from Keynote or Google "
            "Slides can lack them). Open it in PowerPoint, add layouts in View > Slide Master, save it, "
            "and build again; or build with podium's own template."
        )
    by_key = dict(offers)
    choices = choose(prs, mapping)
    layouts: dict[str, Layout] = {}
    missing: list[str] = []
    unserved: list[str] = []
    for ours, choice in choices.items():
        if needed is not None and ours not in needed:
            continue
        if choice.key is None:
            unserved.append(ours)
            missing.append(f"a layout for {ours} slides ({choice.why})")
            continue
        try:
            layouts[ours] = replace(_layout(ours, choice.key, by_key[choice.key], prs), stacked=choice.stacked)
        except TemplateError as exc:
            missing.append(str(exc))
    if missing:
        offered = "; ".join(f"'{k}' ({_describe(layout)})" for k, layout in offers)
        raise TemplateError(
            f"{path}: the template lacks {', '.join(missing)}. Its layouts are: {offered}. "
            + " ".join(_advice(role, _offers(prs)) for role in unserved)
            + f" `podium inspect-template {path.name}` shows what each layout has."
        )
    body, heading = _theme_fonts(prs)
    return Template(path, int(prs.slide_width), int(prs.slide_height), body, layouts, heading, theme)


def _layout(ours: str, key: str, layout: SlideLayout, prs: PresentationFile) -> Layout:
    master = layout.slide_master
    title = None
    texts = []
    footers: dict[str, int] = {}
    footer_boxes: dict[int, Box] = {}
    picture = None
    colours = Colours(layout)
    for ph in layout.placeholders:
        kind = ph.placeholder_format.type
        if kind in TITLE_TYPES:
            title = _box(ph, layout, "title", colours)
        elif kind in FOOTER_TYPES:
            footers[FOOTER_TYPES[kind]] = ph.placeholder_format.idx
            footer_boxes[ph.placeholder_format.idx] = _box(ph, layout, "other", colours)
        elif kind == PP_PLACEHOLDER.PICTURE:
            picture = _box(ph, layout, "body", colours)
        elif kind in TEXT_TYPES:
            texts.append(_box(ph, layout, "body", colours))
    if title is None:
        raise TemplateError(f"a title placeholder on layout '{layout.name}' (for {ours} slides)")
    texts.sort(key=lambda b: (round(b.left / EMU_PER_PT / 36), b.top))  # columns, then top to bottom
    if ours != "comparison" or len(texts) < 4:  # a comparison layout's four: two headings, two columns
        # A strip (a one-line kicker under the title, seen on a real template's every layout) is no
        # column: the boxes that can hold a list come first, so the slide's text and pictures go there.
        tall = int(prs.slide_height) * TALL
        if any(b.height_emu >= tall for b in texts):
            texts.sort(key=lambda b: b.height_emu < tall)  # stable: columns keep their order
    return Layout(
        ours,
        layout.name,
        key,
        title,
        tuple(texts),
        picture,
        footers,
        footer_boxes,
        look(layout, master, prs.slide_width, prs.slide_height, colours),
    )


def _master_placeholder(ph, master):
    """The master's placeholder that a layout placeholder inherits from (same type), or None."""
    ptype = ph.placeholder_format.type
    for mp in master.placeholders:
        mtype = mp.placeholder_format.type
        if (
            mtype == ptype
            or (ptype in TEXT_TYPES and mtype in TEXT_TYPES)
            or (ptype in TITLE_TYPES and mtype in TITLE_TYPES)
        ):
            return mp
    return None


def _inherited(ph, master, attr: str) -> int:
    value = getattr(ph, attr)
    if value is None:  # no box on the layout nor on its master placeholder of the same type
        mp = _master_placeholder(ph, master)
        if mp is None or getattr(mp, attr) is None:
            raise TemplateError(f"a box for placeholder '{ph.name}'")
        return int(getattr(mp, attr))
    return int(value)


def _box(ph, layout: SlideLayout, role: str, colours: Colours) -> Box:
    master = layout.slide_master
    left, top, width, height = (_inherited(ph, master, a) for a in ("left", "top", "width", "height"))
    insets = [91440, 91440, 45720, 45720]
    mp = _master_placeholder(ph, master)
    # The layout's insets over its master placeholder's over PowerPoint's defaults.
    for element in (mp._element if mp is not None else None, ph._element):
        body_pr = element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}") if element is not None else None
        if body_pr is not None:
            for i, name in enumerate(("lIns", "rIns", "tIns", "bIns")):
                if body_pr.get(name) is not None:
                    insets[i] = int(body_pr.get(name))
    sizes, margins, _, spacing, chains, hangs = _style(ph, master, role)
    anchor = "t"  # PowerPoint's default; the layout's bodyPr over its master placeholder's
    for element in (ph._element, mp._element if mp is not None else None):
        body_pr = element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}") if element is not None else None
        if body_pr is not None and body_pr.get("anchor"):
            anchor = body_pr.get("anchor")
            break
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
        space_before=spacing[0].before,
        line_spacing=spacing[0].line,
        spacing=spacing,
        hangs=hangs,
        colour=text_colour(chains[0], colours),
        levels=tuple(_level(chain, colours) for chain in chains),
        anchor=anchor,
    )


def _level(chain: list[etree._Element], colours: Colours) -> Level:
    """A list level's look: for each property the nearest style of the chain that sets it decides."""

    def first(path: str, attr: str) -> str | None:
        for element in chain:
            node = element.find(path) if path else element
            if node is not None and node.get(attr) is not None:
                return node.get(attr)
        return None

    bullet, bullet_colour = "", None
    for element in chain:  # the nearest style that says anything about the marker decides
        if element.find(qn("a:buNone")) is not None:
            break
        char, auto = element.find(qn("a:buChar")), element.find(qn("a:buAutoNum"))
        if char is not None or auto is not None:
            bullet = (char.get("char") or "•") if char is not None else "•"
            font = next((e.find(qn("a:buFont")) for e in chain if e.find(qn("a:buFont")) is not None), None)
            face = (font.get("typeface") or "").lower() if font is not None else ""
            for symbols, marks in _SYMBOL_BULLETS.items():
                if face.startswith(symbols):
                    bullet = marks.get(bullet, "•")
            break
    for element in chain:
        if element.find(qn("a:buClrTx")) is not None:
            break
        found = element.find(qn("a:buClr"))
        if found is not None:
            bullet_colour = colours.first(found) or None
            break
    on = ("1", "true")
    return Level(
        align=first("", "algn") or "l",
        bold=first(qn("a:defRPr"), "b") in on,
        italic=first(qn("a:defRPr"), "i") in on,
        caps=(first(qn("a:defRPr"), "cap") or "").replace("none", ""),
        colour=text_colour(chain, colours),
        bullet=bullet,
        bullet_colour=bullet_colour,
    )


def _style(ph, master, role: str):
    """Size, margin, bullets and spacing per level: the layout's own list style over its master
    placeholder's over the master's text style. Also level 1's chain, for its colour."""
    styles = master._element.find(qn("p:txStyles"))
    # Date, footer and number take the master's "other" style, not the body's (its bullets, its size).
    kind = {"title": "p:titleStyle", "other": "p:otherStyle"}.get(role, "p:bodyStyle")
    base = styles.find(qn(kind)) if styles is not None else None
    own = ph._element.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")
    # The master placeholder's own list style comes between: the slide number's 12 pt lives there.
    mp = _master_placeholder(ph, master)
    inherited = mp._element.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}") if mp is not None else None
    sizes: list[float] = []
    margins: list[float] = []
    hangs: list[float] = []
    spacing: list[Spacing] = []
    bullets = False
    chains: list[list[etree._Element]] = []
    for level in (1, 2):
        tag = qn(f"a:lvl{level}pPr")
        chain = [e.find(tag) for e in (own, inherited, base) if e is not None and e.find(tag) is not None]

        def pick(path: str, attr: str, default: float, chain: list[etree._Element] = chain) -> float:
            for element in chain:
                node = element.find(path) if path else element
                if node is not None and node.get(attr) is not None:
                    return float(node.get(attr))
            return default

        def space(kind: str, chain: list[etree._Element] = chain) -> tuple[float, float]:
            # The nearest style that sets this space decides, in percent or in points.
            for element in chain:
                node = element.find(qn(f"a:{kind}"))
                if node is None:
                    continue
                pct, pts = node.find(qn("a:spcPct")), node.find(qn("a:spcPts"))
                if pct is not None and pct.get("val"):
                    return float(pct.get("val")) / 100000, 0.0
                if pts is not None and pts.get("val"):
                    return 0.0, float(pts.get("val")) / 100
            return (1.0, 0.0) if kind == "lnSpc" else (0.0, 0.0)

        sizes.append(pick(qn("a:defRPr"), "sz", 4400 if role == "title" else 1800) / 100)
        margins.append(pick("", "marL", 0) / EMU_PER_PT)
        hangs.append(-pick("", "indent", 0) / EMU_PER_PT)
        before, after, line = space("spcBef"), space("spcAft"), space("lnSpc")
        spacing.append(Spacing(before[0], before[1], after[0], after[1], line[0] or 1.0, line[1]))
        chains.append(chain)
        if level == 1:
            for element in chain:  # the nearest style that says anything about bullets decides
                if element.find(qn("a:buNone")) is not None:
                    break
                if element.find(qn("a:buChar")) is not None or element.find(qn("a:buAutoNum")) is not None:
                    bullets = role != "title"
                    break
    return tuple(sizes), tuple(margins), bullets, tuple(spacing), chains, tuple(hangs)


def _theme_part(prs: PresentationFile) -> bytes:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    return prs.slide_master.part.part_related_by(RT.THEME).blob


def _theme_xml(prs: PresentationFile, path: Path) -> bytes:
    """The theme part, its colour scheme checked once here: every later reader (the fitter's artwork,
    the contrast report, the cards' CSS) takes each colour as six hex digits."""
    xml = _theme_part(prs)
    scheme = etree.fromstring(xml).find(f".//{qn('a:clrScheme')}")
    for slot in scheme if scheme is not None else ():
        colour = slot[0] if len(slot) else None
        value = (
            None if colour is None else colour.get("val") if colour.tag == qn("a:srgbClr") else colour.get("lastClr")
        )
        if (
            colour is not None
            and colour.tag in (qn("a:srgbClr"), qn("a:sysClr"))
            and not re.fullmatch(r"[0-9A-Fa-f]{6}", value or "")
        ):
            name = etree.QName(slot).localname
            raise TemplateError(f"{path}: the deck template's theme colour '{name}' is not an RGB colour")
    return xml


def _theme_fonts(prs: PresentationFile) -> tuple[str, str]:
    """The body and heading Latin fonts the slides' text is set in: the theme's minor and major
    fonts, unless the master's body or title style names a font of its own (seen on a real
    template: a Calibri theme whose master sets every level in Roboto, which PowerPoint then draws)."""
    theme = etree.fromstring(_theme_part(prs))
    names = []
    styles = prs.slide_master._element.find(qn("p:txStyles"))
    for kind, style in (("minorFont", "p:bodyStyle"), ("majorFont", "p:titleStyle")):
        latin = theme.find(f".//{qn('a:' + kind)}/{qn('a:latin')}")
        name = (latin.get("typeface") if latin is not None else "") or "Calibri"
        own = None if styles is None else styles.find(f"{qn(style)}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}/{qn('a:latin')}")
        typeface = own.get("typeface", "") if own is not None else ""
        names.append(typeface if typeface and not typeface.startswith("+") else name)  # "+mj-lt": the theme's
    return names[0], names[1]


def _theme_font(prs: PresentationFile) -> str:
    return _theme_fonts(prs)[0]


def _describe(layout: SlideLayout) -> str:
    parts = []
    for ph in layout.placeholders:
        fmt = ph.placeholder_format
        parts.append(f"{str(fmt.type).split('.')[-1].split(' ')[0].lower()} idx {fmt.idx}")
    return ", ".join(parts) or "no placeholders"


def inspect(path: Path) -> str:
    """What `podium inspect-template` prints: for each of our layouts, the template's layout that
    serves it and why, or what is missing and what to write; then every layout and its placeholders."""
    with readable(path):
        return _inspect(path)


def _inspect(path: Path) -> str:
    prs = open_presentation(path)
    body, heading = _theme_fonts(prs)
    fonts = f"fonts {heading} (headings), {body} (text)" if heading != body else f"font {body}"
    lines = [f"{path}: {prs.slide_width / 914400:.2f} x {prs.slide_height / 914400:.2f} in, {fonts}"]
    offers = layouts_of(prs)
    if not offers:
        lines.append("  it has no slide layouts at all: podium cannot build a deck on it.")
        lines.append("  Add layouts in PowerPoint (View > Slide Master) or use podium's own template.")
        return "\n".join(lines)
    lines.append("  podium's layouts:")
    unserved = []
    for role, choice in choose(prs).items():
        if choice.key is None:
            unserved.append(role)
            lines.append(f"    {role:<12} MISSING: {choice.why}")
        else:
            lines.append(f"    {role:<12} <- '{choice.key}' ({choice.why})")
        for passed in choice.passed[:3]:
            lines.append(f"    {'':<12}    passed over {passed}")
    lines.append("  the template's layouts:")
    for key, layout in offers:
        kind = layout._element.get("type") or "no type"
        lines.append(f"    '{key}' ({kind})")
        for ph in layout.placeholders:
            fmt = ph.placeholder_format
            name = str(fmt.type).split(".")[-1].split(" ")[0]
            lines.append(f"      idx {fmt.idx:<3} {name:<14} '{ph.name}'")
        if not layout.placeholders:
            lines.append("      no placeholders: podium cannot put text on it")
    if unserved:
        lines.append("  to choose one yourself, write in the source:")
        lines.append("    template:")
        lines.append("      layouts:")
        for role in unserved:
            lines.append(f"        {role}: NAME OF A LAYOUT ABOVE (with a title and {NEEDS[role]} text placeholders)")
    return "\n".join(lines)
