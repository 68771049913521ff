"""Any institution's template as it is: layouts found by type, any font, spacing in points, dark
backgrounds and logos in the PDFs, title slides that always fit, 4:3.

The templates are made by tests/make_templates.py with the traits of 23 real templates collected
from public repositories (which are not ours to commit). Expectations come from those traits as
written there, from python-pptx's and pypdf's reading of the outputs, from fontTools, and from
LibreOffice's rendering of the deck (slow tests).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from html import unescape
from pathlib import Path

import make_templates as made
import pytest
from conftest import IPT, podium
from helpers import page_png
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

STRESS = Path(__file__).parent / "fixtures" / "stress" / "stress.yaml"
needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils are needed")
needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler-utils are needed (.ci/run installs them)",
)


def _system_has(font: str) -> bool:
    if shutil.which("fc-match") is None:
        return False
    family = subprocess.run(["fc-match", "-f", "%{family}", font], capture_output=True, text=True).stdout
    return font.lower() in family.lower().split(",")


def _colour_at(pdf: Path, page: int, x: float, y: float, work: Path) -> tuple[int, int, int]:
    """The colour at (x, y), as fractions of the page, of `page` rendered by poppler."""
    with Image.open(page_png(pdf, page, 30, work / f"{pdf.stem}-{page}")) as image:
        rgb = image.convert("RGB")
        return rgb.getpixel((int(x * (rgb.width - 1)), int(y * (rgb.height - 1))))


def _near(a: tuple[int, ...], hex_colour: str, within: int = 24) -> bool:
    b = tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return all(abs(p - q) <= within for p, q in zip(a, b, strict=True))


def test_portuguese_layouts_are_found_by_type_and_an_empty_title_slide_is_passed_over(tmp_path: Path) -> None:
    template = made.make(tmp_path / "pt.pptx", portuguese=True, empty_title=True)
    shown = podium("inspect-template", template)
    assert shown.returncode == 0, shown.stderr
    assert re.search(r"title\s+<- 'Slide de Título' \(its type is title\)", shown.stdout)
    assert "passed over 'Title Slide' (no title placeholder)" in shown.stdout
    result = podium("build", IPT, "--only", "deck", "--template", template, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    layouts = [s.slide_layout.name for s in Presentation(str(tmp_path / "ipt-deck.pptx")).slides]
    assert layouts[0] == "Slide de Título"
    assert "Title Slide" not in layouts
    assert layouts.count("Título e Conteúdo") >= 5


def test_a_mapping_to_a_layout_without_placeholders_is_refused_saying_what_to_write(tmp_path: Path) -> None:
    made.make(tmp_path / "pt.pptx", portuguese=True, empty_title=True)
    source = tmp_path / "ipt.yaml"
    source.write_text(
        "template:\n  file: pt.pptx\n  layouts:\n    title: Title Slide\n\n" + IPT.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    result = podium("build", source, "--only", "deck", "--out", tmp_path / "out")
    assert result.returncode == 2
    assert "`layouts: title: Title Slide` names a layout with no title placeholder" in result.stderr
    assert "e.g. `title: Slide de Título`" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_a_template_without_layouts_says_so(tmp_path: Path) -> None:
    from pptx import Presentation as Open

    prs = Open()
    master = prs.slide_masters[0]
    for layout in list(master.slide_layouts):
        master.slide_layouts.remove(layout)
    prs.save(str(tmp_path / "bare.pptx"))
    result = podium("build", IPT, "--only", "deck", "--template", tmp_path / "bare.pptx", "--out", tmp_path / "o")
    assert result.returncode == 2
    assert "has no slide layouts at all" in result.stderr and "Traceback" not in result.stderr
    shown = podium("inspect-template", tmp_path / "bare.pptx")
    assert "it has no slide layouts at all" in shown.stdout
    assert "Its layouts are: ." not in shown.stdout + result.stderr


def test_a_verdana_theme_builds_every_output_and_warns_once_how_to_add_the_font(tmp_path: Path) -> None:
    template = made.make(tmp_path / "verdana.pptx", font="Verdana")
    result = podium("build", IPT, "--template", template, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    for name in ("deck.pptx", "handout.pdf", "slides.pdf"):
        assert (tmp_path / f"ipt-{name}").exists()
    summary = [line for line in result.stdout.splitlines() if line.startswith("font Verdana: ")]
    assert len(summary) == 1
    if _system_has("Verdana"):
        assert "(system)" in summary[0]
        return
    assert summary[0] == "font Verdana: templates/fonts/DejaVuSans-Regular.ttf (stand-in)"
    warned = [line for line in result.stderr.splitlines() if "'Verdana'" in line]
    assert len(warned) == 1
    assert "DejaVu Sans" in warned[0] and "fonts/" in warned[0] and "install it" in warned[0]
    # The handout and slides PDF draw with the same face the deck was measured with.
    for pdf in ("ipt-handout.pdf", "ipt-slides.pdf"):
        fonts = {
            str(f.get_object()["/BaseFont"])
            for page in PdfReader(str(tmp_path / pdf)).pages
            for f in (page["/Resources"].get("/Font") or {}).values()
        }
        assert any("DejaVuSans" in f for f in fonts), fonts


def _win_height(path: Path) -> float:
    from fontTools.ttLib import TTFont

    with TTFont(str(path)) as ttf:
        return (ttf["OS/2"].usWinAscent + ttf["OS/2"].usWinDescent) / ttf["head"].unitsPerEm


@pytest.mark.parametrize(
    ("name", "face", "widen"),
    [("Verdana", "DejaVuSans", 1.0), ("Tahoma", "DejaVuSans", 1.0), ("Rockwell", "DejaVuSans", 1.05),
     ("Malgun Gothic", "DejaVuSans", 1.05), ("Georgia", "DejaVuSerif", 1.05)],
)  # fmt: skip
def test_an_absent_font_is_measured_with_the_face_drawn_in_its_place(name: str, face: str, widen: float) -> None:
    # Plan-level: the fitter's widths and line height come from the very file the PDFs embed, not
    # from another face's (Liberation Sans' lines are 4% shorter than DejaVu Sans', its text 14% narrower).
    from PIL import ImageFont

    from render.deck import fonts
    from render.deck.fit import count_lines, line_height

    font = fonts.resolve(name)
    if font.origin == "system":
        pytest.skip(f"{name} is installed here")
    drawn = made.ROOT / "templates" / "fonts" / f"{face}-Regular.ttf"
    assert (font.family, font.file("Regular"), font.widen) == (face, drawn, widen)
    assert line_height(font) == pytest.approx(_win_height(drawn))
    # A line of text exactly as wide as DejaVu draws it, read with Pillow's own layout, fits on one
    # line only when the font is not measured wider than it is drawn.
    text = "Interpersonal psychotherapy"
    width = ImageFont.truetype(str(drawn), 1000).getlength(text) / 1000 * 20
    from render.source.text import Run

    assert count_lines((Run(text),), 20, width * widen / 0.94 + 0.5, font) == 1
    assert count_lines((Run(text),), 20, width * widen / 0.94 - 2, font) == 2


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig's fc-match is needed")
@pytest.mark.parametrize("name", ["Verdana", "Tahoma"])
def test_the_stand_in_is_what_this_systems_renderers_draw_in_the_fonts_place(name: str) -> None:
    # LibreOffice asks fontconfig for a font it lacks; the deck is measured with the face it gets.
    if _system_has(name):
        pytest.skip(f"{name} is installed here")
    drawn = subprocess.run(["fc-match", "-f", "%{family}", name], capture_output=True, text=True).stdout
    if "DejaVu Sans" not in drawn.split(","):
        pytest.skip(f"fontconfig here draws {name} as {drawn}")
    from render.deck import fonts

    assert fonts.resolve(name).family == "DejaVuSans"


def test_the_talks_own_font_folder_comes_first(tmp_path: Path) -> None:
    template = made.make(tmp_path / "serif.pptx", font="Liberation Serif")
    source = tmp_path / "ipt.yaml"
    shutil.copy(IPT, source)
    fonts = tmp_path / "ipt" / "fonts"
    fonts.mkdir(parents=True)
    shipped = Path(made.ROOT) / "templates" / "fonts"
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        shutil.copy(shipped / f"LiberationSerif-{style}.ttf", fonts / f"mine-{style}.ttf")
    result = podium("build", source, "--only", "handout", "--template", template, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert f"font Liberation Serif: {fonts / 'mine-Regular.ttf'} (talk folder)" in result.stdout
    assert "warning" not in result.stderr


def test_spacing_in_points_is_measured() -> None:
    import tempfile

    from fontTools.ttLib import TTFont

    from render.deck import fonts
    from render.deck.fit import Para, Spacing, Style, height
    from render.deck.template import read
    from render.source.text import Run

    with tempfile.TemporaryDirectory() as folder:
        template = read(made.make(Path(folder) / "points.pptx", points=True))
    box = template.layouts["content"].texts[0]
    assert (box.spacing[0].before_pt, box.spacing[0].after_pt) == (made.SPACE_BEFORE_PT, made.SPACE_AFTER_PT)
    carlito = fonts.resolve("Calibri")
    ttf = TTFont(str(made.ROOT / "templates" / "fonts" / "Carlito-Regular.ttf"))
    em = (ttf["OS/2"].usWinAscent + ttf["OS/2"].usWinDescent) / ttf["head"].unitsPerEm
    style = Style((0.0,), 0.0, 1.0, (Spacing(before_pt=14, after_pt=6), Spacing(before=0.5, line_pt=30)))
    paras = [Para((Run("One"),)), Para((Run("Two"),)), Para((Run("Sub"),), level=1)]
    # Two one-line bullets at 20 pt (14 before, 6 after each) and a sub-bullet at 10 pt: half its
    # size before it and an exact 30 pt line.
    expected = 2 * (14 + 6 + 20 * em) + (5 + 30)
    assert height(paras, {0: 20, 1: 10}, 500, style, carlito) == pytest.approx(expected)


def test_a_title_slide_always_fits(tmp_path: Path) -> None:
    text = IPT.read_text(encoding="utf-8")
    long_lines = (
        "  presenter:\n    name: Alexandra Catherine Montgomery-Rutherford\n"
        "    credentials: MD, PhD, MPH, FRCPC, DFAPA\n"
        "    affiliation: Department of Psychiatry and Behavioral Sciences, Carver College of Medicine, "
        "The University of Iowa Hospitals and Clinics\n"
        "  event: Department of Psychiatry Grand Rounds and Continuing Medical Education Series, Spring Term\n"
    )
    text = re.sub(r"  presenter:\n(    .*\n)+", long_lines, text, count=1)
    source = tmp_path / "ipt.yaml"
    source.write_text(text, encoding="utf-8")
    template = made.make(tmp_path / "43.pptx", four_three=True)
    result = podium("build", source, "--only", "deck", "--template", template, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    first = Presentation(str(tmp_path / "ipt-deck.pptx")).slides[0]
    body = next(s for s in first.placeholders if s.placeholder_format.idx != 0)
    sizes = {r.font.size.pt for p in body.text_frame.paragraphs for r in p.runs}
    assert "Montgomery-Rutherford" in body.text_frame.text
    assert min(sizes) >= 12


def test_what_the_pdfs_cannot_draw_is_named_in_one_warning(tmp_path: Path) -> None:
    template = made.make(tmp_path / "motto.pptx", motto=True, logo=True)
    result = podium("build", IPT, "--only", "deck", "--template", template, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "cannot draw" in line]
    assert len(warned) == 1
    assert "'Institution motto'" in warned[0] and "Logo" not in warned[0]  # the logo is drawn


@needs_poppler
def test_dark_background_and_logo_are_drawn_in_the_slides_pdf_one_page_a_slide(tmp_path: Path) -> None:
    template = made.make(tmp_path / "all.pptx", **made.ALL)
    result = podium("build", IPT, "--only", "handout", "--template", template, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "ipt-slides.pdf"
    pages = len(PdfReader(str(pdf)).pages)
    built = podium("build", IPT, "--only", "deck", "--template", template, "--out", tmp_path / "deck")
    assert built.returncode == 0, built.stderr
    slides = len(Presentation(str(tmp_path / "deck" / "ipt-deck.pptx")).slides)
    assert pages == slides
    x, y, w, h = made.LOGO_BOX
    logo = "".join(f"{c:02x}" for c in made.LOGO)
    for page in (1, 3):
        assert _near(_colour_at(pdf, page, 0.01, 0.5, tmp_path), made.DARK)
        centre = _colour_at(pdf, page, (x + w / 2) / 12192000, (y + h / 2) / 6858000, tmp_path)
        # podium's title layout hides the master's artwork (showMasterSp="0"), as the deck does.
        assert _near(centre, logo) == (page != 1), (page, centre)


@needs_poppler
def test_a_freeform_on_the_master_is_drawn_in_the_slides_pdf(tmp_path: Path) -> None:
    # Seen on a real template (hkust): curved arrows drawn as freeforms were left out of the cards.
    template = made.make(tmp_path / "freeform.pptx", freeform=True)
    result = podium("build", IPT, "--only", "handout", "--template", template, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Freeform" not in result.stdout + result.stderr  # drawn, so not among what cannot be drawn
    pdf = tmp_path / "ipt-slides.pdf"
    x, y, w, h = made.FREEFORM_BOX
    inside = _colour_at(pdf, 3, (x + w * 0.2) / 12192000, (y + h * 0.8) / 6858000, tmp_path)
    outside = _colour_at(pdf, 3, (x + w * 0.8) / 12192000, (y + h * 0.2) / 6858000, tmp_path)
    assert _near(inside, made.FREEFORM), inside  # below the triangle's diagonal: filled
    assert not _near(outside, made.FREEFORM), outside  # above it: the slide's own background


def test_placeholders_without_an_index_keep_their_own_place_and_text(tmp_path: Path) -> None:
    # Seen on a real template made by LibreOffice (de-openboat): its layouts' placeholders carry no idx,
    # so all were 0, the title's; both columns of a two-content slide took the title's place and the
    # same text.
    template = made.make(tmp_path / "no-index.pptx", no_index=True)
    result = podium("build", STRESS, "--only", "deck", "--template", template, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    deck = Presentation(str(tmp_path / "stress-deck.pptx"))
    two = next(s for s in deck.slides if s.slide_layout.name == "Two Content")
    boxes = [p for p in two.placeholders if p.placeholder_format.type in (1, 2, 7)]  # title, body, object
    title, left, right = sorted(boxes, key=lambda p: (p.top, p.left))
    assert title.text_frame.text == "Two Columns"
    assert left.text_frame.text.startswith("Left one") and right.text_frame.text.startswith("Right one")
    assert title.top + title.height <= left.top and left.left + left.width <= right.left  # python-pptx's reading


def test_a_slide_number_too_tall_for_its_box_at_the_slides_foot_stays_on_its_slide(tmp_path: Path) -> None:
    # Seen on a real template (fr-modele): the number's line ran a few points past the slide's bottom
    # edge, and every card was followed by a page holding only its number (27 pages for 14 slides).
    template = made.make(tmp_path / "number.pptx", tight_number=True)
    result = podium("build", IPT, "--only", "deck", "--only", "handout", "--template", template, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    deck = Presentation(str(tmp_path / "ipt-deck.pptx"))
    numbered = [s for s in deck.slides if any(p.placeholder_format.type == 13 for p in s.placeholders)]
    assert numbered, "the deck shows no slide number: the template did not give the trait"
    pages = PdfReader(str(tmp_path / "ipt-slides.pdf")).pages
    assert len(pages) == len(deck.slides)
    assert str(deck.slides.index(numbered[0]) + 1) in pages[deck.slides.index(numbered[0])].extract_text()


@needs_poppler
def test_a_title_placeholders_own_fill_is_drawn_under_the_title(tmp_path: Path) -> None:
    # Seen on a real template (a grey title band with white titles): the cards had left the band out,
    # so the titles were white on white.
    template = made.make(tmp_path / "band.pptx", title_band=True)
    result = podium("build", IPT, "--only", "handout", "--template", template, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    from pptx import Presentation as Open

    title = next(p for p in Open(str(template)).slide_master.placeholders if p.placeholder_format.idx == 0)
    x, y = (title.left + title.width * 0.98) / 12192000, (title.top + title.height * 0.5) / 6858000
    pdf = tmp_path / "ipt-slides.pdf"
    assert _near(_colour_at(pdf, 3, x, y, tmp_path), made.BAND)  # a content slide, at the band's right end


@needs_poppler
def test_a_group_and_a_theme_picture_background_are_drawn_in_the_slides_pdf(tmp_path: Path) -> None:
    template = made.make(tmp_path / "art.pptx", group=True, theme_picture=True)
    result = podium("build", IPT, "--only", "handout", "--template", template, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "cannot draw" not in result.stderr  # the group's shapes are drawn, so nothing is left out
    pdf = tmp_path / "ipt-slides.pdf"
    top, bottom, paper = ("".join(f"{c:02x}" for c in rgb) for rgb in (made.GROUP_TOP, made.GROUP_BOTTOM, made.PAPER))
    x, y, w, h = made.GROUP_BOX
    centre = (x + w / 2) / 12192000
    # The group writes its rectangles at twice their drawn size: each takes half the group's box.
    assert _near(_colour_at(pdf, 2, centre, (y + h / 4) / 6858000, tmp_path), top)
    assert _near(_colour_at(pdf, 2, centre, (y + 3 * h / 4) / 6858000, tmp_path), bottom)
    # The theme's picture background, where no text and no artwork is.
    assert _near(_colour_at(pdf, 2, 0.02, 0.5, tmp_path), paper)


@pytest.mark.slow
@needs_libreoffice
def test_the_slides_pdf_background_matches_libreoffices_rendering(tmp_path: Path) -> None:
    from helpers import libreoffice_pdf

    template = made.make(tmp_path / "all.pptx", **made.ALL)
    assert podium("build", IPT, "--only", "deck", "--template", template, "--out", tmp_path).returncode == 0
    assert podium("build", IPT, "--only", "handout", "--template", template, "--out", tmp_path).returncode == 0
    theirs = libreoffice_pdf(tmp_path / "ipt-deck.pptx", tmp_path)
    ours = tmp_path / "ipt-slides.pdf"
    assert len(PdfReader(str(theirs)).pages) == len(PdfReader(str(ours)).pages)
    for page in (1, 2, 5):
        for x, y in ((0.01, 0.5), (0.5, 0.98)):
            a, b = _colour_at(theirs, page, x, y, tmp_path), _colour_at(ours, page, x, y, tmp_path)
            assert all(abs(p - q) <= 24 for p, q in zip(a, b, strict=True)), (page, x, y, a, b)


def _whole_words(deck: Path) -> list[tuple[set[str], list[tuple[float, float, float, float]]]]:
    """Per slide: the words of its title and footers (lower case: a layout may set capitals) and
    their boxes in points; body text may break a word longer than its line, titles and footers never."""
    from pptx.enum.shapes import PP_PLACEHOLDER
    from pptx.util import Emu

    kinds = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.DATE}
    out = []
    for slide in Presentation(str(deck)).slides:
        shapes = [s for s in slide.placeholders if s.placeholder_format.type in kinds]
        text = " ".join(s.text_frame.text for s in shapes)
        boxes = [(Emu(s.left).pt, Emu(s.top).pt, Emu(s.left + s.width).pt, Emu(s.top + s.height).pt) for s in shapes]
        out.append(({w.lower() for w in re.findall(r"[^\W\d_]+", text)}, boxes))
    return out


@pytest.mark.slow
@needs_libreoffice
@pytest.mark.parametrize(
    "source",
    [
        IPT,
        STRESS,
    ],
    ids=["ipt", "stress"],
)
def test_on_a_4_3_template_with_every_trait_nothing_overflows_and_no_word_breaks(source: Path, tmp_path: Path) -> None:
    from test_deck_fit import OVERHANG, TOLERANCE, render_words, shape_boxes

    template = made.make(tmp_path / "all-43.pptx", **made.ALL, four_three=True)
    result = podium("build", source, "--only", "deck", "--template", template, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    deck = next(tmp_path.glob("*-deck.pptx"))
    pages, boxes, words = render_words(deck, tmp_path), shape_boxes(deck), _whole_words(deck)
    assert len(pages) == len(boxes), f"{len(pages)} PDF pages for {len(boxes)} slides"
    for number, page in enumerate(pages, start=1):
        for word, x0, y0, x1, y1 in page:
            slack = OVERHANG * (y1 - y0) + TOLERANCE
            assert any(
                x0 >= left - TOLERANCE and x1 <= right + TOLERANCE and y0 >= top - slack and y1 <= bottom + slack
                for _, left, top, right, bottom in boxes[number - 1]
            ), f"slide {number}: '{word}' is outside every box"
            whole, places = words[number - 1]
            centre = ((x0 + x1) / 2, (y0 + y1) / 2)
            if not any(a <= centre[0] <= c and b <= centre[1] <= d for a, b, c, d in places):
                continue  # body text
            for piece in re.findall(r"[^\W\d_]+", unescape(word)):
                assert piece.lower() in whole, f"slide {number}: '{piece}' is part of a broken word"


def test_a_table_row_of_more_lines_is_planned_taller_than_a_row_of_one() -> None:
    # Seen on LibreOffice's rendering: python-pptx shares a table's height evenly between its rows,
    # a row of two lines grew past its share and pushed the last row out of the table's box.
    from render.deck.fit import line_height
    from render.deck.plan import plan_deck
    from render.deck.template import read
    from render.source.load import parse
    from render.source.resolved import resolve

    long = "A measure whose name is long enough to take more than one line of its column at any size"
    text = (
        "talk:\n  title: Rows\nslides:\n  - id: t\n    layout: table\n    title: A Table\n    table:\n"
        f"      header: [Measure, Before, After]\n      rows:\n        - [{long}, '24', '12']\n"
        "        - [Sleep hours, '5', '7']\n"
    )
    source = parse(text, "rows.yaml")
    template = read()
    table = next(p.table for p in plan_deck(source, template, [], resolve(source)) if p.table)
    header, wrapped, single = table.heights
    pitch = table.size * line_height(template.body) * 12700  # one line, in EMU
    assert header == single  # one line each
    more = round((wrapped - single) / pitch)
    assert more >= 1 and abs(wrapped - single - more * pitch) <= 2  # whole lines more, to rounding
    assert sum(table.heights) == table.box[3]


def test_a_font_the_masters_styles_name_is_measured_rather_than_the_themes(tmp_path: Path) -> None:
    # A real template: a Calibri theme whose master sets titles and every text level in Roboto,
    # which PowerPoint draws; measured as Calibri, the titles ran out of their boxes.
    from lxml import etree

    from render.deck.template import inspect, read

    template = made.make(tmp_path / "roboto.pptx", master_font="Roboto")
    with zipfile.ZipFile(template) as z:
        theme = etree.fromstring(z.read("ppt/theme/theme1.xml"))
    assert {e.get("typeface") for e in theme.iter(f"{made.A}latin") if e.getparent().tag.endswith("Font")} == {
        "Calibri"
    }  # the theme still says Calibri
    read_back = read(template)
    assert (read_back.font, read_back.heading_font) == ("Roboto", "Roboto")
    assert read_back.body.name == read_back.heading.name == "Roboto"
    assert inspect(template).splitlines()[0].endswith("font Roboto")


def test_a_title_only_layout_with_its_title_mid_slide_is_passed_over_for_tables(tmp_path: Path) -> None:
    # A real template's "Title Only" sets its title in the middle of the slide: the 30% below it
    # held no table at 18 pt and the build stopped. Its content layout serves instead.
    from render.deck.template import choose, open_presentation, read

    template = made.make(tmp_path / "low.pptx", low_title=True)
    chosen = choose(open_presentation(template))
    assert chosen["table"].key == chosen["content"].key
    assert "'Title Only' (its title leaves only 30% of the slide's height below it" in " ".join(chosen["table"].passed)
    assert read(template).layouts["table"].name == "Title and Content"
    # Where it leaves room, it still serves: podium's own template.
    assert choose(open_presentation(made.PODIUM))["table"].key == "Title Only"


def test_a_strip_across_the_columns_is_not_taken_for_a_column() -> None:
    # A real template puts a one-line kicker under the title of every layout: its two-content and
    # comparison slides set one column in the kicker and stopped ("one item is too long to fit its column").
    import tempfile

    from render.deck.template import read

    with tempfile.TemporaryDirectory() as folder:
        template = read(made.make(Path(folder) / "strip.pptx", strip=True))
    texts = template.layouts["two-content"].texts
    assert len(texts) == 3
    left, right, kicker = texts
    assert (kicker.top, kicker.height_emu) == (made.STRIP_TOP, made.STRIP_HEIGHT)
    assert left.left < right.left and min(left.height_emu, right.height_emu) > 5 * made.STRIP_HEIGHT


def test_lines_are_measured_at_the_taller_of_powerpoints_and_libreoffices_line_height() -> None:
    # PowerPoint spaces lines by the Windows metrics, LibreOffice by hhea: Liberation Sans' hhea lines
    # are 3% taller, and a full box of Arial text (a real template's master sets Arial) ran below it.
    from fontTools.ttLib import TTFont

    from render.deck import fonts
    from render.deck.fit import line_height

    for name, file in (("Arial", "LiberationSans-Regular.ttf"), ("Calibri", "Carlito-Regular.ttf")):
        font = fonts.resolve(name)
        if font.origin == "system":
            continue
        with TTFont(str(made.ROOT / "templates" / "fonts" / file)) as ttf:
            em = ttf["head"].unitsPerEm
            windows = (ttf["OS/2"].usWinAscent + ttf["OS/2"].usWinDescent) / em
            hhea = (ttf["hhea"].ascent - ttf["hhea"].descent + ttf["hhea"].lineGap) / em
        assert line_height(font) == pytest.approx(max(windows, hhea))
    assert line_height(fonts.resolve("Arial")) > 1.14  # Liberation Sans: 1.117 by Windows, 1.150 by hhea
