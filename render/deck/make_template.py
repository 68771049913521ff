"""Make templates/podium.pptx, podium's own designed look, byte for byte.

python-pptx cannot create layouts, masters or themes, so this starts from its
stock Office template and edits the XML: 16:9, a theme with our colours and
Calibri (which every PowerPoint has; measured through Carlito), a master with
left-aligned titles and an accent rule, footer/date/number placeholders, and
the layouts a talk needs, named as Office names them where Office has them:

    Title Slide, Title and Content, Section Header, Two Content, Comparison,
    Title Only, Blank, Picture with Caption, plus Quote, References, Quiz Question.

Run `python -m render.deck.make_template` after changing this file.
"""

from __future__ import annotations

import copy

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.parts.slide import SlideLayoutPart
from pptx.slide import SlideLayout
from pptx.util import Emu, Inches

from render.deck.pptx import normalized
from render.deck.template import TEMPLATE

WIDE, HIGH = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in: PowerPoint's 16:9
MARGIN = Inches(0.6)

# Colours chosen for contrast on white: dk2 (titles) 12.6:1, dk1 (text) 21:1, accent1 (rule, bullets) 6.2:1.
COLOURS = {
    "dk2": "1F3A5F",
    "lt2": "E9EEF4",
    "accent1": "2B5C8A",
    "accent2": "B5472D",
    "accent3": "4E7D3A",
    "accent4": "6B4C9A",
    "accent5": "1D7C83",
    "accent6": "9A6B12",
    "hlink": "1F5FA8",
    "folHlink": "6B4C9A",
}


def _a(tag: str, **attrs: str) -> etree._Element:
    element = etree.Element(qn(f"a:{tag}"))
    for key, value in attrs.items():
        element.set(key, value)
    return element


def _theme(prs: Presentation) -> None:
    master_part = prs.slide_master.part
    theme_part = master_part.part_related_by(RT.THEME)
    theme = etree.fromstring(theme_part.blob)
    theme.set("name", "Podium")
    scheme = theme.find(".//" + qn("a:clrScheme"))
    scheme.set("name", "Podium")
    for name, rgb in COLOURS.items():
        slot = scheme.find(qn(f"a:{name}"))
        for child in list(slot):
            slot.remove(child)
        slot.append(_a("srgbClr", val=rgb))
    fonts = theme.find(".//" + qn("a:fontScheme"))
    fonts.set("name", "Podium")
    for kind in ("majorFont", "minorFont"):
        fonts.find(f"{qn('a:' + kind)}/{qn('a:latin')}").set("typeface", "Calibri")
    theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def _box(shape: etree._Element, x: int, y: int, cx: int, cy: int) -> None:
    xfrm = shape.find(f"{qn('p:spPr')}/{qn('a:xfrm')}")
    xfrm.find(qn("a:off")).attrib.update({"x": str(x), "y": str(y)})
    xfrm.find(qn("a:ext")).attrib.update({"cx": str(cx), "cy": str(cy)})


def _master(prs: Presentation) -> None:
    master = prs.slide_master
    tree = master.shapes._spTree
    boxes = {
        "title": (MARGIN, Inches(0.45), WIDE - 2 * MARGIN, Inches(1.05)),
        "body": (MARGIN, Inches(1.75), WIDE - 2 * MARGIN, Inches(4.85)),
        "dt": (MARGIN, Inches(6.9), Inches(3.0), Inches(0.4)),
        "ftr": (Inches(3.9), Inches(6.9), WIDE - Inches(7.8), Inches(0.4)),
        "sldNum": (WIDE - MARGIN - Inches(1.5), Inches(6.9), Inches(1.5), Inches(0.4)),
    }
    for sp in tree.iter(qn("p:sp")):
        ph = sp.find(f".//{qn('p:ph')}")
        if ph is not None and ph.get("type") in boxes:
            _box(sp, *boxes[ph.get("type")])
            if ph.get("type") == "title":
                sp.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}").set("anchor", "b")

    # A thin accent rule under the title area: decoration on the master, never on a slide.
    rule = etree.SubElement(tree, qn("p:sp"))
    rule.append(
        etree.fromstring(
            '<p:nvSpPr xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<p:cNvPr id="20" name="Accent rule" descr="">'
            '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
            '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
            '</a:ext></a:extLst></p:cNvPr><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        )
    )
    sp_pr = etree.SubElement(rule, qn("p:spPr"))
    xfrm = etree.SubElement(sp_pr, qn("a:xfrm"))
    xfrm.append(_a("off", x=str(MARGIN), y=str(Inches(1.55))))
    xfrm.append(_a("ext", cx=str(Inches(1.6)), cy=str(Inches(0.06))))
    geom = etree.SubElement(sp_pr, qn("a:prstGeom"), prst="rect")
    etree.SubElement(geom, qn("a:avLst"))
    fill = etree.SubElement(sp_pr, qn("a:solidFill"))
    fill.append(_a("schemeClr", val="accent1"))
    etree.SubElement(sp_pr, qn("a:ln")).append(_a("noFill"))

    for sp in tree.iter(qn("p:sp")):
        ph = sp.find(f".//{qn('p:ph')}")
        if ph is not None and ph.get("type") in ("dt", "ftr", "sldNum"):
            run = sp.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
            run.append(_a("latin", typeface="+mn-lt"))  # viewers otherwise fall back to a serif font

    styles = master._element.find(qn("p:txStyles"))
    title = styles.find(f"{qn('p:titleStyle')}/{qn('a:lvl1pPr')}")
    title.set("algn", "l")
    title_run = title.find(qn("a:defRPr"))
    title_run.set("sz", "4000")
    title_run.find(f"{qn('a:solidFill')}/{qn('a:schemeClr')}").set("val", "tx2")
    body = styles.find(qn("p:bodyStyle"))
    for level, size in (("lvl1pPr", "2800"), ("lvl2pPr", "2400"), ("lvl3pPr", "2000")):
        ppr = body.find(qn(f"a:{level}"))
        ppr.find(qn("a:defRPr")).set("sz", size)
        if ppr.find(qn("a:buClr")) is None:
            bu_clr = _a("buClr")
            bu_clr.append(_a("schemeClr", val="accent1"))
            ppr.find(qn("a:buFont")).addprevious(bu_clr)


def _scale_layout_boxes(prs: Presentation) -> None:
    scale = WIDE / prs.slide_width
    for layout in prs.slide_layouts:
        for shape in layout.shapes:
            if shape._element.spPr.find(qn("a:xfrm")) is None:
                continue  # inherits its box from the master, which is laid out for 16:9 already
            shape.left = Emu(round(shape.left * scale))
            shape.width = Emu(round(shape.width * scale))


def _drop_placeholders(layout: SlideLayout, kinds: set[str]) -> None:
    tree = layout.shapes._spTree
    for sp in list(tree.iter(qn("p:sp"))):
        ph = sp.find(f".//{qn('p:ph')}")
        if ph is not None and ph.get("type") in kinds:
            tree.remove(sp)


def _no_tints(prs: Presentation) -> None:
    """Office's grey footers and subtitles are black at 75% tint, which viewers render too light
    for 4.5:1 contrast; use the theme's dark blue instead."""
    for part in (prs.slide_master, *prs.slide_layouts):
        for colour in list(part._element.iter(qn("a:schemeClr"))):
            tint = colour.find(qn("a:tint"))
            if tint is not None:
                colour.remove(tint)
                colour.set("val", "tx2")


def _title_slide(layout: SlideLayout) -> None:
    """Title and subtitle share a left edge; the master's accent rule would sit oddly here."""
    layout._element.set("showMasterSp", "0")
    shapes = {sp.find(f".//{qn('p:ph')}").get("type"): sp for sp in layout.shapes._spTree.iter(qn("p:sp"))}
    title, subtitle = shapes["ctrTitle"], shapes["subTitle"]
    t_off = title.find(f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:off')}")
    t_ext = title.find(f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:ext')}")
    s_off = subtitle.find(f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:off')}")
    s_ext = subtitle.find(f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:ext')}")
    s_off.set("x", t_off.get("x"))
    s_ext.set("cx", t_ext.get("cx"))
    for sp in (title, subtitle):
        lvl1 = sp.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn('a:lvl1pPr')}")
        if lvl1 is None:
            lst = sp.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")
            lvl1 = etree.SubElement(lst, qn("a:lvl1pPr"))
        lvl1.set("algn", "l")
    # The subtitle's second level (affiliation, event, date under the presenter's name) shares the left edge.
    for level in subtitle.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}"):
        level.set("algn", "l")


def _clone_layout(prs: Presentation, source: SlideLayout, name: str, body_style: str, anchor: str = "") -> None:
    """A new layout: a copy of `source`, renamed, its body placeholder given its own text style
    (and its own vertical anchor, where given)."""
    master_part = prs.slide_master.part
    numbers = [
        int(str(p.partname).rsplit("Layout", 1)[1][:-4])
        for p in master_part.package.iter_parts()
        if str(p.partname).startswith("/ppt/slideLayouts/slideLayout")
    ]
    element = copy.deepcopy(source._element)
    element.find(qn("p:cSld")).set("name", name)
    for ext in element.iter(qn("p:extLst")):
        ext.getparent().remove(ext)  # creationId must be unique per layout
    for sp in element.iter(qn("p:sp")):
        ph = sp.find(f".//{qn('p:ph')}")
        if ph is not None and ph.get("idx") == "1":
            lst = sp.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")
            lst.append(etree.fromstring(body_style))
            if anchor:
                sp.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}").set("anchor", anchor)
            sp.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}").set("name", f"{name} Text")
    blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = SlideLayoutPart.load(
        PackURI(f"/ppt/slideLayouts/slideLayout{max(numbers) + 1}.xml"),
        source.part.content_type,
        master_part.package,
        blob,
    )
    part.relate_to(master_part, RT.SLIDE_MASTER)
    r_id = master_part.relate_to(part, RT.SLIDE_LAYOUT)
    id_list = prs.slide_master._element.find(qn("p:sldLayoutIdLst"))
    next_id = max(int(e.get("id")) for e in id_list) + 1
    entry = etree.SubElement(id_list, qn("p:sldLayoutId"))
    entry.set("id", str(next_id))
    entry.set(qn("r:id"), r_id)


_NS = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
QUOTE_STYLE = f'<a:lvl1pPr {_NS} marL="0" indent="0"><a:spcBef><a:spcPct val="40000"/></a:spcBef><a:buNone/><a:defRPr sz="3200" i="1"/></a:lvl1pPr>'  # noqa: E501
# 24 pt: references are read from the back of the room too (the planner never sets them smaller).
REFERENCES_STYLE = f'<a:lvl1pPr {_NS} marL="0" indent="0"><a:spcBef><a:spcPct val="30000"/></a:spcBef><a:buNone/><a:defRPr sz="2400"/></a:lvl1pPr>'  # noqa: E501
QUIZ_STYLE = f'<a:lvl1pPr {_NS} marL="0" indent="0"><a:spcBef><a:spcPct val="50000"/></a:spcBef><a:buNone/><a:defRPr sz="2800"/></a:lvl1pPr>'  # noqa: E501


def build() -> bytes:
    prs = Presentation()
    _scale_layout_boxes(prs)
    prs.slide_width, prs.slide_height = WIDE, HIGH
    _theme(prs)
    _master(prs)
    _no_tints(prs)
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    # The title slide carries event and date in its subtitle; no footer row there.
    _drop_placeholders(layouts["Title Slide"], {"dt", "ftr", "sldNum"})
    _title_slide(layouts["Title Slide"])
    for name in ("Section Header", "Picture with Caption"):
        layouts[name]._element.set("showMasterSp", "0")  # the accent rule belongs under content titles only
    for unused in ("Title and Vertical Text", "Vertical Title and Text", "Content with Caption"):
        prs.slide_layouts.remove(layouts[unused])
    content = layouts["Title and Content"]
    # A quotation is one block read aloud: set in the middle of its slide, not at the top of a list's box.
    _clone_layout(prs, content, "Quote", QUOTE_STYLE, anchor="ctr")
    _clone_layout(prs, content, "References", REFERENCES_STYLE)
    _clone_layout(prs, content, "Quiz Question", QUIZ_STYLE)
    props = prs.core_properties
    props.title, props.author, props.subject = "podium", "podium", "podium's default deck template"
    return normalized(prs)


if __name__ == "__main__":
    TEMPLATE.write_bytes(build())
