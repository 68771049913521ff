"""The inline Markdown set looks the same in the deck, the handout and the quiz, read as their readers read them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import podium
from pptx import Presentation
from pptx.oxml.ns import qn

TALK = """\
talk:
  title: Fluids
slides:
  - id: water
    title: Water Balance
    bullets:
      - "Give **500** mL of H~2~O per m^2^ with `NaCl_0.9`  \\nthen reassess"
    notes: |
      See [the guideline](https://example.org/fluids) for *children*.
quiz:
  title: Fluids Quiz
  questions:
    - id: q1
      stem: "How much H~2~O per m^2^?  \\nChoose one."
      options: ["**500** mL", "`NaCl_0.9`"]
      answer: A
"""


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("md")
    (folder / "fluids.yaml").write_text(TALK, encoding="utf-8")
    result = podium("build", folder / "fluids.yaml", "--out", folder)
    assert result.returncode == 0, result.stderr
    return folder


def test_the_deck_draws_every_style(outputs: Path) -> None:
    slide = Presentation(str(outputs / "fluids-deck.pptx")).slides[0]
    body = next(s for s in slide.placeholders if s.placeholder_format.idx == 1)
    p = body.text_frame.paragraphs[0]._p
    runs = [(r.findtext(qn("a:t")), r.find(qn("a:rPr"))) for r in p.iter(qn("a:r"))]
    styles = {text: props for text, props in runs}
    assert "".join(t for t, _ in runs) == "Give 500 mL of H2O per m2 with NaCl_0.9then reassess"
    assert styles["500"].get("b") == "1"
    assert [props.get("baseline") for text, props in runs if text == "2"] == ["-25000", "30000"]
    assert styles["NaCl_0.9"].find(qn("a:latin")).get("typeface") == "Consolas"
    assert len(p.findall(qn("a:br"))) == 1  # the hard line break stays inside the bullet
    notes = slide.notes_slide.notes_text_frame.paragraphs[0]
    link = next(r for r in notes.runs if r.text == "the guideline")
    assert link.hyperlink.address == "https://example.org/fluids"
    assert next(r for r in notes.runs if r.text == "children").font.italic


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize(("name", "expected"), [("handout", "then reassess"), ("quiz", "Choose one. (1 point)")])
def test_the_pdfs_break_the_line_where_the_author_did(outputs: Path, name: str, expected: str) -> None:
    text = subprocess.run(
        ["pdftotext", "-layout", outputs / f"fluids-{name}.pdf", "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.strip() for line in text.splitlines()]
    assert expected in lines  # on a line of its own
    assert "NaCl_0.9" in text and "**" not in text and "`" not in text and "~" not in text and "^" not in text


def test_the_pdfs_use_a_monospace_face_for_code(outputs: Path) -> None:
    from pypdf import PdfReader

    for name in ("handout", "quiz"):
        fonts = set()
        for page in PdfReader(str(outputs / f"fluids-{name}.pdf")).pages:
            for font in page["/Resources"]["/Font"].values():
                fonts.add(str(font.get_object()["/BaseFont"]))
        assert any("Mono" in f for f in fonts), fonts
