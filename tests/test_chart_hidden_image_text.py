"""Chart slides, hidden slides and a picture beside text, read back by python-pptx, pypdf and pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import podium
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

TALK = """\
talk:
  title: Ward statistics
slides:
  - id: intro
    title: Where we stand
    bullets: [Two wards, Three years]
  - id: admissions
    title: Admissions by year
    chart:
      type: column
      categories: ["2021", "2022", "2023"]
      series:
        - {name: Ward A, values: [10, 14, 9]}
        - {name: Ward B, values: [7, 12.5, 15]}
      alt: Ward B overtook Ward A in 2023
  - id: share
    title: Referrals
    chart:
      type: pie
      categories: [Family doctors, Emergency]
      series: [{name: "2023", values: [3, 1]}]
      alt: Most came from family doctors
  - id: backup
    title: Backup figures
    hidden: true
    bullets: [Only if asked]
  - id: ward
    layout: image-text
    title: The new ward
    image: {path: ward/photo.png, alt: The new ward seen from the door}
    bullets: [Twelve beds, Opened in May]
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from PIL import Image

    folder = tmp_path_factory.mktemp("talk")
    (folder / "ward").mkdir()
    Image.new("RGB", (300, 200), (40, 160, 90)).save(folder / "ward" / "photo.png")
    (folder / "ward.yaml").write_text(TALK, encoding="utf-8")
    result = podium("build", folder / "ward.yaml", "--out", folder / "out")
    assert result.returncode == 0, result.stderr
    again = podium("build", folder / "ward.yaml", "--out", folder / "all", "--include-hidden", "--only", "handout")
    assert again.returncode == 0, again.stderr
    return folder


def test_a_chart_is_a_native_chart_with_the_sources_data_and_alt_text(built: Path) -> None:
    deck = Presentation(str(built / "out" / "ward-deck.pptx"))
    (frame,) = [s for s in deck.slides[1].shapes if s.has_chart]
    chart = frame.chart
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert list(chart.plots[0].categories) == ["2021", "2022", "2023"]
    assert [(s.name, list(s.values)) for s in chart.plots[0].series] == [
        ("Ward A", [10.0, 14.0, 9.0]),
        ("Ward B", [7.0, 12.5, 15.0]),
    ]
    assert frame._element.nvGraphicFramePr.cNvPr.get("descr") == "Ward B overtook Ward A in 2023"
    (pie,) = [s for s in deck.slides[2].shapes if s.has_chart]
    assert pie.chart.chart_type == XL_CHART_TYPE.PIE


def test_a_hidden_slide_stays_hidden_in_the_deck_and_out_of_the_pdfs(built: Path) -> None:
    deck = Presentation(str(built / "out" / "ward-deck.pptx"))
    assert [s.element.get("show") for s in deck.slides] == [None, None, None, "0", None]
    from pypdf import PdfReader

    slides = PdfReader(built / "out" / "ward-slides.pdf")
    assert len(slides.pages) == 4  # five slides, one hidden
    text = "".join(p.extract_text() for p in slides.pages)
    assert "Backup figures" not in text and "The new ward" in text
    handout = "".join(p.extract_text() for p in PdfReader(built / "all" / "ward-handout.pdf").pages)
    assert "Backup figures" in handout  # --include-hidden prints it


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_the_slides_pdf_draws_the_charts_labels_and_legend(built: Path) -> None:
    text = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "3", built / "out" / "ward-slides.pdf", "-"], capture_output=True, text=True
    ).stdout
    for label in ("2021", "2022", "2023", "Ward A", "Ward B", "Family doctors 75%", "Emergency 25%"):
        assert label in text, label


def test_a_picture_beside_text_shows_both_side_by_side(built: Path) -> None:
    slide = Presentation(str(built / "out" / "ward-deck.pptx")).slides[4]
    (picture,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    (body,) = [s for s in slide.placeholders if s.placeholder_format.idx not in (0, 10, 11, 12)]
    assert picture._element.nvPicPr.cNvPr.get("descr") == "The new ward seen from the door"
    assert [p.text for p in body.text_frame.paragraphs] == ["Twelve beds", "Opened in May"]
    assert picture.left + picture.width <= body.left  # the picture left of the text, not over it


def test_every_slide_that_does_not_fit_is_named_in_one_run(tmp_path: Path) -> None:
    long = "A title that goes on and on " * 12
    source = tmp_path / "long.yaml"
    source.write_text(
        "talk:\n  title: T\nslides:\n"
        f"  - id: one\n    title: {long}\n  - id: fine\n    title: Fine\n  - id: two\n    title: {long}\n",
        encoding="utf-8",
    )
    result = podium("build", source, "--only", "deck", "--out", tmp_path / "out")
    assert result.returncode == 2
    assert "slide 'one': the title does not fit" in result.stderr
    assert "slide 'two': the title does not fit" in result.stderr
    assert "2 slides do not fit" in result.stderr
    assert not (tmp_path / "out").exists()
