"""One talk -> the bytes of every output asked for, all gathered before anything is written."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from render.model import Source
from render.pdf import Metadata, write_pdf

KINDS = ("deck", "handout", "quiz")


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


def render(
    source: Source,
    source_path: Path,
    out_dir: Path,
    only: tuple[str, ...] = KINDS,
    progress: Callable[[str], None] | None = None,  # told each output's kind as its work starts
) -> dict[Path, bytes]:
    when = epoch(source_path)
    # fontTools stamps subset fonts with "now" unless SOURCE_DATE_EPOCH says otherwise.
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(when)
    try:
        return _render(source, source_path, out_dir, only, when, progress or (lambda kind: None))
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _render(
    source: Source, source_path: Path, out_dir: Path, only: tuple[str, ...], when: int, step: Callable[[str], None]
) -> dict[Path, bytes]:
    from render.cite import bibliography

    name = source_path.stem
    version = stamp(source_path, when)
    entries = bibliography(source)
    outputs: dict[Path, bytes] = {}
    if "deck" in only:
        step("deck")
        from render.deck import pptx
        from render.deck.plan import plan_deck
        from render.deck.template import TEMPLATE, frames

        plans = plan_deck(source, frames(TEMPLATE), entries)
        outputs[out_dir / f"{name}-deck.pptx"] = pptx.write(plans, source.talk, TEMPLATE, when)
    if "handout" in only:
        step("handout")
        from render import handout
        from render.html import render as html

        page = html("handout.html.j2", **handout.context(source, entries, version))
        outputs[out_dir / f"{name}-handout.pdf"] = write_pdf(page, [source_path.parent], _meta(source, "Handout", when))
    if "quiz" in only and source.quiz:
        step("quiz")
        from render import quiz
        from render.html import render as html

        form = quiz.draw(source, source.quiz)
        sheet = html("quiz.html.j2", **quiz.sheet_context(source, source.quiz, form, version))
        key = html("answer-key.html.j2", **quiz.key_context(source, source.quiz, form, version))
        outputs[out_dir / f"{name}-quiz.pdf"] = write_pdf(
            sheet, [source_path.parent], _meta(source, source.quiz.title, when)
        )
        outputs[out_dir / f"{name}-answer-key.pdf"] = write_pdf(
            key, [source_path.parent], _meta(source, f"{source.quiz.title}: answer key", when)
        )
    return outputs


def _meta(source: Source, subject: str, when: int) -> Metadata:
    presenter = source.talk.presenter
    return Metadata(
        title=source.talk.title,
        author=presenter.name if presenter else None,
        subject=subject,
        date=f"{datetime.fromtimestamp(when, UTC):%Y-%m-%dT%H:%M:%SZ}",
    )
