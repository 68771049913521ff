"""The CME outputs made outside a build: certificates for a list of attendees, and the outcomes report."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from render.build import outputs as names
from render.build.pipeline import TAGGED, _meta, epoch, stamp
from render.cme.outcomes import Outcomes
from render.cme.packet import Attendee
from render.source.model import Source


@contextmanager
def _dated(source_path: Path) -> Iterator[int]:
    # As a build: the source's date, never the clock (fontTools reads SOURCE_DATE_EPOCH).
    when = epoch(source_path)
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(when)
    try:
        yield when
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _pdf(source: Source, path: Path, template: str, context: dict[str, object], subject: str, when: int) -> bytes:
    from render.pdf.html import render as html
    from render.pdf.writer import write_pdf

    page = html(template, **context, language=source.talk.language)
    return write_pdf(page, [path.parent], _meta(source, subject, when), TAGGED)


def certificates(source: Source, source_path: Path, out_dir: Path, attendees: list[Attendee]) -> dict[Path, bytes]:
    from render.cme import packet

    assert source.cme is not None
    context = packet.certificate(source, source.cme, source.handout.paper, attendees)
    with _dated(source_path) as when:
        data = _pdf(source, source_path, "cme-certificate.html.j2", context, "Certificates", when)
    return {out_dir / names.CERTIFICATES.file(source_path.stem): data}


def outcomes_report(source: Source, source_path: Path, out_dir: Path, plan: Outcomes) -> dict[Path, bytes]:
    from render.cme import outcomes

    with _dated(source_path) as when:
        stamp_text = stamp(source_path, when)
    context = {
        "o": plan,
        "paper": source.handout.paper,
        "stamp": stamp_text,
        "percent": outcomes.percent,
        "points": outcomes.points,
    }
    with _dated(source_path) as when:
        data = _pdf(source, source_path, "cme-outcomes.html.j2", context, "Outcomes report", when)
    return {out_dir / names.OUTCOMES.file(source_path.stem): data}
