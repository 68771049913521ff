"""Model -> the explicit context of templates/handout.html.j2 and templates/slides.html.j2.

Every slide is drawn as a card: the deck's own slide plan (same title, body,
fitted sizes and "(cont.)" slides as in the .pptx) placed in the deck
template's boxes, in its theme's colours and fonts. The handout style decides
how many cards share a page; the slides PDF is one card per page.
"""

from __future__ import annotations

from dataclasses import dataclass

from render.deck.fit import Para
from render.deck.plan import EMU_PER_PT, SlidePlan
from render.deck.template import Layout, Template
from render.pdf.theme import Box, Theme, grayscale, read_theme
from render.source.cite import Entry, numbering
from render.source.model import Handout, Source
from render.source.text import Run, runs

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
    box: Box
    paras: tuple[Para, ...] = ()
    sizes: tuple[int, int] = (18, 18)  # points for bullets and sub-bullets (title: its size twice)
    picture: str | None = None  # file URI of the image
    alt: str = ""
    table: tuple[tuple[Runs, ...], ...] = ()
    align: str = "left"


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


def slides(source: Source, plans: list[SlidePlan], template: Template) -> list[HandoutSlide]:
    """Every source slide with the cards the deck draws for it (its plans, in the deck's template)."""
    numbers = numbering(source)
    layouts = {layout.name: layout for layout in template.layouts.values()}
    number = {id(plan): n for n, plan in enumerate(plans, start=1)}  # each plan's slide number in the deck
    by_slide: dict[int, list[SlidePlan]] = {}
    for plan in plans:
        by_slide.setdefault(plan.source_index, []).append(plan)
    out = []
    for index, slide in enumerate(source.slides):
        mine = by_slide.get(index, [])
        out.append(
            HandoutSlide(
                number=index + 1,
                id=slide.id,
                label=f"{index + 1}. " + "".join(r.text for r in runs(slide.title, numbers) if not r.superscript),
                cards=tuple(_card(plan, layouts[plan.layout], i > 0, number[id(plan)]) for i, plan in enumerate(mine)),
                notes=tuple(tuple(runs(p, numbers)) for p in slide.notes),
            )
        )
    return out


def theme(options: Handout, template: Template) -> Theme:
    found = read_theme(template.path)
    return grayscale(found) if options.grayscale else found


def context(
    source: Source, entries: list[Entry], stamp: str, options: Handout, plans: list[SlidePlan], template: Template
) -> dict[str, object]:
    drawn = slides(source, plans, template)
    per_page = PER_PAGE[options.style]
    placed = [Placed(s, c, i == 0) for s in drawn for i, c in enumerate(s.cards)]
    by_id = {s.id: s.number for s in drawn}
    deck = _size(template)
    return {
        "talk": source.talk,
        "objectives": [(o.text, sorted(by_id[sid] for sid in o.slides)) for o in source.talk.objectives],
        "slides": drawn,
        "pages": [placed[i : i + per_page] for i in range(0, len(placed), per_page)] if per_page else [],
        "style": options.style,
        "paper": options.paper,
        "note_lines": NOTE_LINES,
        "theme": theme(options, template),
        "deck": deck,
        "scale": CARD_WIDTH[options.style] * 72 / deck.width,
        "references": [HandoutReference(e.number, e.runs, tuple(e.reference.annotation)) for e in entries],
        "resources": source.resources,
        "stamp": stamp,
    }


def slides_context(source: Source, options: Handout, plans: list[SlidePlan], template: Template) -> dict[str, object]:
    """The presenter's backup: every card at the deck's own size, one a page."""
    return {
        "talk": source.talk,
        "slides": slides(source, plans, template),
        "theme": theme(options, template),
        "deck": _size(template),
    }


def _size(template: Template) -> Box:
    return Box(0, 0, template.width / EMU_PER_PT, template.height / EMU_PER_PT)


def _points(left: int, top: int, width: int, height: int) -> Box:
    return Box(left / EMU_PER_PT, top / EMU_PER_PT, width / EMU_PER_PT, height / EMU_PER_PT)


def _card(plan: SlidePlan, layout: Layout, continued: bool, number: int) -> Card:
    boxes = {b.idx: b for b in layout.texts}
    t = layout.title
    regions = [
        Region(
            "title",
            _points(t.left, t.top, t.width_emu, t.height_emu),
            (Para(plan.title, bullet=False),),
            (plan.title_size, plan.title_size),
        )
    ]
    for text in plan.texts:
        b = boxes[text.idx]
        regions.append(Region("text", _points(b.left, b.top, b.width_emu, b.height_emu), text.paras, text.sizes))
    if plan.picture:
        regions.append(
            Region(
                "picture",
                _points(*plan.picture.box),
                picture=plan.picture.path.as_uri(),
                # The report warns of a missing description; the PDF still says a picture is there.
                alt=plan.picture.alt or ("" if plan.picture.decorative else "A picture without a description"),
            )
        )
    if plan.table:
        rows = (plan.table.header, *plan.table.rows)
        regions.append(Region("table", _points(*plan.table.box), sizes=(plan.table.size,) * 2, table=rows))
    for idx, what in plan.footers:
        b = layout.footer_boxes[idx]
        text = str(number) if what == "number" else what.split(":", 1)[1]
        align = {"date": "left", "footer": "center", "number": "right"}[what.split(":", 1)[0]]
        paras = (Para((Run(text),), bullet=False),)
        size = int(b.sizes[0])
        regions.append(
            Region("footer", _points(b.left, b.top, b.width_emu, b.height_emu), paras, (size, size), align=align)
        )
    return Card(layout="layout-" + layout.name.lower().replace(" ", "-"), rows=_rows(regions), continued=continued)


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
