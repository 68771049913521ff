"""Model -> the quiz drawn as one or more forms, each split into what the sheet may see and what the key adds.

A form is the quiz as one group of learners gets it: with `forms: 1` the source's own order;
with `forms: N` forms A, B, ... each with its questions and unpinned options shuffled by a
generator seeded from the quiz's `seed` and the form letter, so the same seed always draws
the same forms. The sheet's template gets `sheet_context` only: stems and options, no
answer, rationale or key data at all, so no template slip can leak an answer.

`draw` and `draw_forms` are what other outputs (the deck's quiz slides, the LMS export,
scoring) read; nothing else decides question or option order.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, replace
from pathlib import Path

from render.quiz.stem import LEAD_IN_MAX, lead_in_start
from render.source.model import LETTERS, Question, QuestionType, Quiz, Source
from render.source.resolved import Texts
from render.source.text import Run

Runs = tuple[Run, ...]


@dataclass(frozen=True)
class Picture:
    """A question's picture: as written in the source, and the file loading resolved it to."""

    path: str
    alt: str  # "" when decorative
    file: Path


_ATTEMPTS = 50  # redraws allowed to make a form differ from the earlier ones


@dataclass(frozen=True)
class SheetQuestion:
    """What a learner sees of one question: never its answer."""

    number: int  # as printed on this form, from 1
    kind: QuestionType
    stem: Runs
    options: tuple[tuple[str, Runs], ...]  # (letter on this form, text)
    points: int
    lines: int  # ruled lines to write on (short-answer), else 0
    image: Picture | None = None
    vignette: Runs = ()  # the stem's case facts, set in plain type; () for a one-sentence stem
    lead: Runs = ()  # the question sentence, set in bold


@dataclass(frozen=True)
class KeyQuestion:
    """One question as the answer key prints it, and how this form maps back to the source."""

    number: int
    kind: QuestionType
    stem: Runs
    options: tuple[tuple[str, Runs], ...]
    answers: tuple[str, ...]  # the correct letters on this form (empty for short-answer)
    model_answer: Runs
    rationale: Runs
    slides: tuple[str, ...]  # "Slide 9 — Problem Areas for Focus"
    objectives: tuple[str, ...]  # the objectives' texts
    points: int
    item: str  # the source question's id
    source_number: int  # its number in the source, from 1
    order: tuple[int, ...]  # the source option index printed at each letter of this form
    image: Picture | None = None
    vignette: Runs = ()
    lead: Runs = ()

    @property
    def answer(self) -> str:
        """'C', 'A, C' for select-all, '' for short-answer."""
        return ", ".join(self.answers)


@dataclass(frozen=True)
class Form:
    letter: str | None  # None: the quiz has one form, printed in the source's order
    sheet: tuple[SheetQuestion, ...]
    key: tuple[KeyQuestion, ...]
    code: str  # printed on every page of sheet and key; `podium score` checks it (see form_code)

    @property
    def key_line(self) -> str:
        return "; ".join(f"{q.number} {q.answer or '(written)'}" for q in self.key)

    @property
    def total_points(self) -> int:
        return sum(q.points for q in self.sheet)


def form_letters(count: int) -> tuple[str | None, ...]:
    """The form letters a quiz of `count` forms has: (None,) for a single form."""
    return (None,) if count == 1 else tuple(LETTERS[:count])


def draw_forms(source: Source, quiz: Quiz, resolved: Texts) -> tuple[Form, ...]:
    """Every form of the quiz (`quiz.forms`, shuffled by `quiz.seed`); distinct wherever the items allow."""
    if quiz.forms == 1:
        return (draw(source, quiz, resolved),)
    forms: list[Form] = []
    seen: set[tuple[object, ...]] = set()
    for letter in form_letters(quiz.forms):
        rng = random.Random(f"podium quiz {quiz.seed} form {letter}")
        for _ in range(_ATTEMPTS):
            layout = _shuffle(quiz, rng)
            if layout not in seen:
                break
        seen.add(layout)
        forms.append(_draw(source, quiz, resolved, letter, layout))
    return tuple(forms)


def draw(source: Source, quiz: Quiz, resolved: Texts, letter: str | None = None) -> Form:
    """One form: the source's order when `letter` is None, else form `letter` as `draw_forms` draws it."""
    if letter is None:
        layout = tuple((i, tuple(range(len(q.options)))) for i, q in enumerate(quiz.questions))
        return _draw(source, quiz, resolved, None, layout)
    return next(f for f in draw_forms(source, quiz, resolved) if f.letter == letter)


Layout = tuple[tuple[int, tuple[int, ...]], ...]  # (source question index, source option index at each letter)

# No I, O, 0 or 1: a code copied by hand from a sheet cannot be misread.
_CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def form_code(quiz: Quiz, layout: Layout) -> str:
    """Four characters from a hash of what scoring a form depends on, and nothing else.

    Question order, option order, keys, types and points go in; wording does not, so a typo fixed in a
    stem leaves printed sheets valid, while a sheet drawn with another seed or form count never matches.
    """
    parts = []
    for qi, order in layout:
        q = quiz.questions[qi]
        parts.append(f"{q.id}|{q.type}|{q.points}|{','.join(map(str, order))}|{''.join(q.answers)}")
    value = int.from_bytes(hashlib.sha256("\n".join(parts).encode()).digest()[:4], "big")
    return "".join(_CODE_LETTERS[(value >> (5 * i)) & 31] for i in range(4))


def _shuffle(quiz: Quiz, rng: random.Random) -> Layout:
    order = list(range(len(quiz.questions)))
    rng.shuffle(order)
    return tuple((i, _shuffle_options(quiz.questions[i], rng)) for i in order)


def _shuffle_options(q: Question, rng: random.Random) -> tuple[int, ...]:
    # Pinned options keep their index; the others trade places among the remaining ones.
    free = [i for i, pinned in enumerate(q.pinned) if not pinned]
    moved = free[:]
    rng.shuffle(moved)
    order = list(range(len(q.options)))
    for slot, index in zip(free, moved, strict=True):
        order[slot] = index
    return tuple(order)


def _draw(source: Source, quiz: Quiz, resolved: Texts, letter: str | None, layout: Layout) -> Form:
    slide_at = {s.id: (i + 1, s) for i, s in enumerate(source.slides)}
    objectives = {o.id: o.text for o in source.talk.objectives}
    sheet: list[SheetQuestion] = []
    key: list[KeyQuestion] = []
    for n, (qi, order) in enumerate(layout, start=1):
        q = quiz.questions[qi]
        stem = resolved.runs(q.stem)
        vignette, lead = split_runs(stem, lead_in_start("".join(r.text for r in stem)))
        if sum(len(r.text) for r in lead) > LEAD_IN_MAX:  # no question sentence: a paragraph, set plain
            vignette, lead = stem, ()
        options = tuple((LETTERS[pos], resolved.runs(q.options[src].text)) for pos, src in enumerate(order))
        lines = q.lines if q.type == "short-answer" else 0
        alt = ("" if q.image.decorative else q.image.alt or "") if q.image else ""
        image = Picture(q.image.path, alt, source.file(q.image.path)) if q.image else None
        sheet.append(SheetQuestion(n, q.type, stem, options, q.points, lines, image, vignette, lead))
        keyed = {LETTERS.index(a) for a in q.answers}
        answers = tuple(LETTERS[pos] for pos, src in enumerate(order) if src in keyed)
        teaching = tuple(f"Slide {slide_at[sid][0]} — {resolved.plain(slide_at[sid][1].title)}" for sid in q.slides)
        key.append(
            KeyQuestion(
                number=n,
                kind=q.type,
                stem=stem,
                options=options,
                answers=answers,
                model_answer=resolved.runs(q.model_answer) if q.model_answer else (),
                rationale=resolved.runs(q.rationale) if q.rationale else (),
                slides=teaching,
                objectives=tuple(objectives[o] for o in q.objectives),
                points=q.points,
                item=q.id,
                source_number=qi + 1,
                order=order,
                image=image,
                vignette=vignette,
                lead=lead,
            )
        )
    return Form(letter, tuple(sheet), tuple(key), form_code(quiz, layout))


def split_runs(stem: Runs, at: int) -> tuple[Runs, Runs]:
    """The runs before and from character `at` of their joined text (a run astride `at` is cut in two)."""
    if at <= 0:
        return (), stem
    before: list[Run] = []
    after: list[Run] = []
    seen = 0
    for run in stem:
        if seen + len(run.text) <= at:
            before.append(run)
        elif seen >= at:
            after.append(run)
        else:
            cut = at - seen
            before.append(replace(run, text=run.text[:cut]))
            after.append(replace(run, text=run.text[cut:]))
        seen += len(run.text)
    return tuple(before), tuple(after)


# A rough page model of templates/quiz.css and quiz-large.css: characters a line holds across the text
# width (Carlito averages half an em), the line height, the printable height (letter, both margins off).
_PAGE = {False: (87, 16.1 / 72, 9.4), True: (58, 24.3 / 72, 9.2)}  # chars per line, in per line, in per page
_PICTURE = 4.5  # in: the tallest a question's picture is printed (.q-image max-height)


def too_tall(form: Form, large_print: bool) -> list[tuple[str, float, float]]:
    """(item id, estimated height, page height) in inches for each key question taller than a page.

    The key prints more than the sheet (rationale, teaching slides), so it is the one judged. A question
    never breaks across pages unless it cannot fit one; then it does, and the author should know.
    """
    per_line, line, page = _PAGE[large_print]
    found = []
    for q in form.key:
        texts = [q.stem, *(text for _, text in q.options), q.rationale, q.model_answer]
        lines = sum(-(-len("".join(r.text for r in t)) // per_line) for t in texts if t) + len(q.slides) + 2
        height = lines * line + (_PICTURE if q.image else 0.0)
        if height > page:
            found.append((q.item, height, page))
    return found


def _pictures(questions: tuple[SheetQuestion, ...] | tuple[KeyQuestion, ...]) -> dict[int, str]:
    """Question number -> the file URI of its picture, for the PDF (whose fetcher serves the talk's folder)."""
    return {q.number: q.image.file.as_uri() for q in questions if q.image}


WHOLE = {"head": True, "margins": True, "first": 0, "last": None}  # the whole document (render/pdf/quiz_parts.py)


def sheet_context(source: Source, quiz: Quiz, form: Form, stamp: str) -> dict[str, object]:
    """Everything the sheet's template gets: nothing that says which option is right."""
    kinds = {q.kind for q in form.sheet}
    return {
        "pictures": _pictures(form.sheet),
        "talk_title": source.talk.title,
        "quiz": _public(quiz, form),
        "instructions": quiz.instructions or _default_instructions(kinds, quiz.bubbles),
        "questions": form.sheet,
        "grid": tuple((q.number, tuple(letter for letter, _ in q.options)) for q in form.sheet) if quiz.bubbles else (),
        "stamp": stamp,
        "part": WHOLE,
    }


def key_context(source: Source, quiz: Quiz, form: Form, stamp: str) -> dict[str, object]:
    return {
        "pictures": _pictures(form.key),
        "talk_title": source.talk.title,
        "quiz": _public(quiz, form),
        "questions": form.key,
        "key_line": form.key_line,
        "stamp": stamp,
        "part": WHOLE,
    }


def _public(quiz: Quiz, form: Form) -> dict[str, object]:
    return {
        "title": quiz.title,
        "form": form.letter,
        "code": form.code,
        "total_points": form.total_points,
        "large_print": quiz.large_print,
    }


def _default_instructions(kinds: set[str], bubbles: bool) -> str:
    # Only what the sheet needs to say; wording avoids the word "answer" so the sheet never hints at a key.
    if bubbles:
        parts = ["For each question, fill in the bubble of the one best choice in the grid below."]
    else:
        parts = ["For each question, circle the letter of the one best choice."]
    if "select-all" in kinds:
        parts.append("Where a question says “Select all that apply”, mark every correct letter.")
    if "short-answer" in kinds:
        parts.append("Write short replies on the ruled lines.")
    return " ".join(parts)
