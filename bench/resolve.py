"""What resolving the talk's texts once saves: CPU time of the planning a build does, and parses.

    .venv/bin/python bench/resolve.py [--slides 200] [--repeats 7]
    PYTHONPATH=/path/to/an/older/checkout .venv/bin/python bench/resolve.py   # the same on older code

On bench.py's synthetic talk (N slides, N quiz questions, N/4 references), the planning steps of a
`podium build` run in one process, as the build and its checks call them (the quiz's item-writing
check draws the forms, the talk length reads the notes, then the pipeline: references, deck plan,
handout and slides PDF cards, the forms), and the three LMS exports as `podium export` makes them.
Each is timed in CPU seconds (time.process_time, best and median of the repeats), and the calls of
the Markdown parser (render.source.text.runs) are counted. Code from before render/source/resolved.py
(numbering and parsing in every module) is measured by the same steps through its own API, so one
script gives the before and after figures. Nothing is asserted: the figures are read.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import render.source.text as text_module

PARSES = [0]
_real_runs = text_module.runs


def _counted(text: str, numbers: object) -> list[object]:
    PARSES[0] += 1
    return _real_runs(text, numbers)  # type: ignore[arg-type]


# Before any module takes its own reference to the parser: every caller, old or new, is counted.
text_module.runs = _counted  # type: ignore[assignment]

from render.deck import template as deck_template  # noqa: E402
from render.deck.plan import plan_deck  # noqa: E402
from render.pdf import handout  # noqa: E402
from render.quiz import export as lms  # noqa: E402
from render.quiz.forms import draw_forms  # noqa: E402
from render.source.cite import bibliography  # noqa: E402
from render.source.load import load  # noqa: E402

try:
    from render.source.resolved import resolve  # the owner: after
except ImportError:  # before: every module numbered and parsed for itself
    resolve = None  # type: ignore[assignment]
NEW = resolve is not None
KINDS = ("moodle-xml", "gift", "qti")

# Last: bench.py's peer_markdown puts this checkout first on sys.path, and the modules above are loaded.
from bench import synthetic_yaml  # noqa: E402


def timed(step: Callable[[], object], repeats: int) -> tuple[float, float, int]:
    """Best and median CPU seconds over the repeats, and the parses one run makes."""
    times, parses = [], 0
    for _ in range(repeats):
        PARSES[0] = 0
        start = time.process_time()
        step()
        times.append(time.process_time() - start)
        parses = PARSES[0]
    return min(times), statistics.median(times), parses


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--slides", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic.yaml"
        path.write_text(synthetic_yaml(args.slides), encoding="utf-8")
        source = load(path)
    quiz = source.quiz
    assert quiz is not None
    needed = {s.layout for s in source.slides}
    template = deck_template.read(deck_template.TEMPLATE, None, needed)
    options = source.handout
    from render.cme.length import estimate

    if NEW:
        resolved = resolve(source)
        entries = bibliography(source, resolved.numbers, options.citation_style)
        plans = plan_deck(source, template, entries, resolved)

        def deck() -> object:
            return plan_deck(source, template, entries, resolve(source))

        def build() -> object:
            texts = resolve(source)  # once, after loading
            draw_forms(source, quiz, texts)  # the item-writing check
            estimate(source, texts)  # the talk length
            found = bibliography(source, texts.numbers, options.citation_style)
            made = plan_deck(source, template, found, texts)
            handout.context(source, texts, found, "stamp", options, made, template)
            handout.slides_context(source, texts, options, made, template)
            return draw_forms(source, quiz, texts)

        def exports() -> object:
            # `podium export` is a command of its own: it resolves the texts once per file.
            return [lms.export(source, quiz, resolve(source), kind, path.parent) for kind in KINDS]

        def deck_alone() -> object:
            return plan_deck(source, template, entries, resolved)
    else:
        entries = bibliography(source, options.citation_style)  # type: ignore[call-arg]
        plans = plan_deck(source, template, entries)  # type: ignore[call-arg]

        def deck() -> object:
            return plan_deck(source, template, entries)  # type: ignore[call-arg]

        def build() -> object:
            draw_forms(source, quiz)  # type: ignore[call-arg]
            estimate(source)  # type: ignore[call-arg]
            found = bibliography(source, options.citation_style)  # type: ignore[call-arg]
            made = plan_deck(source, template, found)  # type: ignore[call-arg]
            handout.context(source, found, "stamp", options, made, template)  # type: ignore[call-arg]
            handout.slides_context(source, options, made, template)  # type: ignore[call-arg]
            return draw_forms(source, quiz)  # type: ignore[call-arg]

        def exports() -> object:
            return [lms.export(source, quiz, kind, path.parent) for kind in KINDS]  # type: ignore[call-arg]

        deck_alone = None  # type: ignore[assignment]

    rows = [("deck plan (texts resolved in it)", deck), ("a build's planning", build), ("the three exports", exports)]
    if deck_alone is not None:
        rows.insert(1, ("deck plan (handed resolved texts)", deck_alone))
    print(f"{'after' if NEW else 'before'}: render/ from {Path(plan_deck.__code__.co_filename).parents[2]}")
    print(f"{args.slides}-slide synthetic talk, {len(plans)} slide plans, {len(quiz.questions)} questions")
    print(f"{'step':36} {'best s':>8} {'median s':>9} {'parses':>7}")
    for name, step in rows:
        best, median, parses = timed(step, args.repeats)
        print(f"{name:36} {best:8.3f} {median:9.3f} {parses:7d}")
    print(f"python {sys.version.split()[0]}; CPU seconds of this process (time.process_time)")


if __name__ == "__main__":
    main()
