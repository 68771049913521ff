"""A bank-sized quiz: how long the sheet and key of 250 board-style items take, and three forms in
large print with bubbles (the quiz issue's targets: at most 6 s and 18 s on the project's machine;
read as multiples of the IPT quiz's build, timed beside them, on a machine of any speed).

    .venv/bin/python bench/quiz_bank.py [--runs 3]

Whole processes into an empty folder each run, in pairs with the IPT quiz (bench.pairs); prints the
median wall seconds, the median CPU seconds (user + system of the build and the child it forks: on a shared
machine the steadier figure) and the peak memory of the largest process.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench import PODIUM, Chain, pairs, words


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


# The issue measured the 245-item sheet and key at 9 s, "10.8 x the IPT quiz's build", on its machine: so its
# targets of 6 s and 18 s are, on that machine, these multiples of the IPT quiz's build (0.83 s). Timed in
# the same run, the multiples read the targets on a machine of any speed (this one's drifts by half from day
# to day: pandoc's 200-slide chain has taken from 8 s to 16 s).
IPT_QUIZ = 9 / 10.8


def chain(source: Path, extra: list[str]) -> Chain:
    """The quiz's build of `source` (with `extra` options) into an output folder, as one whole process."""
    return lambda out: [[*PODIUM, "build", str(source), "--only", "quiz", *extra, "--out", str(out)]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--items", type=int, default=250)
    args = parser.parse_args()
    ipt = Path(__file__).resolve().parent.parent / "source" / "ipt.yaml"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bank = work / "bank.yaml"
        bank.write_text(synthetic_quiz_yaml(args.items), encoding="utf-8")
        cases = {
            "sheet + key": ([], 6.0),
            "3 forms, large print, bubbles": (["--forms", "3", "--large-print", "--bubbles"], 18.0),
        }
        print(f"quiz of {args.items} items, {args.runs} runs each: wall median s, CPU median s, peak MB;")
        print("each run paired with the IPT quiz's build (--only quiz), A B in turn: x IPT = median of the pairs")
        for label, (extra, target) in cases.items():
            pair = pairs(
                chain(bank, extra), chain(ipt, []), args.runs, work, warm_up=False
            )  # a: the bank, b: the IPT quiz
            said = f"{label} (target <= {target:.0f} s = {target / IPT_QUIZ:.1f} x IPT)"
            print(f"  {said:60} {pair.a:6.1f}  {pair.a_cpu:6.1f}  {pair.peak:6.0f}  "
                  f"{pair.ratio:5.1f} x IPT ({pair.b:.2f} s)", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
