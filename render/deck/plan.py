"""Model -> slide plans: every decision about the deck, made without a file.

Which layout, what goes in the title and body, which font size fits (measured),
where a long list continues on a "(cont.)" slide, and what the notes say. The
writer in `render.deck.pptx` only serialises these plans.
"""

from __future__ import annotations

from dataclasses import dataclass

from render.cite import Entry, numbering
from render.deck.fit import Para, count_lines, height, line_height
from render.deck.template import Frame, LayoutFrames
from render.model import Slide, Source
from render.text import Run, runs

TITLE_SIZES = range(44, 27, -2)  # the master's 44 pt down to the 28 pt floor
BODY_SIZES = range(32, 17, -1)  # the master's 32 pt down to the 18 pt floor
SUB_STEP = 4  # sub-bullets are 4 pt smaller, never under the floor
BODY_FLOOR = 18


class PlanError(Exception):
    pass


@dataclass(frozen=True)
class SlidePlan:
    layout: str  # the template's layout name
    title: tuple[Run, ...]
    title_size: int
    body: tuple[Para, ...]
    body_sizes: tuple[int, int] | None  # (bullet, sub-bullet) points; None when no body
    notes: tuple[tuple[Run, ...], ...]
    source_index: int  # which source slide this came from (continuations share it)
    continued: bool = False


def plan_deck(source: Source, frames: dict[str, LayoutFrames], entries: list[Entry]) -> list[SlidePlan]:
    numbers = numbering(source)
    plans: list[SlidePlan] = []
    for index, slide in enumerate(source.slides):
        frame = frames[slide.layout]
        notes = tuple(tuple(runs(p, numbers)) for p in slide.notes)
        body = _body(source, slide, numbers, entries)
        title = tuple(runs(slide.title, numbers) + _cited(slide, numbers))
        for part, (paras, sizes) in enumerate(_fit_body(slide, body, frame.body)):
            label = title if part == 0 else (*title, Run(" (cont.)"))
            plans.append(
                SlidePlan(
                    layout=frame.name,
                    title=label,
                    title_size=_fit_title(slide, label, frame.title),
                    body=tuple(paras),
                    body_sizes=sizes,
                    notes=notes if part == 0 else (),
                    source_index=index,
                    continued=part > 0,
                )
            )
    return plans


def _cited(slide: Slide, numbers: dict[str, int]) -> list[Run]:
    # Keys listed under `cite:` support the whole slide: their numbers follow the title.
    if not slide.cite:
        return []
    return [Run(",".join(str(n) for n in sorted({numbers[k] for k in slide.cite})), superscript=True)]


def _body(source: Source, slide: Slide, numbers: dict[str, int], entries: list[Entry]) -> list[Para]:
    paras: list[Para] = []
    if slide.layout == "title":
        talk = source.talk
        presenter = talk.presenter
        who = ", ".join(x for x in (presenter and presenter.name, presenter and presenter.credentials) if x)
        lines = [slide.subtitle or talk.subtitle, who, presenter and presenter.affiliation, talk.event, talk.date]
        return [Para(tuple(runs(line, numbers)), bullet=False) for line in lines if line]
    if slide.layout == "section":
        return [Para(tuple(runs(slide.subtitle, numbers)), bullet=False)] if slide.subtitle else []
    for bullet in slide.bullets:
        paras.append(Para(tuple(runs(bullet.text, numbers))))
        paras.extend(Para(tuple(runs(s, numbers)), level=1) for s in bullet.sub)
    if slide.quote:
        quote = [Run(r.text, r.bold, True, r.href, r.superscript) for r in runs(slide.quote.text, numbers)]
        paras.append(Para(tuple(quote), bullet=False))
        if slide.quote.attribution:
            paras.append(Para((Run("— "), *runs(slide.quote.attribution, numbers)), bullet=False))
    if slide.layout == "references":
        paras.extend(Para((Run(f"{e.number}. "), *e.runs), bullet=False) for e in entries)
        if source.resources:
            paras.append(Para((Run("Resources", bold=True),), bullet=False))
            for res in source.resources:
                link = Run(res.title, href=res.url) if res.url else Run(res.title)
                paras.append(Para((link,), bullet=False))
    return paras


def _sizes(body: int) -> dict[int, float]:
    return {0: body, 1: max(body - SUB_STEP, BODY_FLOOR)}


def _fit_body(slide: Slide, paras: list[Para], frame: Frame | None) -> list[tuple[list[Para], tuple[int, int] | None]]:
    """The body split into slides, each with the largest size that fits its box."""
    if not paras or frame is None:
        return [([], None)]
    for size in BODY_SIZES:
        if height(paras, _sizes(size), frame.width) <= frame.height:
            return [(paras, (size, int(_sizes(size)[1])))]
    # Past the floor: continue on further slides, keeping sub-bullets with their bullet.
    floor = _sizes(BODY_FLOOR)
    chunks: list[list[Para]] = [[]]
    for group in _groups(paras):
        if chunks[-1] and height(chunks[-1] + group, floor, frame.width) > frame.height:
            chunks.append([])
        if height(group, floor, frame.width) > frame.height:
            raise PlanError(
                f"slide '{slide.id}': one bullet is too long to fit a slide even at {BODY_FLOOR} pt; shorten it"
            )
        chunks[-1].extend(group)
    return [(chunk, (BODY_FLOOR, BODY_FLOOR)) for chunk in chunks]


def _groups(paras: list[Para]) -> list[list[Para]]:
    groups: list[list[Para]] = []
    for para in paras:
        if para.level > 0 and groups:
            groups[-1].append(para)
        else:
            groups.append([para])
    return groups


def _fit_title(slide: Slide, title: tuple[Run, ...], frame: Frame) -> int:
    for size in TITLE_SIZES:
        lines = count_lines(title, size, frame.width)
        if lines * size * line_height() <= frame.height:
            return size
    raise PlanError(f"slide '{slide.id}': the title does not fit its box even at {TITLE_SIZES[-1]} pt; shorten it")
