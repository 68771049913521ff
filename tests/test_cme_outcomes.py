"""The outcomes report's figures against a hand computation from a small responses file."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import podium
from test_cme import CME_TALK

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")

QUIZ = """quiz:
  title: Pre/post-test
  forms: 2
  seed: 3
  questions:
    - {id: s1, type: true-false, stem: Screening at the first prenatal visit is recommended., answer: A,
       objectives: [screen]}
    - {id: s2, type: true-false, stem: A low EPDS score rules depression out for good., answer: B,
       objectives: [screen]}
    - {id: t1, type: true-false, stem: Psychotherapy is a first-line treatment for mild perinatal depression.,
       answer: A, objectives: [treat]}
"""
KEY = {"s1": "A", "s2": "B", "t1": "A"}
STEMS = {"Screening at the first": "s1", "A low EPDS score": "s2", "Psychotherapy is a first-line": "t1"}
# Who got what right (1) or wrong (0): form A is the pre-test, B the post-test; L1 and L2 took both.
MARKS = {
    ("L1", "A"): {"s1": 0, "s2": 0, "t1": 1},
    ("L2", "A"): {"s1": 1, "s2": 0, "t1": 0},
    ("L3", "A"): {"s1": 0, "s2": 0, "t1": 0},
    ("L1", "B"): {"s1": 1, "s2": 1, "t1": 1},
    ("L2", "B"): {"s1": 1, "s2": 0, "t1": 1},
    ("L4", "B"): {"s1": 1, "s2": 1, "t1": 0},
}


def text(pdf: Path) -> str:
    read = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return read.stdout


def printed_order(sheet: Path) -> list[str]:
    """The item ids in the order the sheet prints them (read back from the PDF, not from podium)."""
    found = re.findall(r"^\s*\d+\. (.+?)\s+\(1 point\)", text(sheet), re.M)
    return [next(i for start, i in STEMS.items() if stem.startswith(start)) for stem in found]


def test_the_outcomes_report_matches_a_hand_computation(tmp_path: Path) -> None:
    original = CME_TALK.read_text(encoding="utf-8")
    source = tmp_path / "talk.yaml"
    source.write_text(original[: original.index("quiz:")] + QUIZ, encoding="utf-8")
    built = podium("build", source, "--only", "quiz", "--out", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    order = {f: printed_order(tmp_path / "out" / f"talk-quiz-{f}.pdf") for f in "AB"}
    assert sorted(order["A"]) == sorted(KEY)
    # Each sheet's form code, as printed on it (podium score refuses responses without them).
    code = {
        f: re.search(rf"form {f} code (\w{{4}})", text(tmp_path / "out" / f"talk-quiz-{f}.pdf")).group(1) for f in "AB"
    }  # type: ignore[union-attr]
    rows = ["id,form,code,1,2,3"]
    for (learner, form), marks in MARKS.items():
        cells = [KEY[i] if marks[i] else ("B" if KEY[i] == "A" else "A") for i in order[form]]
        rows.append(",".join([learner, form, code[form], *cells]))
    responses = tmp_path / "responses.csv"
    responses.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = podium("score", source, responses, "--pre", "A", "--post", "B", "--report", "--out", tmp_path / "r")
    assert result.returncode == 0, result.stderr
    report = re.sub(r"[ \t]+", " ", text(tmp_path / "r" / "talk-outcomes.pdf"))
    # By hand: screening pre (L1 0,0; L2 1,0; L3 0,0) = 1/6, post (1,1; 1,0; 1,1) = 5/6; paired L1 0 -> 1,
    # L2 0.5 -> 0.5: mean +0.5. Treatment pre 1/3, post 2/3; paired L1 1 -> 1, L2 0 -> 1: +0.5.
    assert "Pre-test: form A, 3 learners. Post-test: form B, 3 learners. Took both: 2 learners." in report
    assert " 1. Screen pregnant and postpartum patients for depression 16.7% 83.3% +50.0 points" in report
    treat = "Choose a first-line treatment for mild to moderate perinatal depression"
    assert f" 2. {treat} 33.3% 66.7% +50.0 points" in report
    # Items: s1 1/3 -> 3/3, s2 0/3 -> 2/3, t1 1/3 -> 2/3.
    assert " 1 Screening at the first prenatal visit is recommended. 1 33.3% 100.0%" in report
    assert " 2 A low EPDS score rules depression out for good. 1 0.0% 66.7%" in report
    assert " 3 Psychotherapy is a first-line treatment for mild perinatal depression. 2 33.3% 66.7%" in report
    assert re.search(r"Pre\s+16\.7%\s+Post\s+83\.3%", report)  # the bar chart's labels


def test_report_needs_a_pre_and_a_post_form(tmp_path: Path) -> None:
    responses = tmp_path / "r.csv"
    responses.write_text("id,form,1,2\nL1,A,A,B\n", encoding="utf-8")
    result = podium("score", CME_TALK, responses, "--report")
    assert result.returncode == 2 and "--report needs --pre and --post" in result.stderr
