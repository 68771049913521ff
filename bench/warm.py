"""A warm `podium watch` round, timed inside the process that watch keeps running.

    .venv/bin/python bench/warm.py SOURCE [RUNS] [--profile FILE]

Copies the talk to a temporary folder, builds it once (as `podium watch` does when it
starts), then saves a one-slide edit (the title of the slide halfway through, which the
deck, the handout and the slides PDF show) RUNS times after a warm-up, calling the same
`rebuild` that watch calls on each save. Prints two medians
in seconds: save to deck written (the deck file's own modification time) and save to all
outputs written, and a third: the round's CPU seconds (user + system, this process and the
children it forked), the figure to read on a shared machine. The file watcher's own delay (a
50 ms debounce) is not included. `--profile FILE` writes cProfile's statistics of the timed rounds
(this process only: run it under `taskset -c 0` so that nothing is forked and every job is seen).
"""

from __future__ import annotations

import contextlib
import cProfile
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from render.build.pipeline import Options  # noqa: E402 - after the path is set
from render.build.watch import rebuild  # noqa: E402
from render.cli import collect_less  # noqa: E402
from render.source.overrides import Overrides  # noqa: E402


def main() -> None:
    args = sys.argv[1:]
    profile_to = None
    if "--profile" in args:
        at = args.index("--profile")
        profile_to, args = args[at + 1], args[:at] + args[at + 2 :]
    source = Path(args[0]).resolve()
    runs = int(args[1]) if len(args) > 1 else 5
    profiler = cProfile.Profile()
    collect_less()  # as `podium watch` does
    with tempfile.TemporaryDirectory() as tmp:
        talk = Path(tmp) / source.name
        shutil.copy(source, talk)
        if source.with_suffix("").is_dir():  # the talk's own folder: images, reference files
            shutil.copytree(source.with_suffix(""), talk.with_suffix(""))
        out = Path(tmp) / "out"
        text = talk.read_text(encoding="utf-8")
        slides = text[: text.index("\nreferences:")] if "\nreferences:" in text else text
        titles = [i for i in range(len(slides)) if slides.startswith("\n    title: ", i)]
        middle = titles[len(titles) // 2] + len("\n    title: ")
        to_deck, to_all, cpu = [], [], []
        with contextlib.redirect_stdout(io.StringIO()):
            state = rebuild(talk, out, Options(), Overrides(), None, False)
            for i in range(runs + 1):
                talk.write_text(f"{text[:middle]}Draft {i}, {text[middle:]}", encoding="utf-8")
                start, times = time.time_ns(), os.times()
                if i and profile_to:
                    profiler.enable()
                state = rebuild(talk, out, Options(), Overrides(), state, False)
                profiler.disable()
                end, after = time.time_ns(), os.times()
                if state is None:
                    raise SystemExit(f"the edited {talk.name} did not build")
                deck = next(out.glob("*-deck.pptx")).stat().st_mtime_ns
                if i:  # the first round only warms up
                    to_deck.append((deck - start) / 1e9)
                    to_all.append((end - start) / 1e9)
                    cpu.append(sum(after[:4]) - sum(times[:4]))
    if profile_to:
        profiler.dump_stats(profile_to)
    print(f"{statistics.median(to_deck):.3f} {statistics.median(to_all):.3f} {statistics.median(cpu):.3f}")


if __name__ == "__main__":
    main()
