"""What a build reports: each file written, its size, its slides or pages, and the warnings.

Also the progress display, shown on a terminal only, and only once a build has
taken more than a second: quick builds stay quiet.
"""

from __future__ import annotations

import io
import logging
import re
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from render.build.outputs import GROUPS
from render.pdf.writer import Pdf

# Notes from libraries to their own developers (deprecations, unclosed files), not about the talk.
_LIBRARY_NOTES = (DeprecationWarning, PendingDeprecationWarning, FutureWarning, ResourceWarning)
_SLIDE = re.compile(r"^ppt/slides/slide\d+\.xml$")


def count(path: Path, data: bytes) -> str:
    """'14 slides' for a deck, read back from its bytes; '8 pages' for a PDF, as WeasyPrint laid it out."""
    if path.suffix == ".pptx":
        import zipfile

        with zipfile.ZipFile(io.BytesIO(data)) as deck:
            n = sum(1 for name in deck.namelist() if _SLIDE.match(name))
        return f"{n} slide{'s' if n != 1 else ''}"
    assert isinstance(data, Pdf), f"{path} was not made by render.pdf.writer.write_pdf"
    n = data.pages  # reading it back would cost 0.1 s of pypdf for each build
    return f"{n} page{'s' if n != 1 else ''}"


def size(n: int) -> str:
    if n < 1000:
        return f"{n} B"
    if n < 1_000_000:
        return f"{n / 1000:.0f} kB"
    return f"{n / 1_000_000:.1f} MB"


def lines(outputs: dict[Path, bytes], warned: list[str], seconds: float, lint: int = 0) -> list[str]:
    """The summary printed after a build, one line per file, then the totals (item-writing warnings included)."""
    width = max((len(str(p)) for p in outputs), default=0)
    out = [f"wrote {p!s:<{width}}  {size(len(d)):>7}  {count(p, d)}" for p, d in outputs.items()]
    from render.deck import fonts

    out += [f.summary for f in fonts.noted()]  # which file each font of the deck came from
    files = f"{len(outputs)} file{'s' if len(outputs) != 1 else ''}"
    total = len(warned) + lint
    out.append(f"{files} in {seconds:.1f} s; {total} warning{'s' if total != 1 else ''}")
    return out


class Warnings(logging.Handler):
    """Collects what the libraries warn about during a build (WeasyPrint logs, Python warnings)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "HarfBuzz" not in message:  # how the machine was set up, nothing the author can act on
            self.messages.append(message)


@contextmanager
def collecting() -> Iterator[list[str]]:
    from render.build import parallel
    from render.deck import fonts

    fonts.forget()
    handler = Warnings()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    parallel.share(handler.messages)  # what a forked renderer hears comes back here
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield handler.messages
        finally:
            parallel.unshare(handler.messages)
            logger.removeHandler(handler)
            handler.messages.extend(str(w.message) for w in caught if not issubclass(w.category, _LIBRARY_NOTES))
            unique = list(dict.fromkeys(handler.messages))
            handler.messages[:] = unique


@contextmanager
def progress(only: tuple[str, ...]) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr for the outputs being made; it appears only after a second, on a terminal."""
    if not sys.stderr.isatty():  # as tqdm would decide, without importing it
        yield lambda kind: None
        return
    from tqdm import tqdm

    kinds = [k for k in GROUPS if k in only]
    # The bar's own carriage returns go to the terminal as such: the real stream under cli's visible one.
    terminal = getattr(sys.stderr, "raw", sys.stderr)
    bar = tqdm(total=len(kinds), delay=1.0, file=terminal, disable=None, leave=False, unit="output")
    done = [0]
    stop = threading.Event()

    def step(kind: str) -> None:
        if done[0]:
            bar.update(1)
        done[0] += 1
        bar.set_description(f"making the {kind}", refresh=False)

    def tick() -> None:
        # tqdm redraws only when told; one PDF can take seconds, so keep the clock moving.
        if stop.wait(1.0):
            return
        while not stop.wait(0.5):
            bar.refresh()

    ticker = threading.Thread(target=tick, daemon=True)
    if not bar.disable:
        ticker.start()
    try:
        yield step
    finally:
        stop.set()
        if ticker.is_alive():
            ticker.join()
        bar.close()
