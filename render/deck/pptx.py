"""Slide plans -> .pptx bytes on the template. Decides nothing; writes what the plan says.

Titles go in title placeholders and text in body placeholders, never free text
boxes, so PowerPoint's outline, accessibility checker and "Reset slide" work.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationFile
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Pt

from render.deck.fit import Para
from render.deck.plan import SlidePlan
from render.deck.template import BODY_TYPES, TITLE_TYPES, TemplateError
from render.model import Talk
from render.text import LINE_BREAK, Run

CODE_FONT = "Consolas"  # Office's monospace; LibreOffice substitutes its own


def write(plans: list[SlidePlan], talk: Talk, template: Path, epoch: int) -> bytes:
    """The deck as bytes; `epoch` (seconds) stamps every date so builds are reproducible."""
    prs = Presentation(str(template))
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    for plan in plans:
        layout = layouts.get(plan.layout)
        if layout is None:
            raise TemplateError(f"{template}: no layout named '{plan.layout}'; it offers {', '.join(layouts)}")
        slide = prs.slides.add_slide(layout)
        title = next((p for p in slide.placeholders if p.placeholder_format.type in TITLE_TYPES), None)
        if title is None:
            raise TemplateError(f"{template}: layout '{plan.layout}' has no title placeholder")
        _fill(title.text_frame, [Para(plan.title, bullet=False)], (plan.title_size, plan.title_size), keep_bullets=True)
        body = next(
            (
                p
                for p in slide.placeholders
                if p.placeholder_format.type in BODY_TYPES and p.placeholder_format.idx == 1
            ),
            None,
        )
        if body is not None:
            if plan.body and plan.body_sizes:
                _fill(body.text_frame, list(plan.body), plan.body_sizes)
            else:
                body.element.getparent().remove(body.element)  # an empty placeholder shows "Click to add text"
        if plan.notes:
            frame = slide.notes_slide.notes_text_frame
            _fill(frame, [Para(p, bullet=False) for p in plan.notes], None, keep_bullets=True)
    _properties(prs, talk, epoch)
    return normalized(prs, epoch)


def _fill(frame: TextFrame, paras: list[Para], sizes: tuple[int, int] | None, keep_bullets: bool = False) -> None:
    frame.clear()
    for i, para in enumerate(paras):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.level = para.level
        if not para.bullet and not keep_bullets:
            pPr = p._p.get_or_add_pPr()
            pPr.set("marL", "0")
            pPr.set("indent", "0")
            pPr.insert(0, etree.SubElement(pPr, qn("a:buNone")))
        for run in para.runs:
            _run(p, run, sizes[para.level] if sizes else None)
    if sizes:
        # Sizes were measured; normAutofit lets PowerPoint re-fit when the presenter edits.
        body_pr = frame._txBody.bodyPr
        for child in list(body_pr):
            if child.tag in (qn("a:normAutofit"), qn("a:spAutoFit"), qn("a:noAutofit")):
                body_pr.remove(child)
        etree.SubElement(body_pr, qn("a:normAutofit"))


def _run(paragraph: _Paragraph, run: Run, size: int | None) -> None:
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
        if run.bold:
            font.bold = True
        if run.italic:
            font.italic = True
        if run.superscript or run.sup:
            r._r.get_or_add_rPr().set("baseline", "30000")
        if run.sub:
            r._r.get_or_add_rPr().set("baseline", "-25000")
        if run.code:
            font.name = CODE_FONT
        if run.href:
            r.hyperlink.address = run.href


def _properties(prs: PresentationFile, talk: Talk, epoch: int) -> None:
    import datetime as dt

    when = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    props = prs.core_properties
    props.title = talk.title
    props.subject = talk.subtitle or ""
    props.author = (talk.presenter and talk.presenter.name) or ""
    props.last_modified_by = "podium"
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.language = "en-US"


def normalized(prs: PresentationFile, epoch: int = 315532800) -> bytes:
    """Save with fixed zip entry times and a stable entry order, for byte-identical decks."""
    import datetime as dt

    raw = io.BytesIO()
    prs.save(raw)
    stamp = dt.datetime.fromtimestamp(max(epoch, 315532800), dt.UTC).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        # [Content_Types].xml must stay first; the rest in a fixed order.
        for name in [n for n in names if n == "[Content_Types].xml"] + sorted(
            n for n in names if n != "[Content_Types].xml"
        ):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()
