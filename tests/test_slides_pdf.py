"""The slides PDF: the presenter's backup, one landscape card a page, saying what the deck says."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import pdf_pages, squash
from pypdf import PdfReader


def test_one_landscape_page_per_slide_with_bookmarks(built: Path) -> None:
    reader = PdfReader(str(built / "ipt-slides.pdf"))
    assert len(reader.pages) == 14  # slide 2's quotation on a page of its own; the references on two
    for page in reader.pages:
        assert float(page.mediabox.width) / float(page.mediabox.height) == pytest.approx(16 / 9, abs=0.01)
    marks = [m.title for m in reader.outline]
    # One bookmark a source slide, at its first page, numbered as the deck numbers it.
    assert marks[0].startswith("1. The Geezer") and marks[-1] == "13. References and Resources"
    assert [reader.get_destination_page_number(m) for m in reader.outline] == [0, 1, *range(3, 13)]
    assert reader.metadata.title.startswith("The Geezer")
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (.ci/run installs it)")
def test_each_page_says_what_libreoffice_shows_for_that_slide(built: Path, rendered: Path) -> None:
    # LibreOffice renders the .pptx on its own; each backup page must carry the same words.
    ours = pdf_pages(built / "ipt-slides.pdf")
    theirs = pdf_pages(rendered)
    assert len(ours) == len(theirs)
    for number, (mine, office) in enumerate(zip(ours, theirs, strict=True), start=1):
        assert words(mine) == words(office), f"slide {number} differs from the deck"


def words(text: str) -> list[str]:
    # The same words, in any order: LibreOffice draws the layout's footer fields before the slide's text.
    # Bullets are drawn, not always extracted, alike.
    return sorted(squash(w) for w in re.sub(r"[•–]", " ", text).split() if squash(w))
