"""Slide plans -> .pptx bytes on the template. Decides nothing; writes what the plan says.

Titles go in title placeholders and text in the placeholders the plan names,
never free text boxes, so PowerPoint's outline, accessibility checker and
"Reset slide" work. Footer, date and slide-number placeholders, which
python-pptx does not copy from the layout, are copied here; the number stays a
field. Look (fonts, colours) is left to the theme: only measured sizes are set.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterator

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.parts.slide import SlidePart
from pptx.presentation import Presentation as PresentationFile
from pptx.shapes.shapetree import SlideShapes
from pptx.slide import NotesSlide, Slide, SlideLayout
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Pt

from render.deck.fit import Para
from render.deck.plan import ChartPlan, PicturePlan, Properties, SlidePlan, TablePlan
from render.deck.template import TITLE_TYPES, Template, TemplateError, layouts_of, open_presentation, readable
from render.source.text import LINE_BREAK, Run

CODE_FONT = "Consolas"  # Office's monospace; LibreOffice substitutes its own

_DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"
_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"  # fixed, so that builds are byte-identical
_FOOTER_TYPES = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}


def write(plans: list[SlidePlan], properties: Properties, template: Template, epoch: int) -> bytes:
    """The deck as bytes; `epoch` (seconds) stamps every date so builds are reproducible."""
    with readable(template.path), _placeholders_cloned_once():
        return _write(plans, properties, template, epoch)


@contextlib.contextmanager
def _placeholders_cloned_once() -> Iterator[None]:
    """python-pptx gives each new slide its layout's placeholders, and each notes page the notes
    master's, by walking the layout with XPath queries: a third of writing a 200-slide deck. A new
    slide or notes page starts empty, so every slide of one layout gets the same shapes: the first
    one's are cloned as python-pptx clones them, the others get copies of that result. The same
    XML, so the same bytes."""
    made: dict[int, tuple[object, list[etree._Element]]] = {}

    def once(real: Callable[[object, object], None], tree_of: Callable[[object], etree._Element]) -> Callable:
        def clone(self: object, source: object) -> None:
            tree = tree_of(self)
            known = made.get(id(source))
            if known is None or known[0] is not source:
                real(self, source)
                made[id(source)] = (source, [copy.deepcopy(child) for child in tree])
                return
            for child in list(tree):
                tree.remove(child)
            tree.extend(copy.deepcopy(child) for child in known[1])

        return clone

    layouts, notes = SlideShapes.clone_layout_placeholders, NotesSlide.clone_master_placeholders
    SlideShapes.clone_layout_placeholders = once(layouts, lambda shapes: shapes._spTree)  # type: ignore[method-assign]
    NotesSlide.clone_master_placeholders = once(notes, lambda page: page.shapes._spTree)  # type: ignore[method-assign]
    try:
        yield
    finally:
        SlideShapes.clone_layout_placeholders = layouts  # type: ignore[method-assign]
        NotesSlide.clone_master_placeholders = notes  # type: ignore[method-assign]


# A warm process (watch, preview) writes the deck again after every save, most slides unchanged. A
# slide whose plan, number and language are those of a slide of the deck written last, on the same
# template bytes, takes that slide's XML and its notes' instead of being built again by python-pptx:
# the same XML, so the same bytes. Only slides that relate to nothing but their layout and notes
# (no picture, chart, table or link) are kept, and only the last deck's, so the memory stays one deck.
# A one-off build keeps nothing (it would only pay for serialising every slide twice): a warm round
# turns keeping on (render.build.watch.rebuild).
_Written = tuple[bytes, bytes | None]
_last_deck: dict[tuple[object, ...], _Written] = {}
_KEPT_RELATIONS = {RT.SLIDE_LAYOUT, RT.NOTES_SLIDE}
_keeping = False


def keep_slides_between_writes() -> None:
    global _keeping
    _keeping = True


def _write(plans: list[SlidePlan], properties: Properties, template: Template, epoch: int) -> bytes:
    global _last_deck
    prs = open_presentation(template.path)
    _number_parts_in_turn(prs)
    layouts = dict(layouts_of(prs))
    first_id = prs.slides._sldIdLst._next_id
    template_bytes = hashlib.sha256(template.path.read_bytes()).digest() if _keeping else b""
    this_deck: dict[tuple[object, ...], _Written] = {}
    for number, plan in enumerate(plans, start=1):
        layout = layouts.get(plan.layout)
        if layout is None:
            raise TemplateError(f"{template.path}: no layout named '{plan.layout}'")
        key = _key(template_bytes, plan, number, properties.language) if _keeping else None
        written = _last_deck.get(key) if key else None
        if written:
            _add_written_slide(prs, layout, first_id + number - 1, written)
            this_deck[key] = written  # type: ignore[index]
            continue
        slide = _add_slide(prs, layout, first_id + number - 1)
        _placeholders(slide, plan)
        _title_first(slide)
        _footers(slide, layout, plan, number, properties.language)
        for picture in (plan.picture, *plan.pictures) if plan.picture else plan.pictures:
            _picture(slide, picture)
        if plan.table:
            _table(slide, plan.table)
        if plan.chart:
            _chart(slide, plan.chart, epoch)
        if plan.hidden:
            slide._element.set("show", "0")  # PowerPoint's "Hide Slide": kept, numbered, skipped in the show
        if plan.notes:
            _fill(slide.notes_slide.notes_text_frame, [Para(p, bullet=False) for p in plan.notes], None, False)
        _language(slide, properties.language)
        if key and {rel.reltype for rel in slide.part.rels.values()} <= _KEPT_RELATIONS:
            notes = serialize_part_xml(slide.notes_slide.part._element) if slide.has_notes_slide else None
            this_deck[key] = (serialize_part_xml(slide.part._element), notes)
    _properties(prs, properties, epoch)
    _last_deck = this_deck
    return normalized(prs, epoch)


def _key(template_bytes: bytes, plan: SlidePlan, number: int, language: str) -> tuple[object, ...] | None:
    """What a slide's XML is made from; None for a slide that adds parts of its own (a picture, a chart)."""
    if plan.picture or plan.pictures or plan.table or plan.chart:
        return None
    key = (template_bytes, plan, number, language)
    try:
        hash(key)
    except TypeError:  # a plan holding something unhashable is simply built again
        return None
    return key


def _add_written_slide(prs: PresentationFile, layout: SlideLayout, slide_id: int, written: _Written) -> None:
    """`_add_slide` and what `_write` then did to the slide, from the XML it gave last time: the same
    parts and relationships, made in the same order (layout, then notes), so the same names and ids."""
    part = prs.part
    slide_part = SlidePart.new(part._next_slide_partname, part.package, layout.part)
    rel = part.rels._add_relationship(RT.SLIDE, slide_part)
    prs.slides._sldIdLst._add_sldId(id=slide_id, rId=rel)
    slide_xml, notes_xml = written
    slide_part._element = parse_xml(slide_xml)
    if notes_xml is not None:
        slide_part.notes_slide.part._element = parse_xml(notes_xml)


def _add_slide(prs: PresentationFile, layout: SlideLayout, slide_id: int) -> Slide:
    """python-pptx's `slides.add_slide`, without its two walks over every slide so far (for a slide id,
    the highest plus one, and for a relationship to the new part, which cannot have one yet): the
    same ids, relationships and bytes, in linear time."""
    part = prs.part
    slide_part = SlidePart.new(part._next_slide_partname, part.package, layout.part)
    rel = part.rels._add_relationship(RT.SLIDE, slide_part)
    slide = slide_part.slide
    slide.shapes.clone_layout_placeholders(layout)
    prs.slides._sldIdLst._add_sldId(id=slide_id, rId=rel)
    return slide


def _number_parts_in_turn(prs: PresentationFile) -> None:
    """python-pptx names each new notes slide by walking every part of the package, so n
    slides with notes cost n²/2 part visits (10 of the 15 s of a 1000-slide deck). One
    walk per kind of part finds the first free number; later ones count on from it. The
    names are the ones python-pptx would give, so the bytes do not change."""
    package = prs.part.package
    walk = package.next_partname
    after: dict[str, int] = {}

    def next_partname(tmpl: str) -> PackURI:
        n = after[tmpl] + 1 if tmpl in after else int(re.findall(r"\d+", str(walk(tmpl)))[-1])
        after[tmpl] = n
        return PackURI(tmpl % n)

    package.next_partname = next_partname


def _placeholders(slide: Slide, plan: SlidePlan) -> None:
    texts = {t.idx: t for t in plan.texts}
    for ph in list(slide.placeholders):
        fmt = ph.placeholder_format
        if fmt.type in TITLE_TYPES:
            _fill(ph.text_frame, [Para(plan.title, bullet=False)], (plan.title_size, plan.title_size), False)
            if plan.title_height:  # grown into the free room below it
                ph.left, ph.top, ph.width = ph.left, ph.top, ph.width
                ph.height = plan.title_height
            if plan.title_line:  # the plan overrides the template's line pitch to make the title fit
                ppr = ph.text_frame.paragraphs[0]._p.get_or_add_pPr()
                spacing = etree.SubElement(ppr, qn("a:lnSpc"))
                ppr.insert(0, spacing)
                etree.SubElement(spacing, qn("a:spcPct"), val=str(plan.title_line * 100))
        elif fmt.idx in texts:
            text = texts[fmt.idx]
            if text.box:  # the plan gave this text more room than the layout's box
                ph.left, ph.top, ph.width, ph.height = text.box
            _fill(ph.text_frame, list(text.paras), text.sizes, True, plan.highlight, text.before, text.kept)
        else:
            # An empty placeholder shows "Click to add text" and confuses screen readers.
            ph.element.getparent().remove(ph.element)


def _title_first(slide: Slide) -> None:
    """Screen readers and PowerPoint's Reading Order pane follow the shape tree: the title goes first,
    whatever order the template's layout lists its placeholders in."""
    title = slide.shapes.title
    if title is None:
        return
    tree = slide.shapes._spTree
    first = next(e for e in tree if e.tag in (qn("p:sp"), qn("p:pic"), qn("p:graphicFrame"), qn("p:grpSp")))
    if first is not title.element:
        first.addprevious(title.element)


def _language(slide: Slide, language: str) -> None:
    """Every run of the slide and its notes says the talk's language (`talk.language`), so a screen
    reader speaks it in the right voice and PowerPoint checks its spelling in it."""
    parts = [slide.shapes._spTree]
    if slide.has_notes_slide:
        parts.append(slide.notes_slide.shapes._spTree)
    for tree in parts:
        for r in tree.iter(qn("a:r"), qn("a:fld"), qn("a:br")):
            rpr = r.find(qn("a:rPr"))
            if rpr is None:
                rpr = etree.Element(qn("a:rPr"))
                r.insert(0, rpr)
            rpr.set("lang", language)


def _fill(
    frame: TextFrame,
    paras: list[Para],
    sizes: tuple[int, int] | None,
    override_bullets: bool,
    highlight: tuple[int, ...] = (),
    before: float = 0.0,
    kept: tuple[int, ...] = (),
) -> None:
    frame.clear()
    for i, para in enumerate(paras):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if para.level:
            p.level = para.level
        if before and i and not para.level and i not in kept:  # the plan spread a short list: its items' space
            space = etree.Element(qn("a:spcBef"))
            etree.SubElement(space, qn("a:spcPts"), val=str(round(before * 100)))
            p._p.get_or_add_pPr().insert(0, space)
        if override_bullets and not para.bullet:
            ppr = p._p.get_or_add_pPr()
            ppr.set("marL", "0")
            ppr.set("indent", "0")
            etree.SubElement(ppr, qn("a:buNone"))
        for run in para.runs:
            _run(p, run, sizes[min(para.level, 1)] if sizes else None, i in highlight)
    if sizes:
        # Sizes were measured; normAutofit lets PowerPoint re-fit when the presenter edits.
        body_pr = frame._txBody.bodyPr
        for child in list(body_pr):
            if child.tag in (qn("a:normAutofit"), qn("a:spAutoFit"), qn("a:noAutofit")):
                body_pr.remove(child)
        etree.SubElement(body_pr, qn("a:normAutofit"))


def _run(paragraph: _Paragraph, run: Run, size: int | None, highlight: bool = False) -> None:
    # LINE_BREAK is the author's hard line break: <a:br/>, not a new paragraph.
    for i, line in enumerate(run.text.split(LINE_BREAK)):
        if i:
            paragraph.add_line_break()
        if not line:
            continue
        r = paragraph.add_run()
        r.text = line
        font = r.font
        if size:
            font.size = Pt(size)
        if run.bold or highlight:
            font.bold = True
        if run.italic:
            font.italic = True
        if run.superscript or run.sup:
            r._r.get_or_add_rPr().set("baseline", "30000")
        if run.sub:
            r._r.get_or_add_rPr().set("baseline", "-25000")
        if run.code:
            font.name = CODE_FONT
        if highlight:
            fill = etree.SubElement(r._r.get_or_add_rPr(), qn("a:solidFill"))
            etree.SubElement(fill, qn("a:schemeClr"), val="accent1")  # the theme's colour, not a fixed one
        if run.href:
            r.hyperlink.address = run.href


def _footers(slide: Slide, layout: object, plan: SlidePlan, number: int, language: str) -> None:
    """Copy the layout's date, footer and number placeholders that the plan fills."""
    wanted = {footer.idx: footer for footer in plan.footers}
    tree = slide.shapes._spTree
    next_id = max(int(e.get("id")) for e in tree.iter(qn("p:cNvPr"))) + 1
    for ph in layout.placeholders:  # type: ignore[attr-defined]
        idx = ph.placeholder_format.idx
        if ph.placeholder_format.type not in _FOOTER_TYPES or idx not in wanted:
            continue
        sp = copy.deepcopy(ph._element)
        sp.find(f".//{qn('p:cNvPr')}").set("id", str(next_id))
        next_id += 1
        sp_pr = sp.find(qn("p:spPr"))
        for child in list(sp_pr):
            sp_pr.remove(child)  # position and look come from the layout
        body = sp.find(qn("p:txBody"))
        for p in body.findall(qn("a:p")):
            body.remove(p)
        p = etree.SubElement(body, qn("a:p"))
        footer = wanted[idx]
        if footer.kind == "number":
            field = etree.SubElement(p, qn("a:fld"), id=_FIELD_ID, type="slidenum")
            etree.SubElement(field, qn("a:rPr"), lang=language)
            etree.SubElement(field, qn("a:t")).text = str(number)
        else:
            r = etree.SubElement(p, qn("a:r"))
            rpr = etree.SubElement(r, qn("a:rPr"), lang=language)
            if footer.size:  # smaller than the layout's, so that no word breaks
                rpr.set("sz", str(footer.size * 100))
            etree.SubElement(r, qn("a:t")).text = footer.text
        tree.append(sp)


def _picture(slide: Slide, plan: PicturePlan) -> None:
    left, top, width, height = plan.box
    image = io.BytesIO(plan.data) if plan.data is not None else str(plan.path)
    picture = slide.shapes.add_picture(image, left, top, width, height)
    c_nv_pr = picture._element.nvPicPr.cNvPr
    # python-pptx writes the file name as the description: replace it with the real alt text.
    c_nv_pr.set("descr", plan.alt)
    c_nv_pr.set("name", f"Picture {c_nv_pr.get('id')}")
    if plan.decorative:
        ext_lst = etree.SubElement(c_nv_pr, qn("a:extLst"))
        ext = etree.SubElement(ext_lst, qn("a:ext"), uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}")
        etree.SubElement(ext, f"{{{_DECORATIVE}}}decorative", nsmap={"adec": _DECORATIVE}, val="1")


_CHART_TYPES = {"bar": "BAR_CLUSTERED", "column": "COLUMN_CLUSTERED", "line": "LINE_MARKERS", "pie": "PIE"}


def _chart(slide: Slide, plan: ChartPlan, epoch: int) -> None:
    """A native chart, editable in PowerPoint (its data in the embedded workbook), alt text on its frame."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION

    data = CategoryChartData()
    data.categories = list(plan.categories)
    for name, values in plan.series:
        data.add_series(name, list(values))
    left, top, width, height = plan.box
    frame = slide.shapes.add_chart(getattr(XL_CHART_TYPE, _CHART_TYPES[plan.kind]), left, top, width, height, data)
    c_nv_pr = frame._element.nvGraphicFramePr.cNvPr
    c_nv_pr.set("descr", plan.alt)
    chart = frame.chart
    chart.has_title = False  # the slide's title names the chart
    chart.has_legend = plan.kind == "pie" or len(plan.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    if plan.kind == "pie":
        chart.plots[0].has_data_labels = True
    # XlsxWriter stamps the embedded workbook with "now": stamp it with the build's date instead.
    workbook = chart.part.chart_workbook
    workbook.update_from_xlsx_blob(_dated_workbook(workbook.xlsx_part.blob, epoch))


def _dated_workbook(blob: bytes, epoch: int) -> bytes:
    stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), body)
            dst.writestr(info, body)
    return out.getvalue()


def _table(slide: Slide, plan: TablePlan) -> None:
    left, top, width, height = plan.box
    shape = slide.shapes.add_table(len(plan.rows) + 1, len(plan.header), left, top, width, height)
    table = shape.table
    for r, height in enumerate(plan.heights):
        table.rows[r].height = height
    for r, row in enumerate((plan.header, *plan.rows)):
        for c, cell_runs in enumerate(row):
            frame = table.cell(r, c).text_frame
            frame.clear()
            for run in cell_runs:
                _run(frame.paragraphs[0], run, plan.size)


def _properties(prs: PresentationFile, properties: Properties, epoch: int) -> None:
    when = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    props = prs.core_properties
    props.title = properties.title
    props.subject = properties.subject
    props.author = properties.author
    props.keywords = properties.keywords
    props.last_modified_by = "podium"
    props.created = props.modified = props.last_printed = when
    props.revision = 1
    props.language = properties.language


def normalized(prs: PresentationFile, epoch: int = 315532800) -> bytes:
    """Save with fixed zip entry times and a stable entry order, for byte-identical decks."""
    raw = io.BytesIO()
    prs.save(raw)
    stamp = dt.datetime.fromtimestamp(max(epoch, 315532800), dt.UTC).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        # [Content_Types].xml must stay first; the rest in a fixed order.
        first = [n for n in names if n == "[Content_Types].xml"]
        for name in first + sorted(n for n in names if n != "[Content_Types].xml"):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()
