"""The same source gives byte-identical outputs; SOURCE_DATE_EPOCH sets the dates."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import IPT, podium
from pptx import Presentation
from pypdf import PdfReader


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The talk built twice, each in its own process with its own hash seed (no set or dict order may leak
    into the bytes), both dated by SOURCE_DATE_EPOCH (2023-11-14 22:13:20 UTC)."""
    folder = tmp_path_factory.mktemp("reproducible")
    for name, seed in (("a", "1"), ("b", "2")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1700000000"}
        assert podium("build", IPT, "--out", folder / name, env=env).returncode == 0
    return folder / "a", folder / "b"


def test_two_builds_are_byte_identical(two_builds: tuple[Path, Path]) -> None:
    # podium's own bookkeeping (.podium-manifest.json) is not an output.
    first, second = ({p.name: p.read_bytes() for p in b.iterdir() if not p.name.startswith(".")} for b in two_builds)
    assert sorted(first) == ["ipt-answer-key.pdf", "ipt-deck.pptx", "ipt-handout.pdf", "ipt-quiz.pdf", "ipt-slides.pdf"]
    assert first == second


def test_source_date_epoch_dates_every_output(two_builds: tuple[Path, Path]) -> None:
    built = two_builds[0]
    deck = Presentation(str(built / "ipt-deck.pptx"))
    assert deck.core_properties.modified.isoformat() == "2023-11-14T22:13:20"
    for name in ("ipt-handout.pdf", "ipt-slides.pdf", "ipt-quiz.pdf", "ipt-answer-key.pdf"):
        assert PdfReader(str(built / name)).metadata["/CreationDate"] == "D:20231114221320Z", name
    assert "Version 2023-11-14" in PdfReader(str(built / "ipt-handout.pdf")).pages[0].extract_text()
