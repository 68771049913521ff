"""Save-to-visible latency of `podium preview`, in a real browser.

    .venv/bin/python bench/preview.py [RUNS] [SLIDES]

Writes bench.py's synthetic talk (12 slides by default) to a temporary folder, starts
`podium preview --no-open` on it, opens the page in Debian's Chromium (headless, through
Playwright; never a downloaded browser), then RUNS times saves a new title for slide 3 the
way editors save (a new file renamed over the old) and notes when the page shows it: the
page's own clock (Date.now, in a MutationObserver) against the clock at the rename, both
the machine's. Also times the server's part alone (reading, planning and drawing the page
in-process), so the rest is the watcher, the event stream and the browser.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench import synthetic_yaml  # noqa: E402 - after the path is set
from render.build.pipeline import Options  # noqa: E402
from render.build.preview_page import Page, refresh  # noqa: E402
from render.pdf.html import render  # noqa: E402
from render.source.overrides import Overrides  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARGS += ["--disable-component-update", "--disable-sync", "--no-first-run"]
WATCH = """title => new Promise(done => {
  const seen = () => Array.from(document.querySelectorAll('main .card-title')).some(t => t.textContent.includes(title));
  window.__seen = null;
  new MutationObserver((_, observer) => {
    if (seen()) { window.__seen = Date.now(); observer.disconnect(); }
  }).observe(document.getElementById('content'), {childList: true, subtree: true});
  done();
})"""


def save(path: Path, text: str) -> float:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    at = time.time() * 1000
    temporary.replace(path)
    return at


def figures(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered):6.0f} ms   p90 {p90:6.0f} ms   max {ordered[-1]:6.0f} ms"


def main() -> None:
    from playwright.sync_api import sync_playwright

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    slides = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "talk.yaml"
        text = synthetic_yaml(slides)
        source.write_text(text, encoding="utf-8")
        old = re.search(r"title: (Slide 2 on [^\n]+)", text)
        assert old, "the synthetic talk's slide 3"

        page = refresh(Page(), source, Options(), Overrides())  # warm-up, as the server's first page
        server_part = []
        for _ in range(max(5, runs // 2)):
            started = time.perf_counter()
            page = refresh(page, source, Options(), Overrides())
            render("preview-content.html.j2", **page.context())
            server_part.append((time.perf_counter() - started) * 1000)

        process = subprocess.Popen(
            [sys.executable, "-m", "render", "preview", str(source), "--no-open"],
            cwd=tmp,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert process.stdout is not None
            url = re.search(r"http://\S+/", process.stdout.readline())
            assert url, "the preview printed no address"
            latencies = []
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                tab = browser.new_page(viewport={"width": 1400, "height": 900})
                tab.goto(url.group(0))
                tab.locator("main .card-title").first.wait_for()
                for run in range(runs + 1):  # the first is a warm-up
                    new = f"Slide 2 on saved version {run}"
                    tab.evaluate(WATCH, new)
                    saved = save(source, text.replace(old.group(1), new))
                    deadline = time.monotonic() + 5
                    while (seen := tab.evaluate("window.__seen")) is None and time.monotonic() < deadline:
                        time.sleep(0.005)
                    assert seen is not None, f"run {run}: the page never showed the new title"
                    if run:
                        latencies.append(seen - saved)
                    time.sleep(0.3)  # apart, as saves are
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=10)
    print(f"podium preview, {slides} slides, {runs} saves of slide 3's title (after a warm-up)")
    print(f"save -> visible in Chromium   {figures(latencies)}")
    print(f"  server's part (in-process)  {figures(server_part)}")


if __name__ == "__main__":
    main()
