"""Scoring on small CSVs whose figures were worked out by hand (see the comments)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import IPT, podium
from helpers import pdf_pages

# Key C B D B A. Totals 5, 3, 3, 2 (mean 3.25; sum of squared deviations 4.75).
RESPONSES = """id,form,1,2,3,4,5
L1,,C,B,D,B,A
L2,,C,A,D,A,A
L3,,A,B,D,B,B
L4,,B,A,C,B,A
"""


def run_score(tmp_path: Path, csv: str, *extra: str) -> tuple[int, str, str]:
    path = tmp_path / "responses.csv"
    path.write_text(csv, encoding="utf-8")
    result = podium("score", IPT, path, *extra)
    return result.returncode, result.stdout, result.stderr


def test_scores_difficulty_discrimination_and_pick_rates(tmp_path: Path) -> None:
    code, out, err = run_score(tmp_path, RESPONSES)
    assert code == 0, err
    for learner, points, percent in (("L1", 5, 100.0), ("L2", 3, 60.0), ("L3", 3, 60.0), ("L4", 2, 40.0)):
        assert re.search(rf"^{learner}\s+-\s+{points} of 5\s+{percent:.1f}%$", out, re.M), learner
    assert "4 learners; mean 65.0%" in out
    # Difficulty = proportion correct; discrimination = Pearson r of item (0/1) with total:
    # q1 [1,1,0,0]: cov 1.5 / sqrt(1 * 4.75) = 0.69; q2 [1,0,1,0]: 0.69;
    # q3 [1,1,1,0]: 1.25 / sqrt(0.75 * 4.75) = 0.66; q4 [1,0,1,1] and q5 [1,1,0,1]: 0.25 / 1.8875 = 0.13.
    for number, item, difficulty, discrimination in (
        (1, "q1", "0.50", "+0.69"),
        (2, "q2", "0.50", "+0.69"),
        (3, "q3", "0.75", "+0.66"),
        (4, "q4", "0.75", "+0.13"),
        (5, "q5", "0.75", "+0.13"),
    ):
        assert re.search(rf"^{number}\s+{item}\s+{difficulty}\s+{re.escape(discrimination)}\s", out, re.M), item
    # q1: A by L3, B by L4, C (the key) by L1 and L2, D by nobody.
    q1 = out[out.index("1 q1\n") :]
    assert re.search(r"^\s+A\s+25\.0%\s+\S+\s+Role transitions$", q1, re.M)
    assert re.search(r"^\s+B\s+25\.0%\s+\S+\s+Grief and loss$", q1, re.M)
    assert re.search(r"^\s+\*C\s+50\.0%\s+\S+\s+Interpersonal deficits$", q1, re.M)
    assert re.search(r"^\s+D\s+0\.0%\s+—\s+Interpersonal disputes$", q1, re.M)


def test_reliability_corrected_item_total_distractors_and_flags(tmp_path: Path) -> None:
    code, out, err = run_score(tmp_path, RESPONSES)
    assert code == 0, err
    # Item scores (rows L1..L4): q1 1100, q2 1010, q3 1110, q4 1011, q5 1101; totals 5, 3, 3, 2.
    # KR-20 = 5/4 * (1 - sum pq / var) = 1.25 * (1 - 1.0625 / 1.1875) = 0.13 (population variance 4.75 / 4).
    assert "Reliability (all learners, 4 learners, 5 items): KR-20 0.13" in out
    # Corrected q1: [1,1,0,0] against the rest [4,2,3,2]: 0.5 / sqrt(1 * 2.75) = +0.30.
    # Corrected q4: [1,0,1,1] against [4,3,2,1]: -0.5 / sqrt(0.75 * 5) = -0.26, so it is flagged.
    assert re.search(r"^1\s+q1\s+0\.50\s+\+0\.69\s+\+0\.30$", out, re.M)
    assert re.search(r"^4\s+q4\s+0\.75\s+\+0\.13\s+-0\.26\s+negative discrimination$", out, re.M)
    # q1's distractor B, marked by L4 alone ([0,0,0,1] against [4,2,3,2]): -0.75 / sqrt(0.75 * 2.75) = -0.52.
    q1 = out[out.index("1 q1\n") :]
    assert re.search(r"^\s+B\s+25\.0%\s+-0\.52\s+Grief and loss$", q1, re.M)


def test_the_results_csv_holds_every_item_and_no_formula(tmp_path: Path) -> None:
    import csv

    hostile = RESPONSES.replace("L3,", '=HYPERLINK("http://x"),').replace("L4,", "@SUM(A1),")
    target = tmp_path / "results.csv"
    code, _, err = run_score(tmp_path, hostile, "--results", str(target))
    assert code == 0, err
    rows = list(csv.reader(target.read_text(encoding="utf-8").splitlines()))
    assert rows[0] == ["learner", "form", "points", "total", "percent", "q1", "q2", "q3", "q4", "q5"]
    assert rows[1] == ["L1", "", "5", "5", "100.0", "1", "1", "1", "1", "1"]
    assert rows[3] == ['\'=HYPERLINK("http://x")', "", "3", "5", "60.0", "0", "1", "1", "1", "0"]
    assert rows[4][0] == "'@SUM(A1)"
    assert not any(cell and cell[0] in "=+-@" for row in rows for cell in row)


def key_of(pdf: Path) -> list[tuple[str, str, int]]:
    """(item id, keyed letter, number of options) per printed question, read from a key PDF."""
    text = "".join(pdf_pages(pdf))
    letters = re.findall(r"\d+ ([A-E])", re.search(r"^1 [A-E].*$", text, re.M).group(0))  # type: ignore[union-attr]
    items = re.findall(r"Item: (q\d)", text)
    sizes = {"q1": 4, "q2": 2, "q3": 4, "q4": 4, "q5": 2}
    return [(item, letter, sizes[item]) for item, letter in zip(items, letters, strict=True)]


@pytest.fixture(scope="module")
def two_forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The codes printed on forms A and B of the IPT quiz (seed 1), read from the built sheets."""
    out = tmp_path_factory.mktemp("forms")
    assert podium("build", IPT, "--only", "quiz", "--forms", "2", "--out", out).returncode == 0
    return {letter: code_of(out / f"ipt-quiz-{letter}.pdf") for letter in "AB"}


def code_of(pdf: Path) -> str:
    """The form code as printed in the footer of every page (read back from the PDF's text)."""
    pages = pdf_pages(pdf)
    codes = {m for page in pages for m in re.findall(r"code ([A-Z2-9]{4})\b", page)}
    assert len(codes) == 1 and all(re.search(r"code [A-Z2-9]{4}", page) for page in pages), codes
    return codes.pop()


def row(learner: str, form: str, key: list[tuple[str, str, int]], right: set[str]) -> str:
    cells = [k if item in right else ("A" if k != "A" else "B") for item, k, _ in key]
    return ",".join([learner, form, *cells])


def test_pre_and_post_forms_give_the_change_per_objective(tmp_path: Path) -> None:
    assert podium("build", IPT, "--only", "quiz", "--forms", "2", "--out", tmp_path).returncode == 0
    a, b = key_of(tmp_path / "ipt-answer-key-A.pdf"), key_of(tmp_path / "ipt-answer-key-B.pdf")
    csv = "\n".join(
        [
            "id,form,1,2,3,4,5",
            row("P1", "A", a, set()),
            row("P2", "A", a, {"q2", "q3"}),
            row("Q1", "B", b, {"q1", "q2", "q3", "q4", "q5"}),
            row("Q2", "B", b, {"q2", "q3", "q4", "q5"}),
        ]
    )
    codes = f"A={code_of(tmp_path / 'ipt-quiz-A.pdf')},B={code_of(tmp_path / 'ipt-answer-key-B.pdf')}"
    code, out, err = run_score(tmp_path, csv, "--forms", "2", "--pre", "A", "--post", "B", "--code", codes)
    assert code == 0, err
    # practice = q1, q4: pre 0 of 4, post 3 of 4; define = q2, q3: pre 2 of 4, post 4 of 4; evidence = q5: 0 -> 2 of 2.
    assert re.search(r"0\.0% ->\s+75\.0%\s+\(\+75\.0 points\)\s+Outline the problem areas", out)
    assert re.search(r"50\.0% ->\s+100\.0%\s+\(\+50\.0 points\)\s+Define IPT", out)
    assert re.search(r"0\.0% ->\s+100\.0%\s+\(\+100\.0 points\)\s+Summarize the origins", out)
    assert "Explain the premises" not in out  # no item tests that objective
    # Each form's items on their own: form A's two learners got q2 and q3 once (P2) and q1, q4, q5 never.
    form_a = out[out.index("Reliability (form A only") :]
    assert "form A only, 2 learners, 5 items" in form_a
    assert re.search(r"^1\s+q1\s+0\.00\s+—\s+—\s+hard$", form_a, re.M)
    # No learner id is on both forms here.
    assert "no learner id appears on both forms" in out


def test_paired_gain_matches_learners_across_forms(tmp_path: Path, two_forms: dict[str, str]) -> None:
    assert podium("build", IPT, "--only", "quiz", "--forms", "2", "--out", tmp_path).returncode == 0
    a, b = key_of(tmp_path / "ipt-answer-key-A.pdf"), key_of(tmp_path / "ipt-answer-key-B.pdf")
    csv = "\n".join(
        [
            "id,form,1,2,3,4,5",
            row("P1", "A", a, {"q1"}),  # 20 %
            row("P2", "A", a, {"q2", "q3"}),  # 40 %
            row("P1", "B", b, {"q1", "q2", "q3", "q4"}),  # 80 %: +60
            row("P2", "B", b, {"q2", "q3"}),  # 40 %: +0
            row("P3", "B", b, {"q5"}),  # no pre-test: not paired
        ]
    )
    codes = ",".join(f"{k}={v}" for k, v in two_forms.items())
    code, out, err = run_score(tmp_path, csv, "--forms", "2", "--pre", "A", "--post", "B", "--code", codes)
    assert code == 0, err
    assert re.search(r"^\s+P1\s+20\.0% ->\s+80\.0%\s+\(\+60\.0 points\)$", out, re.M)
    assert re.search(r"^\s+P2\s+40\.0% ->\s+40\.0%\s+\(\+0\.0 points\)$", out, re.M)
    assert "2 paired; mean gain +30.0 points" in out and not re.search(r"^\s+P3\s+.*->", out, re.M)


def test_alpha_and_kr20_against_hand_computation() -> None:
    from render.quiz import stats

    # Points [[2,1],[1,1],[0,0]]: item variances 6/9 and 2/9; totals 3, 2, 0 have variance 14/9.
    # alpha = 2 * (1 - (8/9) / (14/9)) = 6/7.
    assert stats.reliability([[2, 1], [1, 1], [0, 0]]) == pytest.approx(6 / 7)
    assert stats.reliability([[1, 1], [1, 1]]) is None  # no spread in totals
    assert stats.reliability([[1], [0]]) is None  # one item


@pytest.mark.parametrize(
    ("csv", "message"),
    [
        ("id,form,1,2,3,4,5\nL1,A,C,B,D,B,A\nL2,C,C,B,D,B,A\n", "responses.csv:3:2: row 3 (learner L2): form 'C'"),
        ("id,form,1,2,3,4,5\nL1,A,C,B,,B,A\n", "responses.csv:2:5: row 2 (learner L1), question 3: no answer"),
        ("id,form,1,2,3,4,5\nL1,A,C,B,D,B,A\nL2,B,E,B,D,B,A\n", "row 3 (learner L2), question 1: 'E' is not an option"),
        (
            "id,form,1,2,3,4,5\nL1,b,A,Z,A,A,A\n",
            "row 2 (learner L1), question 2: 'Z' is not an option; expected A, ",
        ),
    ],
)
def test_a_bad_responses_file_names_the_row(tmp_path: Path, csv: str, message: str, two_forms: dict[str, str]) -> None:
    codes = ",".join(f"{k}={v}" for k, v in two_forms.items())
    code, out, err = run_score(tmp_path, csv, "--forms", "2", "--code", codes)
    assert code == 2
    assert message in err
    assert "Traceback" not in err and out == ""


def test_another_seed_or_no_code_is_refused(tmp_path: Path, two_forms: dict[str, str]) -> None:
    csv = "id,form,1,2,3,4,5\nL1,A,C,B,D,B,A\n"
    codes = ",".join(f"{k}={v}" for k, v in two_forms.items())
    # The sheets were drawn with seed 1; scoring with seed 2 would use other keys.
    code, out, err = run_score(tmp_path, csv, "--forms", "2", "--seed", "2", "--code", codes)
    assert code == 2 and out == ""
    assert f"the sheets say code {two_forms['A']} for form A, but this draw of form A has code" in err
    code, out, err = run_score(tmp_path, csv, "--forms", "2")
    assert code == 2 and "the quiz has forms, so the form codes printed on the sheets must be given" in err
    # A code column is checked row by row.
    wrong = "id,form,code,1,2,3,4,5\nL1,A,ZZZZ,C,B,D,B,A\n"
    code, out, err = run_score(tmp_path, wrong, "--forms", "2")
    assert code == 2 and "responses.csv:2:3: row 2 (learner L1): the sheets say code ZZZZ for form A" in err
    right = f"id,form,code,1,2,3,4,5\nL1,A,{two_forms['A']},A,A,A,A,A\n"
    code, out, err = run_score(tmp_path, right, "--forms", "2")
    assert code == 0, err


def test_blank_cells_count_as_wrong_when_asked(tmp_path: Path) -> None:
    # Key C B D B A; L1 leaves 2 and 5 blank: 3 of 5. L2 all right: 5 of 5.
    csv = "id,form,1,2,3,4,5\nL1,,C,,D,B,\nL2,,C,B,D,B,A\n"
    code, out, err = run_score(tmp_path, csv)
    assert code == 2 and "responses.csv:2:4: row 2 (learner L1), question 2: no answer" in err
    assert "--blank wrong" in err
    code, out, err = run_score(tmp_path, csv, "--blank", "wrong")
    assert code == 0, err
    assert re.search(r"^L1\s+-\s+3 of 5\s+60\.0%$", out, re.M)
    assert "2 blank answers counted as wrong" in out
