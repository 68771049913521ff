"""The typed source model: the one schema every renderer reads.

Nothing here knows about YAML; `render.load` builds these objects and maps
problems back to file:line. Cross-references (citations, slide and objective
ids, answer letters) are checked by `Talk.problems`, which reports every
problem at once instead of stopping at the first.
"""

from __future__ import annotations

import re
import string
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from render.text import citation_keys


def _scalar_as_text(value: object) -> object:
    # YAML reads `True`, `2013` and `2013-06-11` as non-strings; in a text field
    # the author meant the words they typed.
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int | float | date):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(_scalar_as_text), StringConstraints(strip_whitespace=True, min_length=1)]


def _web_address(value: str) -> str:
    # A link in a deck or PDF opens on a click: only web pages, never local files or shares.
    if not re.match(r"https?://[^\s/]", value, re.IGNORECASE):
        raise ValueError("expected a web address starting with https:// or http://")
    return value


Url = Annotated[Text, AfterValidator(_web_address)]
# The deck's document properties (title, subject, author) hold at most 255 characters.
Short = Annotated[Text, Field(max_length=255)]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]*$")]
Path = tuple[str | int, ...]
LETTERS = string.ascii_uppercase


class Strict(BaseModel):
    """Unknown keys are errors: a typo must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Presenter(Strict):
    name: Short | None = None
    credentials: Text | None = None
    affiliation: Text | None = None


class Objective(Strict):
    id: Id
    text: Text
    slides: list[Id] = []


class Talk(Strict):
    title: Short
    subtitle: Short | None = None
    presenter: Presenter | None = None
    event: Text | None = None
    date: Text | None = None
    objectives: list[Objective] = []
    disclosures: list[Text] = []


class Bullet(Strict):
    text: Text
    sub: list[Text] = []

    @model_validator(mode="before")
    @classmethod
    def _plain_string(cls, value: object) -> object:
        # Authors write most bullets as plain strings.
        return {"text": value} if isinstance(value, str) else value


class Quote(Strict):
    text: Text
    attribution: Text | None = None


SlideLayout = Literal["title", "section", "content", "quote", "references"]


class Slide(Strict):
    id: Id
    layout: SlideLayout = "content"
    title: Text
    subtitle: Text | None = None
    bullets: list[Bullet] = []
    quote: Quote | None = None
    notes: list[Text] = []
    cite: list[Id] = []

    @field_validator("notes", mode="before")
    @classmethod
    def _paragraphs(cls, value: object) -> object:
        # A block of text with blank lines between paragraphs is the natural way to write notes.
        if isinstance(value, str):
            return [p for p in re.split(r"\n\s*\n", value) if p.strip()]
        return value


class Author(Strict):
    family: Text
    given: Text | None = None


class Reference(Strict):
    id: Id
    type: Literal["article", "book", "chapter", "web"]
    authors: list[Author] = []
    title: Text
    container: Text | None = None
    publisher: Text | None = None
    place: Text | None = None
    edition: Text | None = None
    year: int | None = None
    status: Text | None = None
    month: int | None = Field(default=None, ge=1, le=12)
    volume: Text | None = None
    issue: Text | None = None
    pages: Text | None = None
    doi: Text | None = None
    url: Url | None = None
    annotation: list[Text] = []

    @field_validator("annotation", mode="before")
    @classmethod
    def _paragraphs(cls, value: object) -> object:
        return Slide._paragraphs(value)


class Resource(Strict):
    title: Text
    url: Url | None = None


class Question(Strict):
    id: Id
    type: Literal["single", "true-false"] = "single"
    stem: Text
    options: list[Text] = []
    answer: Annotated[str, StringConstraints(pattern=r"^[A-Z]$")]
    rationale: Text | None = None
    slides: list[Id] = []
    objectives: list[Id] = []

    @model_validator(mode="after")
    def _true_false(self) -> Question:
        # A true/false item is always lettered A True, B False.
        if self.type == "true-false" and not self.options:
            object.__setattr__(self, "options", ["True", "False"])
        return self

    @property
    def answer_index(self) -> int:
        return LETTERS.index(self.answer)


class Quiz(Strict):
    title: Text
    instructions: Text | None = None
    questions: list[Question] = Field(min_length=1)


class Source(Strict):
    """One talk: everything its four outputs are made from."""

    talk: Talk
    slides: list[Slide] = Field(min_length=1)
    references: list[Reference] = []
    resources: list[Resource] = []
    quiz: Quiz | None = None

    def problems(self) -> list[tuple[Path, str]]:
        """Every broken cross-reference, as (field path, message)."""
        found: list[tuple[Path, str]] = []
        slide_ids = _unique(found, ("slides",), [s.id for s in self.slides], "slide")
        ref_ids = _unique(found, ("references",), [r.id for r in self.references], "reference")
        objective_ids = _unique(found, ("talk", "objectives"), [o.id for o in self.talk.objectives], "objective")

        def known(path: Path, value: str, ids: set[str], what: str) -> None:
            if value not in ids:
                offer = ", ".join(sorted(ids)) or "none are defined"
                found.append((path, f"there is no {what} with id '{value}' (known: {offer})"))

        for i, slide in enumerate(self.slides):
            for j, key in enumerate(slide.cite):
                known(("slides", i, "cite", j), key, ref_ids, "reference")
            for path, text in slide_texts(slide):
                for key in citation_keys(text):
                    known(("slides", i, *path), key, ref_ids, "reference")
        for i, objective in enumerate(self.talk.objectives):
            for j, sid in enumerate(objective.slides):
                known(("talk", "objectives", i, "slides", j), sid, slide_ids, "slide")
        if self.quiz:
            q_path = ("quiz", "questions")
            _unique(found, q_path, [q.id for q in self.quiz.questions], "question")
            for i, q in enumerate(self.quiz.questions):
                if q.type == "true-false" and q.options != ["True", "False"]:
                    found.append(
                        ((*q_path, i, "options"), "a true-false question has the options True, False (in that order)")
                    )
                if len(q.options) < 2:
                    found.append(((*q_path, i, "options"), "a question needs at least two options"))
                elif len(q.options) > 5:
                    found.append(((*q_path, i, "options"), "a question has at most five options (A to E)"))
                elif q.answer_index >= len(q.options):
                    last = LETTERS[len(q.options) - 1]
                    found.append(
                        ((*q_path, i, "answer"), f"answer '{q.answer}' has no option; expected a letter A to {last}")
                    )
                for j, sid in enumerate(q.slides):
                    known((*q_path, i, "slides", j), sid, slide_ids, "slide")
                for j, oid in enumerate(q.objectives):
                    known((*q_path, i, "objectives", j), oid, objective_ids, "objective")
        return found


def slide_texts(slide: Slide) -> list[tuple[Path, str]]:
    """Every text of a slide that may carry a citation, with its path inside the slide."""
    texts: list[tuple[Path, str]] = [(("title",), slide.title)]
    for i, bullet in enumerate(slide.bullets):
        texts.append((("bullets", i), bullet.text))
        texts.extend((("bullets", i, "sub", j), s) for j, s in enumerate(bullet.sub))
    texts.extend((("notes", i), n) for i, n in enumerate(slide.notes))
    if slide.quote:
        texts.append((("quote", "text"), slide.quote.text))
    return texts


def _unique(found: list[tuple[Path, str]], path: Path, ids: list[str], what: str) -> set[str]:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            found.append(((*path, i, "id"), f"the {what} id '{value}' is used twice; ids must be unique"))
        seen.add(value)
    return seen
