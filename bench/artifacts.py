"""What marking the page margins as artifacts (render/pdf/artifacts.py) costs, per PDF.

    .venv/bin/python bench/artifacts.py [--slides 200] [--runs 3]

Builds the IPT talk and a synthetic talk of N slides (bench/bench.py's) with the marking
switched off, in a podium process of their own, then times `mark` on each PDF in this
process: CPU seconds (best of --runs), pages, milliseconds a page, and the file's size before
and after. The build's own CPU time for the same outputs is printed beside it for the ratio.
Figures are read, not asserted: the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from bench import synthetic_yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from render.pdf.artifacts import mark  # noqa: E402

UNMARKED = (
    "import sys; import render.pdf.artifacts as a; a.mark = lambda data: data; "
    "from render.cli import main; sys.exit(main(sys.argv[1:]))"
)


def build_unmarked(source: Path, out: Path) -> float:
    """The talk's handout, slides PDF, quiz sheets and keys with the marking off; the build's CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    command = [sys.executable, "-c", UNMARKED, "build", str(source), "--only", "handout", "--only", "quiz"]
    result = subprocess.run([*command, "--out", str(out)], cwd=ROOT, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(result.stderr[-2000:])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slides", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        synthetic = work / "synthetic.yaml"
        synthetic.write_text(synthetic_yaml(args.slides), encoding="utf-8")
        print(f"{'file':34} {'pages':>5} {'mark cpu s':>10} {'ms/page':>8} {'KB before':>9} {'KB after':>9}")
        for source in (ROOT / "source" / "ipt.yaml", synthetic):
            out = work / source.stem
            build_cpu = build_unmarked(source, out)
            total = 0.0
            for pdf in sorted(out.glob("*.pdf")):
                data = pdf.read_bytes()
                times = []
                for _ in range(args.runs):
                    start = time.process_time()
                    marked = mark(data)
                    times.append(time.process_time() - start)
                best = min(times)
                total += best
                pages = len(PdfReader(pdf).pages)
                print(
                    f"{pdf.name:34} {pages:5d} {best:10.3f} {1000 * best / pages:8.1f} "
                    f"{len(data) / 1024:9.1f} {len(marked) / 1024:9.1f}"
                )
            share = total / build_cpu
            print(f"{source.stem}: marking {total:.2f} s CPU of a {build_cpu:.1f} s CPU build ({share:.1%})")


if __name__ == "__main__":
    main()
