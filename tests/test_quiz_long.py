"""Long quizzes as a bank gives them: the grid on page one, a compact key, plain vignettes, a warning
for a question no page can hold. The PDFs are read back with pdftotext (poppler), not with podium."""

from __future__ import annotations

import re
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
