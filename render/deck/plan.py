"""Model -> slide plans: every decision about the deck, made without writing a file.

Which layout each slide takes, what goes into which placeholder, the font size
that fits (measured against the template's boxes and the font's metrics),
where a long list continues on a "(cont.)" slide, what the footers say, and
the optional quiz slides. `render.deck.pptx` only serialises these plans.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from render.deck import fonts
from render.deck.fit import Para, Spacing, count_lines, height, line_height, widest_word
from render.deck.fonts import Font
from render.deck.template import Box, Layout, Template
from render.errors import Notice
from render.source.cite import Entry
from render.source.model import LETTERS, Bullet, Slide, Source
from render.source.resolved import Texts
from render.source.text import Run

TITLE_LINE = 900  # single spacing, a little tight, as PowerPoint's shrink-on-overflow sets it
TITLE_FLOOR = 28  # points: below this a title is unreadable from the back of the room
BODY_FLOOR = 18
SUBTITLE_FLOOR = 12  # the title slide's lines (presenter, event, date) may go this small
SUB_STEP = 4  # sub-bullets start this much smaller than bullets
REFERENCE_FLOOR = 24  # points: references read from the back of the room; they continue rather than shrink
SHARE = 0.8  # the deck's body size is the largest at which this share of its content slides fit
SHRINK = 4  # points: a content slide may set its bullets this much below the deck's size, then it continues
FILL = 0.85  # a short list's items move apart until its last line is this far down its box
SPREAD = 1.0  # ... by at most this many lines' pitch between two items
EMU_PER_PT = 12700

Runs = tuple[Run, ...]


class PlanError(Exception):
    """A slide that cannot be laid out; `path` is its place in the source, for file:line messages.

    `kind` says what did not fit ("title", "item", "text", "table"), for the importer's repairs;
    `every` holds all the deck's problems when planning found more than one."""

    path: tuple[str | int, ...] | None = None

    def __init__(self, message: str, kind: str = "text") -> None:
        super().__init__(message)
        self.kind = kind
        self.every: list[PlanError] = [self]


@dataclass(frozen=True)
class TextPlan:
    idx: int  # the placeholder's idx on the layout
    paras: tuple[Para, ...]
    sizes: tuple[int, int]  # points for bullets and sub-bullets
    box: tuple[int, int, int, int] | None = None  # the placeholder moved (EMU), where the layout's is too small
    before: float = 0.0  # points before each item but the first, where a short list is spread (0: the template's)
    kept: tuple[int, ...] = ()  # items that keep the template's space before: those right under a heading


@dataclass(frozen=True)
class Sizing:
    """How a box's text is sized: the largest size from `start` down to `floor` at which it fits;
    else it continues on "(cont.)" slides at `cont` (or, where one item alone is too long for
    that, the largest size at which every item fits). `spread`: a short list's items move apart."""

    start: int
    floor: int
    cont: int
    spread: bool = False


@dataclass(frozen=True)
class PicturePlan:
    path: Path
    alt: str  # "" when decorative
    decorative: bool
    box: tuple[int, int, int, int]  # left, top, width, height in EMU, aspect kept
    data: bytes | None = None  # a picture made here (a QR code) instead of read from `path`


@dataclass(frozen=True)
class TablePlan:
    header: tuple[Runs, ...]
    rows: tuple[tuple[Runs, ...], ...]
    box: tuple[int, int, int, int]
    size: int
    heights: tuple[int, ...] = ()  # each row's height (EMU), header first: a row of two lines is taller


@dataclass(frozen=True)
class Footer:
    """One of the layout's footer placeholders, filled: the talk's date, its event, or the slide number."""

    idx: int  # the placeholder's idx on the layout
    kind: Literal["date", "footer", "number"]
    text: str = ""  # what it says; the number is a field the writer fills with the slide's own number
    size: int = 0  # points, where the layout's size would break a word ("Gra|nd Rounds"); 0: the layout's


@dataclass(frozen=True)
class Properties:
    """The deck's document properties, as File > Info and search indexes show them."""

    title: str
    subject: str
    author: str
    keywords: str
    language: str


@dataclass(frozen=True)
class ChartPlan:
    kind: str  # bar, column, line, pie
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]  # (name, values)
    alt: str
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class SlidePlan:
    layout: str  # the template's layout, by its key (render.deck.template.layouts_of)
    title: Runs
    title_size: int
    title_line: int = 0  # the title's line spacing in 1000ths of single, where the template's would not fit
    title_height: int = 0  # the title box's height (EMU) where it grew to fit; 0: the layout's
    texts: tuple[TextPlan, ...] = ()
    picture: PicturePlan | None = None
    table: TablePlan | None = None
    chart: ChartPlan | None = None
    hidden: bool = False  # PowerPoint keeps it out of the slide show; the PDFs leave it out
    notes: tuple[Runs, ...] = ()
    footers: tuple[Footer, ...] = ()
    source_index: int = -1  # the source slide (-1 for quiz and CME slides); continuations share it
    highlight: tuple[int, ...] = ()  # a quiz reveal: the paragraphs that are correct options
    pictures: tuple[PicturePlan, ...] = ()  # more pictures placed on the slide (the QR codes)


def plan_deck(source: Source, template: Template, entries: list[Entry], resolved: Texts) -> list[SlidePlan]:
    family, heading = template.body, template.heading
    for font in dict.fromkeys((heading, family)):
        fonts.note(font)
    plans: list[SlidePlan] = []
    failed: list[PlanError] = []
    # First every slide's layout and title, then the deck's one body size, then the slides' text.
    ready: list[tuple[int, Slide, Runs, tuple[Runs, ...], list[tuple[Slide, Layout, float, Layout]]]] = []
    for index, slide in enumerate(source.slides):
        layout = template.layouts[slide.layout]
        if slide.layout == "image" and slide.image and slide.image.credit and not layout.texts:
            # A picture layout with no text box cannot carry the credit line: the content layout can.
            layout = template.layouts.get("content", layout)
        notes = tuple(resolved.runs(p) for p in slide.notes)
        title = resolved.runs(slide.title) + _cited(slide, resolved)
        # Every slide is planned, so that one run names every slide that does not fit.
        try:
            pieces = [
                _titled(p, place, template, title, heading, index) for p, place in _pieces(slide, layout, template)
            ]
        except PlanError as exc:
            exc.path = ("slides", index)
            failed.append(exc)
            continue
        ready.append((index, slide, title, notes, pieces))
    laid = [(piece, roomy) for _, _, _, _, pieces in ready for piece, _, _, roomy in pieces]
    listed: dict[int, list[Para]] = {}  # each content slide's bullets, made once (by the slide object's id)
    body = _deck_size(laid, template, resolved, family, listed)
    for index, slide, title, notes, pieces in ready:
        placed: list[tuple[Layout, float, Part]] = []
        try:
            for piece, layout, room, roomy in pieces:
                made = listed.get(id(piece))
                parts = _slide_parts(source, piece, roomy, template, resolved, entries, family, body, made)
                placed.extend((layout, room, part) for part in _placed(parts, roomy, layout))
        except PlanError as exc:
            exc.path = ("slides", index)
            failed.append(exc)
            continue
        if failed:
            continue
        chart = _chart(slide, pieces[0][1], template) if slide.chart else None
        for part, (layout, room, (texts, picture, table)) in enumerate(placed):
            label = title if part == 0 else (*title, Run(" (cont.)" if part == 1 else f" (cont. {part})"))
            plans.append(
                SlidePlan(
                    layout=layout.key,
                    title=label,
                    title_size=(fitted := _fit_title(slide.id, label, layout.title, heading, room))[0],
                    title_line=fitted[1],
                    title_height=fitted[2],
                    texts=texts,
                    picture=picture,
                    table=table,
                    chart=chart if part == 0 else None,
                    hidden=slide.hidden,
                    notes=notes if part == 0 else (),
                    footers=_footers(source, layout, family),
                    source_index=index,
                )
            )
    if source.deck.quiz and source.quiz:
        try:
            plans.extend(_quiz_slides(source, template, family, resolved))
        except PlanError as exc:
            failed.append(exc)
    if failed:
        first = failed[0]
        first.every = failed
        raise first
    if source.cme:
        from render.deck.cme_slides import closing, opening

        # Disclosures and objectives before the talk begins (ACCME Standard 3): after the title slide.
        first = 1 if source.slides[0].layout == "title" else 0
        at = next((i for i, plan in enumerate(plans) if plan.source_index >= first), len(plans))
        plans[at:at] = opening(source, template, family, resolved)
        plans.extend(closing(source, template, family))
    _warn_undrawn(template, {p.layout for p in plans})
    return plans


def needed_layouts(source: Source) -> set[str]:
    """Our layouts the deck's slides take: their own, the quote layout for a quotation given with
    bullets (set apart on a slide of its own), the quiz's and the CME slides' content layout."""
    needed = {s.layout for s in source.slides}
    needed |= {"quote"} if any(s.layout == "content" and s.quote and s.bullets for s in source.slides) else set()
    needed |= {"quiz"} if source.deck.quiz and source.quiz is not None else set()
    return needed | ({"content"} if source.cme else set())


def _pieces(slide: Slide, layout: Layout, template: Template) -> list[tuple[Slide, Layout]]:
    """The slide as planned: a quotation given with bullets is set apart on a slide of its own, on
    the quote layout, after them (it is read aloud as one block, not as a bullet's last line)."""
    if slide.layout != "content" or not (slide.quote and slide.bullets):
        return [(slide, layout)]
    quote = slide.model_copy(update={"layout": "quote", "bullets": []})
    return [(slide.model_copy(update={"quote": None}), layout), (quote, template.layouts.get("quote", layout))]


def _titled(
    slide: Slide, layout: Layout, template: Template, title: Runs, heading: Font, index: int
) -> tuple[Slide, Layout, float, Layout]:
    """The layout a slide takes once its title fits, the room its title may grow into, and the
    layout with its text boxes moved down where the title grew (`index`: the source's slide, which a
    notice names)."""
    room = _title_room(layout, template, 0.4 if slide.layout == "title" else 0.2)
    try:
        _, _, grown = _fit_title(slide.id, title, layout.title, heading, room)
    except PlanError:
        other = template.layouts.get("content")
        if slide.layout not in ("title", "section") or other is None or other.key == layout.key:
            raise
        # A designer's cover with a narrow title box: the content layout's title box instead.
        warnings.warn(
            Notice(
                f"slide '{slide.id}': its title does not fit layout '{layout.name}' without breaking a "
                f"word, so it uses '{other.name}'; name another under `template: layouts:`",
                ("slides", index, "title"),
            ),
            stacklevel=1,
        )
        layout = other
        room = _title_room(layout, template, 0.4)
        _, _, grown = _fit_title(slide.id, title, layout.title, heading, room)
    return slide, layout, room, (_make_room(layout, grown) if grown else layout)


def _deck_size(
    slides: list[tuple[Slide, Layout]],
    template: Template,
    resolved: Texts,
    family: Font,
    listed: dict[int, list[Para]],
) -> int:
    """The deck's one body size: the largest at which at least SHARE of the content slides fit
    their box. Sizes that jump between slides show when the presenter advances; one size does not.
    A slide too long for one slide at any size continues whatever the size, so it is not counted:
    twenty bullets must not pull a deck's other slides down to the floor."""
    own: list[int] = []
    for slide, layout in slides:
        if slide.layout != "content" or not slide.bullets or not layout.texts:
            continue
        box, paras = layout.texts[0], _bullets(slide.bullets, resolved)
        listed[id(slide)] = paras  # the slide's own planning reads them from here
        fitting = next((s for s in _candidates(box) if _fits(box, paras, s, family)), 0)
        if fitting:
            own.append(fitting)
    if not own:  # no content slide that fits one slide: the content layout's own size
        content = template.layouts.get("content")
        return max(BODY_FLOOR, int(content.texts[0].sizes[0])) if content and content.texts else BODY_FLOOR
    own.sort(reverse=True)
    return own[math.ceil(SHARE * len(own)) - 1]


def _bulleted(body: int) -> Sizing:
    return Sizing(body, max(BODY_FLOOR, body - SHRINK), body, spread=True)


def _warn_undrawn(template: Template, used: set[str]) -> None:
    """One warning naming the template's shapes the handout and slides PDF cannot draw."""
    layouts = [layout for layout in template.layouts.values() if layout.key in used]
    skipped = sorted({name for layout in layouts for name in layout.look.skipped})
    if skipped:
        shown = ", ".join(f"'{n}'" for n in skipped[:6]) + (f" and {len(skipped) - 6} more" if len(skipped) > 6 else "")
        warnings.warn(
            Notice(
                f"the handout and slides PDF leave out {len(skipped)} shape{'s' if len(skipped) != 1 else ''} of "
                "the template's layouts that they cannot draw (text boxes, rotated groups, charts, freeforms with "
                f"arcs, EMF pictures): {shown}; the deck shows them",
                ("template",),
            ),
            stacklevel=2,
        )


def _cited(slide: Slide, resolved: Texts) -> Runs:
    # Keys listed under `cite:` support the whole slide: their numbers follow the title.
    if not slide.cite:
        return ()
    return (Run(",".join(str(n) for n in sorted({resolved.numbers[k] for k in slide.cite})), superscript=True),)


def _footers(source: Source, layout: Layout, family: Font) -> tuple[Footer, ...]:
    """Fill what the layout shows: event in the footer, the talk's date, the slide number (a field).
    A footer whose longest word is wider than its box at the layout's size is set smaller, down to
    where every word fits whole."""
    out: list[Footer] = []
    for kind, text in (("date", source.talk.date), ("footer", source.talk.event)):
        if kind in layout.footers and text:
            box = layout.footer_boxes[layout.footers[kind]]
            size = footer_size(text, box, family)
            out.append(Footer(layout.footers[kind], kind, text, size if size < int(box.sizes[0]) else 0))
    if "number" in layout.footers:
        out.append(Footer(layout.footers["number"], "number"))
    return tuple(out)


def properties(source: Source) -> Properties:
    """The document properties the .pptx carries, decided here so the writer copies them."""
    talk = source.talk
    return Properties(
        title=talk.title,
        subject=talk.subtitle or "",
        author=(talk.presenter and talk.presenter.name) or "",
        keywords=", ".join(talk.keywords),
        language=talk.language,  # the PDFs say the same
    )


def _bullets(items: list[Bullet], resolved: Texts, bullet: bool = True) -> list[Para]:
    paras: list[Para] = []
    for item in items:
        paras.append(Para(resolved.runs(item.text), bullet=bullet))
        paras.extend(Para(resolved.runs(s), level=1, bullet=bullet) for s in item.sub)
    return paras


Part = tuple[tuple[TextPlan, ...], PicturePlan | None, TablePlan | None]


def _slide_parts(
    source: Source,
    slide: Slide,
    layout: Layout,
    template: Template,
    resolved: Texts,
    entries: list[Entry],
    family: Font,
    body: int = 0,
    listed: list[Para] | None = None,
) -> list[Part]:
    """The slide's content per placeholder; more than one part when a list continues. Bullets are
    set at the deck's `body` size (0: each box's own largest that fits); `listed`: the bullets'
    paragraphs where the deck's size already made them."""
    bulleted = _bulleted(body) if body else None
    texts = layout.texts
    kind = slide.layout
    if kind == "title":
        talk, who = source.talk, source.talk.presenter
        person = resolved.joined([x for x in (who and who.name, who and who.credentials) if x], ", ")
        subtitle, affiliation = slide.subtitle or talk.subtitle, who and who.affiliation
        lines = [resolved.runs(subtitle), person, *(resolved.runs(x) for x in (affiliation, talk.event, talk.date))]
        paras = [Para(line, bullet=False) for line in lines if line]
        roles = ("subtitle", "person", "detail", "detail", "detail")  # in the order of `lines`
        named = len(resolved.plain(who.name)) if who and who.name else 0
        paras = _ranked(paras, [role for role, line in zip(roles, lines, strict=True) if line], named)
        if not texts:
            return [((), None, None)]
        return [((_subtitle_block(texts[0], paras, template, family),), None, None)]
    if kind == "section":
        paras = [Para(resolved.runs(slide.subtitle), bullet=False)] if slide.subtitle else []
        return [(_fixed(slide, texts[:1], [paras], family), None, None)]
    if kind in ("two-content", "comparison"):
        left, right = slide.left, slide.right
        assert left and right  # the model's problems() guarantees both
        if layout.stacked or len(texts) < 2:  # no two-column layout: the columns one after the other
            stacked = _column(left, resolved) + _column(right, resolved)
            return [((chunk,), None, None) for chunk in _flow(slide, texts[0], stacked, family, bulleted)]
        if kind == "comparison" and len(texts) >= 4:
            columns = [
                [Para(resolved.runs(left.heading or ""), bullet=False)],
                _bullets(left.bullets, resolved),
                [Para(resolved.runs(right.heading or ""), bullet=False)],
                _bullets(right.bullets, resolved),
            ]
            return _columns(slide, texts[:4], columns, family, bulleted)
        columns = [_column(left, resolved), _column(right, resolved)]
        return _columns(slide, texts[:2], columns, family, bulleted)
    if kind == "image":
        return [_image(slide, layout, template, resolved, family, source)]
    if kind == "image-text":
        return _image_text(slide, layout, template, resolved, family, source, bulleted)
    if kind == "chart":
        return [((), None, None)]
    if kind == "table":
        return [((), None, _table(slide, layout, template, resolved, family))]
    paras = list(listed) if listed is not None else _bullets(slide.bullets, resolved)
    if slide.quote:
        quote = tuple(Run(r.text, r.bold, True, r.href, r.superscript) for r in resolved.runs(slide.quote.text))
        paras.append(Para(quote, bullet=False))
        if slide.quote.attribution:
            paras.append(Para((Run("— "), *resolved.runs(slide.quote.attribution)), bullet=False))
    if kind == "references":
        paras.extend(Para((Run(f"{e.number}. "), *e.runs), bullet=False) for e in entries)
        if source.resources:
            paras.append(Para((Run("Resources", bold=True),), bullet=False))
            for res in source.resources:
                paras.append(Para((Run(res.title, href=res.url),), bullet=False))
    if not texts:
        raise PlanError(f"slide '{slide.id}': layout '{layout.name}' has no text placeholder for its content")
    sizing = bulleted if slide.bullets else None
    if kind == "references":
        start = max(int(texts[0].sizes[0]), REFERENCE_FLOOR)
        # Spread like a short list: four references at 24 pt ended a third of the way up the slide.
        sizing = Sizing(start, REFERENCE_FLOOR, REFERENCE_FLOOR, spread=True)
    return [((chunk,), None, None) for chunk in _flow(slide, texts[0], paras, family, sizing)]


def _ranked(paras: list[Para], roles: list[str], named: int) -> list[Para]:
    """The title slide's lines in order of weight: the subtitle; the presenter's name in bold, its
    credentials after it in plain type; then affiliation, event and date, a level smaller."""
    out: list[Para] = []
    for para, role in zip(paras, roles, strict=True):
        if role == "person":
            para = replace(para, runs=_bold_first(para.runs, named))
        out.append(replace(para, level=1) if role == "detail" else para)
    return out


def _bold_first(text: Runs, count: int) -> Runs:
    """The runs with their first `count` characters bold (the name before ", MD")."""
    out: list[Run] = []
    for run in text:
        if count <= 0:
            out.append(run)
            continue
        head, tail = run.text[:count], run.text[count:]
        out.append(replace(run, text=head, bold=True))
        if tail:
            out.append(replace(run, text=tail))
        count -= len(head)
    return tuple(out)


def _subtitle_block(box: Box, paras: list[Para], template: Template, family: Font) -> TextPlan:
    """A title slide always fits: the subtitle block (presenter, affiliation, event, date) shrinks to
    the body floor, then takes the room below its box down to the slide's bottom margin, then
    shrinks on to SUBTITLE_FLOOR, wrapping its lines; it never stops the build. Its detail lines
    (level 1) are set at least SUB_STEP smaller than the subtitle and the presenter's name."""
    step = max(SUB_STEP, round(box.sizes[0] - box.sizes[1]) if len(box.sizes) > 1 else 0)

    def pair(size: int) -> tuple[int, int]:
        return size, max(SUBTITLE_FLOOR, size - step)

    def fits(inside: Box, size: int) -> bool:
        sizes = dict(enumerate(map(float, pair(size))))
        return height(paras, sizes, inside.width, inside.style, family) <= inside.height

    if not paras:
        return TextPlan(box.idx, (), pair(int(box.sizes[0])))
    start = max(int(box.sizes[0]), BODY_FLOOR)
    for size in range(start, BODY_FLOOR - 1, -1):
        if fits(box, size):
            return TextPlan(box.idx, tuple(paras), pair(size))
    bottom = template.height - template.height // 20
    grown_height = max(box.height_emu, bottom - box.top)
    grown = replace(box, height_emu=grown_height, height=box.height + (grown_height - box.height_emu) / EMU_PER_PT)
    place = (box.left, box.top, box.width_emu, grown_height)
    for size in range(BODY_FLOOR, SUBTITLE_FLOOR - 1, -1):
        if fits(grown, size):
            break
    return TextPlan(box.idx, tuple(paras), pair(size), place)


def _columns(
    slide: Slide, boxes: tuple[Box, ...], columns: list[list[Para]], family: Font, sizing: Sizing | None = None
) -> list[Part]:
    """Columns side by side at one size; where they do not fit even at the floor, each column
    continues on "(cont.)" slides, split into as many even runs of items as it takes (at the
    sizing's continuation size where every item fits it, else at the floor)."""
    try:
        start, floor = (sizing.start, sizing.floor) if sizing else (None, BODY_FLOOR)
        return [(_fixed(slide, boxes, columns, family, start, floor), None, None)]
    except PlanError:
        if len(boxes) < len([c for c in columns if c]):
            raise
    grouped = [_groups(c) for c in columns]
    pairs = list(zip(boxes, grouped, strict=False))
    for size in dict.fromkeys((sizing.cont if sizing else BODY_FLOOR, BODY_FLOOR)):
        for parts in range(2, 1 + max(len(g) for g in grouped)):
            split = [
                (box, [_joined(g[i * len(g) // parts : (i + 1) * len(g) // parts]) for i in range(parts)])
                for box, g in pairs
            ]
            if all(_fits(box, chunk, size, family) for box, col in split for chunk in col if chunk):
                out: list[Part] = []
                for i in range(parts):
                    texts = tuple(TextPlan(box.idx, tuple(col[i]), _pair(box, size)) for box, col in split if col[i])
                    out.append((texts, None, None))
                return out
    raise PlanError(f"slide '{slide.id}': one item is too long to fit its column even at {BODY_FLOOR} pt; shorten it")


def _joined(groups: list[list[Para]]) -> list[Para]:
    return [para for group in groups for para in group]


def _column(column: object, resolved: Texts) -> list[Para]:
    heading = getattr(column, "heading", None)
    paras = [Para((Run(heading, bold=True),), bullet=False)] if heading else []
    return paras + _bullets(getattr(column, "bullets", []), resolved)


def _sizes(box: Box, body: int) -> dict[int, float]:
    """Bullet and sub-bullet sizes when bullets are set at `body` points."""
    sub = max(BODY_FLOOR, body - round(box.sizes[0] - box.sizes[1])) if len(box.sizes) > 1 else body
    return {0: body, 1: min(sub, body)}


def _candidates(box: Box) -> range:
    start = max(int(box.sizes[0]), BODY_FLOOR)
    return range(start, BODY_FLOOR - 1, -1)


def _fits(box: Box, paras: list[Para], size: int, family: Font) -> bool:
    return height(paras, _sizes(box, size), box.width, box.style, family) <= box.height


def _fixed(
    slide: Slide,
    boxes: tuple[Box, ...],
    contents: list[list[Para]],
    family: Font,
    start: int | None = None,
    floor: int = BODY_FLOOR,
) -> tuple[TextPlan, ...]:
    """Fill boxes that cannot continue on another slide: one shared size that fits them all, from
    `start` (the boxes' own sizes where not given) down to `floor`."""
    pairs = [(box, paras) for box, paras in zip(boxes, contents, strict=False) if paras]
    if len(boxes) < len([c for c in contents if c]):
        raise PlanError(f"slide '{slide.id}': the template's layout has too few text placeholders for this slide")
    if start is None:
        start = min((max(int(b.sizes[0]), BODY_FLOOR) for b, _ in pairs), default=BODY_FLOOR)
    for size in range(start, floor - 1, -1):
        if all(_fits(box, paras, size, family) for box, paras in pairs):
            return tuple(TextPlan(box.idx, tuple(paras), _pair(box, size)) for box, paras in pairs)
    raise PlanError(f"slide '{slide.id}': its text does not fit even at {BODY_FLOOR} pt; shorten it or split the slide")


def _pair(box: Box, size: int) -> tuple[int, int]:
    sizes = _sizes(box, size)
    return int(sizes[0]), int(sizes[1])


def _flow(slide: Slide, box: Box, paras: list[Para], family: Font, sizing: Sizing | None = None) -> list[TextPlan]:
    """The largest size of the sizing that fits (the box's own size down to the floor where none is
    given); past its floor, continue on further slides, the items shared evenly between them."""
    if sizing is None:
        sizing = Sizing(max(int(box.sizes[0]), BODY_FLOOR), BODY_FLOOR, BODY_FLOOR)
    if not paras:
        return [TextPlan(box.idx, (), _pair(box, sizing.start))]
    for size in range(sizing.start, sizing.floor - 1, -1):
        if _fits(box, paras, size, family):
            return [_spread(TextPlan(box.idx, tuple(paras), _pair(box, size)), box, family, sizing)]
    groups = _groups(paras)
    sizes = [s for s in range(sizing.cont, BODY_FLOOR - 1, -1) if all(_fits(box, g, s, family) for g in groups)]
    if not sizes:
        raise PlanError(
            f"slide '{slide.id}': one item is too long to fit a slide even at {BODY_FLOOR} pt; shorten it",
            "item",
        )
    # The fewest slides between `cont` and the floor, at the largest size that needs no more (a
    # list over two slides at 24 pt rather than three at 28); below the floor only where an item
    # alone needs it.
    tries = [s for s in sizes if s >= sizing.floor] or sizes[:1]
    size, chunks = min(((s, _filled(box, groups, s, family)) for s in tries), key=lambda t: (len(t[1]), -t[0]))
    # As many slides as the greedy fill needs, the items shared evenly (10 and 10, not 17 and 3).
    n = len(chunks)
    even = [_joined(groups[i * len(groups) // n : (i + 1) * len(groups) // n]) for i in range(n)]
    if all(chunk and _fits(box, chunk, size, family) for chunk in even):
        chunks = even
    return [_spread(TextPlan(box.idx, tuple(chunk), _pair(box, size)), box, family, sizing) for chunk in chunks]


def _filled(box: Box, groups: list[list[Para]], size: int, family: Font) -> list[list[Para]]:
    """The items in order, each slide filled before the next begins."""
    chunks: list[list[Para]] = [[]]
    for group in groups:
        if chunks[-1] and not _fits(box, chunks[-1] + group, size, family):
            chunks.append([])
        chunks[-1].extend(group)
    return chunks


def _spread(text: TextPlan, box: Box, family: Font, sizing: Sizing) -> TextPlan:
    """A short list's items moved apart, so that it fills its box toward FILL of its height rather
    than hugging the top. Its first line stays where every slide's first line is (anchored at the
    top, it does not jump as the presenter advances) and its items' sub-bullets stay close under
    them; the gap grows by at most SPREAD lines, so items still read as one list."""
    # The first item under a heading ("Resources") stays close under it: the heading belongs to it.
    kept = tuple(i for i in range(1, len(text.paras)) if _is_heading(text.paras[i - 1]) and text.paras[i].level == 0)
    items = sum(1 for i, para in enumerate(text.paras) if i and para.level == 0 and i not in kept)
    if not sizing.spread or not items:
        return text
    sizes = {0: float(text.sizes[0]), 1: float(text.sizes[1])}
    used = height(list(text.paras), sizes, box.width, box.style, family)
    spacing = box.style.spacing(0)
    extra = min((FILL * box.height - used) / items, SPREAD * spacing.pitch(sizes[0], family))
    if extra < 1:
        return text
    own = spacing.before * sizes[0] + spacing.before_pt
    return replace(text, before=math.floor(own + extra), kept=kept)


def _groups(paras: list[Para]) -> list[list[Para]]:
    # A sub-bullet stays on the slide of its bullet, a heading ("Resources") on the slide of what follows it.
    groups: list[list[Para]] = []
    for para in paras:
        if groups and (para.level > 0 or _heading(groups[-1])):
            groups[-1].append(para)
        else:
            groups.append([para])
    return groups


def _heading(group: list[Para]) -> bool:
    return len(group) == 1 and _is_heading(group[0])


def _is_heading(para: Para) -> bool:
    """A heading among the items: a plain paragraph all in bold."""
    return not para.bullet and bool(para.runs) and all(r.bold for r in para.runs)


def _fit_title(slide_id: str, title: Runs, box: Box, family: Font, room: float = 0.0) -> tuple[int, int, int]:
    """The largest size at which the title fits its box without breaking a word; the line spacing
    to write (0: the template's); and the box's height (EMU) where it had to grow into `room`
    (points free below the box; 0: the box's own). A template that sets its titles' line pitch in
    points (one 64 pt line in a 99 pt box) gets single spacing where that pitch would not fit."""
    start = max(int(box.sizes[0]), TITLE_FLOOR)
    own = box.style.spacing(0)
    tries = [(own, 0)] + ([(Spacing(line=TITLE_LINE / 1000), TITLE_LINE)] if own.line_pt or own.line > 1 else [])
    heights = [box.height] + ([box.height + room] if room > 0 else [])
    for tall in heights:
        for spacing, line in tries:
            for size in range(start, TITLE_FLOOR - 1, -1):
                if widest_word(title, size, family) > box.width:
                    continue  # a word wider than the box would break mid-word ("Psychodyna|mic")
                lines = count_lines(title, size, box.width, family)
                if lines * spacing.pitch(size, family) <= tall:
                    grown = 0 if tall == box.height else box.height_emu + round(room * EMU_PER_PT)
                    return size, line, grown
    raise PlanError(
        f"slide '{slide_id}': the title does not fit its box even at {TITLE_FLOOR} pt without breaking a word; "
        "shorten it, or name another layout for these slides under `template: layouts:`",
        "title",
    )


def footer_size(text: str, box: Box, family: Font) -> int:
    """The footer's own size, or smaller where one of its words would not fit the box whole."""
    size = int(box.sizes[0])
    while size > 6 and widest_word((Run(text),), size, family) > box.width:
        size -= 1
    return size


def _title_room(layout: Layout, template: Template, share: float = 0.0) -> float:
    """Points free below the title box: down to the nearest text box under it, or the slide's bottom
    margin; the title may also take that `share` of the text box's height (the text then moves down)."""
    t = layout.title
    bottom = t.top + t.height_emu
    below = [b for b in layout.texts if b.top >= bottom - EMU_PER_PT]
    if below:
        nearest = min(below, key=lambda b: b.top)
        limit = nearest.top - 6 * EMU_PER_PT + round(nearest.height_emu * share)
    else:
        limit = template.height - template.height // 20
    return max(0.0, (limit - bottom) / EMU_PER_PT)


def _make_room(layout: Layout, title_height: int) -> Layout:
    """The layout with its text boxes under a grown title moved down (and shortened) to clear it."""
    t = layout.title
    clear = t.top + title_height + 6 * EMU_PER_PT
    moved = []
    for b in layout.texts:
        if b.top >= t.top + t.height_emu - EMU_PER_PT and b.top < clear:
            shift = clear - b.top
            b = replace(b, top=clear, height_emu=b.height_emu - shift, height=b.height - shift / EMU_PER_PT)
        moved.append(b)
    return replace(layout, texts=tuple(moved))


def _placed(parts: list[Part], roomy: Layout, layout: Layout) -> list[Part]:
    """Texts whose boxes `_make_room` moved carry their new place, for the writer and the cards."""
    if roomy is layout:
        return parts
    moved = {b.idx: (b.left, b.top, b.width_emu, b.height_emu) for b in roomy.texts if b not in layout.texts}
    out: list[Part] = []
    for texts, picture, table in parts:
        placed = tuple(replace(t, box=t.box or moved[t.idx]) if t.idx in moved else t for t in texts)
        out.append((placed, picture, table))
    return out


def _content_area(layout: Layout, template: Template) -> tuple[int, int, int, int]:
    """Where free content (a table, a picture) goes on a layout without a placeholder for it."""
    if layout.texts:
        b = layout.texts[0]
        return b.left, b.top, b.width_emu, b.height_emu
    t = layout.title
    top = t.top + t.height_emu + 12 * EMU_PER_PT
    bottom = template.height - 54 * EMU_PER_PT  # above the footer row
    return t.left, top, t.width_emu, bottom - top


def _picture_in(slide: Slide, source: Source, area: tuple[int, int, int, int]) -> PicturePlan:
    """The slide's picture scaled into `area`, its aspect kept, centred."""
    from PIL import Image as Pillow

    image = slide.image
    assert image is not None  # guaranteed by the model's problems()
    path = source.file(image.path)  # resolved and checked once, at loading
    with Pillow.open(path) as picture:
        width, height = picture.size
    scale = min(area[2] / width, area[3] / height)
    w, h = round(width * scale), round(height * scale)
    box = (area[0] + (area[2] - w) // 2, area[1] + (area[3] - h) // 2, w, h)
    return PicturePlan(path, "" if image.decorative else (image.alt or ""), image.decorative, box)


def _image_text(
    slide: Slide,
    layout: Layout,
    template: Template,
    resolved: Texts,
    family: Font,
    source: Source,
    sizing: Sizing | None = None,
) -> list[Part]:
    """A picture beside bullets: in the picture placeholder (Picture with Caption) and the text box,
    or in the first and second boxes of a two-content layout. The picture stays on the first part."""
    texts = layout.texts
    if layout.picture is not None:
        p = layout.picture
        area, text_box = (p.left, p.top, p.width_emu, p.height_emu), texts[0] if texts else None
    elif len(texts) >= 2:
        b = texts[0]
        area, text_box = (b.left, b.top, b.width_emu, b.height_emu), texts[1]
    else:
        text_box = None
    if text_box is None:
        raise PlanError(f"slide '{slide.id}': layout '{layout.name}' has no room for a picture beside text")
    picture = _picture_in(slide, source, area)
    paras = _bullets(slide.bullets, resolved)
    if slide.image and slide.image.credit:
        paras.append(Para(resolved.runs(slide.image.credit), bullet=False))
    chunks = _flow(slide, text_box, paras, family, sizing)
    return [((chunk,), picture if i == 0 else None, None) for i, chunk in enumerate(chunks)]


def _image(slide: Slide, layout: Layout, template: Template, resolved: Texts, family: Font, source: Source) -> Part:
    image = slide.image
    assert image is not None  # guaranteed by the model's problems()
    strip: Box | None = None
    if layout.picture is not None:
        area = (layout.picture.left, layout.picture.top, layout.picture.width_emu, layout.picture.height_emu)
    else:
        area = _content_area(layout, template)
        if image.credit and layout.texts:
            # No picture placeholder: the picture takes the text box's top, the credit a strip below it.
            b = layout.texts[0]
            cut = round(b.height_emu * 0.82)
            area = (b.left, b.top, b.width_emu, cut)
            strip = replace(b, top=b.top + cut, height_emu=b.height_emu - cut, height=b.height * 0.18)
    plan = _picture_in(slide, source, area)
    caption: tuple[TextPlan, ...] = ()
    if image.credit:
        credit = [Para(resolved.runs(image.credit), bullet=False)]
        if strip is not None:
            (fitted,) = _fixed(slide, (strip,), [credit], family)
            caption = (replace(fitted, box=(strip.left, strip.top, strip.width_emu, strip.height_emu)),)
        elif layout.texts:
            caption = _fixed(slide, layout.texts[:1], [credit], family)
        else:
            raise PlanError(f"slide '{slide.id}': layout '{layout.name}' has no text placeholder for the credit line")
    return caption, plan, None


def _chart(slide: Slide, layout: Layout, template: Template) -> ChartPlan:
    chart = slide.chart
    assert chart is not None
    series = tuple((s.name, tuple(s.values)) for s in chart.series)
    return ChartPlan(chart.type, tuple(chart.categories), series, chart.alt, _content_area(layout, template))


def _table(slide: Slide, layout: Layout, template: Template, resolved: Texts, family: Font) -> TablePlan:
    table = slide.table
    assert table is not None
    header = tuple(resolved.runs(c) for c in table.header)
    rows = tuple(tuple(resolved.runs(c) for c in row) for row in table.rows)
    box = _content_area(layout, template)
    columns = len(header)
    cell_width = box[2] / EMU_PER_PT / columns - 14.4  # python-pptx cells: 0.1 in insets each side
    for size in range(24, BODY_FLOOR - 1, -1):
        # Each row as tall as its longest cell: python-pptx shares the table's height evenly, and a
        # renderer grows a row of two lines past that, pushing the rows under it off the table's box.
        heights = [
            round((max(count_lines(cell, size, cell_width, family) for cell in row) * size * line_height(family) + 7.2)
                  * EMU_PER_PT)  # 0.05 in insets top and bottom
            for row in (header, *rows)
        ]  # fmt: skip
        if sum(heights) <= box[3]:
            return TablePlan(header, rows, (box[0], box[1], box[2], sum(heights)), size, tuple(heights))
    raise PlanError(
        f"slide '{slide.id}': the table does not fit even at {BODY_FLOOR} pt; split it over two slides", "table"
    )


def _quiz_slides(source: Source, template: Template, family: Font, resolved: Texts) -> list[SlidePlan]:
    """Each question on its own slide, then its reveal, after the talk's last slide.

    The slides read the quiz as drawn in the source's order (render.quiz.forms), as the sheet does.
    """
    from render.quiz.forms import draw

    assert source.quiz is not None
    layout = template.layouts["quiz"]
    if not layout.texts:
        raise PlanError(f"the quiz layout '{layout.name}' has no text placeholder")
    plans: list[SlidePlan] = []
    for q in draw(source, source.quiz, resolved).key:
        box, picture = layout.texts[0], None
        if q.image:
            box, picture = _beside_picture(box, q.image.file, q.image.alt)
        stem = Para(q.stem, bullet=False)
        options = [Para((Run(f"{letter}. "), *text), bullet=False) for letter, text in q.options]
        for reveal in (False, True):
            title = f"Question {q.number}: answer" if reveal else f"Question {q.number}"
            shown = [stem, *options]
            if reveal and q.model_answer:
                shown.append(Para(q.model_answer, bullet=False))
            (text,) = _fixed_single(q.item, box, shown, family)
            plans.append(
                SlidePlan(
                    layout=layout.key,
                    title=(Run(title),),
                    title_size=_fit_title(q.item, (Run(title),), layout.title, template.heading)[0],
                    texts=(text,),
                    picture=picture,
                    notes=(q.rationale,) if reveal and q.rationale else (),
                    footers=_footers(source, layout, family),
                    highlight=(tuple(1 + LETTERS.index(a) for a in q.answers) if q.options else (len(shown) - 1,))
                    if reveal
                    else (),
                )
            )
    return plans


def _beside_picture(box: Box, path: Path, alt: str) -> tuple[Box, PicturePlan]:
    """A question with a picture: its text in the left 55 % of the box, the picture in the rest, aspect kept."""
    from PIL import Image as Pillow

    with Pillow.open(path) as image:
        width, height = image.size
    text_width = round(box.width_emu * 0.55)
    gap = 18 * EMU_PER_PT
    area = (box.left + text_width + gap, box.top, box.width_emu - text_width - gap, box.height_emu)
    scale = min(area[2] / width, area[3] / height)
    w, h = round(width * scale), round(height * scale)
    picture = PicturePlan(path, alt, not alt, (area[0] + (area[2] - w) // 2, area[1], w, h))
    narrowed = replace(box, width_emu=text_width, width=box.width - (box.width_emu - text_width) / EMU_PER_PT)
    return narrowed, picture


def _fixed_single(item: str, box: Box, paras: list[Para], family: Font) -> tuple[TextPlan]:
    for size in _candidates(box):
        if _fits(box, paras, size, family):
            return (TextPlan(box.idx, tuple(paras), _pair(box, size)),)
    raise PlanError(f"question '{item}': it does not fit one slide even at {BODY_FLOOR} pt")
