"""Layouts beyond bullets, footers, alt text and quiz slides, read back with python-pptx."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import IPT, podium
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.presentation import Presentation as Deck

STRESS = Path(__file__).parent / "fixtures" / "stress"
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"


@pytest.fixture(scope="module")
def stress(tmp_path_factory: pytest.TempPathFactory) -> Deck:
    out = tmp_path_factory.mktemp("stress")
    result = podium("build", STRESS / "stress.yaml", "--only", "deck", "--out", out)
    assert result.returncode == 0, result.stderr
    return Presentation(str(out / "stress-deck.pptx"))


def slide_titled(deck: Deck, title: str):
    return next(s for s in deck.slides if s.shapes.title.text_frame.text == title)


def test_picture_carries_alt_text_and_never_its_file_name(stress: Deck) -> None:
    slide = slide_titled(stress, "A Picture")
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    descr = pictures[0]._element.nvPicPr.cNvPr.get("descr")
    assert descr == "A bar chart of made-up numbers rising from left to right"
    assert "chart.png" not in pictures[0]._element.nvPicPr.cNvPr.get("name")
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    assert "Chart: made for the tests" in texts  # the credit line


def test_a_decorative_picture_is_marked_so(tmp_path: Path) -> None:
    shutil.copy(STRESS / "chart.png", tmp_path / "chart.png")
    source = tmp_path / "deco.yaml"
    source.write_text(
        "talk:\n  title: Deco\nslides:\n  - id: pic\n    layout: image\n    title: Ornament\n"
        "    image:\n      path: chart.png\n      decorative: true\n",
        encoding="utf-8",
    )
    assert podium("build", source, "--only", "deck", "--out", tmp_path).returncode == 0
    slide = Presentation(str(tmp_path / "deco-deck.pptx")).slides[0]
    picture = next(s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
    c_nv_pr = picture._element.nvPicPr.cNvPr
    assert c_nv_pr.get("descr") == ""
    assert c_nv_pr.find(f".//{DECORATIVE}").get("val") == "1"


def test_table_two_content_and_comparison(stress: Deck) -> None:
    table_slide = slide_titled(stress, "A Table")
    table = next(s for s in table_slide.shapes if s.has_table).table
    assert [c.text for c in table.rows[0].cells] == ["Measure", "Before", "After"]
    assert [c.text for c in table.rows[1].cells] == ["Depression score", "24", "12"]
    two = slide_titled(stress, "Two Columns")
    columns = [p.text_frame.text for p in two.placeholders if p.placeholder_format.idx in (1, 2)]
    assert columns == ["Left one\nLeft two\nLeft three", "Right one\nRight two"]
    comparison = slide_titled(stress, "Comparison of Approaches")
    texts = {p.placeholder_format.idx: p.text_frame.text for p in comparison.placeholders}
    assert texts[1] == "Psychotherapy" and texts[3] == "Medication"
    assert texts[2] == "Talking\nWeekly sessions"


def test_footer_date_and_slide_number_on_every_slide_but_the_title(stress: Deck) -> None:
    for number, slide in enumerate(stress.slides, start=1):
        footers = {p.placeholder_format.type: p for p in slide.placeholders}
        kinds = {str(k).split(".")[-1].split(" ")[0] for k in footers}
        if number == 1:
            assert not kinds & {"DATE", "FOOTER", "SLIDE_NUMBER"}
            continue
        assert {"DATE", "FOOTER", "SLIDE_NUMBER"} <= kinds, f"slide {number}: {kinds}"
        by_kind = {str(k).split(".")[-1].split(" ")[0]: p for k, p in footers.items()}
        assert by_kind["DATE"].text_frame.text == "January 1, 2030"
        assert by_kind["FOOTER"].text_frame.text == "Stress Rounds"
        field = by_kind["SLIDE_NUMBER"]._element.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}fld")
        assert field is not None and field.get("type") == "slidenum"  # a field, not typed digits


def test_document_properties(stress: Deck) -> None:
    props = stress.core_properties
    assert props.title.startswith("A Deliberately Long Talk Title")
    assert props.author == "Test Presenter"
    assert props.language == "en-US"


def test_quiz_slides_come_after_the_talk(tmp_path: Path) -> None:
    result = podium("build", IPT, "--only", "deck", "--with-quiz", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    deck = Presentation(str(tmp_path / "ipt-deck.pptx"))
    titles = [s.shapes.title.text_frame.text for s in deck.slides]
    assert len(titles) == 24  # 14 of the talk (its quotation and its references' second slide), 10 of the quiz
    assert titles[13] == "References and Resources (cont.)"  # slide numbers of the talk do not move
    assert titles[14:16] == ["Question 1", "Question 1: answer"]
    question = deck.slides[14].placeholders[1].text_frame.paragraphs
    assert question[0].text == "Problem areas for focus in IPT include all but which one of the following:"
    assert [p.text for p in question[1:]] == [
        "A. Role transitions",
        "B. Grief and loss",
        "C. Interpersonal deficits",
        "D. Interpersonal disputes",
    ]
    assert not any(r.font.bold for p in question for r in p.runs)  # the question slide gives nothing away
    reveal = deck.slides[15].placeholders[1].text_frame.paragraphs
    marked = [p.text for p in reveal if all(r.font.bold for r in p.runs)]
    assert marked == ["C. Interpersonal deficits"]
    notes = deck.slides[15].notes_slide.notes_text_frame.text
    assert "Interpersonal sensitivity/deficit is no longer considered a problem area" in notes


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("missing.png", "there is no file 'missing.png'"),
        ("../outside.png", "leads out of the talk's folder"),
        ("https://example.org/x.png", "is an address, not a file"),
        ("/etc/passwd", "is an absolute path"),
        ("notes.png", "is not an image that can be read"),
    ],
)
def test_image_paths_and_files_are_checked(tmp_path: Path, written: str, expected: str) -> None:
    talk = tmp_path / "talk"
    talk.mkdir()
    (talk / "notes.png").write_text("this is text, not a picture", encoding="utf-8")
    shutil.copy(STRESS / "chart.png", tmp_path / "outside.png")
    source = talk / "img.yaml"
    source.write_text(
        "talk:\n  title: Images\nslides:\n  - id: pic\n    layout: image\n    title: Picture\n"
        f"    image:\n      path: {written}\n      alt: Something\n",
        encoding="utf-8",
    )
    result = podium("build", source, "--out", tmp_path / "out")
    assert result.returncode == 2
    assert f"{source}:8:7: slides[0].image.path: " in result.stderr
    assert expected in result.stderr
    assert not (tmp_path / "out").exists()
