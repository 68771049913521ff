"""After a build: each file written, its size, its slides or pages (as readers count them), and the warnings."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import IPT, podium
from pptx import Presentation
from pypdf import PdfReader


def test_the_summary_lists_each_file_with_its_size_and_slides_or_pages(tmp_path: Path) -> None:
    result = podium("build", IPT, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    *files, font, length, slides, total = result.stdout.strip().splitlines()
    # The font's line names the file that measured and drew it: Calibri's metric twin, shipped.
    assert font == "font Calibri: templates/fonts/Carlito-Regular.ttf (metric twin)"
    assert re.fullmatch(r"5 files in \d+\.\d s; 8 warnings", total), total
    assert re.fullmatch(r"talk length: about \d+ min \(\d+ words of notes at 130 a minute\)", length), length
    # Every slide's share, by its id in the source's order (the IPT title slide has no notes).
    assert slides.startswith("per slide (min): title 0.0, "), slides
    assert len(slides.split(", ")) == 12
    # No progress bar when not on a terminal; only the quiz's eight item-writing warnings (see test_quiz_lint).
    assert [line for line in result.stderr.splitlines() if ": warning: " not in line] == [
        "8 item-writing warnings (see README: Quizzes)."
    ]
    seen = {}
    for line in files:
        m = re.fullmatch(r"wrote (\S+)\s+(\d+) kB  (\d+) (slide|page)s?", line)
        assert m, line
        seen[Path(m.group(1)).name] = (int(m.group(2)), int(m.group(3)), m.group(4))
    deck = tmp_path / "ipt-deck.pptx"
    expected = {deck.name: (round(deck.stat().st_size / 1000), len(Presentation(str(deck)).slides), "slide")}
    for name in ("ipt-handout.pdf", "ipt-slides.pdf", "ipt-quiz.pdf", "ipt-answer-key.pdf"):
        pdf = tmp_path / name
        expected[name] = (round(pdf.stat().st_size / 1000), len(PdfReader(str(pdf)).pages), "page")
    assert seen == expected


def test_a_failed_build_prints_no_summary_and_keeps_its_exit_status(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("talk: {title: T}\nslides: []\n", encoding="utf-8")
    result = podium("build", broken, "--out", tmp_path / "out")
    assert result.returncode == 2 and result.stdout == ""
    assert "nothing was written" in result.stderr
