"""Other programs open what we write: qpdf checks every PDF, LibreOffice renders the deck."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed (.ci/run installs it)")
@pytest.mark.parametrize("name", ["ipt-handout.pdf", "ipt-slides.pdf", "ipt-quiz.pdf", "ipt-answer-key.pdf"])
def test_qpdf_finds_no_fault(built: Path, name: str) -> None:
    result = subprocess.run(["qpdf", "--check", str(built / name)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (.ci/run installs it)")
def test_libreoffice_renders_the_deck_one_page_per_slide(rendered: Path) -> None:
    pages = PdfReader(str(rendered)).pages
    assert len(pages) == 14  # slide 2's quotation on slide 3, the references on 13 and 14
    assert "Three Phases of IPT" in pages[10].extract_text()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed (.ci/run installs it)")
def test_pdftotext_finds_every_slide_title_in_the_handout(built: Path) -> None:
    from helpers import squash
    from pptx import Presentation

    # The titles as the deck's reader sees them, the handout as poppler's reader sees it.
    deck = Presentation(str(built / "ipt-deck.pptx"))
    titles = {s.shapes.title.text_frame.text for s in deck.slides if s.shapes.title is not None}
    result = subprocess.run(["pdftotext", str(built / "ipt-handout.pdf"), "-"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    handout = squash(result.stdout)
    assert len(titles) >= 11
    for title in titles:
        # A superscript citation number after a title is set apart in the PDF's text.
        assert squash(title).rstrip("0123456789,") in handout, title
