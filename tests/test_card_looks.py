"""The cards (handout and slides PDF) look like the deck: each placeholder's alignment, weight,
slant, colour, bullet marker and anchoring come from the template's own style chain, as
PowerPoint and LibreOffice take them.

Expectations are read straight from the templates' XML with lxml (not through podium's reader),
or derived by hand, and the slow tests hold the cards against LibreOffice's rendering of the deck
(pdftotext's positions, the pixels' colours, the fonts pypdf finds under each word).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import make_templates as made
import pytest
from conftest import IPT, ROOT, podium
from helpers import bboxes, page_png
from lxml import etree
from PIL import Image
from pypdf import PdfReader

from render.deck.plan import plan_deck
from render.deck.template import read
from render.pdf.handout import HandoutSlide, Region, slides
from render.source.load import parse
from render.source.resolved import resolve

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice and poppler-utils are needed (.ci/run installs them)",
)


def cards(template: Path) -> list[HandoutSlide]:
    """The IPT talk's cards on a template, planned in-process (no build)."""
    source = parse(IPT.read_text(encoding="utf-8"), str(IPT), IPT.parent)
    resolved = resolve(source)
    found = read(template)
    return slides(source, resolved, plan_deck(source, found, [], resolved), found)


def region(slide: HandoutSlide, kind: str, card: int = 0) -> Region:
    return next(r for row in slide.cards[card].rows for _, r in row.regions if r.kind == kind)


def theme_colour(template: Path, slot: str) -> str:
    with zipfile.ZipFile(template) as z:
        theme = etree.fromstring(z.read("ppt/theme/theme1.xml"))
    return "#" + theme.find(f".//{A}clrScheme/{A}{slot}")[0].get("val").lower()


def test_a_centred_template_centres_the_cards_titles_and_greys_the_subtitle(tmp_path: Path) -> None:
    template = made.make(tmp_path / "centred.pptx", centred=True)
    drawn = {s.id: s for s in cards(template)}
    title, subtitle = region(drawn["title"], "title"), region(drawn["title"], "text")
    assert title.levels[0].align == "center"
    # The affiliation is the subtitle's second level; tx1 (black) tinted 75 % in linear light:
    # 1 - 0.75 = 0.25 of full light, 0.537 in sRGB, 137 = 0x89.
    assert subtitle.paras[-1].level == 1
    assert (subtitle.levels[1].align, subtitle.levels[1].colour) == ("center", "#898989")
    body = drawn["features"]  # bullets and a sub-bullet
    assert region(body, "title").levels[0].align == "center"  # the master's title style
    text = region(body, "text")
    assert (text.levels[0].align, text.levels[0].marker) == ("left", "•")
    assert text.levels[0].marker_colour == theme_colour(template, "accent1")
    assert text.levels[1].marker_colour == theme_colour(template, "accent2")


def test_our_template_sets_the_attribution_in_italics_and_anchors_as_its_layouts_say() -> None:
    template = ROOT / "templates" / "podium.pptx"
    with zipfile.ZipFile(template) as z:
        master = etree.fromstring(z.read("ppt/slideMasters/slideMaster1.xml"))
        quote = next(
            x
            for name in z.namelist()
            if name.startswith("ppt/slideLayouts/slideLayout") and name.endswith(".xml")
            for x in [etree.fromstring(z.read(name))]
            if x.find(f"{P}cSld").get("name") == "Quote"
        )
    title_anchor = next(
        sp.find(f"{P}txBody/{A}bodyPr").get("anchor")
        for sp in master.iter(f"{P}sp")
        if sp.find(f".//{P}ph").get("type") == "title"
    )
    level1 = quote.find(f".//{A}lstStyle/{A}lvl1pPr/{A}defRPr")
    assert (title_anchor, level1.get("i")) == ("b", "1")  # what the template says, read with lxml
    drawn = {s.id: s for s in cards(template)}
    said = region(drawn["origins"], "text", card=1)  # "Where IPT Comes From (cont.)": the quotation
    attribution = said.paras[-1]
    assert "".join(r.text for r in attribution.runs).startswith("— Harry Stack Sullivan")
    assert not any(r.italic for r in attribution.runs)  # upright in the source: the layout slants it
    assert attribution.level == 0 and said.levels[0].slant == "italic"
    assert said.anchor == "middle"
    assert {region(s, "title").anchor for s in drawn.values()} == {"bottom"}


def _lines(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(text, centre x, top y, left x, right x) of each line on a page, as shares of the page, read by pdftotext."""
    html = bboxes(pdf, page, layout=True)
    width, height = (float(v) for v in re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html).groups())
    out = []
    for attrs, body in re.findall(r"<line (.*?)>(.*?)</line>", html, re.S):
        x0, y0, x1 = (float(re.search(f'{k}="([\\d.]+)"', attrs).group(1)) for k in ("xMin", "yMin", "xMax"))
        text = " ".join(re.findall(r">([^<]+)</word>", body))
        out.append((text, (x0 + x1) / 2 / width, y0 / height, x0 / width, x1 / width))
    return out


def _ink(pdf: Path, page: int, line: tuple[str, float, float, float, float], folder: Path) -> tuple[int, int, int]:
    """The darkest colour among a line's glyphs (its box as pdftotext gives it, shares of the page)."""
    with Image.open(page_png(pdf, page, 100, folder / f"{pdf.stem}-{page}")) as image:
        rgb = image.convert("RGB")
        y0, x0, x1 = int(line[2] * rgb.height), int(line[3] * rgb.width), int(line[4] * rgb.width)
        band = [rgb.getpixel((x, y)) for x in range(x0, x1) for y in range(y0, min(y0 + 20, rgb.height))]
    return min(band, key=sum)


@pytest.mark.slow
@needs_libreoffice
def test_the_cards_centre_and_grey_what_libreoffice_centres_and_greys(tmp_path: Path) -> None:
    from helpers import libreoffice_pdf

    template = made.make(tmp_path / "centred.pptx", centred=True)
    result = podium("build", IPT, "--only", "deck", "--only", "handout", "--template", template, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    theirs = libreoffice_pdf(tmp_path / "ipt-deck.pptx", tmp_path)
    ours = tmp_path / "ipt-slides.pdf"
    for page, first in ((1, "The Geezer"), (1, "The University of Iowa"), (2, "Where IPT Comes From")):
        office = next(line for line in _lines(theirs, page) if line[0].startswith(first))
        card = next(line for line in _lines(ours, page) if line[0].startswith(first))
        assert card[1] == pytest.approx(0.5, abs=0.02) and office[1] == pytest.approx(0.5, abs=0.02), (first, card)
        if first == "The University of Iowa":  # the grey LibreOffice draws, within a print's tolerance
            grey = [_ink(pdf, 1, line, tmp_path) for pdf, line in ((theirs, office), (ours, card))]
            assert all(abs(a - b) <= 12 for a, b in zip(*grey, strict=True)), grey
            assert all(120 <= c <= 150 for c in grey[1]), grey  # #898989 is 137


def _italic_words(pdf: Path, page: int) -> set[str]:
    """The words pypdf finds set in an italic font on a page (its font resource's name says so)."""
    found: set[str] = set()
    reader_page = PdfReader(str(pdf)).pages[page - 1]

    def keep(text: str, cm: object, tm: object, font: object, size: object) -> None:
        base = str(font.get("/BaseFont", "")) if font else ""
        if "Italic" in base:
            found.update(text.split())

    reader_page.extract_text(visitor_text=keep)
    return found


@pytest.mark.slow
@needs_libreoffice
def test_the_quotations_attribution_is_italic_in_the_cards_as_libreoffice_draws_it(built: Path, rendered: Path) -> None:
    office, card = _italic_words(rendered, 3), _italic_words(built / "ipt-slides.pdf", 3)
    assert {"Harry", "Sullivan,", "Psychiatry"} <= office  # LibreOffice slants it, from the layout's style
    assert {"Harry", "Sullivan,", "Psychiatry"} <= card


def test_a_rounded_rectangle_keeps_its_corners_in_the_cards() -> None:
    # NYU Shanghai's title slide draws its title on a rounded grey panel; its prstGeom names no
    # guide, so ECMA-376's default adj (16667) holds: a sixth of the shorter side, by hand.
    from render.deck.artwork import _radius

    plain = etree.fromstring(f'<a:prstGeom xmlns:a="{A[1:-1]}" prst="roundRect"><a:avLst/></a:prstGeom>')
    assert _radius(plain, (0, 0, 6_000_000, 1_200_000)) == 200_004
    half = etree.fromstring(
        f'<a:prstGeom xmlns:a="{A[1:-1]}" prst="roundRect"><a:avLst><a:gd name="adj" fmla="val 50000"/></a:avLst>'
        "</a:prstGeom>"
    )
    assert _radius(half, (0, 0, 6_000_000, 1_200_000)) == 600_000


def _ink_top(pdf: Path, page: int, word: str, folder: Path) -> float:
    """The top of a word's glyphs, in points from the page's top: pdftotext says where the word
    is, the pixels (poppler at 144 dpi) where its ink begins (each producer's word box differs)."""
    html = bboxes(pdf, page)
    box = next(
        tuple(float(v) for v in m[:4])
        for m in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', html)
        if m[4] == word
    )
    with Image.open(page_png(pdf, page, 144, folder / f"{pdf.stem}-ink-{page}")) as image:
        grey = image.convert("L")
        x0, y0, x1, y1 = (round(v * 2) for v in (box[0], box[1] - 6, box[2], box[3] + 6))
        rows = [y for y in range(y0, y1) if any(grey.getpixel((x, y)) < 128 for x in range(x0, x1))]
    return rows[0] / 2


@pytest.mark.slow
@needs_libreoffice
@pytest.mark.parametrize(("page", "title", "first"), [(2, "Comes", "Developed"), (5, "Evidence", "empirically")])
def test_the_cards_text_starts_where_libreoffice_starts_it(
    built: Path, rendered: Path, tmp_path: Path, page: int, title: str, first: str
) -> None:
    # The cards had set the first bullet 2.9 pt below LibreOffice's (a space before that neither
    # PowerPoint nor LibreOffice gives a box's first paragraph, less CSS's higher baseline) and
    # titles 5 pt above it (CSS's baseline, over Carlito's hhea ascent, not its Windows ascent).
    ours = built / "ipt-slides.pdf"
    for word, within in ((title, 2.0), (first, 1.0)):
        office, card = _ink_top(rendered, page, word, tmp_path), _ink_top(ours, page, word, tmp_path)
        assert card == pytest.approx(office, abs=within), (word, card, office)
