"""Small templates with the traits of real institutions' templates, made from templates/podium.pptx.

The real ones (Portuguese, Polish, Korean... layout names; title layouts without placeholders;
Verdana or Book Antiqua themes; spacing in points; dark backgrounds; logos; 4:3) were collected
from public repositories for evaluation but are not ours to commit, so the tests build these
equivalents instead, by editing the package's XML with lxml:

    .venv/bin/python tests/make_templates.py OUTDIR     # writes one .pptx per trait and one with all
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

from lxml import etree
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
PODIUM = ROOT / "templates" / "podium.pptx"
NS = {
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
P, A, R = (f"{{{NS[k]}}}" for k in ("p", "a", "r"))
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
LAYOUT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideLayout"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"

# Office's own Portuguese (Brazil) layout names; each layout file keeps its type="...".
PORTUGUESE = {
    "Title Slide": "Slide de Título",
    "Title and Content": "Título e Conteúdo",
    "Section Header": "Cabeçalho da Seção",
    "Two Content": "Duas Partes de Conteúdo",
    "Comparison": "Comparação",
    "Title Only": "Somente Título",
    "Blank": "Em branco",
    "Picture with Caption": "Imagem com Legenda",
    "Quote": "Citação",
    "References": "Referências",
    "Quiz Question": "Pergunta",
}
DARK = "1F2937"  # the dark background's colour (the theme's dk1 in the dark variant)
LIGHT_INK = "F9FAFB"
BAND = "3C3C64"  # a title band's colour, for a test to find in a rendering
LOGO = (200, 30, 40)  # the logo's colour, solid, so a test can find it in a rendering
FREEFORM = "C0392B"  # the freeform's fill
FREEFORM_BOX = (0, 5029200, 1828800, 1828800)  # EMU: the lower left corner of a 16:9 slide, 2 in square
LOGO_BOX = (10668000, 228600, 1143000, 571500)  # EMU on a 16:9 slide: top right corner
GROUP_TOP, GROUP_BOTTOM = (20, 120, 200), (240, 170, 20)  # a group's two rectangles, stacked
GROUP_BOX = (10668000, 228600, 1143000, 571500)  # the group on a 16:9 slide; its children at half scale
PAPER = (236, 226, 198)  # the theme's picture background, solid, so a test can find it
STRIP_TOP, STRIP_HEIGHT = 1371600, 254000  # EMU: a 0.28 in strip, 1.5 in from the top
SPACE_BEFORE_PT = 14  # spcPts on the body levels
SPACE_AFTER_PT = 6


def make(
    target: Path,
    *,
    portuguese: bool = False,
    empty_title: bool = False,
    font: str | None = None,
    master_font: str | None = None,
    points: bool = False,
    dark: bool = False,
    logo: bool = False,
    four_three: bool = False,
    low_title: bool = False,
    strip: bool = False,
    motto: bool = False,
    title_band: bool = False,
    group: bool = False,
    theme_picture: bool = False,
    centred: bool = False,
    tight_number: bool = False,
    no_index: bool = False,
    freeform: bool = False,
) -> Path:
    """Write a copy of podium.pptx with the traits asked for."""
    with zipfile.ZipFile(PODIUM) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    xml = {name: etree.fromstring(data) for name, data in parts.items() if name.endswith((".xml", ".rels"))}
    master = xml["ppt/slideMasters/slideMaster1.xml"]
    layouts = sorted(n for n in xml if re.fullmatch(r"ppt/slideLayouts/slideLayout\d+\.xml", n))
    if portuguese:
        for name in layouts:
            c_sld = xml[name].find(f"{P}cSld")
            c_sld.set("name", PORTUGUESE.get(c_sld.get("name"), c_sld.get("name")))
    if empty_title:
        _add_empty_title_slide(xml, parts, layouts)
    if font:
        for latin in xml["ppt/theme/theme1.xml"].iter(f"{A}latin"):
            if latin.getparent().tag in (f"{A}majorFont", f"{A}minorFont"):
                latin.set("typeface", font)
    if master_font:  # the master's title and body styles name a font, over the theme's (a real one: Roboto)
        for style in ("titleStyle", "bodyStyle"):
            for level in master.find(f"{P}txStyles/{P}{style}"):
                rpr = level.find(f"{A}defRPr")
                if rpr is None:
                    continue
                latin = rpr.find(f"{A}latin")
                if latin is None:
                    latin = etree.SubElement(rpr, f"{A}latin")
                latin.set("typeface", master_font)
    if points:
        body = master.find(f"{P}txStyles/{P}bodyStyle")
        for level in body:
            for kind, value in (("spcBef", SPACE_BEFORE_PT), ("spcAft", SPACE_AFTER_PT)):
                old = level.find(f"{A}{kind}")
                if old is not None:
                    level.remove(old)
                spc = etree.Element(f"{A}{kind}")
                etree.SubElement(spc, f"{A}spcPts", val=str(value * 100))
                level.insert(_after_lnspc(level), spc)
    if dark:
        # The PowerPoint way to a dark theme: the colour map turns bg1 into the dark slot.
        scheme = xml["ppt/theme/theme1.xml"].find(f".//{A}clrScheme")
        for slot, value in (("dk1", DARK), ("lt1", LIGHT_INK)):
            element = scheme.find(f"{A}{slot}")
            for child in list(element):
                element.remove(child)
            etree.SubElement(element, f"{A}srgbClr", val=value)
        clr_map = master.find(f"{P}clrMap")
        clr_map.attrib.update({"bg1": "dk1", "tx1": "lt1", "bg2": "dk2", "tx2": "lt2"})
    if logo:
        _add_logo(xml, parts)
    if group:
        _add_group(xml)
    if theme_picture:
        _add_theme_picture(xml, parts)
    if title_band:  # the master's title placeholder filled (a band), its text in the light colour
        title = next(
            sp for sp in master.iter(f"{P}sp") if (ph := sp.find(f".//{P}ph")) is not None and ph.get("type") == "title"
        )
        sp_pr = title.find(f"{P}spPr")
        band = etree.SubElement(sp_pr, f"{A}solidFill")
        etree.SubElement(band, f"{A}srgbClr", val=BAND)
    if centred:
        _centre(master, xml)
    if motto:  # a text box on the master: the PDFs cannot draw it and must say so
        tree = master.find(f"{P}cSld/{P}spTree")
        tree.append(
            etree.fromstring(
                f'<p:sp xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><p:nvSpPr><p:cNvPr id="97" name="Institution motto"/>'
                '<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="457200" y="6400800"/>'
                '<a:ext cx="3000000" cy="300000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
                "<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>Lux et veritas</a:t></a:r></a:p></p:txBody></p:sp>"
            )
        )
    if freeform:  # a freeform (custGeom) triangle on the master, in the lower left corner, as real art is drawn
        tree = master.find(f"{P}cSld/{P}spTree")
        tree.append(
            etree.fromstring(
                f'<p:sp xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><p:nvSpPr><p:cNvPr id="92" name="Freeform"/>'
                '<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm>'
                '<a:off x="{}" y="{}"/><a:ext cx="{}" cy="{}"/>'.format(*FREEFORM_BOX)
                + '</a:xfrm><a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/>'
                '<a:pathLst><a:path w="100" h="100"><a:moveTo><a:pt x="0" y="0"/></a:moveTo>'
                '<a:lnTo><a:pt x="0" y="100"/></a:lnTo><a:lnTo><a:pt x="100" y="100"/></a:lnTo><a:close/></a:path>'
                "</a:pathLst></a:custGeom>"
                f'<a:solidFill><a:srgbClr val="{FREEFORM}"/></a:solidFill></p:spPr></p:sp>'
            )
        )
    if no_index:  # as LibreOffice writes a layout: placeholders without idx (so 0, the title's, by the standard)
        for name in layouts:
            if xml[name].get("type") == "twoObj":
                for ph in xml[name].iter(f"{P}ph"):
                    ph.attrib.pop("idx", None)
    if tight_number:  # a slide number at the slide's very foot, its box shorter than its 18 pt line (a real one)
        for name in layouts:
            if xml[name].get("type") == "obj":
                xml[name].find(f"{P}cSld/{P}spTree").append(
                    etree.fromstring(
                        f'<p:sp xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><p:nvSpPr>'
                        '<p:cNvPr id="91" name="Slide Number"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
                        '<p:nvPr><p:ph type="sldNum" sz="quarter" idx="12"/></p:nvPr></p:nvSpPr>'
                        '<p:spPr><a:xfrm><a:off x="10515600" y="6705600"/><a:ext cx="1371600" cy="152400"/></a:xfrm>'
                        '</p:spPr><p:txBody><a:bodyPr/><a:lstStyle><a:lvl1pPr algn="r"><a:defRPr sz="1800"/>'
                        '</a:lvl1pPr></a:lstStyle><a:p><a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" '
                        'type="slidenum"><a:t>&#8249;#&#8250;</a:t></a:fld>'
                        "</a:p></p:txBody></p:sp>"
                    )
                )
    if strip:  # a one-line kicker under the title, across both columns of "Two Content" (a real one has it everywhere)
        for name in layouts:
            if xml[name].get("type") == "twoObj":
                tree = xml[name].find(f"{P}cSld/{P}spTree")
                tree.append(
                    etree.fromstring(
                        f'<p:sp xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><p:nvSpPr><p:cNvPr id="90" name="Kicker"/>'
                        '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" sz="quarter" idx="28"/>'
                        f'</p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="838200" y="{STRIP_TOP}"/>'
                        f'<a:ext cx="10515600" cy="{STRIP_HEIGHT}"/></a:xfrm></p:spPr>'
                        "<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr/></a:p></p:txBody></p:sp>"
                    )
                )
    if low_title:  # "Title Only" with its title in the middle of the slide: 30% of the slide left below it
        for name in layouts:
            if xml[name].get("type") == "titleOnly":
                title = next(sp for sp in xml[name].iter(f"{P}sp") if sp.find(f".//{P}ph") is not None)
                sp_pr = title.find(f"{P}spPr")
                for old in sp_pr.findall(f"{A}xfrm"):
                    sp_pr.remove(old)
                xfrm = etree.Element(f"{A}xfrm")
                etree.SubElement(xfrm, f"{A}off", x="838200", y=str(round(6858000 * 0.35)))
                etree.SubElement(xfrm, f"{A}ext", cx="10515600", cy=str(round(6858000 * 0.35)))
                sp_pr.insert(0, xfrm)
    if four_three:
        xml["ppt/presentation.xml"].find(f"{P}sldSz").attrib.update({"cx": "9144000", "cy": "6858000"})
        for name in [*layouts, "ppt/slideMasters/slideMaster1.xml"] + [n for n in xml if "slideLayout" in n]:
            for element in xml[name].iter(f"{A}off", f"{A}ext"):
                for attr in ("x", "cx"):
                    if element.get(attr) is not None:
                        element.set(attr, str(round(int(element.get(attr)) * 0.75)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
        every = set(parts) | set(xml)
        for name in ["[Content_Types].xml", *sorted(every - {"[Content_Types].xml"})]:
            if name in xml:
                data = etree.tostring(xml[name], xml_declaration=True, encoding="UTF-8", standalone=True)
            else:
                data = parts[name]
            w.writestr(name, data)
    target.write_bytes(out.getvalue())
    return target


SUBTITLE_TINT = 75000  # the subtitle's ink: tx1 tinted 75 %, as Office 2007's default title slide sets it


def _centre(master: etree._Element, xml: dict) -> None:
    """Office 2007's default look, as on the Clinical Educator template: titles centred (the master's
    title style), the title slide's subtitle centred in tx1 tinted 75 %, sub-bullets marked in accent2."""
    master.find(f"{P}txStyles/{P}titleStyle/{A}lvl1pPr").set("algn", "ctr")
    level2 = master.find(f"{P}txStyles/{P}bodyStyle/{A}lvl2pPr")
    colour = level2.find(f"{A}buClr")
    if colour is None:
        colour = etree.Element(f"{A}buClr")
        level2.insert(_after_lnspc(level2), colour)
    for child in list(colour):
        colour.remove(child)
    etree.SubElement(colour, f"{A}schemeClr", val="accent2")
    layout = next(x for name, x in xml.items() if "slideLayouts/slideLayout" in name and x.get("type") == "title")
    for sp in layout.iter(f"{P}sp"):
        kind = sp.find(f".//{P}ph").get("type")
        for level in sp.find(f"{P}txBody/{A}lstStyle"):
            level.set("algn", "ctr")
            if kind == "subTitle":
                fill = level.find(f"{A}defRPr/{A}solidFill")
                for child in list(fill):
                    fill.remove(child)
                ink = etree.SubElement(fill, f"{A}schemeClr", val="tx1")
                etree.SubElement(ink, f"{A}tint", val=str(SUBTITLE_TINT))


def _after_lnspc(level: etree._Element) -> int:
    # Schema order inside a pPr: lnSpc, spcBef, spcAft, then the bullet settings.
    order = [f"{A}lnSpc", f"{A}spcBef", f"{A}spcAft"]
    return sum(1 for child in level if child.tag in order)


def _add_empty_title_slide(xml: dict, parts: dict, layouts: list[str]) -> None:
    """A layout named "Title Slide" with no placeholders and no type: a designer's picture-only cover."""
    source = xml["ppt/slideLayouts/slideLayout7.xml"]  # Blank
    layout = etree.fromstring(etree.tostring(source))
    layout.attrib.pop("type", None)
    layout.find(f"{P}cSld").set("name", "Title Slide")
    tree = layout.find(f"{P}cSld/{P}spTree")
    for shape in tree.findall(f"{P}sp"):
        tree.remove(shape)
    name = "ppt/slideLayouts/slideLayout99.xml"
    xml[name] = layout
    xml[name.replace("slideLayouts/", "slideLayouts/_rels/") + ".rels"] = etree.fromstring(
        etree.tostring(xml["ppt/slideLayouts/_rels/slideLayout7.xml.rels"])
    )
    types = xml["[Content_Types].xml"]
    etree.SubElement(
        types,
        "{http://schemas.openxmlformats.org/package/2006/content-types}Override",
        PartName="/" + name,
        ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml",
    )
    rels = xml["ppt/slideMasters/_rels/slideMaster1.xml.rels"]
    etree.SubElement(
        rels, f"{REL}Relationship", Id="rId99", Type=LAYOUT_REL, Target="../slideLayouts/slideLayout99.xml"
    )
    id_list = xml["ppt/slideMasters/slideMaster1.xml"].find(f"{P}sldLayoutIdLst")
    biggest = max(int(e.get("id")) for e in id_list)
    # First in the list, as designers put their cover: a name match must not pick it.
    id_list.insert(0, etree.Element(f"{P}sldLayoutId", {"id": str(biggest + 1), f"{R}id": "rId99"}))


def _add_png(xml: dict, parts: dict, name: str, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    """A solid picture in the package at `name`, with PNG known to its content types."""
    image = io.BytesIO()
    Image.new("RGB", size, colour).save(image, "PNG")
    parts[name] = image.getvalue()
    types = xml["[Content_Types].xml"]
    ct = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    if not any(d.get("Extension") == "png" for d in types.iter(f"{ct}Default")):
        types.insert(0, etree.Element(f"{ct}Default", Extension="png", ContentType="image/png"))


def _add_logo(xml: dict, parts: dict) -> None:
    _add_png(xml, parts, "ppt/media/podium-logo.png", (120, 60), LOGO)
    rels = xml["ppt/slideMasters/_rels/slideMaster1.xml.rels"]
    etree.SubElement(rels, f"{REL}Relationship", Id="rId98", Type=IMAGE_REL, Target="../media/podium-logo.png")
    tree = xml["ppt/slideMasters/slideMaster1.xml"].find(f"{P}cSld/{P}spTree")
    x, y, cx, cy = LOGO_BOX
    pic = etree.fromstring(
        f'<p:pic xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}" xmlns:r="{NS["r"]}">'
        '<p:nvPicPr><p:cNvPr id="98" name="Logo" descr="Institution logo"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
        '<p:blipFill><a:blip r:embed="rId98"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
    )
    tree.append(pic)


def _add_group(xml: dict) -> None:
    """A group on the master, as crests and logo lock-ups come: its child coordinates twice its
    size, so its two rectangles land at half their written size, one above the other."""
    x, y, cx, cy = GROUP_BOX
    top, bottom = ("".join(f"{c:02X}" for c in colour) for colour in (GROUP_TOP, GROUP_BOTTOM))

    def rect(n: int, y0: int, rgb: str) -> str:
        return (
            f'<p:sp><p:nvSpPr><p:cNvPr id="{n}" name="Crest part {n}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
            f'<p:spPr><a:xfrm><a:off x="0" y="{y0}"/><a:ext cx="{2 * cx}" cy="{cy}"/></a:xfrm>'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="{rgb}"/></a:solidFill>'
            "<a:ln><a:noFill/></a:ln></p:spPr></p:sp>"
        )

    group = etree.fromstring(
        f'<p:grpSp xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><p:nvGrpSpPr><p:cNvPr id="95" name="Crest"/>'
        "<p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm>"
        f'<a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/><a:chOff x="0" y="0"/>'
        f'<a:chExt cx="{2 * cx}" cy="{2 * cy}"/></a:xfrm></p:grpSpPr>'
        f"{rect(93, 0, top)}{rect(94, cy, bottom)}</p:grpSp>"
    )
    xml["ppt/slideMasters/slideMaster1.xml"].find(f"{P}cSld/{P}spTree").append(group)


def _add_theme_picture(xml: dict, parts: dict) -> None:
    """The master's background taken from the theme's background styles (bgRef idx 1003), the
    third of which is a picture, named in the theme's own relationships."""
    _add_png(xml, parts, "ppt/media/podium-paper.png", (160, 90), PAPER)
    rels_name = "ppt/theme/_rels/theme1.xml.rels"
    if rels_name not in xml:
        xml[rels_name] = etree.Element(f"{REL}Relationships", nsmap={None: REL[1:-1]})
    etree.SubElement(
        xml[rels_name], f"{REL}Relationship", Id="rId97", Type=IMAGE_REL, Target="../media/podium-paper.png"
    )
    styles = xml["ppt/theme/theme1.xml"].find(f".//{A}bgFillStyleLst")
    picture = etree.fromstring(
        f'<a:blipFill xmlns:a="{NS["a"]}" xmlns:r="{NS["r"]}" dpi="0" rotWithShape="1"><a:blip r:embed="rId97"/>'
        "<a:stretch><a:fillRect/></a:stretch></a:blipFill>"
    )
    styles.replace(styles[2], picture)
    xml["ppt/slideMasters/slideMaster1.xml"].find(f"{P}cSld/{P}bg/{P}bgRef").set("idx", "1003")


ALL = {"portuguese": True, "empty_title": True, "font": "Verdana", "points": True, "dark": True, "logo": True}


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    variants = {
        "portuguese": {"portuguese": True, "empty_title": True},
        "verdana": {"font": "Verdana"},
        "master-font": {"master_font": "Roboto"},
        "points": {"points": True},
        "dark": {"dark": True},
        "logo": {"logo": True},
        "group": {"group": True},
        "theme-picture": {"theme_picture": True},
        "four-three": {"four_three": True},
        "centred": {"centred": True},
        "all": ALL,
        "all-4x3": {**ALL, "four_three": True},
    }
    for name, traits in variants.items():
        print(make(folder / f"{name}.pptx", **traits))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "made-templates"))
