"""Small .pptx/.potx files with the properties of hostile or broken ones found in the wild, made here
(python-pptx, lxml and zipfile edits of templates/podium.pptx) so that CI needs no fetched files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.util import Inches

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "podium.pptx"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


def small_deck() -> bytes:
    """A two-slide deck with a title, bullets and notes, as python-pptx writes it."""
    prs = Presentation(str(TEMPLATE))
    for title in ("First", "Second"):
        slide = prs.slides.add_slide(prs.slide_layouts.get_by_name("Title and Content"))
        slide.shapes.title.text = title
        slide.placeholders[1].text = f"A point on {title.lower()}"
        slide.notes_slide.notes_text_frame.text = "Say this."
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def rezip(data: bytes, change: dict[str, bytes | None] | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """The package with some parts replaced (None: removed) and others added."""
    change = change or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            body = change.get(item.filename, old.read(item.filename))
            if body is not None:
                new.writestr(item.filename, body)
        for name, body in (extra or {}).items():
            new.writestr(name, body)
    return out.getvalue()


def bomb(data: bytes, unpacked: int) -> bytes:
    """A package with one picture of `unpacked` zero bytes: a few hundred kB that unpack to much more."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, old.read(item.filename))
        info = zipfile.ZipInfo("ppt/media/huge.png")
        info.compress_type = zipfile.ZIP_DEFLATED
        with new.open(info, "w", force_zip64=True) as huge:
            chunk = bytes(1 << 20)
            for _ in range(unpacked >> 20):
                huge.write(chunk)
    return out.getvalue()


def many_entries(data: bytes, count: int) -> bytes:
    return rezip(data, extra={f"customXml/item{n}.xml": b"<a/>" for n in range(count)})


def slide_xml(data: bytes, edit: str) -> bytes:
    """The first slide's XML made hostile: `laughs` (entity expansion), `charref` (&#0;) or `truncated`."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("ppt/slides/slide1.xml")
    if edit == "laughs":
        levels = zip("abcdefgh", "bcdefghi", strict=True)
        entities = '<!ENTITY a "lol">' + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in levels)
        head, body = xml.split(b"?>", 1)
        xml = head + b"?>" + f"<!DOCTYPE p:sld [{entities}]>".encode() + body.replace(b"First", b"&i;")
    elif edit == "charref":
        xml = xml.replace(b"First", b"Fi&#0;rst")
    else:
        xml = xml[: len(xml) // 2]
    return rezip(data, {"ppt/slides/slide1.xml": xml})


def picture_deck() -> bytes:
    """A one-slide deck with a picture (alt text and all), as python-pptx writes it."""
    prs = Presentation(str(TEMPLATE))
    slide = prs.slides.add_slide(prs.slide_layouts.get_by_name("Title Only"))
    slide.shapes.title.text = "A picture"
    png = (ROOT / "tests" / "fixtures" / "stress" / "chart.png").read_bytes()
    picture = slide.shapes.add_picture(io.BytesIO(png), Inches(1), Inches(2))
    picture._element.nvPicPr.cNvPr.set("descr", "A chart")
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def unreadable_picture_deck() -> bytes:
    """A deck whose picture part holds bytes no image reader knows (a renamed file, a broken export)."""
    data = picture_deck()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        media = [n for n in package.namelist() if n.startswith("ppt/media/")]
    return rezip(data, {name: b"\x00not an image at all" * 20 for name in media})


def colleague_template() -> bytes:
    """podium.pptx as a colleague might pass it on: a layout with a picture linked to a local file and
    one linked to a web address, a hyperlink to a local file and one that runs a program, an OLE object
    with its embedded package, and a macro project on the presentation."""
    prs = Presentation(str(TEMPLATE))
    layout = prs.slide_layouts.get_by_name("Title and Content")
    part = layout.part
    tree = layout.shapes._spTree
    for n, address in enumerate(["file:///C:/Users/me/secret.png", "http://tracker.example/pixel.png"], start=1):
        rid = part.relate_to(address, RT.IMAGE, is_external=True)
        tree.append(_element(
            f'<p:pic xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{R}"><p:nvPicPr><p:cNvPr id="{900 + n}" name="Linked {n}"/>'
            f'<p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:link="{rid}"/>'
            '<a:stretch><a:fillRect/></a:stretch></p:blipFill>'
            '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
        ))  # fmt: skip
    local = part.relate_to("file:///C:/Users/me/Documents/patients.xlsx", RT.HYPERLINK, is_external=True)
    package = Part(PackURI("/ppt/embeddings/oleObject1.bin"), "application/vnd.openxmlformats-officedocument.oleObject",
                   prs.part.package, b"\xd0\xcf\x11\xe0 an embedded package")  # fmt: skip
    ole = part.relate_to(package, RT.OLE_OBJECT)
    tree.append(_element(
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{R}"><p:nvSpPr><p:cNvPr id="910" name="Links"/><p:cNvSpPr/>'
        '<p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p>'
        f'<a:r><a:rPr><a:hlinkClick r:id="{local}"/></a:rPr><a:t>records</a:t></a:r>'
        '<a:r><a:rPr><a:hlinkClick r:id="" action="ppaction://program"/></a:rPr><a:t>run</a:t></a:r>'
        '</a:p></p:txBody></p:sp>'
    ))  # fmt: skip
    tree.append(_element(
        f'<p:graphicFrame xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{R}"><p:nvGraphicFramePr>'
        '<p:cNvPr id="920" name="Object"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>'
        '<p:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/>'
        '</p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/presentationml/2006/ole">'
        f'<p:oleObj r:id="{ole}" progId="Package" name="Packager Shell Object"><p:embed/></p:oleObj>'
        '</a:graphicData></a:graphic></p:graphicFrame>'
    ))  # fmt: skip
    macros = Part(PackURI("/ppt/vbaProject.bin"), "application/vnd.ms-office.vbaProject", prs.part.package, b"VBA")
    prs.part.relate_to(macros, VBA)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _element(xml: str) -> object:
    from lxml import etree

    return etree.fromstring(xml)


def picture_without_fill_deck() -> bytes:
    """A picture shape whose <p:blipFill> is missing, as found in a real deck (Apache POI's test files)."""
    import re

    data = picture_deck()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        slides = [n for n in package.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
        changed = {n: re.sub(rb"<p:blipFill>.*?</p:blipFill>", b"", package.read(n), flags=re.S) for n in slides}
    return rezip(data, changed)
