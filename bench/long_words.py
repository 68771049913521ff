"""One unbroken 100,000-character word in one field: how much longer the whole build takes (the
hostile-input issue's class 7: at most 5 s for any field on the project's 2-core machine).

    .venv/bin/python bench/long_words.py [--runs 3] [--length 100000] [--fields option,notes]

A 12-slide synthetic talk with a quiz (bench.synthetic_yaml) is built whole (deck, handout,
slides PDF, quiz and key) as one process into an empty folder, first as it is, then with the
word put in one field at a time. Prints each build's median wall and CPU seconds (user +
system, children included) and the seconds the word added; the same length in ordinary words
is shown for comparison.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import PODIUM, synthetic_yaml

# Where the word goes: the line of the synthetic talk it replaces the text of.
FIELDS = {
    "option": "        - ",  # the first quiz option
    "stem": "      stem: ",
    "rationale": "      rationale: ",
    "notes": "      ",  # the first paragraph of the first slide's notes (indented under `notes: |`)
    "bullet": "      - ",  # the first slide's first bullet
}


def with_word(text: str, field: str, word: str) -> str:
    """The talk with the first line of `field` holding `word` instead of its text."""
    lines = text.splitlines()
    start = lines.index("    notes: |") + 1 if field == "notes" else 0
    if field == "option":
        start = lines.index("      options:") + 1
    for i in range(start, len(lines)):
        if lines[i].startswith(FIELDS[field]) and (field != "bullet" or lines[i - 1].endswith("bullets:")):
            lines[i] = FIELDS[field] + word
            return "\n".join(lines) + "\n"
    raise SystemExit(f"no {field} line in the synthetic talk")


def build(source: Path, out: Path) -> tuple[float, float] | None:
    """Wall and CPU seconds (the build's user + system, its forked child included) of one build;
    None when the build refuses the source (exit 2: a bullet of 100,000 characters cannot fit a slide)."""
    before = os.times()
    start = time.perf_counter()
    result = subprocess.run([*PODIUM, "build", str(source), "--out", str(out)], capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = os.times()
    if result.returncode == 2:
        return None
    if result.returncode != 0:
        raise SystemExit(f"failed: {source}\n{result.stderr[-2000:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--length", type=int, default=100_000)
    parser.add_argument("--fields", default=",".join(FIELDS))
    args = parser.parse_args()
    talk = synthetic_yaml(12)
    word = "x" * args.length
    prose = " ".join(["word"] * (args.length // 5))  # the same length in ordinary words
    cases = {"none": talk}
    for field in args.fields.split(","):
        cases[f"{field}, one word"] = with_word(talk, field, word)
        cases[f"{field}, ordinary words"] = with_word(talk, field, prose)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"12-slide talk, whole build, {args.runs} runs each; a field of {args.length:,} characters")
        print(f"  {'field':32} {'wall s':>7} {'cpu s':>7} {'added wall':>10} {'added cpu':>9}")
        base = (0.0, 0.0)
        for label, text in cases.items():
            source = work / "talk.yaml"
            source.write_text(text, encoding="utf-8")
            timed = [build(source, work / f"out{n}") for n in range(args.runs)]
            if None in timed:
                print(f"  {label:32} refused (exit 2), as it should be", flush=True)
                continue
            walls, cpus = zip(*timed, strict=True)  # type: ignore[misc]
            wall, cpu = statistics.median(walls), statistics.median(cpus)
            if label == "none":
                base = (wall, cpu)
            print(f"  {label:32} {wall:7.1f} {cpu:7.1f} {wall - base[0]:10.1f} {cpu - base[1]:9.1f}", flush=True)
            for n in range(args.runs):
                subprocess.run(["rm", "-rf", str(work / f"out{n}")], check=True)


if __name__ == "__main__":
    sys.exit(main())
