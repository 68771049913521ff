"""HTML -> PDF with WeasyPrint, fetching nothing it should not.

WeasyPrint is imported here only, on the paths that write PDFs (it costs
about half a second). Its fetcher serves files under `templates/` and the
talk's own folder and refuses everything else: a source from a colleague
must not read the presenter's files or reach the network. A resource that
fails to load is an error, not a log line.
"""

from __future__ import annotations

import logging
import mimetypes
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urlparse

from render.pdf import artifacts, longwords
from render.source.paths import TEMPLATES


class RenderError(Exception):
    pass


class Pdf(bytes):
    """A PDF's bytes, and how many pages WeasyPrint laid out (the build summary says so)."""

    pages: int


def load_weasyprint() -> ModuleType:
    """WeasyPrint, imported once (see _import), with pydyf's page list remembered and table headers scoped."""
    if "weasyprint" not in sys.modules:
        _import()
    _remember_page_references()
    _scope_table_headers()
    import weasyprint

    return weasyprint


def _import() -> None:
    """Import WeasyPrint without its slow library search on Linux.

    Its loader tries Windows and macOS library names first; for each miss, cffi asks
    ctypes.util.find_library, which on Linux runs ldconfig and gcc in subprocesses:
    about 0.2 s of a cold build. The Linux names (libpango-1.0.so.0, ...) come later in
    the same lists and open directly, so during the import a miss is answered at once.
    Should that fail on some system, the import is simply done again the ordinary way.
    """
    if not sys.platform.startswith("linux"):
        import weasyprint

        return
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = search
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = search


def _remember_page_references() -> None:
    """pydyf rebuilds the list of every page's reference each time it is asked for one,
    and WeasyPrint's tagging asks once per box: quadratic in pages (2.6 of the 14 s of a
    400-page slides PDF). The list is kept until a page is added; pages are only ever
    appended, so the answer is the same."""
    import pydyf

    if getattr(pydyf.PDF.page_references, "fget", None) is _page_references:
        return
    pydyf.PDF.page_references = property(_page_references)


def _scope_table_headers() -> None:
    """WeasyPrint ties each data cell to its headers (/Headers and /ID), which PDF/UA allows, but
    writes no /Scope on the header cells, which screen readers and checkers (pdfua's UA-15-003)
    look for first. Each header cell gets one: /Column in a table's first row, /Row after it."""
    import pydyf
    from weasyprint import pdf as weasy_pdf

    if getattr(weasy_pdf.add_tags, "podium_scoped", False):
        return
    original = weasy_pdf.add_tags

    def add_tags(pdf: Any, *args: Any) -> None:
        original(pdf, *args)
        for item in pdf.objects:
            if isinstance(item, pydyf.Dictionary) and item.get("S") == "/TH" and "ID" in item:
                row = str(item["ID"].string).split("-")[1]  # "{table}-{row}-{column}", as WeasyPrint names them
                item.setdefault("A", pydyf.Dictionary({"O": "/Table"}))["Scope"] = "/Column" if row == "0" else "/Row"

    add_tags.podium_scoped = True  # type: ignore[attr-defined]
    weasy_pdf.add_tags = add_tags


def _page_references(pdf: Any) -> tuple[bytes, ...]:
    kids = pdf.pages["Kids"]
    known = pdf.__dict__.get("_podium_page_references")
    if known is None or known[0] != len(kids):
        known = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_podium_page_references"] = known
    return known[1]


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str | None
    subject: str | None
    date: str  # W3C date of the build (see render.build.pipeline.epoch), never the clock
    language: str  # talk.language, a BCP 47 tag


def write_pdf(html: str, allowed: list[Path], meta: Metadata, variant: str | None = None) -> Pdf:
    """`variant="pdf/ua-1"` asks WeasyPrint for a tagged PDF: structure tree, language, PDF/UA-1
    identification in the XMP metadata and the title shown in the viewer (DisplayDocTitle). The
    page margins' text (running header, page numbers, version stamp) is then marked as pagination
    artifacts, which WeasyPrint does not do (render/pdf/artifacts.py)."""
    weasyprint = load_weasyprint()

    roots = [p.resolve() for p in (TEMPLATES, *allowed)]

    class Fetcher(weasyprint.urls.URLFetcher):
        def fetch(self, url: str, headers: object = None) -> object:
            parsed = urlparse(url)
            if parsed.scheme == "data":  # the template's own artwork, carried in the page itself
                return super().fetch(url, headers)
            # file://server/share is another machine: only local files, named without a host.
            if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
                raise RenderError(f"refused to fetch {url}: only the talk's own files may be used")
            path = Path(unquote(parsed.path)).resolve()
            if not any(path.is_relative_to(root) for root in roots):
                raise RenderError(f"refused to read {path}: it is outside the talk's folder and templates/")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return weasyprint.urls.URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    failures: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            # Errors are failed loads; of the warnings, only an unloadable font matters.
            message = record.getMessage()
            if record.levelno >= logging.ERROR or "cannot be loaded" in message or "Unsupported" in message:
                failures.append(message)

    handler = Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        page = longwords.cut(html)
        document = weasyprint.HTML(string=page, base_url=TEMPLATES.as_uri() + "/", url_fetcher=Fetcher()).render()
        document.metadata.title = meta.title
        document.metadata.authors = [meta.author] if meta.author else []
        document.metadata.description = meta.subject
        document.metadata.lang = meta.language
        document.metadata.created = document.metadata.modified = meta.date
        data = document.write_pdf(pdf_identifier=b"podium", uncompressed_pdf=False, pdf_variant=variant)
    finally:
        logger.removeHandler(handler)
    if failures:
        raise RenderError("; ".join(failures))
    out = Pdf(artifacts.mark(data))
    out.pages = len(document.pages)
    return out
