"""Question types, points, large print, bubbles and page breaks, read from the rendered PDFs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import IPT, podium
from helpers import FIXTURES, pdf_pages, squash
from test_quiz import seed_quiz

KINDS = FIXTURES / "quiz-kinds.yaml"


@pytest.fixture(scope="module")
def kinds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kinds")
    result = podium("build", KINDS, "--only", "quiz", "--bubbles", "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def test_the_sheet_shows_every_type_and_the_points(kinds: Path) -> None:
    text = squash("".join(pdf_pages(kinds / "quiz-kinds-quiz.pdf")))
    assert squash("3 questions, 6 points in all.") in text
    assert squash("1. Which is the first-line treatment for chronic insomnia in adults? (2 points)") in text
    assert squash("2. Which of these are stages of non-REM sleep? (1 point) Select all that apply.") in text
    assert squash("E. None of the above") in text
    assert squash("3. What is sleep latency? (3 points)") in text
    assert "lightsout" not in text  # the model answer is for the key only
    # The bubble grid: a row per question; the short-answer row says to write on the lines.
    assert squash("1 A B C D 2 A B C D E 3 write on the lines") in text


def test_the_key_marks_every_correct_option_and_the_model_answer(kinds: Path) -> None:
    text = squash("".join(pdf_pages(kinds / "quiz-kinds-answer-key.pdf")))
    assert squash("1 B; 2 A, B, D; 3 (written)") in text
    for option in ("B. Cognitive behavioural therapy for insomnia", "A. N1", "B. N2", "D. N3"):
        assert squash(f"{option} (correct)") in text
    assert squash("C. REM (correct)") not in text
    assert squash("Model answer: The time from lights out to falling asleep.") in text
    assert squash("Taught on: Slide 2 — Treating Insomnia") in text
    assert squash("Objective: Name the stages of sleep") in text


def test_large_print_sets_every_letter_at_16_points_or_more(tmp_path: Path) -> None:
    result = podium("build", IPT, "--only", "quiz", "--large-print", "--bubbles", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    for name in ("ipt-quiz.pdf", "ipt-answer-key.pdf"):
        every = pdf_pages(tmp_path / name)
        large = pdf_pages(tmp_path / name, min_size=15.9)
        assert [squash(p) for p in large] == [squash(p) for p in every], name
    # Still no question split across pages, in print this large.
    pages = [squash(p) for p in pdf_pages(tmp_path / "ipt-quiz.pdf")]
    assert len(pages) > 1
    for stem, options in seed_quiz():
        holders = [page for page in pages if squash(stem) in page]
        assert len(holders) == 1, stem
        after = holders[0][holders[0].index(squash(stem)) :]
        assert all(squash(o) in after for o in options), f"{stem!r} is split across pages"


def test_a_long_quiz_never_splits_a_question(tmp_path: Path) -> None:
    options = "[An option that takes up a line, Another option of some length, A third option, A fourth one]"
    questions = "".join(
        f"    - id: q{n}\n      stem: Which statement about case {n} is the one best choice here?\n"
        f"      options: {options}\n      answer: A\n"
        for n in range(1, 25)
    )
    source = tmp_path / "long.yaml"
    source.write_text(
        "talk:\n  title: Long\nslides:\n  - id: one\n    title: One\n"
        f"quiz:\n  title: Long Quiz\n  questions:\n{questions}",
        encoding="utf-8",
    )
    assert podium("build", source, "--only", "quiz", "--out", tmp_path).returncode == 0
    pages = [squash(p) for p in pdf_pages(tmp_path / "long-quiz.pdf")]
    assert len(pages) > 2
    for n in range(1, 25):
        stem = squash(f"{n}. Which statement about case {n} is the one best choice here?")
        holders = [i for i, page in enumerate(pages) if stem in page]
        assert len(holders) == 1, f"question {n}"
        page = pages[holders[0]]
        after = page[page.index(stem) :]
        assert squash("D. A fourth one") in after, f"question {n}'s options run onto the next page"


def test_two_builds_of_forms_are_byte_identical(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    for name in ("a", "b"):  # each in its own process: nothing one build kept can stand in for the other's work
        built = podium(
            "build", KINDS, "--only", "quiz", "--forms", "2", "--out", tmp_path / name, env=env, process=True
        )
        assert built.returncode == 0, built.stderr
    first = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    assert first == {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()}
    assert "Version 2023-11-14" in pdf_pages(tmp_path / "a" / "quiz-kinds-quiz-A.pdf")[0]


def test_the_readmes_quiz_example_is_valid() -> None:
    from render.source.load import parse

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("## Quizzes") :]
    example = block[block.index("```\nquiz:") + 4 : block.index("```", block.index("```\nquiz:") + 4)]
    talk = "talk:\n  title: T\nslides:\n  - id: one\n    title: One\n"
    quiz = parse(talk + example, "README.md").quiz
    assert quiz is not None
    assert [q.type for q in quiz.questions] == ["single", "select-all", "short-answer"]
    assert quiz.questions[1].pinned == (False, False, False, False, True)
