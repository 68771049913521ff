"""One talk -> the bytes of every output asked for, all gathered before anything is written."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from render.build import outputs as names
from render.build import parallel, work
from render.source.model import Source
from render.source.resolved import Texts, resolve

if TYPE_CHECKING:
    from render.deck.plan import SlidePlan
    from render.deck.template import Template
    from render.pdf.writer import Metadata, Pdf
    from render.quiz.lint import Finding
    from render.source.cite import Entry
    from render.source.load import Located

LAST_DATE = 4354819198  # 2107-12-31 23:59:58 UTC: the last time a zip entry can hold
# WeasyPrint's tagged PDF for every PDF podium writes (structure tree, language, PDF/UA-1 identification in
# the XMP metadata, the title shown); tests/test_pdf_access.py runs two PDF/UA checkers on each.
TAGGED = "pdf/ua-1"


def epoch(source_path: Path) -> int:
    """The build's date: SOURCE_DATE_EPOCH when set, else the source's own modification time.

    Either way the same source gives the same bytes; the clock never leaks in.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    when = int(value) if value and value.isdigit() else int(source_path.stat().st_mtime)
    if when > LAST_DATE:
        shown = f"{datetime.fromtimestamp(when, UTC):%Y-%m-%d}" if when < 253402300800 else "after the year 9999"
        said = f"SOURCE_DATE_EPOCH={value} is" if value and value.isdigit() else "the file's modification time is"
        fix = "Give SOURCE_DATE_EPOCH a date before 2108." if value else "Save the file again or set SOURCE_DATE_EPOCH."
        raise BuildDateError(f"{said} {shown}; a .pptx cannot hold dates after 2107 (zip's limit). {fix}")
    return when


class BuildDateError(ValueError):
    """The build's date cannot be written into the outputs."""


def stamp(source_path: Path, when: int) -> str:
    """The version stamp printed on handouts and quizzes: date and a short hash of the source."""
    digest = hashlib.sha256(source_path.read_bytes()).hexdigest()[:8]
    return f"{datetime.fromtimestamp(when, UTC):%Y-%m-%d} · source {digest}"


@dataclass(frozen=True)
class Options:
    """What the build needs beyond the source; the command line's overrides of the source's own
    fields are already in the source (render.source.overrides)."""

    template: Path | None = None  # a .pptx/.potx given by the user (trusted: it is their own file)


def render(
    source: Source,
    source_path: Path,
    out_dir: Path,
    only: tuple[str, ...] = names.GROUPS,
    options: Options | None = None,
    progress: Callable[[str], None] | None = None,  # told each output's kind as its work starts
    planned: Callable[[list[SlidePlan], Template], None] | None = None,  # shown the deck's plans (the report)
    resolved: Texts | None = None,  # the texts as the command resolved them after loading; else resolved here
) -> dict[Path, bytes]:
    when = epoch(source_path)
    # fontTools stamps subset fonts with "now" unless SOURCE_DATE_EPOCH says otherwise.
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(when)
    try:
        return _render(
            source,
            source_path,
            out_dir,
            only,
            when,
            options or Options(),
            progress or (lambda kind: None),
            planned or (lambda plans, template: None),
            resolved or resolve(source),
        )
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
    planned: Callable[[list[SlidePlan], Template], None],
    resolved: Texts,
) -> dict[Path, bytes]:
    from render.source.cite import bibliography

    name = source_path.stem
    version = stamp(source_path, when)
    handout_options = source.handout
    # One style for deck and handout alike; the numbers are the resolved texts', as every output's.
    entries = bibliography(source, resolved.numbers, handout_options.citation_style)
    outputs: dict[Path, bytes] = {}
    if "deck" in only or "handout" in only:
        # The handout draws the deck's own slides: one plan serves both.
        plans, deck_template = plan(source, source_path, options, resolved, entries)
        planned(plans, deck_template)

    def deck() -> dict[Path, bytes]:
        step("deck")
        from render.deck import pptx
        from render.deck.plan import properties

        return {out_dir / names.DECK.file(name): pptx.write(plans, properties(source), deck_template, when)}

    def html(template: str, context: dict[str, object]) -> str:
        from render.pdf.html import render

        # The language has one owner, talk.language: the page's lang and the PDF's /Lang alike.
        return render(template, **context, language=source.talk.language)

    def readable(context: dict[str, object]) -> list[Path]:
        # The deck's fonts may be system files: the PDF may read exactly those, nothing else there.
        return [source_path.parent, *getattr(context.get("theme"), "files", [])]

    def pdf(template: str, context: dict[str, object], subject: str, title: str | None = None) -> bytes:
        from render.pdf.writer import write_pdf

        return write_pdf(html(template, context), readable(context), _meta(source, subject, when, title), TAGGED)

    def in_parts(
        template: str,
        pieces: list[dict[str, object]],
        context: dict[str, object],
        meta: Metadata,
        margins_template: str,
        spread: Callable[[Callable[[str], bytes], list[str]], list[bytes]],
        kept: dict[str, bytes],
    ) -> bytes:
        # A long document laid out in parts and joined, its page margins drawn over the joined pages
        # from `margins_template`'s sample pages (chunks.py, margins.py): the handout, a long sheet or key.
        from render.pdf import chunks, margins
        from render.pdf.writer import write_pdf

        allowed = readable(context)

        def one(page: str, meta: Metadata) -> Pdf:
            return write_pdf(page, allowed, meta, TAGGED)

        def samples(chosen: list[margins.Sample], total: int) -> str:
            return html(margins_template, {**context, "samples": chosen, "total": total})

        def drawn(writer: object, counts: list[int]) -> None:
            margins.overlay(writer, counts, samples, lambda page: write_pdf(page, allowed, meta))  # type: ignore[arg-type]

        return chunks.write([html(template, piece) for piece in pieces], meta, one, spread, kept, drawn)

    def handout() -> dict[Path, bytes]:
        # A long handout is laid out in parts, each kept by its content, its margins drawn over the
        # joined pages (parts.py, margins.py); a short one whole, as one document.
        step("handout")
        from render.pdf import handout, parts

        context = handout.context(source, resolved, entries, version, handout_options, plans, deck_template)
        pieces = parts.cut(context)
        if len(pieces) == 1:
            return {out_dir / names.HANDOUT.file(name): pdf("handout.html.j2", pieces[0], "Handout")}
        workers = max(1, parallel.cores() - (len(jobs) > 1))
        made = in_parts(
            "handout.html.j2",
            pieces,
            context,
            _meta(source, "Handout", when),
            "handout-margins.html.j2",
            lambda f, items: parallel.spread(f, items, workers),
            parts.kept,
        )
        return {out_dir / names.HANDOUT.file(name): made}

    def slides() -> dict[Path, bytes]:
        # The presenter's backup PDF comes with the handout: same cards, one a page. One card a page,
        # nothing across pages: laid out in chunks, on the cores the other lane leaves free (chunks.py).
        from render.pdf import chunks, handout
        from render.pdf.writer import write_pdf

        context = handout.slides_context(source, resolved, handout_options, plans, deck_template)
        parts = chunks.cut(context["slides"])  # type: ignore[arg-type]
        htmls = [html("slides.html.j2", {**context, "slides": part}) for part in parts]
        allowed = readable(context)
        workers = max(1, parallel.cores() - (len(jobs) > 1))  # one core stays with the other lane's jobs

        def one(page: str, meta: Metadata) -> Pdf:
            return write_pdf(page, allowed, meta, TAGGED)

        made = chunks.write(
            htmls, _meta(source, "Slides", when), one, lambda f, items: parallel.spread(f, items, workers)
        )
        return {out_dir / names.SLIDES.file(name): made}

    from render.pdf import quiz_parts
    from render.quiz import forms as quiz_forms

    drawn: tuple[quiz_forms.Form, ...] = ()
    if "quiz" in only and source.quiz is not None:
        drawn = quiz_forms.draw_forms(
            source, source.quiz, resolved
        )  # once, before the fork: both halves print this draw

    def quiz_job(kind: names.Kind, template: str, form: quiz_forms.Form) -> Callable[[], dict[Path, bytes]]:
        def job() -> dict[Path, bytes]:
            if kind is names.SHEET and form is drawn[0]:
                step("quiz")  # one step for the quiz group, as the progress bar counts groups
            assert source.quiz is not None
            title = f"{source.quiz.title}, form {form.letter}" if form.letter else source.quiz.title
            if kind is names.SHEET:
                context, subject = quiz_forms.sheet_context(source, source.quiz, form, version), "Quiz"
            else:
                context, subject = quiz_forms.key_context(source, source.quiz, form, version), "Answer key"
                title = f"{title}: answer key"
            pieces = quiz_parts.cut(context)
            if len(pieces) > 1:  # a long sheet or key, laid out in parts (render/pdf/quiz_parts.py)
                made = in_parts(
                    template,
                    pieces,
                    {**context, "key": kind is names.KEY},
                    _meta(source, subject, when, title),
                    "quiz-margins.html.j2",
                    lambda f, items: [f(item) for item in items],  # in turn, each part let go once written
                    {},  # nothing kept between builds: a quiz edit changes every part's numbers or answers
                )
                return {out_dir / kind.file(name, form.letter): made}
            return {out_dir / kind.file(name, form.letter): pdf(template, context, subject, title)}

        return job

    sheet_jobs = [quiz_job(names.SHEET, "quiz.html.j2", form) for form in drawn]
    key_jobs = [quiz_job(names.KEY, "answer-key.html.j2", form) for form in drawn]

    def cme() -> dict[Path, bytes]:
        # The CME office's packet, for a talk with `cme:` only.
        step("cme")
        from render.cme import packet

        assert source.cme is not None
        cme, paper = source.cme, handout_options.paper
        made = {}
        for kind, template, context, subject in (
            (names.SIGN_IN, "cme-sign-in.html.j2", packet.sign_in(source, cme, paper, version), "Sign-in"),
            (names.EVALUATION, "cme-evaluation.html.j2", packet.evaluation(source, cme, paper, version), "Evaluation"),
            (names.CERTIFICATE, "cme-certificate.html.j2", packet.certificate(source, cme, paper), "Certificate"),
        ):
            made[out_dir / kind.file(name)] = pdf(template, context, subject)
        return made

    # Two lanes of about equal work: every PDF and the deck weighed by what it lays out (work.py),
    # heaviest first, each to the lighter lane. At 12 slides that is the handout and the deck on one
    # core, the slides PDF, the quiz and its key on the other; at 200, the handout and the quiz, and
    # the slides PDF, the key and the deck; a quiz alone goes a form's sheet or key at a time.
    quiz_jobs = [(work.sheet(source), job) for job in sheet_jobs] + [(work.key(source), job) for job in key_jobs]
    weighed = {
        "handout": [(work.handout(source, plans, entries), handout), (work.slides(plans), slides)]
        if "handout" in only
        else [],
        "deck": [(work.deck(plans), deck)] if "deck" in only else [],
        "quiz": quiz_jobs if "quiz" in only and source.quiz is not None else [],
        "cme": [(work.cme(), cme)] if "cme" in only and source.cme is not None else [],
    }
    jobs, in_child = parallel.lanes([pair for kind in ("handout", "deck", "quiz", "cme") for pair in weighed[kind]])
    if "handout" in only or "quiz" in only or "cme" in only:
        from render.pdf.writer import load_weasyprint

        load_weasyprint()  # once, before the fork, for both processes
    if "deck" in only:
        import render.deck.pptx  # noqa: F401
    if "handout" in only:
        from render.pdf import parts

        parallel.keep(parts.kept)  # laid out in a child, the handout's parts come back to a warm process
    for result in parallel.run(jobs, in_child):
        outputs.update(result)
    return dict(sorted(outputs.items(), key=lambda item: names.rank(item[0])))


# A watch round renders the deck first, then the PDFs, from one loaded source: the second stage finds the
# first's plans here instead of working them out again. Kept for that source object only (the next round
# loads a new one), and held by it, so an object's id is never mistaken for another's.
_last_plan: tuple[Source, Path, Options, tuple[list[SlidePlan], Template]] | None = None


def plan(
    source: Source, source_path: Path, options: Options, resolved: Texts, entries: list[Entry] | None = None
) -> tuple[list[SlidePlan], Template]:
    """The deck's slide plans on its template (the one named on the command line, in the source, or ours);
    asked again for the same loaded source, the same plans."""
    global _last_plan
    if _last_plan is not None and _last_plan[0] is source and _last_plan[1:3] == (source_path, options):
        return _last_plan[3]
    made = _plan(source, source_path, options, resolved, entries)
    _last_plan = (source, source_path, options, made)
    return made


def _plan(
    source: Source, source_path: Path, options: Options, resolved: Texts, entries: list[Entry] | None
) -> tuple[list[SlidePlan], Template]:
    from render.deck import template
    from render.deck.plan import needed_layouts, plan_deck

    if entries is None:
        from render.source.cite import bibliography

        entries = bibliography(source, resolved.numbers, source.handout.citation_style)
    chosen = source.template
    path = options.template or (source.file(chosen.file) if chosen and chosen.file else template.TEMPLATE)
    needed = needed_layouts(source)
    talk_fonts = source_path.parent / source_path.stem / "fonts"
    deck_template = template.read(path, chosen.layouts if chosen else None, needed, talk_fonts)
    return plan_deck(source, deck_template, entries, resolved), deck_template


def accessibility(located: Located, plans: list[SlidePlan], deck_template: Template) -> list[Finding]:
    """The deck's accessibility report (render/deck/access.py) on its template's real colours."""
    from render.deck.access import report
    from render.deck.colours import read_colours

    return report(located, plans, read_colours(deck_template))


def _meta(source: Source, subject: str, when: int, title: str | None = None) -> Metadata:
    """The PDF's metadata; `title` is the document's own (the quiz's, the key's), else the talk's."""
    from render.pdf.writer import Metadata

    presenter = source.talk.presenter
    return Metadata(
        title=title or source.talk.title,
        author=presenter.name if presenter else None,
        subject=subject,
        date=f"{datetime.fromtimestamp(when, UTC):%Y-%m-%dT%H:%M:%SZ}",
        language=source.talk.language,
    )
