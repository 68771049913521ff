"""How much each output of a build lays out: what dealing the jobs to the two cores goes by.

An estimate in microseconds of CPU, fitted to each job's CPU measured in one process on the
project's 2-core machine (the IPT talk, a 200-slide talk, the 250-item bank; bench/quiz_phases.py):
a slide card about 42 ms, in the handout or the slides PDF alike; the handout's own pages (cover,
references) about 0.55 s and a character of its notes 17 µs; a question about 11.5 ms and a
character of its stem or options 15.5 µs, on the sheet and again on the key, which spends about
13 ms more on each question's answer and rationale. Only which core makes what depends on these
numbers, never a byte of the outputs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from render.source.model import Source

if TYPE_CHECKING:
    from render.deck.plan import SlidePlan
    from render.source.cite import Entry

CARD = 42_000
HANDOUT = 550_000  # the handout's cover, references and resources
DOCUMENT = 200_000  # any other PDF's own set-up
SLIDES = 100_000  # the slides PDF's set-up and the joining of its chunks
SLIDE = 2_300  # a slide of the deck itself (python-pptx, no layout engine)
DECK = 50_000
ENTRY = 5_000  # a formatted reference
NOTES = 17  # a character of the speaker notes
QUESTION = 11_500  # a question's boxes on the sheet or the key (kept whole on its page)
CHARACTER = 15.5  # a character of a stem or option, on the sheet or the key
ANSWERED = 13_000  # what the key adds to each question: the answer, the slides that teach it
SAID = 5  # a character of a rationale or model answer


def handout(source: Source, plans: list[SlidePlan], entries: list[Entry]) -> float:
    notes = sum(len(p) for slide in source.slides for p in slide.notes)
    return HANDOUT + CARD * len(plans) + NOTES * notes + ENTRY * len(entries)


def slides(plans: list[SlidePlan]) -> float:
    return SLIDES + CARD * len(plans)


def deck(plans: list[SlidePlan]) -> float:
    return DECK + SLIDE * len(plans)


def sheet(source: Source) -> float:
    """A form's sheet (every form lays out the same questions)."""
    return DOCUMENT + _questions(source)


def key(source: Source) -> float:
    assert source.quiz is not None
    said = sum(len(q.rationale or "") + len(q.model_answer or "") for q in source.quiz.questions)
    return DOCUMENT + _questions(source) + ANSWERED * len(source.quiz.questions) + SAID * said


def cme() -> float:
    return 3 * DOCUMENT  # the sign-in sheet, the evaluation and the certificate: a page or two each


def _questions(source: Source) -> float:
    assert source.quiz is not None
    questions = source.quiz.questions
    return QUESTION * len(questions) + CHARACTER * sum(
        len(q.stem) + sum(len(o.text) for o in q.options) for q in questions
    )
