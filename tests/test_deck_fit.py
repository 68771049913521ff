"""Text fits, as LibreOffice draws it: every word inside its shape's box, one PDF page per slide.

Checked independently of the code that chose the sizes: the deck is converted by
LibreOffice (with PowerPoint's auto-shrink turned off, so any overflow would show)
and pdftotext reports where each word landed. Decks: the IPT talk on our template,
on Office's stock 4:3 template, on an institution-style .potx with other layout
names, other placeholder numbers and sample slides of its own; and a stress deck.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import IPT, podium
from lxml import etree
from pptx import Presentation
from pptx.util import Emu

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler-utils are needed (.ci/run installs them)",
)
FIXTURES = Path(__file__).parent / "fixtures"
TOLERANCE = 2.0  # points: glyph side bearings may poke out of a box by a hair
# pdftotext's word boxes span the font's whole bounding box (about 1.3 x the size), more than a
# line's pitch; a quarter of that may stand out above or below a box without any text overflowing.
OVERHANG = 0.25


def without_autofit(deck: Path, target: Path) -> None:
    """A copy in which PowerPoint's shrink-on-overflow is off, so the renderer shows any overflow."""
    with zipfile.ZipFile(deck) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("ppt/slides/slide"):
                data = data.replace(b"<a:normAutofit/>", b"<a:noAutofit/>")
            dst.writestr(item, data)


def render_words(deck: Path, work: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Each page's words with their boxes (points), as LibreOffice laid them out."""
    work.mkdir(parents=True, exist_ok=True)
    plain = work / "plain.pptx"
    without_autofit(deck, plain)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{work}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(work), str(plain)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    html = subprocess.run(
        ["pdftotext", "-bbox", str(work / "plain.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", html, re.S):
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page)
        pages.append([(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in words])
    return pages


def shape_boxes(deck: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Each slide's shapes as (name, left, top, right, bottom) in points."""
    out = []
    for slide in Presentation(str(deck)).slides:
        boxes = []
        for shape in slide.shapes:
            left, top = Emu(shape.left).pt, Emu(shape.top).pt
            boxes.append((shape.name, left, top, left + Emu(shape.width).pt, top + Emu(shape.height).pt))
        out.append(boxes)
    return out


def assert_fits(deck: Path, work: Path) -> None:
    pages = render_words(deck, work)
    slides = shape_boxes(deck)
    assert len(pages) == len(slides), f"{len(pages)} PDF pages for {len(slides)} slides"
    for number, (words, boxes) in enumerate(zip(pages, slides, strict=True), start=1):
        assert words, f"slide {number} rendered no text"
        for word, x0, y0, x1, y1 in words:
            slack = OVERHANG * (y1 - y0) + TOLERANCE
            inside = any(
                x0 >= left - TOLERANCE and x1 <= right + TOLERANCE and y0 >= top - slack and y1 <= bottom + slack
                for _, left, top, right, bottom in boxes
            )
            assert inside, f"slide {number}: '{word}' at ({x0:.0f},{y0:.0f})-({x1:.0f},{y1:.0f}) is outside every box"


def office_stock(target: Path) -> Path:
    Presentation().save(str(target))  # python-pptx's default is Office's stock 4:3 template
    return target


def institution_potx(target: Path) -> Path:
    """A 4:3 .potx unlike ours: other layout names, body placeholders renumbered, two sample slides."""
    prs = Presentation()
    renames = {"Title Slide": "Inst Title", "Title and Content": "Inst Body", "Section Header": "Inst Divider"}
    for layout in prs.slide_layouts:
        if layout.name in renames:
            layout._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}cSld").set(
                "name", renames[layout.name]
            )
            for ph in layout._element.iter("{http://schemas.openxmlformats.org/presentationml/2006/main}ph"):
                if ph.get("idx") == "1":
                    ph.set("idx", "13")
    for text in ("SAMPLE SLIDE ONE", "SAMPLE SLIDE TWO"):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = text
    raw = target.with_suffix(".pptx")
    prs.save(str(raw))
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"presentation.main+xml", b"template.main+xml")
            dst.writestr(item, data)
    raw.unlink()
    return target


def test_the_ipt_deck_fits_on_our_template(built: Path, tmp_path: Path) -> None:
    assert_fits(built / "ipt-deck.pptx", tmp_path)


def test_the_ipt_deck_fits_on_offices_stock_template(tmp_path: Path) -> None:
    template = office_stock(tmp_path / "office.pptx")
    assert podium("build", IPT, "--only", "deck", "--template", template, "--out", tmp_path).returncode == 0
    deck = Presentation(str(tmp_path / "ipt-deck.pptx"))
    assert (deck.slide_width, deck.slide_height) == (Emu(9144000), Emu(6858000))
    # Twelve slides, the quotation's, and on this 4:3 slide "Three Phases" and the references continue.
    assert len(deck.slides) == 15
    assert_fits(tmp_path / "ipt-deck.pptx", tmp_path)


def test_an_institutions_potx_with_its_own_names_and_numbers(tmp_path: Path) -> None:
    institution_potx(tmp_path / "inst.potx")
    text = IPT.read_text(encoding="utf-8")
    source = tmp_path / "ipt.yaml"
    mapping = (
        "template:\n  file: inst.potx\n  layouts:\n    title: Inst Title\n    content: Inst Body\n"
        "    references: Inst Body\n\n"
    )
    source.write_text(mapping + text, encoding="utf-8")
    result = podium("build", source, "--only", "deck", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    deck = Presentation(str(tmp_path / "ipt-deck.pptx"))
    assert len(deck.slides) == 15  # Office's 4:3 layouts renamed: as on the stock template above
    all_text = " ".join(shape.text_frame.text for s in deck.slides for shape in s.shapes if shape.has_text_frame)
    assert "SAMPLE SLIDE" not in all_text
    assert [s.slide_layout.name for s in deck.slides][:2] == ["Inst Title", "Inst Body"]
    assert deck.slides[2].placeholders[13].text_frame.text.startswith("The field of psychiatry")  # the quotation
    assert deck.slides[3].placeholders[13].text_frame.text.startswith("Dynamically informed")
    assert_fits(tmp_path / "ipt-deck.pptx", tmp_path)


def test_layouts_with_other_names_are_found_by_their_type(tmp_path: Path) -> None:
    # No mapping: "Inst Title" says type="title" and "Inst Body" type="obj", as every Office layout does.
    institution_potx(tmp_path / "inst.potx")
    result = podium("build", IPT, "--only", "deck", "--template", tmp_path / "inst.potx", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    deck = Presentation(str(tmp_path / "ipt-deck.pptx"))
    assert [s.slide_layout.name for s in deck.slides][:3] == ["Inst Title", "Inst Body", "Inst Body"]


def test_the_stress_deck_fits(tmp_path: Path) -> None:
    assert podium("build", FIXTURES / "stress" / "stress.yaml", "--only", "deck", "--out", tmp_path).returncode == 0
    deck = tmp_path / "stress-deck.pptx"
    titles = [s.shapes.title.text_frame.text for s in Presentation(str(deck)).slides]
    assert "Twenty Bullets (cont.)" in titles
    assert "References (cont. 4)" in titles  # 30 references continue over five slides
    assert len(set(titles)) == len(titles)
    assert_fits(deck, tmp_path)


def test_the_template_is_reproducible(tmp_path: Path) -> None:
    from render.deck.make_template import build
    from render.deck.template import TEMPLATE

    assert build() == TEMPLATE.read_bytes(), "templates/podium.pptx is stale: run python -m render.deck.make_template"


def test_inspect_template_lists_layouts_and_placeholders(tmp_path: Path) -> None:
    result = podium("inspect-template", institution_potx(tmp_path / "inst.potx"))
    assert result.returncode == 0
    assert "'Inst Body' (obj)" in result.stdout
    assert re.search(r"idx 13\s+OBJECT", result.stdout)
    assert re.search(r"title\s+<- 'Inst Title' \(its type is title\)", result.stdout)
    assert re.search(r"content\s+<- 'Inst Body' \(its type is obj\)", result.stdout)


def _theme_colours(deck: Path) -> dict[str, str]:
    with zipfile.ZipFile(deck) as z:
        theme = etree.fromstring(z.read("ppt/theme/theme1.xml"))
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    scheme = theme.find(".//a:clrScheme", ns)
    out = {}
    for slot in scheme:
        colour = slot[0]
        out[etree.QName(slot).localname] = colour.get("lastClr") or colour.get("val")
    return out


def _contrast(a: str, b: str) -> float:
    def lum(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_theme_text_colours_have_4_5_to_1_contrast(built: Path) -> None:
    colours = _theme_colours(built / "ipt-deck.pptx")
    for text in ("dk1", "dk2", "accent1", "hlink"):
        assert _contrast(colours[text], colours["lt1"]) >= 4.5, text
