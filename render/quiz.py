"""Model -> the quiz drawn once, then split into what the sheet may see and what the key adds.

The sheet's template gets `sheet_context` only: stems and options, no answer,
rationale or key data at all, so no template slip can leak an answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from render.cite import numbering
from render.model import LETTERS, Quiz, Source
from render.text import Run, runs

Runs = tuple[Run, ...]


@dataclass(frozen=True)
class SheetQuestion:
    number: int
    stem: Runs
    options: tuple[tuple[str, Runs], ...]  # (letter, text)


@dataclass(frozen=True)
class KeyQuestion:
    number: int
    stem: Runs
    options: tuple[tuple[str, Runs], ...]
    answer: str
    rationale: Runs
    slides: tuple[str, ...]  # "Slide 9 — Problem Areas for Focus"
    objectives: tuple[str, ...]


@dataclass(frozen=True)
class Form:
    sheet: tuple[SheetQuestion, ...]
    key: tuple[KeyQuestion, ...]

    @property
    def key_line(self) -> str:
        return "; ".join(f"{q.number} {q.answer}" for q in self.key)


def draw(source: Source, quiz: Quiz) -> Form:
    numbers = numbering(source)
    slide_at = {s.id: (i + 1, s) for i, s in enumerate(source.slides)}
    objectives = {o.id: o.text for o in source.talk.objectives}
    sheet: list[SheetQuestion] = []
    key: list[KeyQuestion] = []
    for n, q in enumerate(quiz.questions, start=1):
        stem = tuple(runs(q.stem, numbers))
        options = tuple((LETTERS[i], tuple(runs(o, numbers))) for i, o in enumerate(q.options))
        sheet.append(SheetQuestion(n, stem, options))
        teaching = tuple(f"Slide {slide_at[sid][0]} — {_title(slide_at[sid][1].title, numbers)}" for sid in q.slides)
        key.append(
            KeyQuestion(
                n,
                stem,
                options,
                q.answer,
                tuple(runs(q.rationale, numbers)) if q.rationale else (),
                teaching,
                tuple(objectives[o] for o in q.objectives),
            )
        )
    return Form(tuple(sheet), tuple(key))


def _title(text: str, numbers: dict[str, int]) -> str:
    return "".join(r.text for r in runs(text, numbers) if not r.superscript)


def sheet_context(source: Source, quiz: Quiz, form: Form, stamp: str) -> dict[str, object]:
    return {"talk_title": source.talk.title, "quiz": _public(quiz), "questions": form.sheet, "stamp": stamp}


def key_context(source: Source, quiz: Quiz, form: Form, stamp: str) -> dict[str, object]:
    return {
        "talk_title": source.talk.title,
        "quiz": _public(quiz),
        "questions": form.key,
        "key_line": form.key_line,
        "stamp": stamp,
    }


def _public(quiz: Quiz) -> dict[str, str | None]:
    return {"title": quiz.title, "instructions": quiz.instructions}
