"""A bank-sized quiz: how long the sheet and key of 250 board-style items take, and three forms in
large print with bubbles (the quiz issue's targets: at most 6 s and 18 s on the project's machine).

    .venv/bin/python bench/quiz_bank.py [--runs 3]

Whole processes into an empty folder each run; prints each figure's median, minimum and maximum
wall seconds, the median CPU seconds (user + system of the build and the child it forks: on a shared
machine the steadier figure) and the peak memory of the largest process.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from bench import PODIUM, run, words


def synthetic_quiz_yaml(n: int) -> str:
    """A bank-sized quiz of `n` board-style items: a three-sentence vignette, a lead-in, five options."""
    out = ["talk:", f"  title: Synthetic Bank of {n} Items", "slides:", "  - id: s0", "    title: Bank"]
    out += ["quiz:", f"  title: Synthetic Bank of {n} Items", "  questions:"]
    for q in range(n):
        vignette = f"{words(q, 14)}. {words(q + 1, 12)}. {words(q + 2, 16)}."
        lead = f"Which of these is most likely about {words(q, 3)}?"
        out += [f"    - id: q{q}", f"      stem: Case {q}. {vignette} {lead}"]
        out += ["      options:"] + [f"        - {words(q + o, 4)}" for o in range(5)]
        out += [f"      answer: {'ABCDE'[q % 5]}", f"      rationale: {words(q, 20)}."]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--items", type=int, default=250)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bank = work / "bank.yaml"
        bank.write_text(synthetic_quiz_yaml(args.items), encoding="utf-8")
        cases = {
            "sheet + key (target <= 6 s)": [],
            "3 forms, large print, bubbles (target <= 18 s)": ["--forms", "3", "--large-print", "--bubbles"],
        }
        print(f"quiz of {args.items} items, {args.runs} runs each: wall median [min-max] s, CPU median s, peak MB")
        for label, extra in cases.items():
            wall, cpu, peak = [], [], []
            for n in range(args.runs):
                command = [
                    *PODIUM,
                    "build",
                    str(bank),
                    "--only",
                    "quiz",
                    *extra,
                    "--out",
                    str(work / f"o{n}{label[0]}"),
                ]
                w, m, c = run(command, work)  # c: user + system of the build and the child it forks
                cpu.append(c)
                wall.append(w)
                peak.append(m)
            print(f"  {label:48} {statistics.median(wall):6.1f} [{min(wall):.1f}-{max(wall):.1f}]  "
                  f"{statistics.median(cpu):6.1f}  {statistics.median(peak):6.0f}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
