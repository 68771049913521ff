"""Model -> the explicit context of templates/handout.html.j2.

Each slide with its bullets and speaker notes, in deck order and numbering;
references numbered as on the slides, with their annotations.
"""

from __future__ import annotations

from dataclasses import dataclass

from render.cite import Entry, numbering
from render.model import Source
from render.text import Run, runs

Runs = tuple[Run, ...]


@dataclass(frozen=True)
class HandoutBullet:
    text: Runs
    sub: tuple[Runs, ...]


@dataclass(frozen=True)
class HandoutSlide:
    number: int
    id: str
    title: Runs
    subtitle: Runs
    bullets: tuple[HandoutBullet, ...]
    quote: Runs
    attribution: Runs
    notes: tuple[Runs, ...]
    is_references: bool


@dataclass(frozen=True)
class HandoutReference:
    number: int
    text: Runs
    link: str | None
    annotation: tuple[str, ...]


def context(source: Source, entries: list[Entry], stamp: str) -> dict[str, object]:
    numbers = numbering(source)

    def r(text: str | None) -> Runs:
        return tuple(runs(text, numbers)) if text else ()

    slides = [
        HandoutSlide(
            number=i + 1,
            id=slide.id,
            title=r(slide.title),
            subtitle=r(slide.subtitle),
            bullets=tuple(HandoutBullet(r(b.text), tuple(r(s) for s in b.sub)) for b in slide.bullets),
            quote=r(slide.quote.text) if slide.quote else (),
            attribution=r(slide.quote.attribution) if slide.quote else (),
            notes=tuple(r(p) for p in slide.notes),
            is_references=slide.layout == "references",
        )
        for i, slide in enumerate(source.slides)
    ]
    references = [
        HandoutReference(
            number=e.number,
            text=e.runs,
            link=(f"https://doi.org/{e.reference.doi}" if e.reference.doi else e.reference.url),
            annotation=tuple(e.reference.annotation),
        )
        for e in entries
    ]
    slide_titles = {s.id: s for s in slides}
    objectives = [(o.text, sorted(slide_titles[sid].number for sid in o.slides)) for o in source.talk.objectives]
    return {
        "talk": source.talk,
        "objectives": objectives,
        "slides": slides,
        "references": references,
        "resources": source.resources,
        "stamp": stamp,
    }
