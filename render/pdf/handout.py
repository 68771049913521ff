"""Model -> the explicit context of templates/handout.html.j2 and templates/slides.html.j2.

Every slide is drawn as a card: the deck's own slide plan (same title, body,
fitted sizes and "(cont.)" slides as in the .pptx) placed in the deck
template's boxes, in its theme's colours and fonts. The handout style decides
how many cards share a page; the slides PDF is one card per page.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from render.cme.packet import Cover as CmeCover
from render.cme.packet import cover
from render.deck.artwork import Look
from render.deck.fit import Para, Spacing
from render.deck.fonts import Font
from render.deck.plan import EMU_PER_PT, PicturePlan, SlidePlan
from render.deck.template import Box as DeckBox
from render.deck.template import Layout, Level, Template
from render.pdf.chart import Drawing, draw
from render.pdf.theme import Rect, Theme, gray, grayscale, read_theme
from render.source.cite import Entry
from render.source.model import Handout, Source
from render.source.resolved import Texts
from render.source.text import Run

Runs = tuple[Run, ...]

# Card width per handout style, in inches of paper: it fits the text width of
# both Letter and A4 (6.77 in), beside ruled lines for 3-up, two abreast for 6-up.
CARD_WIDTH = {"notes": 6.4, "3-up": 3.3, "6-up": 3.3}
PER_PAGE = {"notes": 0, "3-up": 3, "6-up": 6}
NOTE_LINES = 9  # ruled lines beside each 3-up card, as PowerPoint's three-slide handout has


@dataclass(frozen=True)
class Region:
    """One placeholder (or picture, or table) of a card, in deck points, with what it shows."""

    kind: str  # "title", "text", "picture" or "table"
    box: Rect
    paras: tuple[Para, ...] = ()
    sizes: tuple[int, int] = (18, 18)  # points for bullets and sub-bullets (title: its size twice)
    picture: str | None = None  # file URI of the image
    alt: str = ""
    table: tuple[tuple[Runs, ...], ...] = ()
    chart: Drawing | None = None
    levels: tuple[TextLook, ...] = ()  # per level: how the template draws its text (alignment, weight, colour, marker)
    anchor: str = "top"  # where the text sits in its box: top, middle or bottom, as the template says
    hang: tuple[tuple[float, float], ...] = ((27, 27), (58.5, 22.5))  # per level: text's margin, bullet's hang
    space: tuple[tuple[float, float, float], ...] = ()  # per level: points before, after; line height (ems)
    before: float = 0.0  # points before each item but the first, where the deck spread a short list
    kept: tuple[int, ...] = ()  # items that keep the template's space before (right under a heading)
    shift: float = 0.0  # deck points the deck sets the text lower in its box than CSS would (_baseline)


@dataclass(frozen=True)
class TextLook:
    """A list level's text as CSS values, read from the deck template's style chain
    (render.deck.template.Level): what the deck shows where the slide's runs say nothing."""

    align: str = "left"
    weight: str = "normal"
    slant: str = "normal"
    caps: str = ""  # "uppercase" or "small-caps"
    colour: str = ""  # "" = the slide's ink
    marker: str = ""  # the bullet as drawn ("" = none)
    marker_colour: str = ""  # "" = the text's


ALIGN = {"l": "left", "ctr": "center", "r": "right", "just": "justify", "dist": "justify"}
ANCHOR = {"t": "top", "ctr": "middle", "b": "bottom", "just": "middle", "dist": "middle"}


def _looks(levels: tuple[Level, ...], mono: bool) -> tuple[TextLook, ...]:
    shade = gray if mono else (lambda c: c)
    return tuple(
        TextLook(
            align=ALIGN.get(v.align, "left"),
            weight="bold" if v.bold else "normal",
            slant="italic" if v.italic else "normal",
            caps={"all": "uppercase", "small": "small-caps"}.get(v.caps, ""),
            colour=shade(v.colour) if v.colour else "",
            marker=v.bullet,
            marker_colour=shade(v.bullet_colour) if v.bullet_colour else "",
        )
        for v in levels
    )


@dataclass(frozen=True)
class Row:
    """Regions side by side; rows stack in flow so readers meet text in the order the eye does."""

    gap: float  # distance below the previous row
    regions: tuple[tuple[float, Region], ...]  # (distance from the previous region's right edge, region)


@dataclass(frozen=True)
class Card:
    """One deck slide as drawn: the deck plan's text and sizes in the deck layout's boxes."""

    layout: str  # the deck layout's name as a CSS class, e.g. "title-slide"
    rows: tuple[Row, ...]
    continued: bool
    background: str = ""  # CSS: the layout's background and artwork, drawn behind the text
    ink: str = ""  # the text's colour where a placeholder sets none


@dataclass(frozen=True)
class HandoutSlide:
    number: int
    id: str
    label: str  # the bookmark: "3. What IPT Is"
    cards: tuple[Card, ...]  # more than one when the deck continues it on "(cont.)" slides
    notes: tuple[Runs, ...]


@dataclass(frozen=True)
class Placed:
    """A card in an n-up page, with the slide it belongs to."""

    slide: HandoutSlide
    card: Card
    first: bool  # the slide's first card carries its bookmark


@dataclass(frozen=True)
class HandoutReference:
    number: int
    text: Runs
    annotation: tuple[str, ...]


@dataclass(frozen=True)
class Resource:
    title: str
    url: str | None


@dataclass(frozen=True)
class Objective:
    text: Runs
    slides: tuple[int, ...]  # the handout's numbers of the slides that teach it


@dataclass(frozen=True)
class HandoutCover:
    """The cover as the template prints it: the talk's fields already read as Markdown, as the
    title slide reads them."""

    title: str
    subtitle: Runs
    presenter: Runs  # "name, credentials"
    affiliation: Runs
    event: Runs  # "event · date"
    objectives: tuple[Objective, ...]
    disclosures: tuple[str, ...]
    cme: CmeCover | None  # the CME part, for a talk with `cme:`


def slides(
    source: Source,
    resolved: Texts,
    plans: list[SlidePlan],
    template: Template,
    mono: bool = False,
    include_hidden: bool = False,
) -> list[HandoutSlide]:
    """Every source slide with the cards the deck draws for it (its plans, in the deck's template);
    hidden slides only when asked for."""
    layouts, deck, fonts = _drawing(template)
    number = {id(plan): n for n, plan in enumerate(plans, start=1)}  # each plan's slide number in the deck
    by_slide: dict[int, list[SlidePlan]] = {}
    for plan in plans:
        by_slide.setdefault(plan.source_index, []).append(plan)
    out = []
    for index, slide in enumerate(source.slides):
        if slide.hidden and not include_hidden:
            continue
        mine = by_slide.get(index, [])
        # The deck's own number: the CME slides after the title (and "(cont.)" slides) move the rest on.
        shown = number[id(mine[0])] if mine else index + 1
        out.append(
            HandoutSlide(
                number=shown,
                id=slide.id,
                label=f"{shown}. " + resolved.plain(slide.title),
                cards=tuple(
                    _card(plan, layouts[plan.layout], i > 0, number[id(plan)], deck, fonts, mono)
                    for i, plan in enumerate(mine)
                ),
                notes=tuple(resolved.runs(p) for p in slide.notes),
            )
        )
    return out


def _drawing(template: Template) -> tuple[dict[str, Layout], Rect, tuple[Font, Font]]:
    """What every card of a template is drawn with: its layouts by key, the slide's size, the two fonts."""
    layouts = {layout.key: layout for layout in template.layouts.values()}
    return layouts, _size(template), (template.heading, template.body)


def _added(plans: list[SlidePlan], template: Template, mono: bool) -> list[HandoutSlide]:
    """The deck's own slides that no source slide makes (source_index -1), each as its number shows."""
    layouts, deck, fonts = _drawing(template)
    out = []
    for number, plan in enumerate(plans, start=1):
        if plan.source_index != -1:
            continue
        title = "".join(r.text for r in plan.title if not r.superscript)
        card = _card(plan, layouts[plan.layout], False, number, deck, fonts, mono)
        out.append(HandoutSlide(number, f"deck-slide-{number}", f"{number}. {title}", (card,), ()))
    return out


def theme(options: Handout, template: Template) -> Theme:
    found = read_theme(template)
    return grayscale(found) if options.grayscale else found


def context(
    source: Source,
    resolved: Texts,
    entries: list[Entry],
    stamp: str,
    options: Handout,
    plans: list[SlidePlan],
    template: Template,
) -> dict[str, object]:
    drawn = slides(source, resolved, plans, template, options.grayscale, options.include_hidden)
    per_page = PER_PAGE[options.style]
    placed = [Placed(s, c, i == 0) for s in drawn for i, c in enumerate(s.cards)]
    deck = _size(template)
    return {
        "cover": handout_cover(source, resolved, drawn),
        "slides": drawn,
        "pages": [placed[i : i + per_page] for i in range(0, len(placed), per_page)] if per_page else [],
        "style": options.style,
        "paper": options.paper,
        "note_lines": NOTE_LINES,
        "theme": theme(options, template),
        "deck": deck,
        "scale": CARD_WIDTH[options.style] * 72 / deck.width,
        "references": [HandoutReference(e.number, e.runs, tuple(e.reference.annotation)) for e in entries],
        "resources": [Resource(r.title, r.url) for r in source.resources],
        "stamp": stamp,
    }


def handout_cover(source: Source, resolved: Texts, drawn: list[HandoutSlide]) -> HandoutCover:
    """The cover's plan; objectives name the handout's numbers of the slides that teach them."""
    talk, who = source.talk, source.talk.presenter
    by_id = {s.id: s.number for s in drawn}
    return HandoutCover(
        title=talk.title,
        subtitle=resolved.runs(talk.subtitle),
        presenter=resolved.joined([x for x in (who.name, who.credentials) if x], ", ") if who and who.name else (),
        affiliation=resolved.runs(who and who.affiliation),
        event=resolved.joined([x for x in (talk.event, talk.date) if x], " · "),
        objectives=tuple(
            Objective(resolved.runs(o.text), tuple(sorted(by_id[s] for s in o.slides if s in by_id)))
            for o in talk.objectives
        ),
        disclosures=tuple(talk.disclosures),
        cme=cover(source),
    )


def slides_context(
    source: Source, resolved: Texts, options: Handout, plans: list[SlidePlan], template: Template
) -> dict[str, object]:
    """The presenter's backup: every card at the deck's own size, one a page, and every slide the deck
    adds to the talk's own (the CME disclosures, objectives and links, the quiz's questions), in the
    deck's order, so the backup can stand in for the deck."""
    own = slides(source, resolved, plans, template, options.grayscale, options.include_hidden)
    return {
        "title": source.talk.title,
        "slides": sorted([*own, *_added(plans, template, options.grayscale)], key=lambda s: s.number),
        "theme": theme(options, template),
        "deck": _size(template),
    }


def _size(template: Template) -> Rect:
    return Rect(0, 0, template.width / EMU_PER_PT, template.height / EMU_PER_PT)


def _points(left: int, top: int, width: int, height: int) -> Rect:
    return Rect(left / EMU_PER_PT, top / EMU_PER_PT, width / EMU_PER_PT, height / EMU_PER_PT)


def _gradient(name: str, stops: tuple[tuple[float, str], ...], angle: float, ink: Callable[[str], str]) -> str:
    """An SVG linear gradient across its shape's box; `angle` in CSS degrees becomes its direction."""
    dx, dy = math.sin(math.radians(angle)), -math.cos(math.radians(angle))
    ends = f'x1="{0.5 - dx / 2:.3f}" y1="{0.5 - dy / 2:.3f}" x2="{0.5 + dx / 2:.3f}" y2="{0.5 + dy / 2:.3f}"'
    marks = "".join(f'<stop offset="{p:.3f}" stop-color="{ink(c)}"/>' for p, c in stops)
    return f'<linearGradient id="{name}" {ends}>{marks}</linearGradient>'


def _background(look: Look, width: float, height: float, mono: bool) -> str:
    """The layout's look as CSS: its background colour, and one SVG picture (in deck points) of the
    background gradient or picture and the artwork, back to front. Drawn as the card's own
    background, so nothing is positioned and readers meet the text in order."""
    ink = gray if mono else (lambda c: c)
    pt = 1 / EMU_PER_PT
    body = []
    if len(look.gradient) > 1:
        body.append(f"<defs>{_gradient('g', look.gradient, look.angle, ink)}</defs>")
        body.append(f'<rect width="{width:.2f}" height="{height:.2f}" fill="url(#g)"/>')
    if look.picture:
        body.append(
            f'<image href="{look.picture}" width="{width:.2f}" height="{height:.2f}" preserveAspectRatio="none"/>'
        )
    for art in look.art:
        x, y, w, h = (v * pt for v in (art.left, art.top, art.width, art.height))
        place = f'x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}"'
        if art.kind == "picture":
            body.append(f'<image href="{art.data}" {place} preserveAspectRatio="none"/>')
        elif art.kind == "path":
            paint = ink(art.colour)
            if len(art.gradient) > 1:  # its own gradient, across the freeform's box
                name = f"f{len(body)}"
                body.append(f"<defs>{_gradient(name, art.gradient, art.angle, ink)}</defs>")
                paint = f"url(#{name})"
            body.append(
                f'<path transform="translate({x:.2f} {y:.2f}) scale({w:.2f} {h:.2f})" d="{art.path}" fill="{paint}"/>'
            )
        else:
            corner = f' rx="{art.radius * pt:.2f}"' if art.radius else ""
            body.append(f'<rect {place}{corner} fill="{ink(art.colour)}"/>')
    out = [f"background-color: {ink(look.background)}"] if look.background else []
    if body:
        svg = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.2f}" height="{height:.2f}" '
            f'viewBox="0 0 {width:.2f} {height:.2f}">{"".join(body)}</svg>'
        )
        data = base64.b64encode(svg.encode()).decode("ascii")
        out += [f'background-image: url("data:image/svg+xml;base64,{data}")', "background-size: 100% 100%"]
    return "; ".join(out)


INSET = 3.6  # deck points of the card's text inset at the top and bottom (templates/card.css)
CSS_LINE = 1.22  # the card's own line height where a region sets none (templates/card.css)


@lru_cache(maxsize=16)
def _metrics(path: Path) -> tuple[float, float, float, float]:
    """A font's Windows ascent and descent and its hhea ascent and descent, in ems."""
    with TTFont(str(path), lazy=True, fontNumber=0) as ttf:
        em, os2, hhea = ttf["head"].unitsPerEm, ttf["OS/2"], ttf["hhea"]
        return os2.usWinAscent / em, os2.usWinDescent / em, hhea.ascent / em, -hhea.descent / em


def _baseline(font: Font, pitch: float) -> float:
    """How much lower (in ems) the deck sets a line's baseline than WeasyPrint does in a line box of
    `pitch` ems. PowerPoint and LibreOffice put it at the Windows ascent's share of the line's pitch;
    CSS at half the leading above the hhea ascent. For Carlito at single spacing, 0.952 against
    0.861 em: the cards' text stood 0.09 em (2.5 pt at 28 pt) above the deck's."""
    win_ascent, win_descent, ascent, descent = _metrics(font.file("Regular"))
    return pitch * win_ascent / (win_ascent + win_descent) - ((pitch - ascent - descent) / 2 + ascent)


def _spaced(box: DeckBox, sizes: tuple[int, int], font: Font, line: int = 0) -> dict[str, object]:
    """The deck box's indents and spacing for a card region: the numbers the fitter measured with."""
    hang = tuple(
        (box.margins[min(i, len(box.margins) - 1)], box.hangs[min(i, len(box.hangs) - 1)] if box.hangs else 0.0)
        for i in (0, 1)
    )
    space = []
    for level, size in enumerate(sizes):
        spacing = box.style.spacing(level)
        if line:
            spacing = Spacing(spacing.before, spacing.before_pt, spacing.after, spacing.after_pt, line / 1000)
        before = spacing.before * size + spacing.before_pt
        after = spacing.after * size + spacing.after_pt
        space.append((before, after, spacing.pitch(size, font) / size))
    return {"hang": hang, "space": tuple(space)}


def _shift(
    paras: tuple[Para, ...], sizes: tuple[int, int], space: tuple[tuple[float, float, float], ...], font: Font
) -> float:
    """The deck points a region's text moves down to sit where the deck's does: its first line's."""
    level = min(paras[0].level, 1) if paras else 0
    pitch = space[level][2] if space else CSS_LINE
    return round(min(max(_baseline(font, pitch) * sizes[level], 0.0), INSET), 2)


def _card(
    plan: SlidePlan,
    layout: Layout,
    continued: bool,
    number: int,
    deck: Rect,
    fonts: tuple[Font, Font],
    mono: bool = False,
) -> Card:
    heading, body = fonts
    boxes = {b.idx: b for b in layout.texts}
    t = layout.title
    shade = gray if mono else (lambda c: c)
    regions = [
        Region(
            "title",
            _points(t.left, t.top, t.width_emu, plan.title_height or t.height_emu),
            (Para(plan.title, bullet=False),),
            (plan.title_size, plan.title_size),
            levels=_looks(t.levels, mono),
            anchor=ANCHOR.get(t.anchor, "top"),
            **_spaced(t, (plan.title_size, plan.title_size), heading, plan.title_line),
        )
    ]
    for text in plan.texts:
        b = boxes[text.idx]
        place = text.box or (b.left, b.top, b.width_emu, b.height_emu)
        regions.append(
            Region(
                "text",
                _points(*place),
                text.paras,
                text.sizes,
                levels=_looks(b.levels, mono),
                anchor=ANCHOR.get(b.anchor, "top"),
                before=text.before,
                kept=text.kept,
                **_spaced(b, text.sizes, body),
            )
        )
    if plan.picture:
        regions.append(
            Region(
                "picture",
                _points(*plan.picture.box),
                picture=plan.picture.path.as_uri(),
                # The report warns of a missing description; the PDF still says a picture is there.
                alt=_alt(plan.picture),
            )
        )
    for extra in plan.pictures:  # pictures made for the slide (the QR codes), carried in the page itself
        assert extra.data is not None
        regions.append(
            Region(
                "picture",
                _points(*extra.box),
                picture="data:image/png;base64," + base64.b64encode(extra.data).decode("ascii"),
                alt=_alt(extra),
            )
        )
    if plan.table:
        rows = (plan.table.header, *plan.table.rows)
        regions.append(Region("table", _points(*plan.table.box), sizes=(plan.table.size,) * 2, table=rows))
    if plan.chart:
        box = _points(*plan.chart.box)
        regions.append(Region("chart", box, chart=draw(plan.chart, box.width, box.height)))
    for footer in plan.footers:
        b = layout.footer_boxes[footer.idx]
        text = str(number) if footer.kind == "number" else footer.text
        paras = (Para((Run(text),), bullet=False),)
        size = footer.size or int(b.sizes[0])
        regions.append(
            Region(
                "footer",
                _points(b.left, b.top, b.width_emu, b.height_emu),
                paras,
                (size, size),
                levels=_looks(b.levels, mono),
                anchor=ANCHOR.get(b.anchor, "top"),
            )
        )
    # A box reaching the slide's very edge would overflow the card's frame by its width and spill
    # onto a page of its own: keep every box inside, with room for the frame.
    regions = [replace(r, box=_inside(r.box, deck)) for r in regions]
    # Each text's first baseline where the deck puts it (the fonts' Windows metrics, not CSS's).
    regions = [
        replace(r, shift=_shift(r.paras, r.sizes, r.space, heading if r.kind == "title" else body))
        if r.kind in ("title", "text", "footer")
        else r
        for r in regions
    ]
    return Card(
        layout="layout-" + layout.name.lower().replace(" ", "-"),
        rows=_rows(regions),
        continued=continued,
        background=_background(layout.look, deck.width, deck.height, mono),
        ink=shade(layout.look.ink) if layout.look.ink else "",
    )


FRAME = 3.0  # deck points kept free at the card's edges for its frame (0.75 pt of paper at most scales)


def _inside(box: Rect, deck: Rect) -> Rect:
    left = min(max(box.left, 0.0), deck.width - 2 * FRAME)
    top = min(max(box.top, 0.0), deck.height - 2 * FRAME)
    width = max(min(box.width - (left - box.left), deck.width - FRAME - left), 1.0)
    height = max(min(box.height - (top - box.top), deck.height - FRAME - top), 1.0)
    return Rect(left, top, width, height)


def _alt(picture: PicturePlan) -> str:
    # A tagged PDF needs every figure described: say plainly when the source gives no description.
    # A decorative picture has none on purpose; the card draws it as an artifact.
    if picture.alt or picture.decorative:
        return picture.alt
    return "picture (the source gives no description)"


def _rows(regions: list[Region]) -> tuple[Row, ...]:
    """Regions in flow: those whose tops are close share a row, left to right; rows go top to bottom.
    Boxes in flow, not absolutely placed: PDF readers, copy and paste and the tag tree then meet
    the card's text in reading order, before its notes."""
    ordered = sorted(regions, key=lambda r: (r.box.top, r.box.left))
    groups: list[list[Region]] = []
    for region in ordered:
        if groups and abs(region.box.top - groups[-1][0].box.top) < 36:
            groups[-1].append(region)
        else:
            groups.append([region])
    rows, bottom = [], 0.0
    for group in groups:
        top = min(r.box.top for r in group)
        placed, right = [], 0.0
        for region in sorted(group, key=lambda r: r.box.left):
            placed.append((region.box.left - right, region))
            right = region.box.left + region.box.width
        rows.append(Row(top - bottom, tuple(placed)))
        bottom = max(r.box.top + r.box.height for r in group)
    return tuple(rows)
