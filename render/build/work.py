"""How much each output of a build lays out: what dealing the jobs to the two cores goes by.

An estimate in microseconds of CPU on the project's 2-core machine, from whole builds measured
there (bench/long_words.py puts 100,000 characters in one field at a time): a slide card about
50 ms, a PDF's own set-up about 0.3 s, a character of the notes about 16 µs, of a question's stem
or options about 20 µs on the sheet and again on the key, of a rationale about 12 µs. Only which
core makes what depends on these numbers, never a byte of the outputs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from render.source.model import Source

if TYPE_CHECKING:
    from render.deck.plan import SlidePlan
    from render.source.cite import Entry

CARD = 50_000
DOCUMENT = 300_000
SLIDE = 10_000  # a slide of the deck itself (python-pptx, no layout engine)
ENTRY = 5_000  # a formatted reference
NOTES = 16  # a character of the speaker notes
QUESTION = 20  # a character of a stem or option, on the sheet or the key
SAID = 12  # a character of a rationale or model answer


def handout(source: Source, plans: list[SlidePlan], entries: list[Entry]) -> float:
    notes = sum(len(p) for slide in source.slides for p in slide.notes)
    return DOCUMENT + CARD * len(plans) + NOTES * notes + ENTRY * len(entries)


def slides(plans: list[SlidePlan]) -> float:
    return DOCUMENT + CARD * len(plans)


def deck(plans: list[SlidePlan]) -> float:
    return DOCUMENT + SLIDE * len(plans)


def sheet(source: Source) -> float:
    """A form's sheet (every form lays out the same questions)."""
    return DOCUMENT + QUESTION * _questions(source)


def key(source: Source) -> float:
    assert source.quiz is not None
    said = sum(len(q.rationale or "") + len(q.model_answer or "") for q in source.quiz.questions)
    return DOCUMENT + QUESTION * _questions(source) + SAID * said


def cme() -> float:
    return 3 * DOCUMENT  # the sign-in sheet, the evaluation and the certificate: a page or two each


def _questions(source: Source) -> int:
    assert source.quiz is not None
    return sum(len(q.stem) + sum(len(o.text) for o in q.options) for q in source.quiz.questions)
