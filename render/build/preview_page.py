"""What the preview page shows after one save: the deck's cards, notes, talk length, quiz, warnings.

Nothing here writes a file: the preview reads the source, plans the deck exactly as a
build does (render.build.pipeline.plan) and draws the handout's slide cards and the quiz
sheet's own HTML. A save that does not validate gives its problems instead, and the page
keeps the last good slides.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote, urlsplit
from urllib.request import url2pathname

from render.build.pipeline import Options, accessibility, epoch, plan, stamp
from render.errors import Notice, Problem, SourceError
from render.pdf.handout import Card, HandoutSlide, Row, slides_context
from render.pdf.html import render
from render.quiz.lint import Finding
from render.source.length import clock, seconds, words
from render.source.load import Located, load_located
from render.source.overrides import Overrides
from render.source.resolved import Texts, resolve

# A warning's field names the slide or question it concerns: slides[3].bullets[0], quiz.questions[1].stem.
_SLIDE_FIELD = re.compile(r"^slides\[(\d+)\]")
_QUESTION_FIELD = re.compile(r"^quiz\.questions\[(\d+)\]")


@dataclass(frozen=True)
class Note:
    """A warning as the page shows it: where (file:line:column), which rule, what it says."""

    where: str
    text: str


@dataclass(frozen=True)
class PreviewSlide:
    slide: HandoutSlide  # its cards and notes, as the handout draws them
    words: int
    length: str  # "1 min 20 s"
    warnings: tuple[Note, ...]


@dataclass(frozen=True)
class PreviewForm:
    letter: str | None
    sheet: str  # the quiz sheet's own HTML document (templates/quiz.html.j2)
    key: str  # the answer key's (templates/answer-key.html.j2)


@dataclass(frozen=True)
class PreviewQuestion:
    number: int  # in the source, from 1
    id: str
    warnings: tuple[Note, ...]


@dataclass(frozen=True)
class Good:
    """A rendering of a source that validated: what the page keeps while later saves fail."""

    context: dict[str, object]
    pictures: dict[str, Path]  # URL path under /talk/ -> the file a slide shows (nothing else is served)


@dataclass
class Page:
    """The page's state: the last good rendering and the problems of the latest save, if any."""

    good: Good | None = None
    problems: list[Problem] = field(default_factory=list)
    version: int = 0

    def context(self) -> dict[str, object]:
        shown = self.good.context if self.good else {}
        return {
            "problems": [Note(f"{p.file}:{p.line}:{p.column}", _problem_text(p)) for p in self.problems],
            "stale": bool(self.problems and self.good),
            "view": shown,
        }


def refresh(page: Page, source_path: Path, options: Options, overrides: Overrides, rate: float | None = None) -> Page:
    """The page after a save: a new rendering, or the old one with the new problems."""
    try:
        good = rendering(source_path, options, overrides, rate)
    except SourceError as exc:
        return Page(page.good, list(exc.problems), page.version + 1)
    return Page(good, [], page.version + 1)


def rendering(source_path: Path, options: Options, overrides: Overrides, rate: float | None = None) -> Good:
    """Everything the page shows of a valid source; SourceError (with file:line) when it cannot be drawn."""
    from render.deck.plan import PlanError
    from render.deck.template import TemplateError
    from render.pdf.theme import ThemeError
    from render.source.cite import bibliography

    located = overrides.apply(load_located(source_path))
    source = located.source
    resolved = resolve(source)  # once a round, as a build: the cards, the quiz and the warnings read it
    handout_options = source.handout
    # The planner's notices (a layout fallback, a font stand-in, artwork the cards cannot draw) are
    # Python warnings in a build's summary; here they go beside what they name, as every other warning.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            entries = bibliography(source, resolved.numbers, handout_options.citation_style)
            plans, template = plan(source, source_path, options, resolved, entries)
            drawn = slides_context(source, resolved, handout_options, plans, template)
            access = accessibility(located, plans, template)
        except PlanError as exc:
            path = exc.path or ()
            line, column = located.at(path)
            raise SourceError([Problem(located.file, line, column, path, str(exc))]) from None
        except (TemplateError, ThemeError) as exc:
            raise SourceError([Problem(located.file, 1, 1, (), str(exc))]) from None
    notices = [w.message for w in caught if issubclass(w.category, UserWarning)]
    from render.cme.length import rate as speaking_rate

    rate = rate or speaking_rate(source)  # the source's own (cme.speaking_rate), as the build summary says
    pictures: dict[str, Path] = {}
    warnings_by = _warnings(located, resolved, access, notices)
    shown = []
    # A warning names the source's slide; hidden slides are not drawn, so go by the slide's id.
    index = {s.id: i for i, s in enumerate(source.slides)}
    for slide in drawn["slides"]:  # type: ignore[attr-defined]
        i = index.get(slide.id, -1)  # -1: a slide the deck adds (CME, quiz), which no field names
        count = words(slide.notes)
        cards = tuple(_served(card, pictures) for card in slide.cards)
        length = clock(seconds(count, rate))
        shown.append(PreviewSlide(replace(slide, cards=cards), count, length, warnings_by.get(("slide", i), ())))
    total = sum(s.words for s in shown)
    return Good(
        {
            "title": source.talk.title,
            "slides": shown,
            "theme": drawn["theme"],
            "deck": drawn["deck"],
            "total_length": clock(seconds(total, rate)),
            "total_words": total,
            "rate": rate,
            "quiz": _quiz(located, resolved, source_path),
            "questions": [
                PreviewQuestion(i + 1, q.id, warnings_by.get(("question", i), ()))
                for i, q in enumerate(source.quiz.questions if source.quiz else [])
            ],
            "quiz_warnings": warnings_by.get(("quiz", 0), ()),
            "other_warnings": warnings_by.get(("talk", 0), ()),
        },
        pictures,
    )


def _quiz(located: Located, resolved: Texts, source_path: Path) -> list[PreviewForm]:
    source = located.source
    if source.quiz is None:
        return []
    from render.quiz.forms import draw_forms, key_context, sheet_context

    version, language = stamp(source_path, epoch(source_path)), source.talk.language
    return [
        PreviewForm(
            form.letter,
            render("quiz.html.j2", **sheet_context(source, source.quiz, form, version), language=language),
            render("answer-key.html.j2", **key_context(source, source.quiz, form, version), language=language),
        )
        for form in draw_forms(source, source.quiz, resolved)
    ]


def _warnings(
    located: Located, resolved: Texts, access: list[Finding], notices: Sequence[Warning] = ()
) -> dict[tuple[str, int], tuple[Note, ...]]:
    """Every warning a build prints (item-writing, accessibility, CME, the source's own, the planner's
    notices), by the slide or question its field names (else the talk)."""
    from render.cme.length import estimate
    from render.cme.lint import lint as cme_lint
    from render.errors import format_path
    from render.source.model import source_warnings

    found: dict[tuple[str, int], list[Note]] = {}
    findings = list(access)
    if located.source.quiz is not None:
        from render.quiz.forms import draw_forms
        from render.quiz.lint import lint

        findings += lint(located, draw_forms(located.source, located.source.quiz, resolved))
    for w in findings:
        note = Note(f"{w.file}:{w.line}:{w.column}", f"{w.rule}: {w.detail} ({w.field})")
        found.setdefault(_concerns(w.field), []).append(note)
    said = [*cme_lint(located.source, estimate(located.source, resolved)), *source_warnings(located.source)]
    # A notice names its field; a library's plain warning concerns the whole talk.
    unique = {str(n): n for n in notices}.values()
    said += [(n.path if isinstance(n, Notice) else (), str(n)) for n in unique]
    for path, message in said:
        line, column = located.at(path)
        field = format_path(path)
        found.setdefault(_concerns(field), []).append(Note(f"{located.file}:{line}:{column}", f"{message} ({field})"))
    return {k: tuple(v) for k, v in found.items()}


def _concerns(field_path: str) -> tuple[str, int]:
    if m := _SLIDE_FIELD.match(field_path):
        return ("slide", int(m.group(1)))
    if m := _QUESTION_FIELD.match(field_path):
        return ("question", int(m.group(1)))
    if field_path.startswith("quiz"):
        return ("quiz", 0)  # about the whole quiz, such as key balance
    return ("talk", 0)


def _served(card: Card, pictures: dict[str, Path]) -> Card:
    """The card with each picture's file:// address swapped for the preview's own URL of that file."""
    rows = []
    for row in card.rows:
        regions = []
        for offset, region in row.regions:
            if region.picture:
                path = Path(url2pathname(urlsplit(region.picture).path))
                key = f"{len(pictures)}/{quote(path.name)}"
                pictures[key] = path
                region = replace(region, picture=f"/talk/{key}")
            regions.append((offset, region))
        rows.append(Row(row.gap, tuple(regions)))
    return replace(card, rows=tuple(rows))


def _problem_text(problem: Problem) -> str:
    text = str(problem)
    where = f"{problem.file}:{problem.line}:{problem.column}: "
    return text[len(where) :] if text.startswith(where) else text
