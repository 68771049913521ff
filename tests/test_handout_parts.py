"""A long handout laid out in parts and joined reads as one document: its bookmarks lead to their slides,
every page says "page X of Y" with the running title and the version stamp, the tags pass both PDF/UA
checkers, the bytes do not depend on the number of workers, and a one-slide edit lays out again only
the part that slide is in (and the cover, which carries the version stamp)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import page
import pytest
from pypdf import PdfReader

from render.build import parallel
from render.build.pipeline import Options
from render.build.watch import rebuild
from render.pdf import parts, writer
from render.source.overrides import Overrides

SLIDES = 60  # a title slide, 58 slides with notes, a references slide
PART = 8  # slides a part, set small for the test: 8 runs of slides between the cover and the references
WARM = 30  # slides of the warm-edit talk: four parts of 8 between the cover and the references
TITLE = "Grief and Role Transitions in Later Life"


def talk_yaml(n: int = SLIDES, edited: str = "") -> str:
    out = ["talk:", f"  title: {TITLE}", "  presenter: {name: A. Presenter, credentials: MD}"]
    out += ["slides:", "  - id: s0", "    layout: title", f"    title: {TITLE}"]
    for i in range(1, n - 1):
        title = edited if edited and i == n // 2 else f"Topic {i} of the talk"
        out += [f"  - id: s{i}", f"    title: {title}", "    bullets:"]
        out += [f"      - The first point of slide {i} [@r{i % 6}]"]
        out += ["      - A second point, a little longer than the first one", "    notes: |"]
        # Notes of different lengths, so that slides share pages and notes run across them.
        out += [f"      What to say about slide {i}: " + "the patient's roles and their change, " * (i % 7 * 4 + 3)]
    out += [f"  - id: s{n - 1}", "    layout: references", "    title: References", "references:"]
    for r in range(6):
        out += [f"  - id: r{r}", "    type: article", f"    authors: [{{family: Writer{r}, given: B}}]"]
        out += [f"    title: A study of grief number {r}", "    container: Journal of Tests", f"    year: {2000 + r}"]
    out += ["resources:", "  - title: The society's guideline", "    url: https://example.org/guideline"]
    return "\n".join(out) + "\n"


@pytest.fixture(autouse=True)
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parts, "SIZE", PART)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    parts.kept.clear()


def build(tmp: Path, text: str, *extra: str) -> Path:
    from render.cli import main

    tmp.mkdir(parents=True, exist_ok=True)
    source = tmp / "talk.yaml"
    source.write_text(text, encoding="utf-8")
    out = tmp / "out"
    assert main(["build", str(source), "--only", "handout", "--out", str(out), *extra]) == 0
    return out / "talk-handout.pdf"


@pytest.fixture(scope="module")
def joined(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parts, "SIZE", PART)
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        return build(tmp_path_factory.mktemp("parts"), talk_yaml())


def page_texts(path: Path) -> list[str]:
    """pdftotext's reading of each page (poppler, not the code that wrote the file)."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_the_handout_was_laid_out_in_parts() -> None:
    context = {"slides": list(range(SLIDES)), "pages": [], "style": "notes", "references": [1], "resources": []}
    assert [p["part"] for p in parts.cut(context)] == [  # type: ignore[arg-type]
        {"cover": True, "references": False, "margins": False},
        *[{"cover": False, "references": False, "margins": False}] * 8,
        {"cover": False, "references": True, "margins": False},
    ]
    assert [len(p["slides"]) for p in parts.cut(context)] == [0, *[PART] * 7, SLIDES - 7 * PART, 0]  # type: ignore[arg-type]


def test_every_page_says_page_x_of_y_with_the_running_title_and_the_stamp(joined: Path) -> None:
    pages = page_texts(joined)
    total = len(pages)
    assert total == len(PdfReader(joined).pages) > 20
    for number, text in enumerate(pages, start=1):
        assert re.findall(r"page \d+ of \d+", text) == [f"page {number} of {total}"], number
        assert "Version 2023-11-14 · source " in text, number
        # the running title heads every page but the cover, where the title is the cover's own heading only
        if number == 1:
            assert text.count(TITLE) == 1
        else:
            assert text.lstrip().startswith(TITLE), number
    assert "PageLabels" not in PdfReader(joined).trailer["/Root"]  # as the whole document: labels are 1, 2, ...


def test_bookmarks_and_named_destinations_lead_to_their_slides(joined: Path) -> None:
    reader = PdfReader(joined)
    pages = page_texts(joined)
    marks = [(m.title, reader.get_destination_page_number(m)) for m in reader.outline if not isinstance(m, list)]
    titles = [t for t, _ in marks]
    assert titles[0] == "Cover" and titles[-1] == "References"
    assert titles[1:-1] == [f"1. {TITLE}"] + [f"{i + 1}. Topic {i} of the talk" for i in range(1, SLIDES - 1)] + [
        f"{SLIDES}. References"
    ]
    for title, number in marks[1:-1]:
        assert title.split(". ", 1)[1] in pages[number], title
    destinations = reader.named_destinations
    assert {f"slide-{i}" for i in range(1, SLIDES + 1)} <= set(destinations)
    for i in (2, PART + 1, PART * 3 + 2, SLIDES - 1):
        at = reader.get_destination_page_number(destinations[f"slide-{i}"])
        assert f"Topic {i - 1} of the talk" in pages[at]


def test_a_part_starts_a_new_page(joined: Path) -> None:
    # The first slide of each run of PART slides is at the top of its page's text area (0.8 in down).
    reader = PdfReader(joined)
    top = float(reader.pages[0].mediabox.height) - 0.8 * 72
    destinations = reader.named_destinations
    for first in range(1, SLIDES, PART):  # deck numbers: slide 1 is the title slide
        assert float(destinations[f"slide-{first}"].top) == pytest.approx(top), first
    assert any(float(destinations[f"slide-{n}"].top) < top - 72 for n in range(2, PART + 1))  # others share pages


def test_both_pdf_ua_checkers_find_nothing_and_links_keep_their_tags(joined: Path) -> None:
    report = page.validate_pdf(str(joined), profile="ua1")
    assert report.is_compliant and not report.failures, [str(f) for f in report.failures]
    result = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", "--format", "json", str(joined)], capture_output=True, text=True
    )
    found = json.loads(result.stdout)
    found = found[0] if isinstance(found, list) else found
    assert found["findings"] == [], found["findings"]
    reader = PdfReader(joined)
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    nums = tree["/ParentTree"]["/Nums"]
    keys = [int(p["/StructParents"]) for p in reader.pages]
    keys += [int(a.get_object()["/StructParent"]) for p in reader.pages for a in p.get("/Annots", [])]
    assert sorted(keys) == sorted(int(nums[i]) for i in range(0, len(nums), 2)) == list(range(len(keys)))


def test_the_tags_read_in_order_as_the_slides(joined: Path) -> None:
    lines = subprocess.run(["pdfinfo", "-struct-text", str(joined)], capture_output=True, text=True, check=True)
    shown = [int(n) for n in re.findall(r"Topic (\d+) of the talk", lines.stdout)]
    firsts = [n for i, n in enumerate(shown) if n not in shown[:i]]
    assert firsts == list(range(1, SLIDES - 1))
    assert "page 1 of" not in lines.stdout  # the margins are artifacts, not content


@pytest.mark.skipif(not parallel.can_fork(), reason="runs in turn where fork is not used")
def test_the_same_bytes_with_one_and_two_workers(joined: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # --only handout: one core stays with the slides PDF. `joined` was built with this machine's cores
    # (one worker for the handout on two cores); built again with the other count, the bytes are the same.
    other = 3 if parallel.cores() <= 2 else 1
    monkeypatch.setattr(parallel, "cores", lambda: other)
    assert build(tmp_path / str(other), talk_yaml()).read_bytes() == joined.read_bytes()
    for style in ("3-up", "6-up"):  # parts of whole sheets; 30 slides are several parts of 8
        parts.kept.clear()
        one = build(tmp_path / style, talk_yaml(30), "--style", style)
        pages = page_texts(one)
        assert all(re.findall(r"page \d+ of \d+", p) == [f"page {n} of {len(pages)}"] for n, p in enumerate(pages, 1))
        # each sheet shows 3 or 6 cards, as when laid out whole: parts are whole sheets
        shown = [len(re.findall(r"Slide \d+", p)) for p in pages[1:-1]]
        assert set(shown[:-1]) == {int(style[0])}, shown


def test_a_warm_one_slide_edit_lays_out_only_its_part_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "laid-out.txt"  # appended to by whichever process lays a part out
    original = writer.write_pdf

    def counting(html: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if 'class="style-notes"' in html and "sample-1" not in html:  # a part of the handout
            which = re.search(r'id="slide-(\d+)"', html)
            name = which.group(1) if which else "cover" if '<section class="cover' in html else "references"
            with log.open("a") as f:
                f.write(name + "\n")
        return original(html, *args, **kwargs)

    monkeypatch.setattr(writer, "write_pdf", counting)
    source = tmp_path / "talk.yaml"
    source.write_text(talk_yaml(WARM), encoding="utf-8")
    out = tmp_path / "out"
    state = rebuild(source, out, Options(), Overrides(), None, False)  # as `podium watch` starts
    assert log.read_text().split() == ["cover", *[str(i) for i in range(1, WARM, PART)], "references"]
    log.write_text("")
    source.write_text(talk_yaml(WARM, edited="An edited title"), encoding="utf-8")
    assert rebuild(source, out, Options(), Overrides(), state, False) is not None
    edited = WARM // 2 + 1  # its deck number
    first = (edited - 1) // PART * PART + 1
    # the cover carries the version stamp, which every save changes
    assert sorted(log.read_text().split()) == sorted(["cover", str(first)])
    text = page_texts(out / "talk-handout.pdf")
    assert any("An edited title" in p for p in text)
    # and from nothing kept, the same edit gives the same bytes
    parts.kept.clear()
    assert (
        build(tmp_path / "cold", talk_yaml(WARM, edited="An edited title")).read_bytes()
        == (out / "talk-handout.pdf").read_bytes()
    )
