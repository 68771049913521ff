"""A bank-sized quiz: how long the sheet and key of 250 board-style items take, and three forms in
large print with bubbles (the quiz issue's targets: at most 6 s and 18 s on the project's machine;
read as multiples of the IPT quiz's build, timed beside them, on a machine of any speed).

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


# The issue measured the 245-item sheet and key at 9 s, "10.8 x the IPT quiz's build", on its machine: so its
# targets of 6 s and 18 s are, on that machine, these multiples of the IPT quiz's build (0.83 s). Timed in
# the same run, the multiples read the targets on a machine of any speed (this one's drifts by half from day
# to day: pandoc's 200-slide chain has taken from 8 s to 16 s).
IPT_QUIZ = 9 / 10.8


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
        print(f"quiz of {args.items} items, {args.runs} runs each: wall median [min-max] s, CPU median s, peak MB;")
        print("each run paired with the IPT quiz's build (--only quiz) just before it: x IPT = median of the pairs")
        for label, (extra, target) in cases.items():
            wall, cpu, peak, ratios, reference = [], [], [], [], []
            for n in range(args.runs):
                out = work / f"o{n}{label[0]}"
                r, _, _ = run([*PODIUM, "build", str(ipt), "--only", "quiz", "--out", str(out / "ipt")], work)
                command = [*PODIUM, "build", str(bank), "--only", "quiz", *extra, "--out", str(out / "bank")]
                w, m, c = run(command, work)  # c: user + system of the build and the child it forks
                cpu.append(c)
                wall.append(w)
                peak.append(m)
                reference.append(r)
                ratios.append(w / r)
            said = f"{label} (target <= {target:.0f} s = {target / IPT_QUIZ:.1f} x IPT)"
            print(f"  {said:60} {statistics.median(wall):6.1f} [{min(wall):.1f}-{max(wall):.1f}]  "
                  f"{statistics.median(cpu):6.1f}  {statistics.median(peak):6.0f}  "
                  f"{statistics.median(ratios):5.1f} x IPT ({statistics.median(reference):.2f} s)",
                  flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
