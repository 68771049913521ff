"""`podium import deck.pptx`, reading: an existing deck -> what each slide holds, and what cannot come.

Presenters already have last year's deck. This reads what a deck holds, whoever
made it (PowerPoint, LibreOffice, Google Slides, pandoc, python-pptx): each
slide's title (from its title placeholder, or the top-most, largest text where
the deck has none), its text as bullets with their levels (bold, italic, web
links, super- and subscripts as inline Markdown; typed bullet characters and
links to other slides dropped), its notes, pictures (with their alt text),
tables, charts (as data) and whether it is hidden. What cannot become source
(SmartArt, equations, embedded objects, video, animation, labels inside
diagrams) is named in `losses`, and its text kept for the notes. The file is
checked first, so that anything but a readable .pptx gets a plain-words message.
`render.deck.import_source` turns the result into a source.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.opc.package import Part
from pptx.oxml.ns import qn
from pptx.shapes.base import BaseShape
from pptx.slide import Slide

from render.source import container

TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
# Skipped: what the master repeats on every slide, not the slide's content.
FURNITURE = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.HEADER)
BREAK = "\\\n"  # the source's own line break (a backslash ending the line)
MAX_PIXELS = 50_000_000  # as render.source.assets: more than any slide can show

_MARKDOWN = re.compile(r"([\\`*_\[\]^~<@])")  # @: "[@name](…)" would read as a citation
# A bullet character typed into the text, as decks made by hand or converted often have (not a dash:
# "— Harry Stack Sullivan" is an attribution).
_TYPED_BULLET = re.compile(r"^(?:[•◦▪▫■□●○►▸▹‣⁃·➢➣➤➔→✓✔❖◆◇§Øü]|\\\*|-)(?:\s+|$)")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]")
_EMPHASIS = re.compile(r"(?<!\\)\*+")
_WEB = re.compile(r"^(https?://[^\s/]|mailto:\S)", re.IGNORECASE)
_MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_DIAGRAM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
# Other presentation packages python-pptx refuses only for their content type.
_ALSO = (
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",  # .ppsx
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",  # .pptm
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",  # .ppsm
)


class DeckError(Exception):
    """A file that cannot be imported, said in the presenter's words."""


@dataclass(frozen=True)
class Picture:
    data: bytes
    ext: str  # png, jpg, …
    alt: str
    decorative: bool = False


@dataclass(frozen=True)
class ChartData:
    kind: str  # bar, column, line, pie
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    alt: str
    changes: tuple[str, ...] = ()  # what differs from the deck's chart (an area chart drawn as lines…)


@dataclass
class ImportedSlide:
    number: int
    title: str
    layout: str = "content"
    subtitle: str | None = None
    bullets: list[tuple[int, str]] = field(default_factory=list)  # (level, inline Markdown)
    notes: list[str] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)  # rows of cells; the first is the header
    charts: list[ChartData] = field(default_factory=list)
    has_title: bool = True
    title_from_text_box: bool = False
    hidden: bool = False
    kept: list[str] = field(default_factory=list)  # text of what could not come as itself, for the notes
    losses: list[str] = field(default_factory=list)  # "SmartArt diagram", "video", …
    skipped: list[str] = field(default_factory=list)  # pictures that could not be read, and why
    labels: list[str] = field(default_factory=list)  # text inside groups and drawn shapes
    skipped_shapes: list[str] = field(default_factory=list)  # damaged shapes, by name


@dataclass(frozen=True)
class ImportedDeck:
    title: str | None
    slides: list[ImportedSlide]


def read_deck(data: bytes, name: str = "the file") -> ImportedDeck:
    prs = Presentation(io.BytesIO(checked(data, name)))
    slides = [_slide(number, slide) for number, slide in enumerate(prs.slides, start=1)]
    if not slides:
        raise DeckError(f"{name}: the deck has no slides; there is nothing to import")
    return ImportedDeck(_clean(prs.core_properties.title or "") or None, slides)


def checked(data: bytes, name: str) -> bytes:
    """The deck's bytes, ready for python-pptx; DeckError for anything that is not a readable .pptx."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DeckError(
            f"{name}: this is an old PowerPoint 97-2003 file (.ppt) or another old Office file; "
            "open it in PowerPoint or LibreOffice, save it as .pptx, and import that"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DeckError(f"{name}: this is not a PowerPoint deck (.pptx); the file may be damaged") from None
    with archive:
        entries = archive.infolist()
        try:
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
        except (KeyError, zipfile.BadZipFile, OSError, EOFError):
            raise DeckError(f"{name}: this is a zip file but not a PowerPoint deck (.pptx)") from None
        presentation = _MAIN in types or any(t in types for t in _ALSO)
        # Embedded documents declare their types too: only the main part says what the file is.
        if not presentation and "presentationml.template.main" in types:
            raise DeckError(
                f"{name}: this is a PowerPoint template (.potx), which has no talk to import; "
                "to build a talk on it, give it to `podium build --template`"
            )
        if not presentation and "wordprocessingml.document.main" in types:
            raise DeckError(f"{name}: this is a Word document (.docx), not a PowerPoint deck (.pptx)")
        if not presentation and "spreadsheetml.sheet.main" in types:
            raise DeckError(f"{name}: this is an Excel workbook (.xlsx), not a PowerPoint deck (.pptx)")
        if not presentation:
            raise DeckError(f"{name}: this is a zip file but not a PowerPoint deck (.pptx)")
        # What kind of file it is was said in plain words above; its limits (parts, sizes counted while
        # unpacking, no DOCTYPE) are the one check every PowerPoint file from others gets.
        try:
            container.check(data, name)
        except container.ContainerRefused as exc:
            raise DeckError(str(exc)) from None
        if _MAIN in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for entry in entries:
                body = archive.read(entry.filename)
                if entry.filename == "[Content_Types].xml":
                    for other in _ALSO:
                        body = body.replace(other.encode(), _MAIN.encode())
                copy.writestr(entry, body)
        return out.getvalue()


def _clean(text: str) -> str:
    # Characters a source (and the deck's XML) cannot hold, pasted into decks from other programs.
    return _NOT_XML.sub("", text).strip()


def _slide(number: int, slide: Slide) -> ImportedSlide:
    part = slide.part
    title_shape = next(
        (s for s in slide.placeholders if s.placeholder_format.type in TITLES and s.has_text_frame and s.text.strip()),
        None,
    )
    found_in_box = False
    if title_shape is None:
        title_shape = _title_text_box(slide)
        found_in_box = title_shape is not None
    title = _lines(title_shape.text_frame.paragraphs, part) if title_shape is not None else ""
    title = _EMPHASIS.sub("", title).strip()  # the theme sets titles bold; marks would only get in the way
    imported = ImportedSlide(number, title or f"Slide {number}", has_title=bool(title))
    imported.title_from_text_box = found_in_box and bool(title)
    imported.hidden = slide._element.get("show") in ("0", "false")
    kinds = {s.placeholder_format.type for s in slide.placeholders}
    if PP_PLACEHOLDER.CENTER_TITLE in kinds and not found_in_box:
        imported.layout = "title"
    elif "section" in slide.slide_layout.name.lower():
        imported.layout = "section"
    title_id = title_shape.shape_id if title_shape is not None else None
    for shape in _in_reading_order([s for s in slide.shapes if s.shape_id != title_id]):
        _read_safely(shape, imported, part, in_group=False)
    _alternate_content(slide, imported, part)
    equations = len(slide._element.findall(f".//{{{_MATH}}}oMath"))
    imported.losses.extend(["equation"] * equations)
    if slide._element.find(f".//{qn('p:timing')}//{qn('p:par')}") is not None:
        imported.losses.append("animation")
    if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
        frame = slide.notes_slide.notes_text_frame
        notes_part = slide.notes_slide.part
        imported.notes = [text for p in frame.paragraphs if (text := _markdown(p._p, notes_part).strip())]
    return imported


def _title_text_box(slide: Slide) -> BaseShape | None:
    """Where a deck keeps its title in an ordinary text box: the largest text near the top."""
    height = slide.part.package.presentation_part.presentation.slide_height or 6858000
    candidates = []
    for shape in slide.shapes:
        if not shape.has_text_frame or not shape.text.strip() or shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            continue
        if shape.is_placeholder:  # a body placeholder holds the body, even on a layout without a title
            continue
        top = shape.top or 0
        paragraphs = [p for p in shape.text_frame.paragraphs if p.text.strip()]
        if top > height * 0.4 or len(paragraphs) > 3 or len(shape.text) > 200:
            continue
        sizes = [r.font.size.pt for p in paragraphs for r in p.runs if r.font.size is not None]
        size = max(sizes, default=0.0)
        candidates.append((-size, top, shape.left or 0, shape))
    if not candidates:
        return None
    candidates.sort(key=lambda c: c[:3])
    best = candidates[0][3]
    texts = [s for s in slide.shapes if s.has_text_frame and s.text.strip()]
    if len(texts) == 1 and len([p for p in best.text_frame.paragraphs if p.text.strip()]) > 1:
        return None  # the slide's only text, in several paragraphs: its body, not a title
    return best


def _in_reading_order(shapes: list[BaseShape]) -> list[BaseShape]:
    # Top to bottom, then left to right: the order a reader takes, whatever the z-order.
    return sorted(shapes, key=lambda s: ((s.top or 0) // 45720, s.left or 0))  # rows of 1/20 inch


def _is_text_box(shape: BaseShape) -> bool:
    """Text that reads as the slide's body: placeholders, text boxes and plain rectangles.
    Text inside arrows, circles and drawn (freeform) shapes is a diagram's label."""
    if shape.is_placeholder:
        return True
    element = shape._element
    properties = element.find(f"{qn('p:nvSpPr')}/{qn('p:cNvSpPr')}")
    if properties is not None and properties.get("txBox") in ("1", "true"):
        return True
    if element.find(f".//{qn('a:custGeom')}") is not None:
        return False
    geometry = element.find(f".//{qn('a:prstGeom')}")
    return geometry is None or geometry.get("prst") in ("rect", "roundRect", "snip1Rect", "round2SameRect")


def _read_safely(shape: BaseShape, slide: ImportedSlide, part: Part, in_group: bool) -> None:
    # One damaged shape (a picture without its fill, a chart python-pptx cannot parse) must not
    # stop the import: it is named in the report instead.
    try:
        _read_shape(shape, slide, part, in_group)
    except Exception as exc:  # python-pptx and lxml raise many kinds on damaged XML
        slide.losses.append("damaged shape")
        slide.skipped_shapes.append(f"{getattr(shape, 'name', 'a shape')} ({type(exc).__name__})")


def _read_shape(shape: BaseShape, slide: ImportedSlide, part: Part, in_group: bool) -> None:
    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        for inner in _in_reading_order(list(shape.shapes)):  # type: ignore[attr-defined]
            _read_safely(inner, slide, part, in_group=True)
        return
    if shape.is_placeholder and shape.placeholder_format.type in FURNITURE:
        return
    kind = shape.shape_type
    if kind == MSO_SHAPE_TYPE.MEDIA or shape._element.find(f".//{qn('a:videoFile')}") is not None:
        slide.losses.append("video")
        return
    if shape._element.find(f".//{qn('a:audioFile')}") is not None:
        slide.losses.append("audio")
        return
    if kind == MSO_SHAPE_TYPE.PICTURE or (shape.is_placeholder and hasattr(shape, "image")):
        _picture(shape, slide)
        return
    if getattr(shape, "has_table", False):
        rows = []
        width = len(shape.table.columns)
        for row in shape.table.rows:
            cells = list(row.cells)
            if width > 1 and cells and cells[0].is_merge_origin and cells[0].span_width == width:
                # One cell across the whole table is its caption, not data: it goes to the notes.
                caption = _cell(cells[0].text_frame.paragraphs, part)
                if caption:
                    slide.kept.append(f"Table caption: {caption}")
                continue
            rows.append([_cell(cell.text_frame.paragraphs, part) for cell in cells])
        if rows and any(any(c for c in row) for row in rows):
            slide.tables.append(rows)
        else:
            slide.losses.append("empty table")  # a grid drawn as a table, with no text in it
        return
    if getattr(shape, "has_chart", False):
        _chart(shape, slide)
        return
    if kind in (MSO_SHAPE_TYPE.EMBEDDED_OLE_OBJECT, MSO_SHAPE_TYPE.LINKED_OLE_OBJECT):
        ole = shape._element.find(f".//{qn('p:oleObj')}")
        what = ole.get("progId", "") if ole is not None else ""
        slide.losses.append(f"embedded object ({what.split('.')[0]})" if what else "embedded object")
        return
    if shape._element.find(f".//{{{_DIAGRAM}}}relIds") is not None:
        slide.losses.append("SmartArt diagram")
        texts = _diagram_text(shape, part)
        if texts:
            slide.kept.append("SmartArt diagram: " + "; ".join(texts))
        return
    if not shape.has_text_frame:
        return
    if in_group or not _is_text_box(shape):
        label = _lines(shape.text_frame.paragraphs, part, " ")
        if label:
            slide.labels.append(label)
        return
    is_subtitle = shape.is_placeholder and shape.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE
    if is_subtitle and slide.subtitle is None and slide.layout in ("title", "section"):
        slide.subtitle = _lines(shape.text_frame.paragraphs, part) or None
        return
    for p in shape.text_frame.paragraphs:
        text = _bullet_text(_markdown(p._p, part))
        if text:
            slide.bullets.append((p.level, text))


def _bullet_text(text: str) -> str:
    text = text.strip()
    while text.endswith(BREAK.strip()):  # a break that ends the paragraph shows nothing
        text = text[:-1].rstrip()
    return _TYPED_BULLET.sub("", text).strip()


def _picture(shape: BaseShape, slide: ImportedSlide) -> None:
    try:
        image = shape.image  # type: ignore[attr-defined]
        blob = image.blob  # its format is Pillow's to judge below (python-pptx's `ext` opens it unguarded)
        ext = (image.filename or "").rsplit(".", 1)[-1]
    except (AttributeError, ValueError, KeyError):
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
            slide.skipped.append("a picture whose file is missing from the deck")
        return  # else an empty picture placeholder
    described = shape._element.xpath("./*[1]/p:cNvPr")  # nvPicPr/cNvPr holds the alt text
    alt = _clean(described[0].get("descr") or "") if described else ""
    decorative = bool(shape._element.xpath(".//*[local-name()='decorative' and @val='1']"))
    usable = _usable_picture(blob, ext)
    if isinstance(usable, str):
        slide.skipped.append(usable)
        return
    data, ext = usable
    slide.pictures.append(Picture(data, ext, alt.replace("\n", " "), decorative))


def _usable_picture(blob: bytes, ext: str) -> tuple[bytes, str] | str:
    """The picture as PNG, JPEG or GIF bytes (other formats converted with Pillow), or why it cannot come."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(blob)) as probe:
            width, height = probe.size
            kind = probe.format
            if width * height > MAX_PIXELS:
                return _too_large(width * height)
            probe.verify()
        if kind in ("WMF", "EMF"):
            return f"a {kind} drawing (Windows metafile), which no library here converts; save it as PNG"
        with Image.open(io.BytesIO(blob)) as picture:
            picture.load()
            if kind in ("PNG", "JPEG", "GIF"):
                return blob, {"JPEG": "jpg"}.get(kind, kind.lower())
            out = io.BytesIO()
            converted = picture if picture.mode in ("RGB", "RGBA", "L", "LA", "P") else picture.convert("RGBA")
            converted.save(out, "PNG")
            return out.getvalue(), "png"
    except Image.DecompressionBombError as exc:  # past twice Pillow's limit: it says the size only in words
        found = re.search(r"\((\d+) pixels\)", str(exc))
        return _too_large(int(found.group(1))) if found else "a picture that claims an enormous pixel count"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        if ext.lower() == "svg" or blob.lstrip()[:5] in (b"<?xml", b"<svg "):
            return "an SVG drawing without a bitmap copy; save it as PNG"
        return f"a picture that cannot be read (.{ext}: damaged or an unknown format)"


_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
# A plot's element -> our chart type; anything else is drawn as columns, and said so.
_PLOTS = {
    "barChart": "bar",
    "bar3DChart": "bar",
    "lineChart": "line",
    "line3DChart": "line",
    "pieChart": "pie",
    "pie3DChart": "pie",
    "doughnutChart": "pie",
    "ofPieChart": "pie",
    "areaChart": "line",
    "area3DChart": "line",
    "radarChart": "line",
    "scatterChart": "line",
    "bubbleChart": "line",
    "stockChart": "line",
    "surfaceChart": "column",
    "surface3DChart": "column",
}


def _too_large(pixels: int) -> str:
    return f"a picture of {pixels / 1_000_000:,.0f} megapixels (over {MAX_PIXELS // 1_000_000}); make it smaller"


def _chart(shape: BaseShape, slide: ImportedSlide) -> None:
    """The chart's data, read from its XML (python-pptx cannot read every kind of plot)."""
    chart_part = shape.chart_part  # type: ignore[attr-defined]
    root = etree.fromstring(chart_part.blob)
    area = root.find(f"{_C}chart/{_C}plotArea")
    changes: list[str] = []
    kind = None
    categories: list[str] = []
    series: list[tuple[str, tuple[float, ...]]] = []
    for plot in area if area is not None else []:
        tag = etree.QName(plot).localname
        if tag not in _PLOTS:
            continue
        ours = _PLOTS[tag]
        if ours == "bar":
            direction = plot.find(f"{_C}barDir")
            ours = "bar" if direction is not None and direction.get("val") == "bar" else "column"
        grouping = plot.find(f"{_C}grouping")
        if tag.removesuffix("3DChart").removesuffix("Chart") not in ("bar", "line", "pie") or "3D" in tag:
            changes.append(f"a {tag.removesuffix('Chart')} chart drawn as a {ours} chart")
        elif grouping is not None and grouping.get("val") in ("stacked", "percentStacked"):
            changes.append(f"a {grouping.get('val')} {ours} chart drawn as a plain {ours} chart")
        kind = kind or ours
        for ser in plot.findall(f"{_C}ser"):
            name = _clean("".join(v.text or "" for v in ser.iterfind(f"{_C}tx//{_C}v"))) or f"Series {len(series) + 1}"
            found = _points(ser.find(f"{_C}cat") if ser.find(f"{_C}cat") is not None else ser.find(f"{_C}xVal"))
            values = _points(ser.find(f"{_C}val") if ser.find(f"{_C}val") is not None else ser.find(f"{_C}yVal"))
            categories = categories or found
            numbers = []
            for v in values:
                try:
                    numbers.append(float(v))
                except ValueError:
                    numbers.append(0.0)
                    changes.append(f"a value of '{name}' that is not a number ('{v}') written as 0")
            series.append((name, tuple(numbers)))
    if kind is None or not series:
        slide.losses.append("chart without data")
        return
    count = max(len(v) for _, v in series)
    if count == 0:
        slide.losses.append("chart without data")
        return
    categories = [c or str(i + 1) for i, c in enumerate(categories[:count])]
    categories += [str(i + 1) for i in range(len(categories), count)]
    padded = [(n, v + (0.0,) * (count - len(v))) for n, v in series]
    if any(len(v) < count for _, v in series):
        changes.append("missing values written as 0")
    if kind == "pie":
        if len(padded) > 1:
            changes.append(f"a pie chart shows one series; {len(padded) - 1} more left out")
            padded = padded[:1]
        if any(v < 0 for v in padded[0][1]):
            changes.append("negative slices written as their size")
            padded = [(padded[0][0], tuple(abs(v) for v in padded[0][1]))]
    described = shape._element.find(f"{qn('p:nvGraphicFramePr')}/{qn('p:cNvPr')}")
    alt = _clean(described.get("descr") or "") if described is not None else ""
    if not alt:
        heading = _clean(" ".join(t.text or "" for t in root.iterfind(f"{_C}chart/{_C}title//{qn('a:t')}")))
        names = ", ".join(n for n, _ in padded)
        alt = heading or f"A {kind} chart of {names} by {', '.join(categories[:6])}"
        changes.append("alt text written by podium from the chart's data; say the chart's point instead")
    slide.charts.append(ChartData(kind, tuple(categories), tuple(padded), alt.replace("\n", " "), tuple(changes)))


def _points(holder: etree._Element | None) -> list[str]:
    """A series' cached points (c:pt with idx and c:v), in index order; gaps as empty text."""
    if holder is None:
        return []
    cache = next((e for e in holder.iter(f"{_C}strCache", f"{_C}numCache", f"{_C}multiLvlStrCache")), None)
    if cache is None:
        cache = holder
    count = cache.find(f"{_C}ptCount")
    points = {}
    for pt in cache.iter(f"{_C}pt"):
        value = pt.find(f"{_C}v")
        points[int(pt.get("idx", "0"))] = _clean(value.text or "") if value is not None else ""
    size = int(count.get("val")) if count is not None and count.get("val", "").isdigit() else len(points)
    size = max(size, max(points, default=-1) + 1)
    return [points.get(i, "") for i in range(size)]


def _diagram_text(shape: BaseShape, part: Part) -> list[str]:
    ids = shape._element.find(f".//{{{_DIAGRAM}}}relIds")
    rid = ids.get(qn("r:dm")) if ids is not None else None
    try:
        data = etree.fromstring(part.related_part(rid).blob) if rid else None
    except (KeyError, etree.XMLSyntaxError, ValueError):
        return []
    if data is None:
        return []
    texts = []
    for point in data.iter(f"{{{_DIAGRAM}}}pt"):
        text = _clean("".join(t.text or "" for t in point.iter(qn("a:t"))))
        if text:
            texts.append(text)
    return texts


def _alternate_content(slide: Slide, imported: ImportedSlide, part: Part) -> None:
    """Shapes python-pptx does not list: those PowerPoint wraps for older readers (equations in
    text boxes, mostly). Their text is kept as the slide's body; an equation as plain text."""
    for wrapper in slide.shapes._spTree.findall(f"{{{_MC}}}AlternateContent"):
        choice = wrapper.find(f"{{{_MC}}}Choice")
        if choice is None:
            continue
        for paragraph in choice.iter(qn("a:p")):
            text = _bullet_text(_markdown(paragraph, part))
            if text:
                imported.bullets.append((0, text))


def _lines(paragraphs: object, part: Part, joint: str = BREAK) -> str:
    """Paragraphs as one text, each on its own line (the source's line break) or joined by `joint`."""
    texts = [_bullet_text(_markdown(p._p, part)) for p in paragraphs]  # type: ignore[attr-defined]
    return joint.join(t for t in texts if t)


def _cell(paragraphs: object, part: Part) -> str:
    # A cell's paragraphs on one line; a leading "-" in a cell is data ("- 5"), not a typed bullet.
    return " ".join(t for p in paragraphs if (t := _markdown(p._p, part).strip()))  # type: ignore[attr-defined]


def _markdown(p: object, part: Part) -> str:
    """One paragraph's runs as inline Markdown; an equation as its plain text.

    Neighbouring runs of the same look are joined first (decks split text into many runs), and a
    run of spaces takes the look of the run before it: otherwise `**a****b**` shows its stars."""
    pieces: list[tuple[tuple[bool, bool, int, str | None] | None, str]] = []  # (look, text); None: Markdown
    for child in p:  # type: ignore[attr-defined]
        if child.tag == qn("a:br"):
            pieces.append((None, BREAK))
            continue
        if child.tag == f"{{{_MC}}}AlternateContent":
            maths = [t.text or "" for t in child.iter(f"{{{_MATH}}}t")]
            if maths:
                pieces.append((None, _MARKDOWN.sub(r"\\\1", _clean("".join(maths)))))
            continue
        if child.tag not in (qn("a:r"), qn("a:fld")):
            continue
        text = _NOT_XML.sub("", "".join(t.text or "" for t in child.iter(qn("a:t"))))
        if not text:
            continue
        look = _look(child.find(qn("a:rPr")), part)
        if pieces and pieces[-1][0] is not None and (not text.strip() or pieces[-1][0] == look):
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + text)
        else:
            pieces.append((look, text))
    out = []
    for look, text in pieces:
        if look is None:
            out.append(text)
            continue
        bold, italic, baseline, target = look
        core = _MARKDOWN.sub(r"\\\1", text.strip())
        if core:
            if bold:
                core = f"**{core}**"
            if italic:
                core = f"*{core}*"
            if baseline:
                mark = "^" if baseline > 0 else "~"
                core = mark + core.replace(" ", "\\ ") + mark  # Markdown's ^sup^ and ~sub~ take no bare space
            if target:
                core = f"[{core}]({target})"
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :] if text.strip() else ""
        out.append(f"{lead}{core}{trail}")
    return "".join(out)


def _look(props: etree._Element | None, part: Part) -> tuple[bool, bool, int, str | None]:
    """A run's bold, italic, super/subscript and web link."""
    if props is None:
        return (False, False, 0, None)
    try:
        baseline = int(props.get("baseline") or 0)
    except ValueError:
        baseline = 0
    link = props.find(qn("a:hlinkClick"))
    rid = link.get(qn("r:id")) if link is not None else None
    try:
        target = part.target_ref(rid) if rid else None
    except KeyError:
        target = None
    # Only web links: a jump to another slide (or a file) means nothing in a source.
    if not (target and _WEB.match(target) and not any(c in target for c in "() ")):
        target = None
    return (props.get("b") in ("1", "true"), props.get("i") in ("1", "true"), baseline, target)
