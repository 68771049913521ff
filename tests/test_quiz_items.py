"""Items as real banks write them: pictures, up to ten options, True/False and option-text answers, tags.

The source is written here, the picture made with Pillow; the outputs are read back with pypdf
(text and image objects) and python-pptx, which know nothing of podium's plans.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import podium
from helpers import pdf_pages
from PIL import Image
from pptx import Presentation

from render.source.model import Question

SOURCE = """\
talk:
  title: Cardiology Items
slides:
  - id: intro
    title: Cardiology
quiz:
  title: Cardiology Quiz
  bubbles: true
  questions:
    - id: ecg
      stem: A 60-year-old man has chest pain. Which diagnosis does the ECG show?
      image: {path: ecg.png, alt: "Twelve-lead ECG with ST elevation in II, III and aVF"}
      options: [Inferior STEMI, Pericarditis, Anterior STEMI, Normal ECG]
      answer: Inferior STEMI
      topic: cardiology
      tags: [ecg, acute-coronary]
    - id: emq
      stem: Which drug is a loop diuretic?
      options: [Atenolol, Furosemide, Digoxin, Amiodarone, Verapamil, Lisinopril, Spironolactone, Warfarin,
                Heparin, Nitroglycerin]
      answer: furosemide
    - id: tf
      type: true-false
      stem: Aspirin ~5-~10 mg a day is the usual dose for secondary prevention.
      answer: False
    - id: tf2
      type: true-false
      stem: Atrial fibrillation raises the risk of stroke.
      answer: True
"""


@pytest.fixture(scope="module")
def talk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cardio")
    Image.new("RGB", (400, 200), (200, 40, 40)).save(folder / "ecg.png")
    source = folder / "cardio.yaml"
    source.write_text(SOURCE, encoding="utf-8")
    result = podium("build", source, "--with-quiz", "--only", "deck", "--only", "quiz", "--out", folder / "out")
    assert result.returncode == 0, result.stderr
    return folder / "out"


def _images(pdf: Path) -> int:
    """Images drawn on the pages, as poppler's pdfimages lists them (one row each)."""
    if not shutil.which("pdfimages"):
        pytest.skip("pdfimages (poppler-utils) is not installed")
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return len(listing.splitlines()) - 2


def test_the_picture_is_on_sheet_key_and_deck(talk: Path) -> None:
    assert _images(talk / "cardio-quiz.pdf") == 1
    assert _images(talk / "cardio-answer-key.pdf") == 1
    deck = Presentation(str(talk / "cardio-deck.pptx"))
    pictures = [
        (slide_no, shape._element.nvPicPr.cNvPr.get("descr"))
        for slide_no, slide in enumerate(deck.slides, start=1)
        for shape in slide.shapes
        if shape.shape_type == 13  # MSO_SHAPE_TYPE.PICTURE
    ]
    # Slides 2 and 3 are question 1 and its reveal.
    alt = "Twelve-lead ECG with ST elevation in II, III and aVF"
    assert pictures == [(2, alt), (3, alt)]


def test_ten_options_true_false_words_and_option_text_answers(talk: Path) -> None:
    key = "".join(pdf_pages(talk / "cardio-answer-key.pdf"))
    # Inferior STEMI is option A; furosemide B; False is B; True is A.
    assert "1 A; 2 B; 3 B; 4 A" in key
    sheet = "".join(pdf_pages(talk / "cardio-quiz.pdf"))
    assert "J. Nitroglycerin" in sheet.replace("J.Nitroglycerin", "J. Nitroglycerin")
    # The bubble row of question 2 offers A to J.
    assert re.search(r"2\s*A\s*B\s*C\s*D\s*E\s*F\s*G\s*H\s*I\s*J", sheet)
    # `~` after a space is the "about" sign, printed as typed.
    assert "~5-~10 mg" in sheet


@pytest.mark.parametrize(
    ("answer", "options", "letters"),
    [
        ("c", ["x", "y", "z"], ["C"]),
        ("A, C", ["x", "y", "z"], ["A", "C"]),
        ("  Pericarditis ", ["STEMI", "pericarditis"], ["B"]),
        (True, ["True", "False"], ["A"]),
        (["xa", "ZC"], ["xa", "y", "zc"], ["A", "C"]),
        # A one-letter answer is a letter even when an option's text is that letter.
        ("B", ["A", "B"], ["B"]),
    ],
)
def test_answers_become_letters(answer: object, options: list[str], letters: list[str]) -> None:
    q = Question.model_validate(
        {"id": "q", "type": "select-all", "stem": "Which?", "options": options, "answer": answer}
    )
    assert q.answer == letters


def test_options_naming_letters_keep_their_places() -> None:
    q = Question.model_validate(
        {"id": "q", "stem": "Which?", "options": ["x", "y", "z", "Both A and B", "None of these"], "answer": "D"}
    )
    assert q.pinned == (True, True, False, True, True)
    q = Question.model_validate({"id": "q", "stem": "Which?", "options": ["x", "y", "Neither a nor b"], "answer": "C"})
    assert q.pinned == (True, True, True)
    plain = Question.model_validate({"id": "q", "stem": "Which?", "options": ["Vitamin A and B", "y"], "answer": "A"})
    assert plain.pinned == (False, False)
