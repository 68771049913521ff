"""Model -> the explicit context of templates/handout.html.j2 and templates/slides.html.j2.

Every slide is drawn as a card: the deck's own slide plan (same title, body,
fitted sizes and "(cont.)" slides as in the .pptx) placed in the deck
template's boxes, in its theme's colours and fonts. The handout style decides
how many cards share a page; the slides PDF is one card per page.
"""

from __future__ import annotations

from dataclasses import dataclass

from render.cite import Entry, numbering
from render.deck.fit import Para
from render.deck.plan import SlidePlan, plan_deck
from render.deck.template import TEMPLATE, frames
from render.model import Handout, Source
from render.text import Run, runs
from render.theme import Box, Geometry, Theme, grayscale, read_geometry, read_theme

Runs = tuple[Run, ...]

# Card width per handout style, in inches of paper: it fits the text width of
# both Letter and A4 (6.77 in), beside ruled lines for 3-up, two abreast for 6-up.
CARD_WIDTH = {"notes": 6.4, "3-up": 3.3, "6-up": 3.3}
PER_PAGE = {"notes": 0, "3-up": 3, "6-up": 6}
NOTE_LINES = 9  # ruled lines beside each 3-up card, as PowerPoint's three-slide handout has


@dataclass(frozen=True)
class Region:
    """A placeholder box on the card, in normal flow: `gap` is its distance below the one before."""

    kind: str  # "title" or "body"
    box: Box
    gap: float


@dataclass(frozen=True)
class Card:
    """One deck slide as drawn: sizes in deck points, placed in the layout's boxes."""

    layout: str  # the deck layout's name as a CSS class, e.g. "title-slide"
    title: Runs
    title_size: int
    paras: tuple[Para, ...]
    sizes: tuple[int, int] | None  # body points: bullet, sub-bullet
    regions: tuple[Region, ...]  # top to bottom: text reads in the order the eye sees it
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


def slides(source: Source, entries: list[Entry]) -> list[HandoutSlide]:
    """Every source slide with the cards the deck draws for it."""
    numbers = numbering(source)
    geometry = read_geometry(TEMPLATE)
    plans = plan_deck(source, frames(TEMPLATE), entries)
    out = []
    for index, slide in enumerate(source.slides):
        mine = [p for p in plans if p.source_index == index]
        out.append(
            HandoutSlide(
                number=index + 1,
                id=slide.id,
                label=f"{index + 1}. " + "".join(r.text for r in runs(slide.title, numbers) if not r.superscript),
                cards=tuple(_card(plan, geometry) for plan in mine),
                notes=tuple(tuple(runs(p, numbers)) for p in slide.notes),
            )
        )
    return out


def theme(options: Handout) -> Theme:
    found = read_theme(TEMPLATE)
    return grayscale(found) if options.grayscale else found


def context(source: Source, entries: list[Entry], stamp: str, options: Handout) -> dict[str, object]:
    drawn = slides(source, entries)
    geometry = read_geometry(TEMPLATE)
    per_page = PER_PAGE[options.style]
    placed = [Placed(s, c, i == 0) for s in drawn for i, c in enumerate(s.cards)]
    by_id = {s.id: s.number for s in drawn}
    return {
        "talk": source.talk,
        "objectives": [(o.text, sorted(by_id[sid] for sid in o.slides)) for o in source.talk.objectives],
        "slides": drawn,
        "pages": [placed[i : i + per_page] for i in range(0, len(placed), per_page)] if per_page else [],
        "style": options.style,
        "paper": options.paper,
        "note_lines": NOTE_LINES,
        "theme": theme(options),
        "deck": geometry,
        "scale": CARD_WIDTH[options.style] * 72 / geometry.width,
        "references": [HandoutReference(e.number, e.runs, tuple(e.reference.annotation)) for e in entries],
        "resources": source.resources,
        "stamp": stamp,
    }


def slides_context(source: Source, entries: list[Entry], options: Handout) -> dict[str, object]:
    """The presenter's backup: every card at the deck's own size, one a page."""
    return {
        "talk": source.talk,
        "slides": slides(source, entries),
        "theme": theme(options),
        "deck": read_geometry(TEMPLATE),
    }


def _card(plan: SlidePlan, geometry: Geometry) -> Card:
    # A layout without a title box of its own inherits the master's; Title and Content is that.
    fallback = "Title and Content"
    boxes = [("title", geometry.title.get(plan.layout, geometry.title[fallback]))]
    body = geometry.body.get(plan.layout, geometry.body.get(fallback))
    if plan.body and body:
        boxes.append(("body", body))
    # Boxes in flow, not absolutely placed: PDF readers, copy and paste and the
    # tag tree then meet the card's text in reading order, before its notes.
    regions, bottom = [], 0.0
    for kind, box in sorted(boxes, key=lambda b: b[1].top):
        regions.append(Region(kind, box, box.top - bottom))
        bottom = box.top + box.height
    return Card(
        layout=plan.layout.lower().replace(" ", "-"),
        title=plan.title,
        title_size=plan.title_size,
        paras=plan.body,
        sizes=plan.body_sizes,
        regions=tuple(regions),
        continued=plan.continued,
    )
