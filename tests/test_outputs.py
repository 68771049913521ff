"""Output names have one owner (render/build/outputs.py): hand-written expectations for every kind."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import IPT, ROOT

from render.build import outputs


def test_a_talk_without_a_quiz_has_a_deck_a_handout_and_slides() -> None:
    assert outputs.planned("sleep", outputs.GROUPS, None) == [
        "sleep-deck.pptx",
        "sleep-handout.pdf",
        "sleep-slides.pdf",
    ]


def test_forms_name_one_sheet_and_one_key_each() -> None:
    assert outputs.planned("ipt", ("quiz",), 1) == ["ipt-quiz.pdf", "ipt-answer-key.pdf"]
    assert outputs.planned("ipt", ("quiz",), 3) == [
        "ipt-quiz-A.pdf",
        "ipt-quiz-B.pdf",
        "ipt-quiz-C.pdf",
        "ipt-answer-key-A.pdf",
        "ipt-answer-key-B.pdf",
        "ipt-answer-key-C.pdf",
    ]
    assert outputs.EXPORTS["gift"].file("ipt") == "ipt-quiz-gift.txt"
    assert outputs.EXPORTS["moodle-xml"].file("ipt") == "ipt-quiz-moodle.xml"


def test_the_summary_orders_by_kind_whatever_the_talk_is_called() -> None:
    names = ["ipt-handout-2024-answer-key.pdf", "ipt-handout-2024-deck.pptx", "ipt-handout-2024-quiz-B.pdf"]
    names += ["ipt-handout-2024-slides.pdf", "ipt-handout-2024-quiz-A.pdf", "ipt-handout-2024-handout.pdf"]
    ordered = sorted((Path(n) for n in names), key=outputs.rank)
    assert [p.name.removeprefix("ipt-handout-2024-") for p in ordered] == [
        "deck.pptx",
        "handout.pdf",
        "slides.pdf",
        "quiz-A.pdf",
        "quiz-B.pdf",
        "answer-key.pdf",
    ]


def test_the_makefile_builds_what_the_registry_names(tmp_path: Path) -> None:
    # make's own dry run, read back: the Makefile names no output itself.
    result = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", f"OUT={tmp_path}", "TALK=ipt", "all"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"podium build {IPT.relative_to(ROOT)} --only deck --out {tmp_path}" in result.stdout
    assert "--only handout" in result.stdout and "--only quiz" in result.stdout
    rules = (tmp_path / ".podium-names-ipt.mk").read_text(encoding="utf-8")
    assert f"OUT_quiz_ipt := {tmp_path}/ipt-quiz.pdf {tmp_path}/ipt-answer-key.pdf" in rules
