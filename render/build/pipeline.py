"""One talk -> the bytes of every output asked for, all gathered before anything is written."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from render.build import outputs as names
from render.build import parallel
from render.source.model import Source

if TYPE_CHECKING:
    from render.pdf.writer import Metadata, Pdf

TAGGED = "pdf/ua-1"  # WeasyPrint's tagged PDF (experimental: not a full PDF/UA claim; see README)


def epoch(source_path: Path) -> int:
    """The build's date: SOURCE_DATE_EPOCH when set, else the source's own modification time.

    Either way the same source gives the same bytes; the clock never leaks in.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    return int(value) if value and value.isdigit() else int(source_path.stat().st_mtime)


def stamp(source_path: Path, when: int) -> str:
    """The version stamp printed on handouts and quizzes: date and a short hash of the source."""
    digest = hashlib.sha256(source_path.read_bytes()).hexdigest()[:8]
    return f"{datetime.fromtimestamp(when, UTC):%Y-%m-%d} · source {digest}"


@dataclass(frozen=True)
class Options:
    """Choices made on the command line, over what the source says."""

    template: Path | None = None  # a .pptx/.potx given by the user (trusted: it is their own file)
    with_quiz: bool = False
    handout: dict[str, object] = field(default_factory=dict)  # overrides of the source's `handout:`


def render(
    source: Source,
    source_path: Path,
    out_dir: Path,
    only: tuple[str, ...] = names.GROUPS,
    options: Options | None = None,
    progress: Callable[[str], None] | None = None,  # told each output's kind as its work starts
) -> dict[Path, bytes]:
    when = epoch(source_path)
    # fontTools stamps subset fonts with "now" unless SOURCE_DATE_EPOCH says otherwise.
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(when)
    try:
        return _render(source, source_path, out_dir, only, when, options or Options(), progress or (lambda kind: None))
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _render(
    source: Source,
    source_path: Path,
    out_dir: Path,
    only: tuple[str, ...],
    when: int,
    options: Options,
    step: Callable[[str], None],
) -> dict[Path, bytes]:
    from render.source.cite import bibliography

    name = source_path.stem
    version = stamp(source_path, when)
    handout_options = source.handout.model_copy(update=options.handout)  # the command line wins
    entries = bibliography(source, handout_options.citation_style)  # one style for deck and handout alike
    outputs: dict[Path, bytes] = {}
    if "deck" in only or "handout" in only:
        # The handout draws the deck's own slides: one plan serves both.
        from render.deck import template
        from render.deck.plan import plan_deck

        chosen = source.template
        path = options.template or (source_path.parent / chosen.file if chosen and chosen.file else template.TEMPLATE)
        quiz_slides = (options.with_quiz or source.deck.quiz) and source.quiz is not None
        needed = {s.layout for s in source.slides} | ({"quiz"} if quiz_slides else set())
        deck_template = template.read(path, chosen.layouts if chosen else None, needed)
        plans = plan_deck(source, deck_template, entries, source_path.parent, options.with_quiz)

    def deck() -> dict[Path, bytes]:
        step("deck")
        from render.deck import pptx

        return {out_dir / names.DECK.file(name): pptx.write(plans, source.talk, deck_template, when)}

    def pdf(page: str, context: dict[str, object], subject: str, variant: str | None = None) -> bytes:
        from render.pdf.html import render as html
        from render.pdf.writer import write_pdf

        return write_pdf(html(page, **context), [source_path.parent], _meta(source, subject, when), variant)

    def handout() -> dict[Path, bytes]:
        step("handout")
        from render.pdf import handout

        context = handout.context(source, entries, version, handout_options, plans, deck_template)
        return {out_dir / names.HANDOUT.file(name): pdf("handout.html.j2", context, "Handout", TAGGED)}

    def slides() -> dict[Path, bytes]:
        # The presenter's backup PDF comes with the handout: same cards, one a page. One card a page,
        # nothing across pages: laid out in chunks, on the cores the other lane leaves free (chunks.py).
        from render.pdf import chunks, handout
        from render.pdf.html import render as html
        from render.pdf.writer import write_pdf

        context = handout.slides_context(source, handout_options, plans, deck_template)
        parts = chunks.cut(context["slides"])  # type: ignore[arg-type]
        htmls = [html("slides.html.j2", **{**context, "slides": part}) for part in parts]
        workers = max(1, parallel.cores() - (len(jobs) > 1))  # one core stays with the other lane's jobs

        def one(page: str, meta: Metadata) -> Pdf:
            return write_pdf(page, [source_path.parent], meta, TAGGED)

        made = chunks.write(
            htmls, _meta(source, "Slides", when), one, lambda f, items: parallel.spread(f, items, workers)
        )
        return {out_dir / names.SLIDES.file(name): made}

    def quiz() -> dict[Path, bytes]:
        step("quiz")
        from render.quiz import forms as quiz

        assert source.quiz is not None
        made: dict[Path, bytes] = {}
        for form in quiz.draw_forms(source, source.quiz):
            title = f"{source.quiz.title}, form {form.letter}" if form.letter else source.quiz.title
            sheet = quiz.sheet_context(source, source.quiz, form, version)
            made[out_dir / names.SHEET.file(name, form.letter)] = pdf("quiz.html.j2", sheet, title)
            key = quiz.key_context(source, source.quiz, form, version)
            made[out_dir / names.KEY.file(name, form.letter)] = pdf("answer-key.html.j2", key, f"{title}: answer key")
        return made

    # Two lanes of about equal length (measured at 12 and 200 slides): the handout, the
    # longest job, goes to the second core; with a quiz to make as well, the deck joins it
    # there, and this core makes the slides PDF and the quiz.
    kinds = (("handout", handout), ("deck", deck), ("handout", slides), ("quiz", quiz))
    jobs = [job for kind, job in kinds if kind in only and (job is not quiz or source.quiz)]
    in_child = 2 if jobs[:2] == [handout, deck] and quiz in jobs else 1
    if "handout" in only or "quiz" in only:
        from render.pdf.writer import load_weasyprint

        load_weasyprint()  # once, before the fork, for both processes
    if "deck" in only:
        import render.deck.pptx  # noqa: F401
    for result in parallel.run(jobs, in_child):
        outputs.update(result)
    return dict(sorted(outputs.items(), key=lambda item: names.rank(item[0])))


def _meta(source: Source, subject: str, when: int) -> Metadata:
    from render.pdf.writer import Metadata

    presenter = source.talk.presenter
    return Metadata(
        title=source.talk.title,
        author=presenter.name if presenter else None,
        subject=subject,
        date=f"{datetime.fromtimestamp(when, UTC):%Y-%m-%dT%H:%M:%SZ}",
    )
