"""Long quizzes as a bank gives them: the grid on page one, a compact key, plain vignettes, a warning
for a question no page can hold. The PDFs are read back with pdftotext (poppler), not with podium."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import podium
from helpers import pdf_pages

from render.quiz.forms import draw
from render.source.load import parse_located
from render.source.resolved import resolve


def bank(n: int, extra: str = "") -> str:
    lines = ["talk:", "  title: Bank", "slides:", "  - id: s0", "    title: Bank", "quiz:", "  title: Long Quiz"]
    lines += [f"  {extra}"] if extra else []
    lines += ["  questions:"]
    for q in range(n):
        lines += [
            f"    - id: q{q}",
            f"      stem: A patient {q} has a cough for {q + 2} weeks. The chest is clear. Which test comes first?",
            f"      options: [Radiograph {q}, Sputum culture {q}, CT chest {q}, Spirometry {q}, Bronchoscopy {q}]",
            f"      answer: {'ABCDE'[(q * 3) % 5]}",
        ]
    return "\n".join(lines) + "\n"


@pytest.mark.slow
def test_sixty_items_grid_on_page_one_and_a_key_table(tmp_path: Path) -> None:
    source = tmp_path / "long.yaml"
    source.write_text(bank(60, "bubbles: true"), encoding="utf-8")
    result = podium("build", source, "--only", "quiz", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    first = pdf_pages(tmp_path / "out" / "long-quiz.pdf")[0]
    assert "Response grid" in first
    assert re.search(r"^\s*1\s+A\s+B\s+C\s+D\s+E\b", first, re.M)
    # Page one holds a good part of the grid, not only the header.
    assert len(re.findall(r"\b\d+\s+A\s+B\s+C\s+D\s+E\b", first)) >= 30
    key = pdf_pages(tmp_path / "out" / "long-answer-key.pdf")[0]
    # Keys written by hand from bank(): question q (from 0) is keyed ABCDE[3q mod 5].
    expected = [f"{q + 1} {'ABCDE'[(q * 3) % 5]}" for q in range(60)]
    found = re.findall(r"\b(\d+) ([A-E])\b", key[: key.index("60 questions")])
    assert [f"{n} {letter}" for n, letter in found] == expected


def test_the_vignette_is_apart_from_the_question_sentence(tmp_path: Path) -> None:
    source = tmp_path / "long.yaml"
    source.write_text(bank(2), encoding="utf-8")
    located = parse_located(source.read_text(encoding="utf-8"), str(source))
    assert located.source.quiz is not None
    first = draw(located.source, located.source.quiz, resolve(located.source)).sheet[0]
    assert "".join(r.text for r in first.vignette) == "A patient 0 has a cough for 2 weeks. The chest is clear. "
    assert "".join(r.text for r in first.lead) == "Which test comes first?"


def test_a_question_taller_than_a_page_is_warned_about(tmp_path: Path) -> None:
    source = tmp_path / "tall.yaml"
    text = bank(3).replace("The chest is clear.", "The chest is clear. " + "He coughs at night. " * 400, 1)
    source.write_text(text, encoding="utf-8")
    result = podium("check", source)
    assert result.returncode == 0
    tall = [line for line in result.stderr.splitlines() if "taller than a page" in line]
    assert len(tall) == 1 and ": warning: q0: the question is taller than a page (about " in tall[0]
    assert tall[0].startswith(f"{source}:9:")  # the line where q0 starts


def _long_quiz(folder: Path, extra: str, name: str) -> tuple[Path, list[str]]:
    """A 135-question bank built into `folder`: the PDF called `name`, and its pages' text as pdftotext reads them."""
    source = folder / "long.yaml"
    source.write_text(bank(135, extra), encoding="utf-8")
    result = podium("build", source, "--only", "quiz", "--out", folder / "out")
    assert result.returncode == 0, result.stderr
    pdf = folder / "out" / name
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return pdf, pages.stdout.split("\f")[:-1]


@pytest.mark.slow
def test_a_long_key_laid_out_in_parts_keeps_every_question_and_numbers_every_page(tmp_path: Path) -> None:
    # 135 questions: three parts of the key (render/pdf/quiz_parts.py), their margins drawn over the joined pages.
    _, texts = _long_quiz(tmp_path, "forms: 2", "long-answer-key-A.pdf")
    total = len(texts)
    code = re.search(r"form A code (\w{4})", texts[0]).group(1)  # type: ignore[union-attr]
    for number, text in enumerate(texts, start=1):  # every page's margins, as the whole key drew them
        assert f"page {number} of {total}" in text, number
        assert "ANSWER KEY — not for distribution" in text and "Form A" in text, number
        assert f"form A code {code}" in text, number
    # Each source question once, with its correct option marked: bank() keys question q with
    # option (3q mod 5) of [Radiograph q, Sputum culture q, CT chest q, Spirometry q, Bronchoscopy q].
    names = ["Radiograph", "Sputum culture", "CT chest", "Spirometry", "Bronchoscopy"]
    whole = "\n".join(texts)
    asked = [int(q) for q in re.findall(r"^\s*\d+\.\s+A patient (\d+) has a cough", whole, re.M)]
    marked = re.findall(rf"({'|'.join(names)}) (\d+) \(correct\)", whole)
    assert sorted(asked) == list(range(135))
    assert [int(q) for _, q in marked] == asked
    assert all(name == names[(int(q) * 3) % 5] for name, q in marked)
    # The compact key table on page one: the form's numbers 1 to 135, each with a letter.
    table = re.findall(
        r"\b(\d+) ?([A-E])\b", texts[0][texts[0].index("then its answer") : texts[0].index("135 questions")]
    )
    assert [int(n) for n, _ in table] == list(range(1, 136))


@pytest.mark.slow
def test_a_long_sheet_laid_out_in_parts_keeps_its_fields_grid_and_page_margins(tmp_path: Path) -> None:
    from pypdf import PdfReader

    sheet, texts = _long_quiz(tmp_path, "bubbles: true", "long-quiz.pdf")
    for number, text in enumerate(texts, start=1):  # the title, the stamp and the number on every page
        assert f"page {number} of {len(texts)}" in text and "Long Quiz" in text and "Version " in text, number
    whole = "\n".join(texts)
    asked = [int(q) for q in re.findall(r"^\s*\d+\.\s+A patient (\d+) has a cough", whole, re.M)]
    assert sorted(asked) == list(range(135))  # every question once, in the first part or a later one
    assert "Response grid" in texts[0] and "(correct)" not in whole
    assert sorted(PdfReader(str(sheet)).get_fields() or {}) == ["date", "id", "name"]  # Name, Date, ID: still fields
