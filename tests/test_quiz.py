"""The quiz sheet and its answer key, read back from the PDFs."""

from __future__ import annotations

import os
import re
from pathlib import Path

from conftest import podium
from helpers import SEED, pdf_pages, squash

from render.build.pipeline import render
from render.quiz.forms import draw, sheet_context
from render.source.load import load, parse
from render.source.resolved import resolve


def seed_quiz() -> list[tuple[str, list[str]]]:
    """(stem, options) for each question, straight from the post."""
    text = SEED.read_text(encoding="utf-8")
    block = text[text.index("IPT Quiz:") + len("IPT Quiz:") : text.index("IPT Quiz Answer Key:")]
    questions = []
    for chunk in re.split(r"\n\s*(?=\d\.\s)", block.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        stem = re.sub(r"^\d\.\s+", "", lines[0])
        options = [re.sub(r"^[A-E]\.\s+", "", line) for line in lines[1:]]
        questions.append((stem, options))
    return questions


def test_the_seed_quiz_has_five_questions() -> None:
    assert [len(options) for _, options in seed_quiz()] == [4, 2, 4, 4, 2]


def test_the_sheet_holds_every_stem_and_option_in_order(built: Path) -> None:
    text = squash("".join(pdf_pages(built / "ipt-quiz.pdf")))
    position = 0
    for number, (stem, options) in enumerate(seed_quiz(), start=1):
        for expected in [f"{number}.{stem}", *(f"{'ABCDE'[i]}.{o}" for i, o in enumerate(options))]:
            found = text.find(squash(expected), position)
            assert found >= 0, f"quiz sheet lacks, or misorders: {expected}"
            position = found


def test_the_sheet_leaks_no_answer(built: Path) -> None:
    text = "".join(pdf_pages(built / "ipt-quiz.pdf")).lower()
    for leak in ("answer", "correct", "rationale", "slide 9", "1 c;"):
        assert leak not in text
    assert "name" in text and "date" in text


def test_the_sheet_template_gets_no_answer_data() -> None:
    source = load(Path("source/ipt.yaml"))
    assert source.quiz is not None
    context = sheet_context(source, source.quiz, draw(source, source.quiz, resolve(source)), "stamp")
    assert set(context) == {"talk_title", "quiz", "instructions", "questions", "grid", "stamp", "pictures", "part"}
    assert set(context["quiz"]) == {"title", "form", "code", "total_points", "large_print"}
    # Whatever the keys and rationales say, the sheet's context is the same: it cannot carry them.
    text = Path("source/ipt.yaml").read_text(encoding="utf-8")
    text = text.replace("answer: C", "answer: A").replace("answer: D", "answer: B")
    other = parse(re.sub(r"rationale: .*", "rationale: Something else entirely", text), "ipt.yaml")
    assert other.quiz is not None and other.quiz.questions != source.quiz.questions
    changed = sheet_context(other, other.quiz, draw(other, other.quiz, resolve(other)), "stamp")
    # Only the form code differs: a short hash of the keys, so a sheet scored with the wrong key is caught.
    assert changed["quiz"]["code"] != context["quiz"]["code"]  # type: ignore[index]
    for c in (changed, context):
        c["quiz"] = {k: v for k, v in c["quiz"].items() if k != "code"}  # type: ignore[attr-defined]
    assert changed == context


def test_the_sheet_is_the_same_whatever_the_answers(talk_copy: Path) -> None:
    # Other keys, rationales and teaching links must not change one byte of the sheet.
    out_a, out_b = talk_copy.parent / "a", talk_copy.parent / "b"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    assert podium("build", talk_copy, "--only", "quiz", "--out", out_a, env=env).returncode == 0
    text = talk_copy.read_text(encoding="utf-8")
    text = text.replace("answer: C", "answer: A").replace("answer: D", "answer: B")
    text = re.sub(r"rationale: .*", "rationale: Something else entirely", text)
    text = text.replace("slides: [problem-areas]", "slides: [title]")
    talk_copy.write_text(text, encoding="utf-8")
    # The version stamp names the source's hash; pin the file's bytes-based stamp by comparing the rest.
    assert podium("build", talk_copy, "--only", "quiz", "--out", out_b, env=env).returncode == 0
    # The form code hashes the keys on purpose (scoring depends on them); the rest must not move.
    strip = re.compile(r"source [0-9a-f]{8}|code [A-Z2-9]{4}")
    sheet_a = [strip.sub("", t) for t in pdf_pages(out_a / "ipt-quiz.pdf")]
    sheet_b = [strip.sub("", t) for t in pdf_pages(out_b / "ipt-quiz.pdf")]
    assert sheet_a == sheet_b
    assert pdf_pages(out_a / "ipt-answer-key.pdf")[0] != pdf_pages(out_b / "ipt-answer-key.pdf")[0]


def test_the_key_reads_c_b_d_b_a(built: Path) -> None:
    pages = pdf_pages(built / "ipt-answer-key.pdf")
    assert "1 C; 2 B; 3 D; 4 B; 5 A" in pages[0]
    for page in pages:
        assert "ANSWER KEY — not for distribution" in page
    text = "".join(pages)
    assert text.count("(correct)") == 5
    # The marked option is the seed's correct one, read from the PDF.
    assert squash("C. Interpersonal deficits (correct)") in squash(text)
    assert squash("B. Therapist and patient adopting specific roles") in squash(text)
    assert "Slide 9 — Problem Areas for Focus" in text


def test_changing_the_answer_changes_the_key(talk_copy: Path) -> None:
    text = talk_copy.read_text(encoding="utf-8")
    q1 = text.index("- id: q1")
    answer = text.index("answer: C", q1)
    talk_copy.write_text(text[:answer] + "answer: A" + text[answer + len("answer: C") :], encoding="utf-8")
    out = talk_copy.parent / "out"
    result = podium("build", talk_copy, "--only", "quiz", "--out", out)
    assert result.returncode == 0, result.stderr
    assert "1 A; 2 B; 3 D; 4 B; 5 A" in pdf_pages(out / "ipt-answer-key.pdf")[0]


def test_the_ipt_sheet_fits_one_page_with_its_stamp_in_the_footer(built: Path) -> None:
    pages = pdf_pages(built / "ipt-quiz.pdf")
    assert len(pages) == 1
    assert re.search(r"Version \d{4}-\d\d-\d\d · source [0-9a-f]{8}", pages[0])
    for page in pdf_pages(built / "ipt-answer-key.pdf"):
        assert re.search(r"Version \d{4}-\d\d-\d\d · source [0-9a-f]{8}", page)


def test_a_talk_without_a_quiz_writes_no_quiz(tmp_path: Path) -> None:
    source_file = tmp_path / "short.yaml"
    source_file.write_text("talk:\n  title: Short\nslides:\n  - id: one\n    title: One\n", encoding="utf-8")
    outputs = render(load(source_file), source_file, tmp_path, ("quiz",))
    assert outputs == {}
