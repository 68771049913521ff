"""The typed source model: the one schema every renderer reads.

Nothing here knows about YAML; `render.source.load` builds these objects and maps
problems back to file:line. Cross-references (citations, slide and objective
ids, answer letters) are checked by `Talk.problems`, which reports every
problem at once instead of stopping at the first.
"""

from __future__ import annotations

import re
import string
import typing
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from render.errors import FieldPath
from render.source.text import citation_keys


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
# A BCP 47 language tag as Office and PDF write it: en-US, fr-CA, de, es-419.
Language = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
LETTERS = string.ascii_uppercase
MAX_OPTIONS = 10  # extended matching sets run to ten options (A to J)


class Strict(BaseModel):
    """Unknown keys are errors: a typo must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Presenter(Strict):
    name: Short | None = Field(None, description="The presenter's name.")
    credentials: Text | None = Field(None, description="Degrees and credentials, e.g. MD, PhD.")
    affiliation: Text | None = Field(None, description="Institution or department.")


class Objective(Strict):
    id: Id = Field(description="A short name for the objective: a letter, then letters, digits, - or _.")
    text: Text = Field(description="The objective, e.g. Define IPT and describe its main features.")
    slides: list[Id] = Field([], description="Ids of the slides that teach this objective.")


class Talk(Strict):
    title: Short = Field(description="The talk's title, as it should print.")
    subtitle: Short | None = Field(None, description="A subtitle under the title.")
    presenter: Presenter | None = Field(None, description="Who gives the talk.")
    event: Text | None = Field(None, description="Where the talk is given, e.g. Department of Psychiatry Grand Rounds.")
    date: Text | None = Field(None, description="The date, written exactly as it should print.")
    objectives: list[Objective] = Field([], description="Learning objectives, printed on the handout's cover.")
    disclosures: list[Text] = Field(
        [], description="Disclosure statements, one paragraph each (a talk with `cme:` uses cme.disclosures)."
    )
    keywords: list[Text] = Field(
        [], description="Keywords for the deck's document properties (search in libraries and intranets)."
    )  # document properties, for search in libraries and intranets
    language: Language = Field(
        "en-US",
        description=(
            "The talk's language as a BCP 47 tag (default en-US; e.g. en-GB, fr-CA): screen readers pick their"
            " voice from it; the deck and every PDF carry it."
        ),
    )  # the one owner of the language: the deck and every PDF say this


class Bullet(Strict):
    text: Text = Field(
        description=(
            "The bullet's text. Inline Markdown: *emphasis*, **strong**, [link](https://…), `code`, x^2^, "
            "H~2~O, and [@id] citations."
        )
    )
    sub: list[Text] = Field([], description="Sub-bullets under this bullet (one level).")

    @model_validator(mode="before")
    @classmethod
    def _plain_string(cls, value: object) -> object:
        # Authors write most bullets as plain strings.
        return {"text": value} if isinstance(value, str) else value


class Quote(Strict):
    text: Text = Field(description="The quoted words.")
    attribution: Text | None = Field(None, description="Who said or wrote it.")


SlideLayout = Literal[
    "title",
    "section",
    "content",
    "two-content",
    "comparison",
    "quote",
    "image",
    "image-text",
    "table",
    "chart",
    "references",
]


class Column(Strict):
    """One side of a two-content or comparison slide."""

    heading: Text | None = Field(None, description="The column's heading (comparison slides).")
    bullets: list[Bullet] = Field([], description="The column's bullet points.")


class Image(Strict):
    path: Text = Field(
        description="The picture file (PNG, JPEG, GIF, BMP or TIFF), relative to this file and inside its folder."
    )  # relative to the source file's folder
    alt: Text | None = Field(
        None, description="What the picture shows, for people who cannot see it."
    )  # what the picture shows, for people who cannot see it
    decorative: bool = Field(
        False, description="true when the picture shows nothing that matters (then no alt text is needed)."
    )  # true: screen readers skip it, no alt text needed
    credit: Text | None = Field(None, description="A credit line shown under the picture.")


# A table cell may be empty (a blank corner, a merged cell), unlike other texts.
Cell = Annotated[
    str, BeforeValidator(lambda v: "" if v is None else _scalar_as_text(v)), StringConstraints(strip_whitespace=True)
]


class Table(Strict):
    header: list[Cell] = Field(min_length=1, description="The header row's cells.")
    rows: list[list[Cell]] = Field(min_length=1, description="The rows, each a list of cells as many as the header's.")


ChartType = Literal["bar", "column", "line", "pie"]


class Series(Strict):
    name: Text = Field(description="The series' name, shown in the legend.")
    values: list[float] = Field(description="One number per category, in the categories' order.")


class Chart(Strict):
    """A chart's data; podium draws it (an editable PowerPoint chart, and SVG in the PDFs)."""

    type: ChartType = Field(description="bar (horizontal), column (vertical bars), line or pie.")
    categories: list[Text] = Field(min_length=1, description="The labels along the axis (or the pie's slices).")
    series: list[Series] = Field(min_length=1, description="The data: each with a name and one value per category.")
    alt: Text = Field(description="What the chart shows, for people who cannot see it (its point, in a sentence).")


class Slide(Strict):
    id: Id = Field(
        description="A short name for the slide, unique in the talk: a letter, then letters, digits, - or _."
    )
    layout: SlideLayout = Field(
        "content",
        description=(
            "title, section, content (the default), two-content, comparison, quote, image, image-text (a "
            "picture beside bullets), table, chart, or references (lists the references)."
        ),
    )
    title: Text = Field(description="The slide's title. Inline Markdown and [@id] citations work here.")
    subtitle: Text | None = Field(None, description="A subtitle, shown on title and section slides.")
    bullets: list[Bullet] = Field([], description="The bullet points: a line of text each, or text with sub-bullets.")
    left: Column | None = Field(None, description="The left column of a two-content or comparison slide.")
    right: Column | None = Field(None, description="The right column of a two-content or comparison slide.")
    quote: Quote | None = Field(None, description="A quotation shown on the slide.")
    image: Image | None = Field(None, description="The picture of an image slide: its file, alt text and credit line.")
    table: Table | None = Field(None, description="The table of a table slide: a header row and the rows.")
    chart: Chart | None = Field(default=None, description="A chart's data (for layout: chart).")
    hidden: bool = Field(
        default=False,
        description="true: the deck keeps the slide hidden (skipped in the slide show); the handout and slides "
        "PDF leave it out unless built with --include-hidden.",
    )
    notes: list[Text] = Field(
        [],
        description=(
            "Speaker notes: shown in PowerPoint's notes pane and printed in the handout. Blank lines separate "
            "paragraphs."
        ),
    )
    cite: list[Id] = Field(
        [], description="Ids of references that support the whole slide; their numbers follow the title."
    )

    @model_validator(mode="before")
    @classmethod
    def _chart_layout(cls, value: object) -> object:
        # A slide that gives a chart and no layout is a chart slide.
        if isinstance(value, dict) and "chart" in value and "layout" not in value:
            return {**value, "layout": "chart"}
        return value

    @field_validator("notes", mode="before")
    @classmethod
    def _paragraphs(cls, value: object) -> object:
        # A block of text with blank lines between paragraphs is the natural way to write notes.
        if isinstance(value, str):
            return [p for p in re.split(r"\n\s*\n", value) if p.strip()]
        return value


class Author(Strict):
    family: Text = Field(description="Family name, or an organisation's full name.")
    given: Text | None = Field(None, description="Given names or initials.")


class Reference(Strict):
    id: Id = Field(description="The key that texts cite as [@id]: a letter, then letters, digits, - or _.")
    type: Literal["article", "book", "chapter", "web"] = Field(description="article, book, chapter or web.")
    authors: list[Author] = Field(
        [], description="Authors in order, each with a family name and given names or initials."
    )
    title: Text = Field(description="The title of the article, book, chapter or page.")
    container: Text | None = Field(None, description="The journal, or for a chapter the book, it appears in.")
    publisher: Text | None = Field(None, description="The publisher.")
    place: Text | None = Field(None, description="Where it was published.")
    edition: Text | None = Field(None, description="The edition, as a number: 2 prints as 2nd ed.")
    year: int | None = Field(None, description="The year of publication.")
    status: Text | None = Field(None, description="Printed where the date would be, e.g. in press.")
    month: int | None = Field(default=None, ge=1, le=12, description="The month of publication, 1 to 12.")
    volume: Text | None = Field(None, description="The journal volume.")
    issue: Text | None = Field(None, description="The journal issue.")
    pages: Text | None = Field(None, description="The page range, e.g. 134-140.")
    doi: Text | None = Field(None, description="The DOI, e.g. 10.1002/cpp.1778.")
    url: Url | None = Field(None, description="A web address for the reference.")
    annotation: list[Text] = Field(
        [], description="A note printed under the reference in the handout; blank lines separate paragraphs."
    )

    @field_validator("annotation", mode="before")
    @classmethod
    def _paragraphs(cls, value: object) -> object:
        return Slide._paragraphs(value)


class Resource(Strict):
    title: Text = Field(description="The resource's name, as it should print.")
    url: Url | None = Field(None, description="Its web address.")


QuestionType = Literal["single", "true-false", "select-all", "short-answer"]
# The item-writing rules of render.quiz.lint, by the names authors write in `lint: {ignore: [...]}`.
LintRule = Literal[
    "negative-stem",
    "all-none-of-the-above",
    "true-false",
    "longest-key",
    "absolute-terms",
    "few-distractors",
    "duplicate-options",
    "not-a-question",
    "key-balance",
    "repeated-stem",
]
# Options that refer to the others: pinned unless `pinned: false`, and flagged by the lint rule
# `all-none-of-the-above`. The one definition both read.
REFERS_TO_OTHERS = re.compile(
    r"^\s*(?:(?:all|none|both|neither|any|each) of "
    r"(?:the above|these|them|the (?:above |)(?:options|answers|choices))\b"
    r"|(?:all|none) the above\b|(?:neither|both)\W*$)",
    re.IGNORECASE,
)
# An option naming other options' letters ("Both A and B", "Neither a nor b", "A, B and C"): those
# options and it keep their letters on every form, or the reference would point at other options.
_LETTER = r"(?:\(?([a-jA-J])\)?)"
NAMES_LETTERS = re.compile(
    rf"^\s*(?:(?:both|neither|only|all|either)\s+(?:of\s+)?)?{_LETTER}(?:\s*,\s*{_LETTER})*"
    rf"\s*,?\s*(?:and|or|nor|&)\s+{_LETTER}(?:\s+(?:are|is)\s+(?:correct|true))?\W*$",
    re.IGNORECASE,
)


def named_letters(text: str) -> tuple[str, ...]:
    """The option letters an option's text names ("Both A and B" -> ("A", "B")), or () when it names none."""
    found = NAMES_LETTERS.match(text)
    if not found:
        return ()
    return tuple(sorted({c.upper() for c in re.findall(r"(?<![A-Za-z])([a-jA-J])(?![A-Za-z])", text)}))


def _answer_list(value: object) -> object:
    # `answer: C`, `answer: [A, C]`, `answer: "A, C"`, `answer: True` or an option's text: kept as written
    # here and turned into letters by Question._true_false, which knows the options.
    if isinstance(value, list):
        return [_scalar_as_text(v) for v in value]
    if value is None:
        return value
    return [_scalar_as_text(value)]


def _as_letters(written: list[str], options: list[str]) -> list[str]:
    """The letters an author's answer means: a one-letter answer is always a letter; otherwise an option's
    text, matched exactly after trimming and ignoring case; `A, C` in one string is two letters."""
    texts = [o.strip().casefold() for o in options]
    out: list[str] = []
    for part in written:
        part = part.strip()
        pieces = [p for p in re.split(r"[,\s]+", part) if p]
        if len(part) == 1 and part.isalpha():
            out.append(part.upper())
        elif part.casefold() in texts:
            out.append(LETTERS[texts.index(part.casefold())])
        elif pieces and all(len(p) == 1 and p.isalpha() for p in pieces):
            out.extend(p.upper() for p in pieces)
        else:
            out.append(part)  # reported by question_problems: neither a letter nor an option's text
    return out


class Option(Strict):
    """One answer option; a pinned option keeps its place when forms shuffle the others."""

    text: Text = Field(description="The option's text.")
    pinned: bool | None = Field(
        None,
        description=(
            "true keeps this option in its place when forms shuffle the others; All/None of the above stay in "
            "place anyway."
        ),
    )  # None: pinned if it refers to the others ("None of the above", "Both A and B")

    @model_validator(mode="before")
    @classmethod
    def _plain_string(cls, value: object) -> object:
        # Authors write most options as plain strings; YAML may read `True` as a boolean.
        if isinstance(value, dict):
            return value
        return {"text": _scalar_as_text(value)}

    @property
    def stays(self) -> bool:
        if self.pinned is not None:
            return self.pinned
        return bool(REFERS_TO_OTHERS.match(self.text) or NAMES_LETTERS.match(self.text))


class LintIgnore(Strict):
    """Item-writing rules an author has decided to break, and why (printed nowhere, kept in the source)."""

    ignore: list[LintRule] = Field(
        min_length=1, description="The item-writing rules to silence, e.g. negative-stem, all-of-the-above."
    )
    why: Text = Field(description="Why the rule does not apply here; recorded with the source.")


class QuestionImage(Strict):
    """A picture the question asks about (an ECG, a radiograph): on the sheet, the key, the deck, every export."""

    path: Text = Field(description="the picture file (PNG or JPEG), relative to the source file's folder")
    alt: Text | None = Field(default=None, description="what the picture shows, for people who cannot see it")
    decorative: bool = Field(default=False, description="true: it shows nothing the question needs; no alt text")


class Question(Strict):
    id: Id = Field(description="A short name for the question, unique in the quiz.")
    type: QuestionType = Field(
        "single",
        description=(
            "single (one best answer, the default), true-false (options are A True, B False), select-all or "
            "short-answer."
        ),
    )
    stem: Text = Field(description="The question itself.")
    image: QuestionImage | None = Field(
        None,
        description=(
            "A picture the question asks about (an ECG, a radiograph): {path, alt}; shown on the sheet, the "
            "key and the deck's quiz slides, and carried into the exports."
        ),
    )
    options: list[Option] = Field([], description="Two to ten options, lettered A, B, C… in this order.")
    # The correct letter (C), True/False, or the correct option's text; for select-all, a list of them.
    answer: Annotated[list[Text], BeforeValidator(_answer_list)] | None = Field(
        None,
        description=(
            "The correct option's letter (C), True/False, or the correct option's text; for select-all, a list"
            " of them, e.g. [A, C]."
        ),
    )
    model_answer: Text | None = Field(
        None, description="Short-answer questions: what a good answer says; printed in the answer key only."
    )  # short-answer: what the marker looks for (answer key only)
    lines: int = Field(
        default=4,
        ge=1,
        le=30,
        description="Short-answer questions: how many ruled lines to leave for the answer (default 4).",
    )  # short-answer: ruled lines to write on
    points: int = Field(
        default=1,
        ge=1,
        le=100,
        description="Points the question is worth (default 1); the sheet prints them and the total.",
    )
    rationale: Text | None = Field(None, description="Why that answer is right; printed in the answer key only.")
    slides: list[Id] = Field([], description="Ids of the slides that teach this question.")
    objectives: list[Id] = Field([], description="Ids of the objectives this question tests.")
    topic: Text | None = Field(default=None, description="the item's topic; exported as a tag")
    tags: list[Text] = Field(default=[], description="the item's tags (a bank's categories); exported as tags")
    lint: LintIgnore | None = Field(
        None, description="Silence item-writing warnings for this question: the rules to ignore and why."
    )

    @model_validator(mode="after")
    def _true_false(self) -> Question:
        # A true/false item is always lettered A True, B False, and the pair never moves.
        if self.type == "true-false" and not self.options:
            object.__setattr__(self, "options", [Option(text="True", pinned=True), Option(text="False", pinned=True)])
        if self.answer is not None:
            object.__setattr__(self, "answer", _as_letters(self.answer, self.option_texts))
        return self

    @property
    def answers(self) -> tuple[str, ...]:
        """The keyed letters, in the source's lettering (empty for short-answer)."""
        return tuple(sorted(self.answer or ()))

    @property
    def option_texts(self) -> list[str]:
        return [o.text for o in self.options]

    @property
    def pinned(self) -> tuple[bool, ...]:
        """For each option, whether it keeps its place (a true/false pair always does; so do the options
        another option names by letter, unless that option was written `pinned: false`)."""
        named = {
            LETTERS.index(letter) for o in self.options if o.pinned is not False for letter in named_letters(o.text)
        }
        return tuple(self.type == "true-false" or o.stays or j in named for j, o in enumerate(self.options))


class Quiz(Strict):
    title: Text = Field(description="The quiz's title, e.g. IPT Quiz.")
    instructions: Text | None = Field(None, description="What the reader should do, e.g. Circle the one best answer.")
    questions: list[Question] = Field(min_length=1, description="The questions, in order; at least one.")
    forms: int = Field(
        default=1,
        ge=1,
        le=26,
        description="How many forms (A, B, ...) to print, each with its own shuffled order and key.",
    )  # 2 or more: forms A, B, ... each shuffled, each with its key
    seed: int = Field(
        1, description="The number the forms are shuffled from: the same seed gives the same forms."
    )  # the shuffle's seed: the same seed always draws the same forms
    large_print: bool = Field(
        False, description="true prints the quiz sheet in 16 pt and up."
    )  # the sheet in 16 pt and up
    bubbles: bool = Field(
        False, description="true adds an answer-bubble grid on the sheet's first page."
    )  # an answer-bubble grid on page one of the sheet
    lint: LintIgnore | None = Field(
        None, description="Silence item-writing warnings for the whole quiz: the rules to ignore and why."
    )  # quiz-wide rules to silence (e.g. key-balance), with the reason


class TemplateChoice(Strict):
    """An institution's PowerPoint template, and which of its layouts serve ours."""

    file: Text | None = Field(
        None, description="The .pptx or .potx file, relative to this file."
    )  # .pptx or .potx, relative to the source file's folder
    layouts: dict[str, Text] = Field(
        {},
        description=(
            "Our layout name -> the template's layout name, where Office's standard names do not fit (e.g. "
            "content: Body Text)."
        ),
    )  # our layout name -> their layout name


class DeckOptions(Strict):
    quiz: bool = Field(
        False, description="true adds each quiz question and its answer as slides after the last slide."
    )  # add the quiz as question and reveal slides after the last slide


class Handout(Strict):
    """How the handout is printed; `podium build --style/--paper/...` override these."""

    style: Literal["notes", "3-up", "6-up"] = Field(
        "notes",
        description=(
            "notes (each slide with its notes, the default), 3-up (three slides a page with lines for notes) "
            "or 6-up (six slides a page)."
        ),
    )
    paper: Literal["letter", "a4"] = Field("letter", description="letter (the default) or a4.")
    grayscale: bool = Field(
        False, description="true prints the handout in shades of gray, for black-and-white printers."
    )
    citation_style: Literal["ama", "vancouver"] = Field("ama", description="ama (the default) or vancouver.")
    include_hidden: bool = Field(
        default=False, description="true: hidden slides are printed too (as `podium build --include-hidden`)."
    )


# --- CME: what an accredited talk (a regularly scheduled series) needs for its paperwork ---


class Relationship(Strict):
    company: Text = Field(description="The ineligible company, by name only (no logos).")
    nature: Text = Field(description="The nature of the relationship, e.g. consultant, speakers bureau, grant.")


class CmeDisclosure(Strict):
    name: Short = Field(description="The person's name, as it should print.")
    role: Text = Field(description="Their part in the activity, e.g. faculty, planner, reviewer.")
    relationships: list[Relationship] = Field(
        default=[], description="Financial relationships with ineligible companies; [] means none relevant."
    )


class Support(Strict):
    company: Text = Field(description="The company that gave the support.")
    kind: Text | None = Field(default=None, description="What kind, e.g. educational grant, in-kind.")


class CmeLinks(Strict):
    evaluation: Url | None = Field(default=None, description="Where learners fill in the evaluation online.")
    attendance: Url | None = Field(default=None, description="Where learners record their attendance online.")


class Cme(Strict):
    """Continuing medical education: the provider, the credit and everyone in control of content."""

    provider: Short = Field(description="The accredited provider, e.g. Example Medical Center.")
    accreditation: Literal["accme", "joint"] = Field(
        description="accme (the ACCME) or joint (Joint Accreditation for Interprofessional Continuing Education)."
    )
    credits: float = Field(gt=0, le=100, description="AMA PRA Category 1 Credit(s)™ designated, in steps of 0.25.")
    activity: Text = Field(default="live activity", description="The format the designation statement names.")
    duration: int = Field(ge=1, le=1440, description="The session's length in minutes.")
    disclosures: list[CmeDisclosure] = Field(default=[], description="Everyone in control of content.")
    mitigated: bool = Field(default=False, description="true: all relevant financial relationships are mitigated.")
    commercial_support: list[Support] = Field(default=[], description="Commercial support received, with its kind.")
    links: CmeLinks = Field(default=CmeLinks(), description="Links shown as QR codes on the deck's closing slide.")
    speaking_rate: int | None = Field(
        default=None, ge=60, le=300, description="Words a minute for the talk length estimate (default 130)."
    )
    other_credits: list[Text] = Field(
        default=[], description="Other professions' credit statements (nursing, pharmacy, ...), printed as written."
    )


class Source(Strict):
    """One talk: everything its four outputs are made from."""

    template: TemplateChoice | None = Field(
        None, description="Your institution's PowerPoint template, and which of its layouts serve ours."
    )
    deck: DeckOptions = Field(
        DeckOptions(), description="Deck options: quiz: true adds the quiz as question and reveal slides at the end."
    )
    talk: Talk = Field(description="The talk as a whole: title, presenter, objectives, disclosures.")
    slides: list[Slide] = Field(min_length=1, description="The slides, in order; at least one.")
    references: list[Reference] = Field([], description="References written out here; cite them in any text as [@id].")
    resources: list[Resource] = Field([], description="Further reading and links, listed after the references.")
    quiz: Quiz | None = Field(None, description="An optional quiz: printed as a sheet, with a separate answer key.")
    handout: Handout = Field(Handout(), description="Handout options: style, paper, grayscale, citation style.")
    # Reference-manager files (.bib, or Zotero's CSL-JSON .json), relative to the source file.
    bibliography: list[Text] = Field(
        [],
        description=(
            "A reference manager's export (.bib BibTeX, or .json CSL JSON from Zotero), or a list of them, "
            "relative to this file. Only the entries the talk cites are used."
        ),
    )
    cme: Cme | None = Field(
        None,
        description=(
            "Continuing medical education: makes the disclosure and objectives slides, the statements on the "
            "handout's cover, the sign-in sheet, evaluation form and certificate. Leave out for a talk without"
            " credit."
        ),
    )

    # Written path -> the absolute file loading resolved it to (render.source.paths); planners and
    # writers open only these, never a path joined by themselves.
    _resolved: dict[str, Path] = PrivateAttr(default_factory=dict)

    @property
    def resolved_files(self) -> dict[str, Path]:
        return self._resolved

    def file(self, written: str) -> Path:
        """The file a path written in this source names, as loading resolved it."""
        return self._resolved[written]

    @field_validator("bibliography", mode="before")
    @classmethod
    def _one_file(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    def problems(self) -> list[tuple[FieldPath, str]]:
        """Every broken cross-reference, as (field path, message)."""
        found: list[tuple[FieldPath, str]] = []
        if self.cme and self.talk.disclosures:
            message = "with `cme:` the disclosures go in cme.disclosures (name, role, relationships); move them there"
            found.append((("talk", "disclosures"), message))
        slide_ids = _unique(found, ("slides",), [s.id for s in self.slides], "slide")
        ref_ids = _unique(found, ("references",), [r.id for r in self.references], "reference")
        objective_ids = _unique(found, ("talk", "objectives"), [o.id for o in self.talk.objectives], "objective")

        def known(path: FieldPath, value: str, ids: set[str], what: str) -> None:
            if value not in ids:
                offer = ", ".join(sorted(ids)) or "none are defined"
                found.append((path, f"there is no {what} with id '{value}' (known: {offer})"))

        for i, slide in enumerate(self.slides):
            for j, key in enumerate(slide.cite):
                known(("slides", i, "cite", j), key, ref_ids, "reference")
        for path, text in markdown_texts(self):
            for key in citation_keys(text):
                known(path, key, ref_ids, "reference")
        for i, slide in enumerate(self.slides):
            found.extend((("slides", i, *path), message) for path, message in _layout_problems(slide))
        if self.template:
            for ours in self.template.layouts:
                if ours not in LAYOUT_NAMES:
                    found.append(
                        (
                            ("template", "layouts", ours),
                            f"'{ours}' is not a podium layout; expected one of: " + ", ".join(LAYOUT_NAMES),
                        )
                    )
        for i, objective in enumerate(self.talk.objectives):
            for j, sid in enumerate(objective.slides):
                known(("talk", "objectives", i, "slides", j), sid, slide_ids, "slide")
        if self.quiz:
            q_path = ("quiz", "questions")
            _unique(found, q_path, [q.id for q in self.quiz.questions], "question")
            for i, q in enumerate(self.quiz.questions):
                found.extend(((*q_path, i, *path), message) for path, message in question_problems(q))
                for j, sid in enumerate(q.slides):
                    known((*q_path, i, "slides", j), sid, slide_ids, "slide")
                for j, oid in enumerate(q.objectives):
                    known((*q_path, i, "objectives", j), oid, objective_ids, "objective")
        return found


LAYOUT_NAMES = (*typing.get_args(SlideLayout), "quiz")


def _layout_problems(slide: Slide) -> list[tuple[FieldPath, str]]:
    """What a slide's layout needs that the slide lacks."""
    found: list[tuple[FieldPath, str]] = []
    if slide.layout in ("two-content", "comparison"):
        for side in ("left", "right"):
            if getattr(slide, side) is None:
                found.append(((side,), f"a {slide.layout} slide needs '{side}:' with its bullets"))
    if slide.layout in ("image", "image-text") and slide.image is None:
        found.append((("image",), f"an {slide.layout} slide needs 'image:' with a path and alt text"))
    if slide.layout == "table" and slide.table is None:
        found.append((("table",), "a table slide needs 'table:' with a header and rows"))
    if slide.layout == "chart" and slide.chart is None:
        found.append((("chart",), "a chart slide needs 'chart:' with its type, categories, series and alt"))
    if slide.chart:
        found.extend((("chart", *path), message) for path, message in _chart_problems(slide.chart))
    if slide.table:
        width = len(slide.table.header)
        for r, row in enumerate(slide.table.rows):
            if len(row) != width:
                found.append((("table", "rows", r), f"this row has {len(row)} cells; the header has {width}"))
    return found


def _chart_problems(chart: Chart) -> list[tuple[FieldPath, str]]:
    found: list[tuple[FieldPath, str]] = []
    count = len(chart.categories)
    for i, series in enumerate(chart.series):
        if len(series.values) != count:
            found.append(
                (
                    ("series", i, "values"),
                    f"'{series.name}' has {len(series.values)} values; the chart has {count} categories",
                )
            )
        if any(v != v or v in (float("inf"), float("-inf")) for v in series.values):
            found.append((("series", i, "values"), "every value must be an ordinary number"))
    if chart.type == "pie":
        if len(chart.series) > 1:
            found.append((("series",), "a pie chart shows one series; use a column or bar chart for several"))
        if any(v < 0 for s in chart.series for v in s.values):
            found.append((("series", 0, "values"), "a pie chart's values cannot be negative"))
    return found


def source_warnings(source: Source) -> list[tuple[FieldPath, str]]:
    """What a build carries on with but the author should fix, as (field path, message): slides that
    objectives and questions point at but the handout leaves out."""
    found: list[tuple[FieldPath, str]] = []
    hidden = {s.id for s in source.slides if s.hidden}
    # A picture without alt text is the accessibility report's (render/deck/access.py `picture-alt`).
    for i, objective in enumerate(source.talk.objectives):
        for j, sid in enumerate(objective.slides):
            if sid in hidden:
                found.append(
                    (("talk", "objectives", i, "slides", j), f"slide '{sid}' is hidden: the handout leaves it out")
                )
    for i, q in enumerate(source.quiz.questions if source.quiz else []):
        for j, sid in enumerate(q.slides):
            if sid in hidden:
                found.append(
                    (("quiz", "questions", i, "slides", j), f"slide '{sid}' is hidden: learners will not see it")
                )
    return found


def question_problems(q: Question) -> list[tuple[FieldPath, str]]:
    """What a question's type requires of its options and answer, as (path inside the question, message)."""
    found: list[tuple[FieldPath, str]] = []
    if q.image and not q.image.decorative and not q.image.alt:
        found.append((("image",), "the picture needs 'alt:' saying what it shows, for learners who cannot see it"))
    count = len(q.options)
    if q.type == "short-answer":
        if q.options:
            found.append((("options",), "a short-answer question has no options; remove them or change its type"))
        if q.answer is not None:
            found.append((("answer",), "a short-answer question has no answer letter; write `model_answer:` instead"))
        return found
    if q.model_answer is not None:
        found.append((("model_answer",), "only short-answer questions have a model answer; use `rationale:`"))
    if q.type == "true-false" and q.option_texts != ["True", "False"]:
        found.append((("options",), "a true-false question has the options True, False (in that order)"))
    if count < 2:
        found.append((("options",), "a question needs at least two options"))
    elif count > MAX_OPTIONS:
        found.append((("options",), f"a question has at most {MAX_OPTIONS} options (A to {LETTERS[MAX_OPTIONS - 1]})"))
    if q.answer is None:
        found.append((("answer",), "'answer' is missing; give the letter of the correct option"))
        return found
    for written in q.answer:
        if not re.fullmatch(r"[A-Z]", written):
            texts = "; ".join(q.option_texts[:MAX_OPTIONS]) or "none"
            message = f"answer '{written}' is neither an option's letter nor an option's text (options: {texts})"
            found.append((("answer",), message))
    if any(not re.fullmatch(r"[A-Z]", w) for w in q.answer):
        return found
    if len(q.answer) > 1 and q.type != "select-all":
        found.append((("answer",), "only a select-all question has several answers; give one letter"))
    elif len(set(q.answer)) != len(q.answer):
        found.append((("answer",), "a letter is listed twice"))
    if 2 <= count <= MAX_OPTIONS:
        last = LETTERS[count - 1]
        for letter in q.answers:
            if LETTERS.index(letter) >= count:
                found.append((("answer",), f"answer '{letter}' has no option; expected a letter A to {last}"))
    return found


def cited_keys(source: Source) -> list[str]:
    """Every reference key the talk cites, in order of first citation: each slide's texts, then its
    `cite:` list; then the quiz's texts, so the quiz never renumbers the slides' references."""
    order: dict[str, None] = {}
    for _, text in talk_texts(source.talk) + objective_texts(source.talk):
        order.update(dict.fromkeys(citation_keys(text)))
    for slide in source.slides:
        for _, text in slide_texts(slide):
            order.update(dict.fromkeys(citation_keys(text)))
        order.update(dict.fromkeys(slide.cite))
    for _, text in quiz_texts(source.quiz):
        order.update(dict.fromkeys(citation_keys(text)))
    return list(order)


def markdown_texts(source: Source) -> list[tuple[FieldPath, str]]:
    """Every text that is read as inline Markdown with citations, with its path in the source:
    what the cross-reference check reads, so that nothing a writer parses goes unchecked."""
    texts = [(("slides", i, *path), text) for i, slide in enumerate(source.slides) for path, text in slide_texts(slide)]
    return talk_texts(source.talk) + objective_texts(source.talk) + texts + quiz_texts(source.quiz)


def talk_texts(talk: Talk) -> list[tuple[FieldPath, str]]:
    """The talk's texts that the title slide draws as Markdown."""
    who = talk.presenter
    fields = [("subtitle", talk.subtitle), ("event", talk.event), ("date", talk.date)]
    if who:
        fields += [(f"presenter.{k}", getattr(who, k)) for k in ("name", "credentials", "affiliation")]
    return [(("talk", *name.split(".")), text) for name, text in fields if text]


def objective_texts(talk: Talk) -> list[tuple[FieldPath, str]]:
    """The objectives, which the CME objectives slide draws as Markdown (after the title slide)."""
    return [(("talk", "objectives", i, "text"), o.text) for i, o in enumerate(talk.objectives)]


def quiz_texts(quiz: Quiz | None) -> list[tuple[FieldPath, str]]:
    """The quiz's Markdown texts (stems, options, model answers, rationales), with their paths."""
    if quiz is None:
        return []
    texts: list[tuple[FieldPath, str]] = []
    for i, q in enumerate(quiz.questions):
        at: FieldPath = ("quiz", "questions", i)
        texts.append(((*at, "stem"), q.stem))
        texts.extend(((*at, "options", j), o.text) for j, o in enumerate(q.options))  # true-false: True, False
        texts.extend(((*at, name), value) for name in ("model_answer", "rationale") if (value := getattr(q, name)))
    return texts


def slide_texts(slide: Slide) -> list[tuple[FieldPath, str]]:
    """Every text of a slide that may carry a citation, with its path inside the slide."""
    # In reading order: what the slide shows first, its notes last (citations number in this order).
    texts: list[tuple[FieldPath, str]] = [(("title",), slide.title)]
    if slide.subtitle:
        texts.append((("subtitle",), slide.subtitle))

    def bullets(path: FieldPath, items: list[Bullet]) -> None:
        for i, bullet in enumerate(items):
            texts.append(((*path, i), bullet.text))
            texts.extend(((*path, i, "sub", j), s) for j, s in enumerate(bullet.sub))

    bullets(("bullets",), slide.bullets)
    for side in ("left", "right"):
        column = getattr(slide, side)
        if column:
            if column.heading:
                texts.append(((side, "heading"), column.heading))
            bullets((side, "bullets"), column.bullets)
    if slide.quote:
        texts.append((("quote", "text"), slide.quote.text))
        if slide.quote.attribution:
            texts.append((("quote", "attribution"), slide.quote.attribution))
    if slide.image and slide.image.credit:
        texts.append((("image", "credit"), slide.image.credit))
    if slide.table:
        texts.extend((("table", "header", j), c) for j, c in enumerate(slide.table.header) if c)
        for r, row in enumerate(slide.table.rows):
            texts.extend((("table", "rows", r, j), c) for j, c in enumerate(row) if c)
    texts.extend((("notes", i), n) for i, n in enumerate(slide.notes))
    return texts


def _unique(found: list[tuple[FieldPath, str]], path: FieldPath, ids: list[str], what: str) -> set[str]:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            found.append(((*path, i, "id"), f"the {what} id '{value}' is used twice; ids must be unique"))
        seen.add(value)
    return seen
