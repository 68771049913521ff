"""Speed and memory of podium, measured as a presenter meets them: whole processes.

    .venv/bin/python bench/bench.py [--runs 3] [--sizes 200,1000] [--quick]

Generates synthetic talks (N slides, N quiz questions, N/4 references) beside the
real 12-slide IPT talk. For each, bench/peer_markdown.py writes the same content as
Markdown from the same source, and podium's full build (A) and pandoc's four runs
(B: deck to .pptx, handout, quiz and key to PDF through WeasyPrint) are timed as
whole processes in turn, A B A B, each into an empty output folder; the ratio is the
median of the pairs' ratios, so the machine's drift during the run cancels; the ratio of CPU seconds
(user + system, every process of the chain) is printed beside it, the steadier figure on a shared machine. Peak
memory is podium's largest process. A warm `podium watch` round after a one-slide
edit (save to deck written, save to all outputs written) is timed by bench/warm.py
inside one running process, as watch runs. Nothing here is a test: machines are
noisy, so figures are read, not asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from peer_markdown import write_markdown

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PODIUM = [sys.executable, "-m", "render"]
WORDS = [
    *("patients", "therapy", "relationships", "communication", "depression", "evidence", "grief"),
    *("roles", "conflict", "sessions", "attachment", "support", "symptoms", "phase", "change"),
    *("awareness", "analysis", "incidents", "affect", "outcome"),
]


Chain = Callable[[Path], list[list[str]]]  # an empty output folder -> the commands to run there, in turn


@dataclass(frozen=True)
class Pair:
    a: float  # median seconds of A
    b: float  # median seconds of B
    peak: float  # A's largest single process, MB
    ratio: float  # median of the pairs' A/B
    a_cpu: float  # median CPU seconds of A (user + system, every process of the chain)
    b_cpu: float
    cpu_ratio: float  # median of the pairs' A/B in CPU seconds: the steadier figure on a shared machine


def words(seed: int, n: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(n)).capitalize()


def synthetic_yaml(n: int) -> str:
    refs = max(4, n // 4)
    out = ["talk:", f"  title: Synthetic Talk of {n} Slides", "  presenter: {name: Bench Mark, credentials: MD}"]
    out += ["slides:", "  - id: s0", "    layout: title", f"    title: Synthetic Talk of {n} Slides"]
    for i in range(1, n - 1):
        out += [f"  - id: s{i}", f"    title: Slide {i} on {words(i, 3)}", "    bullets:"]
        out += [f"      - {words(i + b, 7)} [@r{(i + b) % refs}]" for b in range(4)]
        out += ["    notes: |", f"      {words(i, 40)}.", "", f"      {words(i + 1, 30)}."]
    out += [f"  - id: s{n - 1}", "    layout: references", "    title: References", "references:"]
    for r in range(refs):
        out += [
            f"  - id: r{r}",
            "    type: article",
            f"    authors: [{{family: Author{r}, given: A}}]",
            f"    title: {words(r, 8)}",
            "    container: Journal of Synthetic Studies",
            f"    year: {1990 + r % 30}",
            f'    volume: "{r % 40 + 1}"',
            f"    pages: {r}-{r + 9}",
        ]
    out += ["quiz:", "  title: Synthetic Quiz", "  questions:"]
    for q in range(n):
        out += [f"    - id: q{q}", f"      stem: Which of these is true about {words(q, 4)}?", "      options:"]
        out += [f"        - {words(q + o, 5)}" for o in range(4)]
        out += [f"      answer: {'ABCD'[q % 4]}", f"      rationale: {words(q, 12)}."]
    return "\n".join(out) + "\n"


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall time (s), peak memory (MB) and CPU time (s, user + system, its children included) of one whole process."""
    timer = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []
    start, used = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(timer + command, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    peak = float(result.stderr.strip().splitlines()[-1]) / 1024 if timer else float("nan")
    return elapsed, peak, cpu


def pandoc_chain(pandoc: str, folder: Path) -> Chain:
    """pandoc's four runs on the Markdown that bench/peer_markdown.py wrote from the same source:
    the deck to .pptx, then the handout, the quiz and its key to PDF through WeasyPrint."""
    engine = f"--pdf-engine={BIN / 'weasyprint'}"
    return lambda out: [
        [pandoc, str(folder / "deck.md"), "-o", str(out / "deck.pptx")],
        *([pandoc, str(folder / f"{k}.md"), engine, "-o", str(out / f"{k}.pdf")] for k in ("handout", "quiz", "key")),
    ]


def pairs(a: Chain, b: Chain, runs: int, work: Path, warm_up: bool = True) -> Pair:
    """A and B in turn, A B A B, after one warm-up pair; each a chain of whole processes into an empty
    folder. The ratio is the median of the pairs' ratios, so a drift of the machine's speed during
    the run moves both sides of a pair alike."""
    a_times, b_times, peaks, a_cpus, b_cpus = [], [], [], [], []
    for i in range(runs + warm_up):
        times, cpus = [], []
        for side, make in (("a", a), ("b", b)):
            out = work / f"out-{side}-{i}"
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            seconds, peak, cpu = 0.0, 0.0, 0.0
            for command in make(out):
                s, p, c = run(command, work)
                seconds, peak, cpu = seconds + s, max(peak, p), cpu + c
            times.append(seconds)
            cpus.append(cpu)
            if side == "a":
                peaks.append(peak)
        if i or not warm_up:  # the warm-up pair only fills the disk cache
            a_times.append(times[0])
            b_times.append(times[1])
            a_cpus.append(cpus[0])
            b_cpus.append(cpus[1])
    ratio = statistics.median(x / y for x, y in zip(a_times, b_times, strict=True))
    cpu_ratio = statistics.median(x / y for x, y in zip(a_cpus, b_cpus, strict=True))
    median = statistics.median
    return Pair(median(a_times), median(b_times), max(peaks), ratio, median(a_cpus), median(b_cpus), cpu_ratio)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="pairs after a warm-up pair (1000 slides: 1 pair)")
    parser.add_argument("--sizes", default="200,1000", help="synthetic talk sizes besides the 12-slide IPT talk")
    parser.add_argument("--quick", action="store_true", help="2 runs, 200 slides only")
    args = parser.parse_args()
    runs = 2 if args.quick else max(1, args.runs)
    sizes = [200] if args.quick else [int(s) for s in args.sizes.split(",") if s]
    pandoc = shutil.which("pandoc")
    rows: list[tuple[str, str, float, float, str]] = []
    nan = float("nan")

    def podium(source: Path, *extra: str) -> Chain:
        return lambda out: [[*PODIUM, "build", str(source), "--out", str(out), *extra]]

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        talks = {12: ROOT / "source" / "ipt.yaml"}
        for n in sizes:
            talks[n] = work / f"synthetic{n}.yaml"
            talks[n].write_text(synthetic_yaml(n), encoding="utf-8")
        full: dict[int, float] = {}
        for n, source in talks.items():
            large = n > 200
            n_runs, warm_up = (1, False) if large else (runs, True)
            if pandoc:
                folder = work / f"md{n}"
                write_markdown(source, folder)
                chain = pandoc_chain(pandoc, folder)
                both = pairs(podium(source), chain, n_runs, work, warm_up)
                rows.append(("pandoc chain (4 runs, same content)", str(n), both.b, nan, f"{both.b_cpu:.1f} s CPU"))
                said = f"{both.ratio:.2f} x pandoc chain; CPU {both.a_cpu:.1f} s, {both.cpu_ratio:.2f} x"
                rows.append(("podium build (5 files)", str(n), both.a, both.peak, said))
                deck = pairs(podium(source, "--only", "deck"), lambda out, c=chain: c(out)[:1], n_runs, work, warm_up)
                rows.append(("pandoc .pptx (same content)", str(n), deck.b, nan, f"{deck.b_cpu:.1f} s CPU"))
                said = f"{deck.ratio:.2f} x pandoc .pptx; CPU {deck.a_cpu:.1f} s, {deck.cpu_ratio:.2f} x"
                rows.append(("podium build --only deck", str(n), deck.a, deck.peak, said))
            else:
                alone = pairs(podium(source), podium(source), n_runs, work, warm_up)
                rows.append(("podium build (5 files)", str(n), alone.a, alone.peak, "no pandoc here"))
            full[n] = rows[-3 if pandoc else -1][2]  # the podium build row
            if not large:  # a warm round re-renders what changed: at 1000 slides minutes per run
                warm = subprocess.run(
                    [sys.executable, str(ROOT / "bench" / "warm.py"), str(source), str(runs)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                deck_s, all_s, cpu_s = (float(x) for x in warm.stdout.split())
                rows.append(("watch: one-slide edit -> deck", str(n), deck_s, nan, "warm process"))
                rows.append(("watch: one-slide edit -> all", str(n), all_s, nan, f"warm process, {cpu_s:.1f} s CPU"))
        floors = pairs(
            lambda out: [[sys.executable, str(ROOT / "bench" / "bare_pptx.py"), str(out)]],
            lambda out: [[sys.executable, str(ROOT / "bench" / "bare_weasyprint.py"), str(out)]],
            runs,
            work,
        )
        rows.append(("bare python-pptx, 12 slides", "12", floors.a, nan, "floor"))
        rows.append(("bare WeasyPrint, 8 pages", "", floors.b, nan, "floor"))

    print(
        f"podium bench — {platform.node()} ({platform.machine()}, {os.cpu_count()} cores), Python "
        f"{platform.python_version()}; A B A B pairs ({runs} after a warm-up pair; 1000 slides: one pair), "
        "ratio = median of the pairs"
    )
    print(f"{'target':<36} {'slides':>6} {'median s':>9} {'peak MB':>8}  ratio")
    for name, n, seconds, peak, ratio in rows:
        peak_text = "" if peak != peak else f"{peak:8.0f}"  # NaN: not measured
        print(f"{name:<36} {n:>6} {seconds:9.3f} {peak_text:>8}  {ratio}")
    if 200 in full and 1000 in full:
        print(f"growth 200 -> 1000 slides: {full[1000] / full[200]:.2f} x (linear would be 5.0)")


if __name__ == "__main__":
    main()
