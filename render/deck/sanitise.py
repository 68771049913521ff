"""A colleague's template, cleaned of what PowerPoint would fetch, run or offer when the deck opens.

The deck is built on the template's masters and layouts, so whatever they carry
is copied into every deck: pictures linked to file:// or http:// addresses
(fetched when the deck opens, revealing the reader), hyperlinks to local files
or programs, OLE objects and ActiveX controls with their embedded packages, and
a macro project. They are dropped from the masters and layouts (and the macros
from the presentation), and the caller is told what was dropped, once.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree
from pptx.opc.package import Part, XmlPart
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationFile

_WEB = ("http://", "https://", "mailto:")
# Relationship types whose targets are code or foreign documents, never needed by a slide's look.
_FOREIGN = ("/oleObject", "/package", "/control", "/activeXControl", "/vbaProject", "/vbaProjectSignature")


def sanitise(prs: PresentationFile) -> list[str]:
    """Drop linked pictures, local or program hyperlinks, OLE objects, controls and macros; say which kinds."""
    dropped: set[str] = set()
    parts: list[XmlPart] = [m.part for m in prs.slide_masters] + [lay.part for lay in prs.slide_layouts]
    for part in parts:
        _clean(part, dropped)
    for rid, rel in list(prs.part.rels.items()):
        if rel.reltype.endswith(("/vbaProject", "/vbaProjectSignature")):
            prs.part.rels.pop(rid)
            dropped.add("macros")
    order = ["linked pictures", "hyperlinks to local files or programs", "OLE objects and embedded packages", "macros"]
    return [kind for kind in order if kind in dropped]


def _clean(part: XmlPart, dropped: set[str]) -> None:
    root = part._element
    for frame in root.xpath(".//p:graphicFrame[.//p:oleObj]"):
        _remove(frame)
        dropped.add("OLE objects and embedded packages")
    for controls in root.xpath(".//p:controls"):
        _remove(controls)
        dropped.add("OLE objects and embedded packages")
    for linked in root.xpath(".//*[@r:link]"):
        picture = next(iter(linked.xpath("ancestor::p:pic[1]")), None)
        if picture is not None:
            _remove(picture)
        else:  # a linked fill: keep the element, without the address
            del linked.attrib[qn("r:link")]
        dropped.add("linked pictures")
    for link in root.xpath(".//a:hlinkClick | .//a:hlinkHover | .//a:hlinkMouseOver"):
        action = link.get("action") or ""
        rid = link.get(qn("r:id")) or ""
        target = part.rels[rid].target_ref if rid in part.rels and part.rels[rid].is_external else ""
        if action.startswith(("ppaction://program", "ppaction://macro", "ppaction://ole")) or (
            target and not target.lower().startswith(_WEB)
        ):
            _remove(link)
            dropped.add("hyperlinks to local files or programs")
    _drop_unused_relationships(part, dropped)


def _drop_unused_relationships(part: Part, dropped: set[str]) -> None:
    """External links and foreign parts nothing refers to any more (or nothing should)."""
    used = set(_ids(part._element.xpath(".//@r:id | .//@r:embed | .//@r:link | .//@r:pict")))
    for rid, rel in list(part.rels.items()):
        foreign = rel.reltype.endswith(_FOREIGN)
        if foreign or (rel.is_external and rid not in used):  # the latter already counted where they were used
            part.rels.pop(rid)
            if foreign:
                dropped.add("OLE objects and embedded packages")


def _ids(values: Iterable[object]) -> Iterable[str]:
    return (str(v) for v in values)


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)
