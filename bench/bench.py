"""Speed and memory of podium, measured as a presenter meets them: whole processes.

    .venv/bin/python bench/bench.py [--runs 5] [--sizes 12,200,1000] [--quick]

Generates synthetic talks (N slides, N quiz questions, N/4 references) beside the
real IPT talk, times each target as a whole process (median of --runs after one
warm-up, each run into an empty output folder so nothing is reused), measures peak
memory, and, when pandoc is installed, times pandoc on equivalent Markdown (deck to
.pptx; handout and quiz to PDF through WeasyPrint), then prints one table with the
ratios the project's targets are stated in. A warm `podium watch` round (save to
deck written, save to all outputs written) is timed by bench/warm.py inside one
running process, as watch runs. Nothing here is a test: machines are noisy, so
figures are read, not asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PODIUM = [sys.executable, "-m", "render"]
WORDS = [
    *("patients", "therapy", "relationships", "communication", "depression", "evidence", "grief"),
    *("roles", "conflict", "sessions", "attachment", "support", "symptoms", "phase", "change"),
    *("awareness", "analysis", "incidents", "affect", "outcome"),
]


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


def synthetic_markdown(n: int) -> dict[str, str]:
    """The same content for pandoc: a slide Markdown, a handout and a quiz."""
    slides, handout, quiz = [f"% Synthetic Talk of {n} Slides\n"], [f"# Synthetic Talk of {n} Slides\n"], []
    for i in range(1, n - 1):
        bullets = "\n".join(f"- {words(i + b, 7)}" for b in range(4))
        notes = f"{words(i, 40)}.\n\n{words(i + 1, 30)}."
        slides.append(f"## Slide {i} on {words(i, 3)}\n\n{bullets}\n\n::: notes\n{notes}\n:::\n")
        handout.append(f"## Slide {i} on {words(i, 3)}\n\n{bullets}\n\n{notes}\n")
    handout.append("## References\n\n" + "\n".join(f"{r + 1}. {words(r, 8)}." for r in range(max(4, n // 4))))
    for q in range(n):
        options = "\n".join(f"    {'ABCD'[o]}. {words(q + o, 5)}" for o in range(4))
        quiz.append(f"{q + 1}. Which of these is true about {words(q, 4)}?\n\n{options}\n")
    quiz_md = "# Synthetic Quiz\n\n" + "\n".join(quiz)
    return {"slides": "\n".join(slides), "handout": "\n".join(handout), "quiz": quiz_md}


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time (s) and peak memory (MB) of one whole process."""
    timer = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []
    start = time.perf_counter()
    result = subprocess.run(timer + command, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    peak = float(result.stderr.strip().splitlines()[-1]) / 1024 if timer else float("nan")
    return elapsed, peak


def measure(make_command: object, runs: int, work: Path, cold: bool = False) -> tuple[float, float]:
    """Median seconds over `runs` after a warm-up; each run into a fresh, empty output folder.
    Formatted references are cached per user (render.source.refcache): `cold` gives every run an
    empty cache as well, as on a machine that has never built the talk."""
    times, peaks = [], []
    for i in range(runs + 1):
        out = work / f"out-{i}"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        env = None
        if cold:
            shutil.rmtree(work / "cache", ignore_errors=True)
            env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
        seconds, peak = run(make_command(out), work, env)  # type: ignore[operator]
        if i:  # the first run only warms the disk cache
            times.append(seconds)
            peaks.append(peak)
    return statistics.median(times), max(peaks)


def pandoc_figures(pandoc: str, n: int, runs: int, work: Path) -> tuple[float, float]:
    """pandoc's time for the deck alone and for the deck + handout + quiz chain (an answer key
    would be a fourth run like the quiz; the issue's figures count three runs)."""
    engine = f"--pdf-engine={BIN / 'weasyprint'}"
    for kind, text in synthetic_markdown(n).items():
        (work / f"{kind}{n}.md").write_text(text, encoding="utf-8")

    def command(source: str, target: str, *extra: str) -> object:
        return lambda out: [pandoc, source, *extra, "-o", str(out / target)]

    deck, _ = measure(command(f"slides{n}.md", "d.pptx"), runs, work)
    handout, _ = measure(command(f"handout{n}.md", "h.pdf", engine), runs, work)
    quiz, _ = measure(command(f"quiz{n}.md", "q.pdf", engine), runs, work)
    return deck, deck + handout + quiz


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="200,1000", help="synthetic talk sizes besides the 12-slide IPT talk")
    parser.add_argument("--quick", action="store_true", help="2 runs, 200 slides only")
    parser.add_argument("--quiz-only", action="store_true", help="only the 250-item quiz rows")
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    sizes = [200] if args.quick else [int(s) for s in args.sizes.split(",") if s]
    pandoc = shutil.which("pandoc")
    rows: list[tuple[str, str, float, float, str]] = []

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bank = work / "bank250.yaml"
        bank.write_text(synthetic_quiz_yaml(250), encoding="utf-8")
        quiz_s, peak = measure(
            lambda out: [*PODIUM, "build", str(bank), "--only", "quiz", "--out", str(out)], runs, work
        )
        rows.append(("quiz 250 items: sheet + key", "", quiz_s, peak, "target <= 6 s"))
        three = ["--forms", "3", "--large-print", "--bubbles"]
        forms_s, peak = measure(
            lambda out: [*PODIUM, "build", str(bank), "--only", "quiz", *three, "--out", str(out)], runs, work
        )
        rows.append(("  3 forms, large print, bubbles", "", forms_s, peak, "target <= 18 s"))
        if args.quiz_only:
            _print(rows, runs)
            return
        talks = {12: ROOT / "source" / "ipt.yaml"}
        for n in sizes:
            talks[n] = work / f"synthetic{n}.yaml"
            talks[n].write_text(synthetic_yaml(n), encoding="utf-8")
        pandoc_chain: dict[int, float] = {}
        for n, source in talks.items():
            if pandoc and n <= 200:
                deck, chain = pandoc_figures(pandoc, n, runs, work)
                pandoc_chain[n] = chain
                rows += [
                    ("pandoc .pptx", str(n), deck, float("nan"), ""),
                    ("pandoc four-output chain", str(n), chain, float("nan"), ""),
                ]
            full, peak = measure(lambda out, s=source: [*PODIUM, "build", str(s), "--out", str(out)], runs, work)
            ratio = f"{full / pandoc_chain[n]:.2f} x pandoc chain" if n in pandoc_chain else ""
            rows.append(("podium build (4 outputs)", str(n), full, peak, ratio))
            deck_only, peak = measure(
                lambda out, s=source: [*PODIUM, "build", str(s), "--only", "deck", "--out", str(out)], runs, work
            )
            rows.append(("podium build --only deck", str(n), deck_only, peak, ""))
            if n == 12:
                cold, peak = measure(
                    lambda out, s=source: [*PODIUM, "build", str(s), "--only", "deck", "--out", str(out)],
                    runs,
                    work,
                    cold=True,
                )
                rows.append(("  the same, nothing cached", str(n), cold, peak, f"{cold / deck_only:.2f} x cached"))
            if n <= 200:  # a warm round re-renders everything: at 1000 slides it is minutes per run
                warm = subprocess.run(
                    [sys.executable, str(ROOT / "bench" / "warm.py"), str(source), str(runs)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                deck_s, all_s = (float(x) for x in warm.stdout.split())
                rows.append(("watch: save -> deck written", str(n), deck_s, float("nan"), "warm process"))
                rows.append(("watch: save -> all written", str(n), all_s, float("nan"), "warm process"))
        bare, _ = measure(lambda out: [sys.executable, str(ROOT / "bench" / "bare_pptx.py"), str(out)], runs, work)
        rows.append(("bare python-pptx, 12 slides", "12", bare, float("nan"), ""))
        pdf_script = str(ROOT / "bench" / "bare_weasyprint.py")
        floor, _ = measure(lambda out: [sys.executable, pdf_script, str(out)], runs, work)
        ratio = f"{floor / pandoc_chain[12]:.2f} x pandoc chain" if 12 in pandoc_chain else ""
        rows.append(("bare WeasyPrint, 8 pages", "", floor, float("nan"), ratio))

    deck12 = next(r[2] for r in rows if r[0] == "podium build --only deck" and r[1] == "12")
    rows = [
        r if r[0] != "podium build --only deck" or r[1] != "12" else (*r[:4], f"{deck12 / bare:.2f} x bare pptx")
        for r in rows
    ]
    _print(rows, runs)


def _print(rows: list[tuple[str, str, float, float, str]], runs: int) -> None:
    grow = [r for r in rows if r[0] == "podium build (4 outputs)"]
    by_size = {int(r[1]): r[2] for r in grow}
    print(
        f"podium bench — {platform.node()} ({platform.machine()}, {os.cpu_count()} cores), Python "
        f"{platform.python_version()}, median of {runs} runs after a warm-up"
    )
    print(f"{'target':<30} {'slides':>6} {'median s':>9} {'peak MB':>8}  ratio")
    for name, n, seconds, peak, ratio in rows:
        peak_text = "" if peak != peak else f"{peak:8.0f}"  # NaN: not measured
        print(f"{name:<30} {n:>6} {seconds:9.3f} {peak_text:>8}  {ratio}")
    if 200 in by_size and 1000 in by_size:
        print(f"growth 200 -> 1000 slides: {by_size[1000] / by_size[200]:.2f} x (linear would be 5.0)")


if __name__ == "__main__":
    main()
