"""The item-writing lint: the IPT quiz's warnings as the issue lists them, and silencing with a reason."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import IPT, podium

# What the IPT quiz breaks, written by hand from the NBME rules (issue 5), not from the code.
EXPECTED = {
    ("q1", "negative-stem"),
    ("q1", "not-a-question"),
    ("q2", "true-false"),
    ("q3", "all-none-of-the-above"),
    ("q3", "not-a-question"),
    ("q4", "longest-key"),
    ("q4", "not-a-question"),
    ("q5", "true-false"),
}
WARNING = re.compile(r"^(?P<file>.+?):(?P<line>\d+):\d+: warning: (?P<item>[\w-]+): (?P<rule>[\w-]+): ", re.M)


def warnings(stderr: str) -> list[re.Match[str]]:
    return list(WARNING.finditer(stderr))


def test_check_prints_the_ipt_warnings_and_still_passes() -> None:
    result = podium("check", IPT)
    assert result.returncode == 0, result.stderr
    found = warnings(result.stderr)
    assert {(m["item"], m["rule"]) for m in found} == EXPECTED
    lines = IPT.read_text(encoding="utf-8").splitlines()
    for m in found:
        assert m["file"] == str(IPT)
        # The line named lies inside the question the warning is about.
        start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {m['item']}")
        end = next((i for i in range(start + 1, len(lines)) if lines[i].strip().startswith("- id: ")), len(lines))
        assert start < int(m["line"]) <= end, m.group(0)
    assert "(“all but”)" in result.stderr


def test_a_build_prints_the_warnings_and_writes_its_outputs(tmp_path: Path) -> None:
    result = podium("build", IPT, "--only", "quiz", "--out", tmp_path)
    assert result.returncode == 0
    assert {(m["item"], m["rule"]) for m in warnings(result.stderr)} == EXPECTED
    assert (tmp_path / "ipt-quiz.pdf").exists()


def test_lint_ignore_silences_a_rule_with_a_reason(talk_copy: Path) -> None:
    text = talk_copy.read_text(encoding="utf-8")
    text = text.replace(
        "    - id: q2\n      type: true-false\n",
        "    - id: q2\n      type: true-false\n      lint: {ignore: [true-false], why: the seed's own item}\n",
    )
    talk_copy.write_text(text, encoding="utf-8")
    result = podium("check", talk_copy)
    assert result.returncode == 0, result.stderr
    assert {(m["item"], m["rule"]) for m in warnings(result.stderr)} == EXPECTED - {("q2", "true-false")}


def test_an_ignore_needs_a_reason_and_a_known_rule(talk_copy: Path) -> None:
    text = talk_copy.read_text(encoding="utf-8")
    text = text.replace("    - id: q2\n", "    - id: q2\n      lint: {ignore: [true-fals]}\n")
    talk_copy.write_text(text, encoding="utf-8")
    result = podium("check", talk_copy)
    assert result.returncode == 2
    assert "quiz.questions[1].lint.why: 'why' is missing" in result.stderr
    assert "quiz.questions[1].lint.ignore[0]: 'true-fals' is not allowed here" in result.stderr


def test_other_rules_fire_on_a_badly_written_item(tmp_path: Path) -> None:
    source = tmp_path / "bad.yaml"
    items = "".join(
        f"    - id: k{n}\n      stem: Which one is right ({n})?\n"
        "      options: [Alpha, Beta, Gamma, Delta]\n      answer: B\n"
        for n in range(5)
    )
    source.write_text(
        "talk:\n  title: T\nslides:\n  - id: one\n    title: One\nquiz:\n  title: Q\n  questions:\n"
        "    - id: dup\n      stem: Which drug is NOT an SSRI?\n"
        "      options: [Sertraline, It always works, sertraline., Haloperidol]\n      answer: D\n" + items,
        encoding="utf-8",
    )
    result = podium("check", source)
    assert result.returncode == 0, result.stderr
    found = {(m["item"], m["rule"]) for m in warnings(result.stderr)}
    assert {("dup", "negative-stem"), ("dup", "absolute-terms"), ("dup", "duplicate-options")} <= found
    assert ("quiz", "key-balance") in found  # B is the key of 5 of 6 items
    assert not any(item.startswith("k") for item, _ in found)
