"""A PDF laid out in chunks and joined reads as the same document laid out whole: pages, words,
bookmarks, tags (the structure tree and its parent tree), links; the same bytes whatever the
number of workers; and only the chunks whose HTML changed are laid out again."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from render.build import parallel
from render.pdf import chunks
from render.pdf.writer import Metadata, Pdf, write_pdf

META = Metadata("Joined talk", "A. Presenter", "Slides", "2023-11-14T22:13:20Z", "en-US")
CARDS = [f"Slide {i}: grief and role transitions" for i in range(1, 8)]


def page(cards: list[str]) -> str:
    body = "".join(
        f'<section style="break-after: page"><h1>{c}</h1><p>Notes for <a href="https://example.org/{i}">'
        f"the link</a> and a list:</p><ul><li>one</li><li>two</li></ul></section>"
        for i, c in enumerate(cards)
    )
    return f"<!DOCTYPE html><html lang='en-US'><head><title>Joined talk</title></head><body>{body}</body></html>"


def render(html: str, meta: Metadata) -> Pdf:
    return write_pdf(html, [], meta, "pdf/ua-1")


def in_turn(fn, items):  # type: ignore[no-untyped-def]
    return [fn(x) for x in items]


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunks, "SIZE", 3)
    chunks._kept.clear()


def joined(map_=in_turn) -> bytes:  # type: ignore[no-untyped-def]
    return chunks.write([page(list(part)) for part in chunks.cut(CARDS)], META, render, map_)


def elements(reader: PdfReader) -> list[str]:
    """The structure tree's element types in reading order (depth first)."""
    out: list[str] = []

    def walk(element: object) -> None:
        element = element.get_object()  # type: ignore[attr-defined]
        if not hasattr(element, "get") or element.get("/Type") == "/OBJR":
            return
        out.append(element["/S"])
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if kid is not None and not isinstance(kid, int):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"][0])
    return out


def test_joined_reads_as_the_document_laid_out_whole() -> None:
    whole = PdfReader(io.BytesIO(render(page(CARDS), META)))
    ours = PdfReader(io.BytesIO(joined()))
    assert len(ours.pages) == len(whole.pages) == 7
    assert [p.extract_text() for p in ours.pages] == [p.extract_text() for p in whole.pages]
    assert [(m.title, ours.get_destination_page_number(m), m.typ, m.top) for m in ours.outline] == [
        (m.title, whole.get_destination_page_number(m), m.typ, m.top) for m in whole.outline
    ]
    assert elements(ours) == elements(whole)
    assert ours.metadata == whole.metadata
    root = ours.trailer["/Root"]
    assert root["/Lang"] == "en-US" and bool(root["/MarkInfo"]["/Marked"])
    assert b"2023-11-14T22:13:20Z" in root["/Metadata"].get_object().get_data()


def test_every_page_and_link_finds_its_own_tags_in_the_parent_tree() -> None:
    reader = PdfReader(io.BytesIO(joined()))
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    nums = tree["/ParentTree"]["/Nums"]
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    keys = [int(p["/StructParents"]) for p in reader.pages]
    links = [a.get_object() for p in reader.pages for a in p.get("/Annots", [])]
    assert len(links) == 7
    keys += [int(a["/StructParent"]) for a in links]
    assert sorted(keys) == sorted(parents) == list(range(len(keys)))  # one key each, none shared
    assert int(tree["/ParentTreeNextKey"]) == len(keys)
    for reader_page in reader.pages:
        marked = parents[int(reader_page["/StructParents"])]
        # each marked-content element of this page says it is on this page
        assert all(e.get_object()["/Pg"] == reader_page for e in marked)
    for link in links:
        assert parents[int(link["/StructParent"])].get_object()["/S"] == "/Link"


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed (.ci/run installs it)")
def test_qpdf_finds_the_joined_file_sound(tmp_path: Path) -> None:
    (tmp_path / "j.pdf").write_bytes(joined())
    result = subprocess.run(["qpdf", "--check", str(tmp_path / "j.pdf")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not parallel.can_fork(), reason="runs in turn where fork is not used")
def test_the_same_bytes_whatever_the_number_of_workers() -> None:
    alone = joined()
    for workers in (2, 3):
        chunks._kept.clear()
        assert joined(lambda fn, items, w=workers: parallel.spread(fn, items, w)) == alone


def test_a_warm_rebuild_lays_out_only_the_chunk_that_changed() -> None:
    laid_out: list[str] = []

    def counting(html: str, meta: Metadata) -> Pdf:
        laid_out.append(html)
        return render(html, meta)

    first = chunks.write([page(list(p)) for p in chunks.cut(CARDS)], META, counting, in_turn)
    assert len(laid_out) == 3
    edited = [*CARDS[:4], "Slide 5: an edited title", *CARDS[5:]]
    # A save re-dates the build.
    later = Metadata(META.title, META.author, META.subject, "2024-01-02T03:04:05Z", META.language)
    second = chunks.write([page(list(p)) for p in chunks.cut(edited)], later, counting, in_turn)
    assert len(laid_out) == 4 and "an edited title" in laid_out[-1]
    reader = PdfReader(io.BytesIO(second))
    assert "an edited title" in reader.pages[4].extract_text()
    assert reader.metadata["/ModDate"] == "D:20240102030405Z"
    assert first != second
    # and from nothing kept, the same edit gives the same bytes
    chunks._kept.clear()
    assert chunks.write([page(list(p)) for p in chunks.cut(edited)], later, render, in_turn) == second


def test_spread_gives_results_in_order_from_several_processes() -> None:
    if not parallel.can_fork():
        pytest.skip("runs in turn where fork is not used")
    results = parallel.spread(lambda x: (x, os.getpid()), list(range(7)), 3)
    assert [x for x, _ in results] == list(range(7))
    assert len({pid for _, pid in results}) == 3


def test_a_failing_chunk_is_raised_here_after_every_worker_ended() -> None:
    if not parallel.can_fork():
        pytest.skip("runs in turn where fork is not used")

    def fails_on_two(x: int) -> int:
        if x == 2:
            raise ValueError("chunk 2 could not be laid out")
        return x

    with pytest.raises(ValueError, match="chunk 2"):
        parallel.spread(fails_on_two, list(range(6)), 3)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child is left behind


def test_the_page_margins_stay_pagination_artifacts_in_the_joined_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from test_pdf_access import content_marks

    from render.pdf import artifacts

    numbered = "<style>@page { @bottom-right { content: 'page ' counter(page) } }</style>"

    def numbered_page(cards: list[str]) -> str:
        return page(cards).replace("</head>", numbered + "</head>")

    htmls = [numbered_page(list(part)) for part in chunks.cut(CARDS)]
    with_marks = chunks.write(htmls, META, render, in_turn)
    chunks._kept.clear()
    monkeypatch.setattr(artifacts, "mark", lambda data: data)  # the chunks as WeasyPrint leaves them
    without = chunks.write(htmls, META, render, in_turn)
    monkeypatch.undo()
    for data, loose in ((with_marks, 0), (without, 7), (artifacts.mark(without), 0)):
        path = tmp_path / f"joined-{loose}-{len(data)}.pdf"
        path.write_bytes(data)
        found, pagination = content_marks(path)
        assert len(found) == loose  # the page number of each of the 7 pages, until marked
        if not loose:
            assert pagination == [[("/Footer", 1)]] * 7
