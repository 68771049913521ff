"""Small decks with the features real decks have, made with python-pptx, for the import tests.

Real decks from public repositories (see the README's fidelity table) cannot be committed; these
have the same properties, and each returns what it holds (`Known`), written here by hand, so a
test can check an import against the generator's own content rather than against the importer.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

TITLE_AND_CONTENT, TITLE_ONLY, BLANK = 1, 5, 6


@dataclass
class Known:
    """What a generated deck holds, per slide, as a reader would list it."""

    titles: list[str] = field(default_factory=list)
    bullets: dict[str, list[str]] = field(default_factory=dict)  # title -> bullet texts (sub-bullets flattened)
    pictures: dict[str, list[tuple[bytes, str]]] = field(default_factory=dict)  # title -> (png bytes, alt)
    tables: dict[str, list[list[str]]] = field(default_factory=dict)
    charts: dict[str, tuple[str, list[str], list[tuple[str, list[float]]]]] = field(default_factory=dict)
    hidden: list[str] = field(default_factory=list)
    labels: dict[str, list[str]] = field(default_factory=dict)  # title -> labels inside a group
    subtitles: dict[str, list[str]] = field(default_factory=dict)  # title -> the subtitle's lines


def png(colour: tuple[int, int, int], size: tuple[int, int] = (60, 40)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def _picture(slide: object, data: bytes, alt: str, left: float, top: float, width: float) -> None:
    shape = slide.shapes.add_picture(io.BytesIO(data), Inches(left), Inches(top), Inches(width))  # type: ignore[attr-defined]
    shape._element.nvPicPr.cNvPr.set("descr", alt)  # python-pptx writes "image.png" there otherwise


def _bullets(slide: object, items: list[str | tuple[str, list[str]]]) -> None:
    frame = slide.placeholders[1].text_frame  # type: ignore[attr-defined]
    first = True
    for item in items:
        text, subs = (item, []) if isinstance(item, str) else item
        p = frame.paragraphs[0] if first else frame.add_paragraph()
        p.text, first = text, False
        for sub in subs:
            q = frame.add_paragraph()
            q.text, q.level = sub, 1


def features_deck(path: Path) -> Known:
    """One slide per feature: picture beside text, several pictures, a picture without alt text,
    a table, charts, a hidden slide, a title in a text box, typed bullets, a slide link, a group
    with labels, a long sub-list and a title with line breaks."""
    known = Known()
    prs = Presentation()  # python-pptx's default: Office's layouts, 4:3
    red, green, blue, grey = png((200, 40, 40)), png((40, 160, 60)), png((40, 60, 200)), png((120, 120, 120))

    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_AND_CONTENT])
    slide.shapes.title.text = "Sleep Stages"
    _bullets(slide, ["NREM comes first", "REM follows"])
    _picture(slide, red, "A hypnogram of one night", 6.5, 2, 2.5)
    known.titles.append("Sleep Stages")
    known.bullets["Sleep Stages"] = ["NREM comes first", "REM follows"]
    known.pictures["Sleep Stages"] = [(red, "A hypnogram of one night")]

    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    slide.shapes.title.text = "Three Scans"
    for i, (data, alt) in enumerate(((green, "Scan before"), (blue, "Scan during"), (grey, "Scan after"))):
        _picture(slide, data, alt, 0.5 + 3 * i, 2.5, 2.5)
    known.titles.append("Three Scans")
    known.pictures["Three Scans"] = [(green, "Scan before"), (blue, "Scan during"), (grey, "Scan after")]

    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    slide.shapes.title.text = "An Unlabelled Photo"
    _picture(slide, blue, "", 3, 2, 3)
    known.titles.append("An Unlabelled Photo")
    known.pictures["An Unlabelled Photo"] = [(blue, "")]

    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    slide.shapes.title.text = "Doses"
    cells = [["Drug", "Dose", "Notes"], ["Sertraline", "50 mg", ""], ["Fluoxetine", "20 mg", "morning"]]
    table = slide.shapes.add_table(3, 3, Inches(1), Inches(2), Inches(8), Inches(2)).table
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    known.titles.append("Doses")
    known.tables["Doses"] = cells

    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    slide.shapes.title.text = "Admissions"
    data = CategoryChartData()
    data.categories = ["2021", "2022", "2023"]
    data.add_series("Ward A", (10, 14, 9))
    data.add_series("Ward B", (7, 12.5, 15))
    frame = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(2), Inches(8), Inches(4), data)
    frame._element.nvGraphicFramePr.cNvPr.set("descr", "Ward B overtook Ward A in 2023")
    known.titles.append("Admissions")
    known.charts["Admissions"] = (
        "column",
        ["2021", "2022", "2023"],
        [("Ward A", [10, 14, 9]), ("Ward B", [7, 12.5, 15])],
    )

    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    slide.shapes.title.text = "Referrals"
    data = CategoryChartData()
    data.categories = ["Family doctors", "Emergency"]
    data.add_series("2023", (30, 10))
    slide.shapes.add_chart(XL_CHART_TYPE.PIE, Inches(2), Inches(2), Inches(6), Inches(4), data)
    known.titles.append("Referrals")
    known.charts["Referrals"] = ("pie", ["Family doctors", "Emergency"], [("2023", [30, 10])])

    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_AND_CONTENT])
    slide.shapes.title.text = "Backup Data"
    _bullets(slide, ["Only if someone asks"])
    slide._element.set("show", "0")
    known.titles.append("Backup Data")
    known.bullets["Backup Data"] = ["Only if someone asks"]
    known.hidden.append("Backup Data")

    slide = prs.slides.add_slide(prs.slide_layouts[BLANK])  # no title placeholder: the title is a text box
    box = slide.shapes.add_textbox(Inches(0.5), Inches(0.3), Inches(9), Inches(1))
    box.text_frame.text = "Why Sleep Matters"
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(40)
    body = slide.shapes.add_textbox(Inches(0.5), Inches(2), Inches(9), Inches(3)).text_frame
    body.text = "• Memory consolidation"  # typed bullet characters
    body.add_paragraph().text = "• Mood regulation"
    body.paragraphs[0].runs[0].font.size = Pt(24)
    known.titles.append("Why Sleep Matters")
    known.bullets["Why Sleep Matters"] = ["Memory consolidation", "Mood regulation"]

    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_AND_CONTENT])
    slide.shapes.title.text = "Contents"
    _bullets(slide, ["Go to Sleep Stages", "Read the AASM guide"])
    paragraphs = slide.placeholders[1].text_frame.paragraphs
    run = paragraphs[0].runs[0]
    rid = slide.part.relate_to(
        prs.slides[0].part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide"
    )
    link = etree.SubElement(run._r.get_or_add_rPr(), qn("a:hlinkClick"), action="ppaction://hlinksldjump")
    link.set(qn("r:id"), rid)
    paragraphs[1].runs[0].hyperlink.address = "https://aasm.org"
    known.titles.append("Contents")
    known.bullets["Contents"] = ["Go to Sleep Stages", "Read the AASM guide"]

    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    slide.shapes.title.text = "A Diagram"
    shapes = [
        slide.shapes.add_shape(MSO_SHAPE.OVAL, Inches(1 + 2.5 * i), Inches(3), Inches(1.5), Inches(1)) for i in range(3)
    ]
    for shape, label in zip(shapes, ("0.3", "0.4", "B"), strict=True):
        shape.text_frame.text = label
    group = slide.shapes.add_group_shape(shapes)
    assert group is not None
    known.titles.append("A Diagram")
    known.labels["A Diagram"] = ["0.3", "0.4", "B"]

    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_AND_CONTENT])
    slide.shapes.title.text = "Side Effects"
    subs = [f"Effect number {i} reported in trials" for i in range(1, 16)]
    _bullets(slide, [("Common ones", subs)])
    known.titles.append("Side Effects")
    known.bullets["Side Effects"] = ["Common ones", *subs]

    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_AND_CONTENT])
    frame = slide.shapes.title.text_frame
    frame.text = "Treating Insomnia"
    frame.paragraphs[0].add_line_break()
    frame.paragraphs[0].add_run().text = "in Older Adults"
    frame.paragraphs[0].add_line_break()  # a break that ends the title
    _bullets(slide, ["CBT-I first"])
    known.titles.append("Treating Insomnia in Older Adults")
    known.bullets["Treating Insomnia in Older Adults"] = ["CBT-I first"]

    slide = prs.slides.add_slide(prs.slide_layouts[0])  # "Title Slide"
    slide.shapes.title.text = "Thank You"
    subtitle = slide.placeholders[1].text_frame
    subtitle.text = "Dr. A. Presenter"
    subtitle.add_paragraph().text = "University Hospital"
    known.titles.append("Thank You")
    known.subtitles["Thank You"] = ["Dr. A. Presenter", "University Hospital"]

    prs.save(str(path))
    return known


def huge_picture_deck(path: Path) -> None:
    """A deck whose picture claims 30000 x 30000 pixels (900 megapixels) in a few bytes."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 30000, 30000, 8, 0, 0, 0, 0))
    huge = b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    slide.shapes.title.text = "A Huge Picture"
    _picture(slide, png((10, 10, 10)), "Small", 2, 2, 3)
    raw = io.BytesIO()
    prs.save(raw)
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, huge if item.filename.startswith("ppt/media/") else src.read(item.filename))


def runs_deck(path: Path) -> dict[str, str]:
    """Paragraphs split into many runs, as PowerPoint saves edited text; returns what each should read."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_AND_CONTENT])
    slide.shapes.title.text = "Runs"
    frame = slide.placeholders[1].text_frame
    pieces = [
        [("Name", True), (" ", False), (": Rob", True)],  # one look, split in three: one bold text
        [("Sleep", False), (" ", False), ("hygiene", False)],  # a space in a run of its own
        [("Not ", False), ("this", True), (" one", False)],
    ]
    for i, runs in enumerate(pieces):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        for text, bold in runs:
            run = p.add_run()
            run.text = text
            run.font.bold = bold or None
    prs.save(str(path))
    return {"Runs": "**Name : Rob** / Sleep hygiene / Not **this** one"}


def empty_deck(path: Path) -> None:
    Presentation().save(str(path))


def template_file(path: Path) -> None:
    """A .potx: a deck package whose main part says "template"."""
    out = io.BytesIO()
    Presentation().save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                body = body.replace(b"presentationml.presentation.main", b"presentationml.template.main")
            dst.writestr(item, body)


def word_file(path: Path) -> None:
    """The parts of a .docx that say what it is."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr("word/document.xml", "<document/>")


def broken_picture_deck(path: Path) -> None:
    """A deck whose only picture has been cut short (its PNG data truncated)."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    slide.shapes.title.text = "A Damaged Picture"
    _picture(slide, png((10, 10, 10), (200, 200)), "Damaged", 2, 2, 3)
    raw = io.BytesIO()
    prs.save(raw)
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.startswith("ppt/media/"):
                body = body[:60]
            dst.writestr(item, body)
