"""The CME slides read back with python-pptx, and their QR codes scanned with zbar (Debian's zbar-tools)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import podium
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.slide import Slide
from test_cme import CME_TALK

EVALUATION = "https://cme.example.org/evaluate/2026-03-04"  # the fixture's links, typed again
ATTENDANCE = "https://cme.example.org/attend/2026-03-04"


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("deck")
    result = podium("build", CME_TALK, "--out", out, "--only", "deck")
    assert result.returncode == 0, result.stderr
    return out / "cme-talk-deck.pptx"


BODY = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)


def texts(slide: Slide) -> list[str]:
    """The body placeholder's paragraphs (not the title, footer, date or number)."""
    bodies = [s for s in slide.placeholders if s.placeholder_format.type in BODY]
    return [p.text for s in bodies for p in s.text_frame.paragraphs if p.text]


def test_disclosures_then_objectives_follow_the_title_slide_with_notes(deck: Path) -> None:
    slides = list(Presentation(str(deck)).slides)
    assert [s.shapes.title.text for s in slides] == [
        "Managing Perinatal Depression in Primary Care",
        "Disclosures",
        "Learning objectives",
        "Screening",
        "Treatment",
        "Evaluation and attendance",
    ]
    assert texts(slides[1]) == [
        "A. Presenter (faculty) has no relevant financial relationships with ineligible companies.",
        "B. Planner (planner): Acme Pharma (consultant).",
        "All relevant financial relationships listed for these individuals have been mitigated.",
        "This activity is supported by: Example Foundation (educational grant).",
    ]
    assert texts(slides[2]) == [
        "After this talk, participants will be able to:",
        "Screen pregnant and postpartum patients for depression",
        "Choose a first-line treatment for mild to moderate perinatal depression",
    ]
    for slide in slides[1:3] + slides[-1:]:
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text
        # On the template's own layout, every text in a placeholder; no logos (no picture) on the disclosures.
        assert slide.slide_layout.name == "Title and Content"
    assert not [s for s in slides[1].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


@pytest.mark.skipif(not shutil.which("zbarimg"), reason="needs zbarimg (zbar-tools)")
def test_the_closing_slide_qr_codes_scan_back_to_the_links(deck: Path, tmp_path: Path) -> None:
    last = list(Presentation(str(deck)).slides)[-1]
    pictures = [s for s in last.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 2
    scanned = []
    for n, picture in enumerate(sorted(pictures, key=lambda p: p.left)):
        png = tmp_path / f"qr{n}.png"
        png.write_bytes(picture.image.blob)
        read = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True)
        scanned.append(read.stdout.strip())
        assert picture._element.nvPicPr.cNvPr.get("descr").endswith(scanned[-1])  # the alt text names the link
    assert scanned == [EVALUATION, ATTENDANCE]


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("zbarimg") and shutil.which("soffice")), reason="needs zbarimg and LibreOffice")
def test_the_qr_codes_scan_from_the_slide_as_libreoffice_draws_it(deck: Path, tmp_path: Path) -> None:
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
        capture_output=True,
        check=True,
        timeout=180,
    )
    pdf = tmp_path / "cme-talk-deck.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "6", "-l", "6", str(pdf), str(tmp_path / "s")], check=True)
    (png,) = tmp_path.glob("s*.png")
    read = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True)
    assert sorted(read.stdout.split()) == sorted([EVALUATION, ATTENDANCE])


def test_a_talk_without_links_has_no_closing_slide(tmp_path: Path) -> None:
    source = tmp_path / "talk.yaml"
    text = CME_TALK.read_text(encoding="utf-8")
    start = text.index("  links:")
    source.write_text(text[:start] + text[text.index("  speaking_rate:") :], encoding="utf-8")
    result = podium("build", source, "--out", tmp_path, "--only", "deck")
    assert result.returncode == 0, result.stderr
    titles = [s.shapes.title.text for s in Presentation(str(tmp_path / "talk-deck.pptx")).slides]
    assert titles[-1] == "Treatment" and titles[1:3] == ["Disclosures", "Learning objectives"]


@pytest.mark.skipif(not (shutil.which("zbarimg") and shutil.which("pdftotext")), reason="needs zbarimg and poppler")
def test_the_backup_slides_pdf_holds_every_slide_of_the_deck_and_its_qr_codes(tmp_path: Path) -> None:
    # The presenter's backup stands in for the deck: the CME slides too, in the deck's order.
    from pypdf import PdfReader

    result = podium("build", CME_TALK, "--out", tmp_path, "--only", "deck", "--only", "handout")
    assert result.returncode == 0, result.stderr
    titles = [s.shapes.title.text for s in Presentation(str(tmp_path / "cme-talk-deck.pptx")).slides]
    slides = tmp_path / "cme-talk-slides.pdf"
    pages = PdfReader(str(slides)).pages
    assert len(pages) == len(titles) == 6
    for n, title in enumerate(titles, start=1):
        text = subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(slides), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert text.lstrip().startswith(title), (n, text[:80])
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "6", "-l", "6", str(slides), str(tmp_path / "p")], check=True)
    (png,) = tmp_path.glob("p-*.png")
    read = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True)
    assert sorted(read.stdout.split()) == sorted([EVALUATION, ATTENDANCE])
