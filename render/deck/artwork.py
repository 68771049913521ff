"""A layout's look as plain values: its background (solid, gradient, picture), the pictures and
simple shapes its master and it draw behind the text, and theme colours resolved to "#rrggbb".

DrawingML colours go through the master's colour map (bg1/tx1 may be dark/light, as dark
templates do) and the theme's colour scheme, with the usual modifiers (lumMod, lumOff,
tint, shade). A theme's picture background is read from the theme's own part; a group's shapes
are placed through its child coordinates. What cannot be drawn as a flat picture or rectangle
(text boxes, rotated groups, charts, freeforms with arcs, EMF pictures) is named in `Look.skipped`, so the
PDFs can say so once.
"""

from __future__ import annotations

import base64
import colorsys
from dataclasses import dataclass

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

_DRAWN = {"image/png", "image/jpeg", "image/gif", "image/svg+xml"}  # what WeasyPrint draws
_RECTS = {"rect", "roundRect", "snip1Rect", "flowChartProcess"}


@dataclass(frozen=True)
class Art:
    """A picture or a filled rectangle (lines are thin rectangles), in EMU from the slide's top left."""

    kind: str  # "picture", "rect" or "path"
    left: int
    top: int
    width: int
    height: int
    colour: str = ""  # a rectangle's or a path's fill
    data: str = ""  # a picture as a data: URI
    radius: int = 0  # a rounded rectangle's corner radius (EMU)
    path: str = ""  # a freeform's outline as SVG path data, in its box's unit square
    gradient: tuple[tuple[float, str], ...] = ()  # a path's gradient fill: (position 0..1, colour)
    angle: float = 180.0  # that gradient's direction, CSS degrees


@dataclass(frozen=True)
class Look:
    background: str = ""  # "#rrggbb": a solid background (also the fallback of the others)
    gradient: tuple[tuple[float, str], ...] = ()  # (position 0..1, colour) of a gradient background
    angle: float = 180.0  # the gradient's direction, CSS degrees
    picture: str = ""  # a picture background as a data: URI, stretched over the slide
    art: tuple[Art, ...] = ()  # back to front
    skipped: tuple[str, ...] = ()  # what could not be drawn, by shape name
    ink: str = ""  # tx1: the text's colour where a placeholder says nothing
    paper: str = ""  # bg1


class Colours:
    """Resolves DrawingML colour elements in the context of one layout."""

    def __init__(self, layout: object) -> None:
        master = layout.slide_master  # type: ignore[attr-defined]
        theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
        self.theme = theme
        scheme = theme.find(f".//{qn('a:clrScheme')}")
        self.scheme: dict[str, str] = {}
        for slot in scheme if scheme is not None else ():
            if len(slot):
                child = slot[0]
                value = child.get("val") if child.tag == qn("a:srgbClr") else child.get("lastClr")
                if value and len(value) == 6:
                    self.scheme[etree.QName(slot).localname] = value.upper()
        mapping = master._element.find(qn("p:clrMap"))
        self.map = dict(mapping.attrib) if mapping is not None else {}
        override = layout._element.find(f"{qn('p:clrMapOvr')}/{qn('a:overrideClrMapping')}")  # type: ignore[attr-defined]
        if override is not None:
            self.map = dict(override.attrib)

    def scheme_colour(self, name: str) -> str:
        name = self.map.get(name, name)
        value = self.scheme.get(name) or {"bg1": "FFFFFF", "lt1": "FFFFFF"}.get(name, "000000")
        return f"#{value.lower()}"

    def of(self, fill: etree._Element | None, placeholder: str = "") -> str:
        """The colour a colour element (srgbClr, schemeClr, sysClr, prstClr) names, or ""."""
        if fill is None:
            return ""
        tag = etree.QName(fill).localname
        if tag == "srgbClr":
            base = "#" + (fill.get("val") or "000000").lower()
        elif tag == "sysClr":
            base = "#" + (fill.get("lastClr") or "000000").lower()
        elif tag == "schemeClr":
            val = fill.get("val") or "tx1"
            base = placeholder if val == "phClr" and placeholder else self.scheme_colour(val)
        elif tag == "prstClr":
            base = {"black": "#000000", "white": "#ffffff"}.get(fill.get("val") or "", "#808080")
        else:
            return ""
        return modified(base, fill)

    def first(self, parent: etree._Element | None, placeholder: str = "") -> str:
        """The colour of the first colour element under `parent` (a solidFill, a gs)."""
        if parent is None:
            return ""
        for child in parent:
            colour = self.of(child, placeholder)
            if colour:
                return colour
        return ""


def modified(colour: str, element: etree._Element) -> str:
    """A "#rrggbb" colour with Office's modifiers applied, in the order written (ECMA-376 20.1.2.3):
    luminance in sRGB's HSL, tint and shade in linear light (black at a 75% tint is #898989, not
    #404040: LibreOffice's rendering of a subtitle in `tx1` tinted 75% measures #8b8b8b)."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    for mod in element:
        name, val = etree.QName(mod).localname, int(mod.get("val", "100000")) / 100000
        if name in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = lum * val if name == "lumMod" else lum + val
            r, g, b = colorsys.hls_to_rgb(h, min(max(lum, 0.0), 1.0), s)
        elif name == "tint":  # toward white, in linear light (as Office and LibreOffice mix them)
            r, g, b = (_encoded(1 - (1 - _linear(c)) * val) for c in (r, g, b))
        elif name == "shade":  # toward black, in linear light
            r, g, b = (_encoded(_linear(c) * val) for c in (r, g, b))
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in (r, g, b))


def _linear(c: float) -> float:
    """An sRGB component as linear light (IEC 61966-2-1)."""
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _encoded(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def _data_uri(part: object, rid: str | None) -> str:
    if not rid:
        return ""
    try:
        image = part.related_part(rid)  # type: ignore[attr-defined]
    except KeyError:
        return ""
    kind = getattr(image, "content_type", "")
    if kind not in _DRAWN:
        return ""
    return f"data:{kind};base64,{base64.b64encode(image.blob).decode('ascii')}"


def _background(colours: Colours, owner: object) -> Look | None:
    """The background an element (layout or master) sets itself, or None if it sets none."""
    bg = owner._element.find(f"{qn('p:cSld')}/{qn('p:bg')}")  # type: ignore[attr-defined]
    if bg is None:
        return None
    pr = bg.find(qn("p:bgPr"))
    placeholder = ""
    if pr is None:
        ref = bg.find(qn("p:bgRef"))
        if ref is None:
            return None
        placeholder = colours.first(ref)
        idx = int(ref.get("idx", "0"))
        styles = colours.theme.find(f".//{qn('a:bgFillStyleLst' if idx >= 1001 else 'a:fillStyleLst')}")
        index = idx - 1001 if idx >= 1001 else idx - 1
        if styles is None or not 0 <= index < len(styles):
            return Look(background=placeholder)
        fill = styles[index]
        return _fill_look(colours, fill, placeholder, _theme_part(owner))
    fill = next((c for c in pr if etree.QName(c).localname.endswith("Fill")), None)
    return _fill_look(colours, fill, placeholder, owner.part) if fill is not None else None  # type: ignore[attr-defined]


def _theme_part(owner: object) -> object | None:
    """The theme part of a layout's or master's master: a theme's picture fill names its picture
    in the theme's own relationships."""
    master = getattr(owner, "slide_master", owner)
    try:
        return master.part.part_related_by(RT.THEME)  # type: ignore[attr-defined]
    except KeyError:
        return None


def _fill_look(colours: Colours, fill: etree._Element | None, placeholder: str, part: object) -> Look | None:
    if fill is None:
        return None
    kind = etree.QName(fill).localname
    if kind == "solidFill":
        return Look(background=colours.first(fill, placeholder))
    if kind == "gradFill":
        stops = []
        for gs in fill.iter(qn("a:gs")):
            stops.append((int(gs.get("pos", "0")) / 100000, colours.first(gs, placeholder)))
        stops.sort()
        lin = fill.find(qn("a:lin"))
        angle = int(lin.get("ang", "0")) / 60000 + 90 if lin is not None else 180.0
        return Look(background=stops[0][1] if stops else placeholder, gradient=tuple(stops), angle=angle)
    if kind == "blipFill":
        blip = fill.find(qn("a:blip"))
        uri = _data_uri(part, blip.get(qn("r:embed")) if blip is not None and part is not None else None)
        return Look(background=placeholder or "#ffffff", picture=uri)
    if kind == "noFill":
        return Look(background="#ffffff")
    return Look(background=placeholder)


Place = tuple[float, float, float, float]  # a group's map of child coordinates: x scale, x shift, y scale, y shift
_SLIDE: Place = (1.0, 0.0, 1.0, 0.0)


def _shapes(colours: Colours, owner: object, width: int, height: int) -> tuple[list[Art], list[str]]:
    art: list[Art] = []
    skipped: list[str] = []
    tree = owner._element.find(f"{qn('p:cSld')}/{qn('p:spTree')}")  # type: ignore[attr-defined]
    if tree is not None:
        _walk(colours, owner, tree, _SLIDE, width, height, art, skipped)
    return art, skipped


def _group(shape: etree._Element, outer: Place) -> Place | None:
    """The map from a group's child coordinates to the slide's, or None for a rotated or flipped
    group (its shapes would need turning) or one without a box."""
    xfrm = shape.find(f"{qn('p:grpSpPr')}/{qn('a:xfrm')}")
    if (
        xfrm is None
        or int(xfrm.get("rot", "0"))
        or xfrm.get("flipH") in ("1", "true")
        or xfrm.get("flipV")
        in (
            "1",
            "true",
        )
    ):
        return None
    parts = [xfrm.find(qn(f"a:{tag}")) for tag in ("off", "ext", "chOff", "chExt")]
    if any(p is None for p in parts):
        return None
    off, ext, ch_off, ch_ext = parts
    x, y = int(off.get("x", "0")), int(off.get("y", "0"))
    cx, cy = int(ext.get("cx", "0")), int(ext.get("cy", "0"))
    chx, chy = int(ch_off.get("x", "0")), int(ch_off.get("y", "0"))
    chcx, chcy = int(ch_ext.get("cx", "0")), int(ch_ext.get("cy", "0"))
    sx, sy = (cx / chcx if chcx else 1.0), (cy / chcy if chcy else 1.0)
    # child -> group's frame -> the outer frame
    ax, bx, ay, by = outer
    return ax * sx, ax * (x - chx * sx) + bx, ay * sy, ay * (y - chy * sy) + by


def _walk(
    colours: Colours,
    owner: object,
    tree: etree._Element,
    place: Place,
    width: int,
    height: int,
    art: list[Art],
    skipped: list[str],
) -> None:
    for shape in tree:
        tag = etree.QName(shape).localname
        if tag not in ("sp", "pic", "cxnSp", "grpSp", "graphicFrame"):
            continue
        if shape.find(f".//{qn('p:nvPr')}/{qn('p:ph')}") is not None and tag != "grpSp":
            continue  # placeholders are the text's boxes, drawn as text
        name_el = shape.find(f".//{qn('p:cNvPr')}")
        name = name_el.get("name", tag) if name_el is not None else tag
        if tag == "grpSp":
            inner = _group(shape, place)
            if inner is None:
                skipped.append(name)
            else:  # its shapes, back to front, in the slide's coordinates
                _walk(colours, owner, shape, inner, width, height, art, skipped)
            continue
        xfrm = shape.find(f"{qn('p:spPr')}/{qn('a:xfrm')}")
        off = xfrm.find(qn("a:off")) if xfrm is not None else None
        ext = xfrm.find(qn("a:ext")) if xfrm is not None else None
        if tag == "graphicFrame" or off is None or ext is None:
            skipped.append(name)
            continue
        ax, bx, ay, by = place
        box = (
            round(ax * int(off.get("x", "0")) + bx),
            round(ay * int(off.get("y", "0")) + by),
            round(ax * int(ext.get("cx", "0"))),
            round(ay * int(ext.get("cy", "0"))),
        )
        if box[0] >= width or box[1] >= height or box[0] + box[2] <= 0 or box[1] + box[3] <= 0:
            continue  # off the slide: not shown
        if tag == "pic":
            blip = shape.find(f"{qn('p:blipFill')}/{qn('a:blip')}")
            uri = _data_uri(owner.part, blip.get(qn("r:embed")) if blip is not None else None)  # type: ignore[attr-defined]
            if uri:
                art.append(Art("picture", *box, data=uri))
            else:
                skipped.append(name)
            continue
        has_text = any((t.text or "").strip() for t in shape.iter(qn("a:t")))
        geometry = shape.find(f"{qn('p:spPr')}/{qn('a:prstGeom')}")
        preset = geometry.get("prst") if geometry is not None else ""
        sp_pr = shape.find(qn("p:spPr"))
        fill = sp_pr.find(qn("a:solidFill"))
        line = sp_pr.find(f"{qn('a:ln')}/{qn('a:solidFill')}")
        custom = sp_pr.find(qn("a:custGeom"))
        shaded = sp_pr.find(qn("a:gradFill"))
        outline = _path(custom) if custom is not None and not has_text else ""
        if outline and (fill is not None or shaded is not None):
            gradient = _fill_look(colours, shaded, "", None) if fill is None else None
            art.append(
                Art(
                    "path", *box, colour=colours.first(fill) if fill is not None else gradient.background,
                    path=outline, gradient=gradient.gradient if gradient else (),
                    angle=gradient.angle if gradient else 180.0,
                )
            )  # fmt: skip
        elif has_text:
            skipped.append(name)
        elif preset in _RECTS and fill is not None:
            radius = _radius(geometry, box) if preset == "roundRect" else 0
            art.append(Art("rect", *box, colour=colours.first(fill), radius=radius))
        elif (preset == "line" or tag == "cxnSp") and line is not None and (box[2] == 0 or box[3] == 0):
            ln = sp_pr.find(qn("a:ln"))
            weight = max(int(ln.get("w", "12700")), 6350)
            w, h = (box[2], weight) if box[3] == 0 else (weight, box[3])
            art.append(Art("rect", box[0], box[1], w, h, colour=colours.first(line)))
        elif (
            fill is None
            and sp_pr.find(qn("a:gradFill")) is None
            and sp_pr.find(qn("a:blipFill")) is None
            and line is None
        ):
            continue  # invisible (or styled only by the theme's style matrix): nothing to draw
        else:
            skipped.append(name)


def _path(geometry: etree._Element) -> str:
    """A freeform's outline (custGeom) as SVG path data in its box's unit square; "" where it uses
    what this does not draw (arcs, points given by guides)."""
    out = []
    letters = {"moveTo": "M", "lnTo": "L", "cubicBezTo": "C", "quadBezTo": "Q"}
    for path in geometry.iter(qn("a:path")):
        w, h = int(path.get("w") or 0), int(path.get("h") or 0)
        if w <= 0 or h <= 0:
            return ""
        for step in path:
            kind = etree.QName(step).localname
            if kind == "close":
                out.append("Z")
                continue
            if kind not in letters:
                return ""
            points = []
            for pt in step.iter(qn("a:pt")):
                x, y = pt.get("x", ""), pt.get("y", "")
                if not (x.lstrip("-").isdigit() and y.lstrip("-").isdigit()):
                    return ""
                points.append(f"{int(x) / w:.5f} {int(y) / h:.5f}")
            out.append(letters[kind] + " ".join(points))
    return " ".join(out)


def _radius(geometry: etree._Element, box: tuple[int, int, int, int]) -> int:
    """A roundRect's corner radius: its `adj` guide (default 16667, ECMA-376's presetShapeDefinitions)
    in hundred-thousandths of the shorter side."""
    adj = 16667
    for guide in geometry.iter(qn("a:gd")):
        if guide.get("name") == "adj" and (guide.get("fmla") or "").startswith("val "):
            adj = int(guide.get("fmla").split()[1])
    return round(min(box[2], box[3]) * min(max(adj, 0), 50000) / 100000)


# The text boxes every slide of a layout fills: their own fill (a title band) shows on every slide.
_FILLED = {"title": "title", "ctrTitle": "title", "body": "body", "subTitle": "body", "obj": "body"}


def _own_fills(colours: Colours, layout: object, master: object) -> list[Art]:
    """Each text placeholder's own solid fill (the layout's, else its master twin's unless the layout
    says otherwise), under its text and over the artwork, as the deck draws it and the contrast
    report (render.deck.colours) judges the text against it."""
    twins = {}
    for shape in master._element.iter(qn("p:sp")):  # type: ignore[attr-defined]
        mark = shape.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        if mark is not None and _FILLED.get(mark.get("type", "obj")):
            twins.setdefault(_FILLED[mark.get("type", "obj")], shape)
    out = []
    for shape in layout._element.iter(qn("p:sp")):  # type: ignore[attr-defined]
        mark = shape.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        role = _FILLED.get(mark.get("type", "obj")) if mark is not None else None
        if role is None:
            continue
        twin = twins.get(role)
        box = _xfrm(shape) or (_xfrm(twin) if twin is not None else None)
        for element in (shape, twin):
            sp_pr = element.find(qn("p:spPr")) if element is not None else None
            if sp_pr is None:
                continue
            fill = sp_pr.find(qn("a:solidFill"))
            if fill is not None:
                if box is not None:
                    out.append(Art("rect", *box, colour=colours.first(fill)))
                break
            if any(etree.QName(child).localname.endswith("Fill") for child in sp_pr):
                break  # noFill, or a fill drawn as nothing here: the master's does not show
    return out


def _xfrm(shape: etree._Element) -> tuple[int, int, int, int] | None:
    xfrm = shape.find(f"{qn('p:spPr')}/{qn('a:xfrm')}")
    off = xfrm.find(qn("a:off")) if xfrm is not None else None
    ext = xfrm.find(qn("a:ext")) if xfrm is not None else None
    if off is None or ext is None:
        return None
    return int(off.get("x", "0")), int(off.get("y", "0")), int(ext.get("cx", "0")), int(ext.get("cy", "0"))


def look(layout: object, master: object, width: int, height: int, colours: Colours) -> Look:
    """The layout's background and artwork, its master's where it shows them, back to front."""
    found = (
        _background(colours, layout) or _background(colours, master) or Look(background=colours.scheme_colour("bg1"))
    )
    art: list[Art] = []
    skipped: list[str] = []
    if layout._element.get("showMasterSp") != "0":  # type: ignore[attr-defined]
        drawn, missed = _shapes(colours, master, width, height)
        art += drawn
        skipped += missed
    drawn, missed = _shapes(colours, layout, width, height)
    drawn += _own_fills(colours, layout, master)
    return Look(
        background=found.background,
        gradient=found.gradient,
        angle=found.angle,
        picture=found.picture,
        art=tuple(art + drawn),
        skipped=tuple(skipped + missed),
        ink=colours.scheme_colour("tx1"),
        paper=colours.scheme_colour("bg1"),
    )


def text_colour(chain: list[etree._Element], colours: Colours) -> str | None:
    """The colour the nearest style of a list level's chain gives its text, or None."""
    for element in chain:
        fill = element.find(f"{qn('a:defRPr')}/{qn('a:solidFill')}")
        if fill is not None:
            return colours.first(fill) or None
    return None
