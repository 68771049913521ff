"""Model -> slide plans: every decision about the deck, made without writing a file.

Which layout each slide takes, what goes into which placeholder, the font size
that fits (measured against the template's boxes and the font's metrics),
where a long list continues on a "(cont.)" slide, what the footers say, and
the optional quiz slides. `render.deck.pptx` only serialises these plans.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from render.deck.fit import Para, count_lines, height, line_height, twin
from render.deck.template import Box, Layout, Template
from render.source.cite import Entry, numbering
from render.source.model import LETTERS, Bullet, Slide, Source
from render.source.text import Run, runs

TITLE_FLOOR = 28  # points: below this a title is unreadable from the back of the room
BODY_FLOOR = 18
SUB_STEP = 4  # sub-bullets start this much smaller than bullets
EMU_PER_PT = 12700

Runs = tuple[Run, ...]


class PlanError(Exception):
    """A slide that cannot be laid out; `path` is its place in the source, for file:line messages."""

    path: tuple[str | int, ...] | None = None


@dataclass(frozen=True)
class TextPlan:
    idx: int  # the placeholder's idx on the layout
    paras: tuple[Para, ...]
    sizes: tuple[int, int]  # points for bullets and sub-bullets


@dataclass(frozen=True)
class PicturePlan:
    path: Path
    alt: str  # "" when decorative
    decorative: bool
    idx: int | None  # a picture placeholder to fill, or None to place at the box below
    box: tuple[int, int, int, int]  # left, top, width, height in EMU, aspect kept


@dataclass(frozen=True)
class TablePlan:
    header: tuple[Runs, ...]
    rows: tuple[tuple[Runs, ...], ...]
    box: tuple[int, int, int, int]
    size: int


@dataclass(frozen=True)
class SlidePlan:
    layout: str  # the template's layout name
    title: Runs
    title_size: int
    texts: tuple[TextPlan, ...] = ()
    picture: PicturePlan | None = None
    table: TablePlan | None = None
    notes: tuple[Runs, ...] = ()
    footers: tuple[tuple[int, str], ...] = ()  # (placeholder idx, "date:..." / "footer:..." / "number")
    source_index: int = -1  # the source slide (-1 for quiz slides); continuations share it
    highlight: tuple[int, ...] = ()  # a quiz reveal: the paragraphs that are correct options


def plan_deck(
    source: Source, template: Template, entries: list[Entry], base: Path, with_quiz: bool = False
) -> list[SlidePlan]:
    numbers = numbering(source)
    family = twin(template.font)
    plans: list[SlidePlan] = []
    for index, slide in enumerate(source.slides):
        layout = template.layouts[slide.layout]
        notes = tuple(tuple(runs(p, numbers)) for p in slide.notes)
        title = tuple(runs(slide.title, numbers)) + _cited(slide, numbers)
        try:
            parts = _slide_parts(source, slide, layout, template, numbers, entries, family, base)
            _fit_title(slide.id, title, layout.title, family)
        except PlanError as exc:
            exc.path = ("slides", index)
            raise
        for part, (texts, picture, table) in enumerate(parts):
            label = title if part == 0 else (*title, Run(" (cont.)" if part == 1 else f" (cont. {part})"))
            plans.append(
                SlidePlan(
                    layout=layout.name,
                    title=label,
                    title_size=_fit_title(slide.id, label, layout.title, family),
                    texts=texts,
                    picture=picture,
                    table=table,
                    notes=notes if part == 0 else (),
                    footers=_footers(source, layout),
                    source_index=index,
                )
            )
    if (with_quiz or source.deck.quiz) and source.quiz:
        plans.extend(_quiz_slides(source, template, family, base))
    return plans


def _cited(slide: Slide, numbers: dict[str, int]) -> Runs:
    # Keys listed under `cite:` support the whole slide: their numbers follow the title.
    if not slide.cite:
        return ()
    return (Run(",".join(str(n) for n in sorted({numbers[k] for k in slide.cite})), superscript=True),)


def _footers(source: Source, layout: Layout) -> tuple[tuple[int, str], ...]:
    """Fill what the layout shows: event in the footer, the talk's date, the slide number (a field)."""
    out: list[tuple[int, str]] = []
    if "date" in layout.footers and source.talk.date:
        out.append((layout.footers["date"], f"date:{source.talk.date}"))
    if "footer" in layout.footers and source.talk.event:
        out.append((layout.footers["footer"], f"footer:{source.talk.event}"))
    if "number" in layout.footers:
        out.append((layout.footers["number"], "number"))
    return tuple(out)


def _bullets(items: list[Bullet], numbers: dict[str, int], bullet: bool = True) -> list[Para]:
    paras: list[Para] = []
    for item in items:
        paras.append(Para(tuple(runs(item.text, numbers)), bullet=bullet))
        paras.extend(Para(tuple(runs(s, numbers)), level=1, bullet=bullet) for s in item.sub)
    return paras


Part = tuple[tuple[TextPlan, ...], PicturePlan | None, TablePlan | None]


def _slide_parts(
    source: Source,
    slide: Slide,
    layout: Layout,
    template: Template,
    numbers: dict[str, int],
    entries: list[Entry],
    family: str,
    base: Path,
) -> list[Part]:
    """The slide's content per placeholder; more than one part when a list continues."""
    texts = layout.texts
    kind = slide.layout
    if kind == "title":
        talk, who = source.talk, source.talk.presenter
        person = ", ".join(x for x in (who and who.name, who and who.credentials) if x)
        lines = [slide.subtitle or talk.subtitle, person, who and who.affiliation, talk.event, talk.date]
        paras = [Para(tuple(runs(line, numbers)), bullet=False) for line in lines if line]
        return [(_fixed(slide, texts[:1], [paras], family), None, None)]
    if kind == "section":
        paras = [Para(tuple(runs(slide.subtitle, numbers)), bullet=False)] if slide.subtitle else []
        return [(_fixed(slide, texts[:1], [paras], family), None, None)]
    if kind in ("two-content", "comparison"):
        left, right = slide.left, slide.right
        assert left and right  # the model's problems() guarantees both
        if kind == "comparison" and len(texts) >= 4:
            columns = [
                [Para(tuple(runs(left.heading or "", numbers)), bullet=False)],
                _bullets(left.bullets, numbers),
                [Para(tuple(runs(right.heading or "", numbers)), bullet=False)],
                _bullets(right.bullets, numbers),
            ]
            return [(_fixed(slide, texts[:4], columns, family), None, None)]
        columns = [_column(left, numbers), _column(right, numbers)]
        return [(_fixed(slide, texts[:2], columns, family), None, None)]
    if kind == "image":
        return [_image(slide, layout, template, numbers, family, base)]
    if kind == "table":
        return [((), None, _table(slide, layout, template, numbers, family))]
    paras = _bullets(slide.bullets, numbers)
    if slide.quote:
        quote = tuple(Run(r.text, r.bold, True, r.href, r.superscript) for r in runs(slide.quote.text, numbers))
        paras.append(Para(quote, bullet=False))
        if slide.quote.attribution:
            paras.append(Para((Run("— "), *runs(slide.quote.attribution, numbers)), bullet=False))
    if kind == "references":
        paras.extend(Para((Run(f"{e.number}. "), *e.runs), bullet=False) for e in entries)
        if source.resources:
            paras.append(Para((Run("Resources", bold=True),), bullet=False))
            for res in source.resources:
                paras.append(Para((Run(res.title, href=res.url),), bullet=False))
    if not texts:
        raise PlanError(f"slide '{slide.id}': layout '{layout.name}' has no text placeholder for its content")
    return [((chunk,), None, None) for chunk in _flow(slide, texts[0], paras, family)]


def _column(column: object, numbers: dict[str, int]) -> list[Para]:
    heading = getattr(column, "heading", None)
    paras = [Para((Run(heading, bold=True),), bullet=False)] if heading else []
    return paras + _bullets(getattr(column, "bullets", []), numbers)


def _sizes(box: Box, body: int) -> dict[int, float]:
    """Bullet and sub-bullet sizes when bullets are set at `body` points."""
    sub = max(BODY_FLOOR, body - round(box.sizes[0] - box.sizes[1])) if len(box.sizes) > 1 else body
    return {0: body, 1: min(sub, body)}


def _candidates(box: Box) -> range:
    start = max(int(box.sizes[0]), BODY_FLOOR)
    return range(start, BODY_FLOOR - 1, -1)


def _fits(box: Box, paras: list[Para], size: int, family: str) -> bool:
    return height(paras, _sizes(box, size), box.width, box.style, family) <= box.height


def _fixed(slide: Slide, boxes: tuple[Box, ...], contents: list[list[Para]], family: str) -> tuple[TextPlan, ...]:
    """Fill boxes that cannot continue on another slide: one shared size that fits them all."""
    pairs = [(box, paras) for box, paras in zip(boxes, contents, strict=False) if paras]
    if len(boxes) < len([c for c in contents if c]):
        raise PlanError(f"slide '{slide.id}': the template's layout has too few text placeholders for this slide")
    start = min((max(int(b.sizes[0]), BODY_FLOOR) for b, _ in pairs), default=BODY_FLOOR)
    for size in range(start, BODY_FLOOR - 1, -1):
        if all(_fits(box, paras, size, family) for box, paras in pairs):
            return tuple(TextPlan(box.idx, tuple(paras), _pair(box, size)) for box, paras in pairs)
    raise PlanError(f"slide '{slide.id}': its text does not fit even at {BODY_FLOOR} pt; shorten it or split the slide")


def _pair(box: Box, size: int) -> tuple[int, int]:
    sizes = _sizes(box, size)
    return int(sizes[0]), int(sizes[1])


def _flow(slide: Slide, box: Box, paras: list[Para], family: str) -> list[TextPlan]:
    """The largest size that fits; past the floor, continue on further slides."""
    if not paras:
        return [TextPlan(box.idx, (), _pair(box, int(box.sizes[0])))]
    for size in _candidates(box):
        if _fits(box, paras, size, family):
            return [TextPlan(box.idx, tuple(paras), _pair(box, size))]
    chunks: list[list[Para]] = [[]]
    for group in _groups(paras):
        if not _fits(box, group, BODY_FLOOR, family):
            raise PlanError(
                f"slide '{slide.id}': one item is too long to fit a slide even at {BODY_FLOOR} pt; shorten it"
            )
        if chunks[-1] and not _fits(box, chunks[-1] + group, BODY_FLOOR, family):
            chunks.append([])
        chunks[-1].extend(group)
    return [TextPlan(box.idx, tuple(chunk), _pair(box, BODY_FLOOR)) for chunk in chunks]


def _groups(paras: list[Para]) -> list[list[Para]]:
    # A sub-bullet stays on the slide of its bullet.
    groups: list[list[Para]] = []
    for para in paras:
        if para.level > 0 and groups:
            groups[-1].append(para)
        else:
            groups.append([para])
    return groups


def _fit_title(slide_id: str, title: Runs, box: Box, family: str) -> int:
    start = max(int(box.sizes[0]), TITLE_FLOOR)
    for size in range(start, TITLE_FLOOR - 1, -1):
        lines = count_lines(title, size, box.width, family)
        if lines * size * line_height(family) * box.line_spacing <= box.height:
            return size
    raise PlanError(f"slide '{slide_id}': the title does not fit its box even at {TITLE_FLOOR} pt; shorten it")


def _content_area(layout: Layout, template: Template) -> tuple[int, int, int, int]:
    """Where free content (a table, a picture) goes on a layout without a placeholder for it."""
    if layout.texts:
        b = layout.texts[0]
        return b.left, b.top, b.width_emu, b.height_emu
    t = layout.title
    top = t.top + t.height_emu + 12 * EMU_PER_PT
    bottom = template.height - 54 * EMU_PER_PT  # above the footer row
    return t.left, top, t.width_emu, bottom - top


def _image(slide: Slide, layout: Layout, template: Template, numbers: dict[str, int], family: str, base: Path) -> Part:
    from PIL import Image as Pillow

    image = slide.image
    assert image is not None  # guaranteed by the model's problems()
    path = (base / image.path).resolve()
    with Pillow.open(path) as picture:
        width, height = picture.size
    if layout.picture is not None:
        area = (layout.picture.left, layout.picture.top, layout.picture.width_emu, layout.picture.height_emu)
    else:
        area = _content_area(layout, template)
    scale = min(area[2] / width, area[3] / height)
    w, h = round(width * scale), round(height * scale)
    box = (area[0] + (area[2] - w) // 2, area[1] + (area[3] - h) // 2, w, h)
    plan = PicturePlan(path, "" if image.decorative else (image.alt or ""), image.decorative, None, box)
    caption: tuple[TextPlan, ...] = ()
    if image.credit:
        credit = [Para(tuple(runs(image.credit, numbers)), bullet=False)]
        if layout.texts:
            caption = _fixed(slide, layout.texts[:1], [credit], family)
        else:
            raise PlanError(f"slide '{slide.id}': layout '{layout.name}' has no text placeholder for the credit line")
    return caption, plan, None


def _table(slide: Slide, layout: Layout, template: Template, numbers: dict[str, int], family: str) -> TablePlan:
    table = slide.table
    assert table is not None
    header = tuple(tuple(runs(c, numbers)) for c in table.header)
    rows = tuple(tuple(tuple(runs(c, numbers)) for c in row) for row in table.rows)
    box = _content_area(layout, template)
    columns = len(header)
    cell_width = box[2] / EMU_PER_PT / columns - 14.4  # python-pptx cells: 0.1 in insets each side
    for size in range(24, BODY_FLOOR - 1, -1):
        needed = 0.0
        for row in (header, *rows):
            lines = max(count_lines(cell, size, cell_width, family) for cell in row)
            needed += lines * size * line_height(family) + 7.2  # 0.05 in insets top and bottom
        if needed <= box[3] / EMU_PER_PT:
            return TablePlan(header, rows, (box[0], box[1], box[2], round(needed * EMU_PER_PT)), size)
    raise PlanError(f"slide '{slide.id}': the table does not fit even at {BODY_FLOOR} pt; split it over two slides")


def _quiz_slides(source: Source, template: Template, family: str, base: Path) -> list[SlidePlan]:
    """Each question on its own slide, then its reveal, after the talk's last slide.

    The slides read the quiz as drawn in the source's order (render.quiz.forms), as the sheet does.
    """
    from render.quiz.forms import draw

    assert source.quiz is not None
    layout = template.layouts["quiz"]
    if not layout.texts:
        raise PlanError(f"the quiz layout '{layout.name}' has no text placeholder")
    plans: list[SlidePlan] = []
    for q in draw(source, source.quiz).key:
        box, picture = layout.texts[0], None
        if q.image:
            box, picture = _beside_picture(box, q.image.resolve(base), q.image.alt)
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
                    layout=layout.name,
                    title=(Run(title),),
                    title_size=_fit_title(q.item, (Run(title),), layout.title, family),
                    texts=(text,),
                    picture=picture,
                    notes=(q.rationale,) if reveal and q.rationale else (),
                    footers=_footers(source, layout),
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
    picture = PicturePlan(path, alt, not alt, None, (area[0] + (area[2] - w) // 2, area[1], w, h))
    narrowed = replace(box, width_emu=text_width, width=box.width - (box.width_emu - text_width) / EMU_PER_PT)
    return narrowed, picture


def _fixed_single(item: str, box: Box, paras: list[Para], family: str) -> tuple[TextPlan]:
    for size in _candidates(box):
        if _fits(box, paras, size, family):
            return (TextPlan(box.idx, tuple(paras), _pair(box, size)),)
    raise PlanError(f"question '{item}': it does not fit one slide even at {BODY_FLOOR} pt")
