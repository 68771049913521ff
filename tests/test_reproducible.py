"""The same source gives byte-identical outputs; SOURCE_DATE_EPOCH sets the dates."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import IPT, podium
from pptx import Presentation
from pypdf import PdfReader


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    # Different hash seeds: no set or dict order may leak into the bytes.
    for name, seed in (("a", "1"), ("b", "2")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        assert podium("build", IPT, "--out", tmp_path / name, env=env).returncode == 0
    # podium's own bookkeeping (.podium-manifest.json) is not an output.
    first = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir() if not p.name.startswith(".")}
    second = {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir() if not p.name.startswith(".")}
    assert sorted(first) == ["ipt-answer-key.pdf", "ipt-deck.pptx", "ipt-handout.pdf", "ipt-quiz.pdf", "ipt-slides.pdf"]
    assert first == second


def test_source_date_epoch_dates_every_output(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}  # 2023-11-14 22:13:20 UTC
    assert podium("build", IPT, "--out", tmp_path, env=env).returncode == 0
    deck = Presentation(str(tmp_path / "ipt-deck.pptx"))
    assert deck.core_properties.modified.isoformat() == "2023-11-14T22:13:20"
    handout = PdfReader(str(tmp_path / "ipt-handout.pdf"))
    assert handout.metadata["/CreationDate"] == "D:20231114221320Z"
    assert "Version 2023-11-14" in handout.pages[0].extract_text()
