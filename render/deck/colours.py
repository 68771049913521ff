"""A deck template's real colours: each layout's title and body text, and what lies behind them.

For the accessibility report's contrast rule (render/deck/access.py). Text colours come from the
layout's placeholder, then the master's placeholder, then the master's text styles (tx1 by
default); what lies behind a text box is the layout's (else the master's) background, solid,
gradient (every stop) or picture (the part of it under the box), and any filled shape or picture
on the layout or the master that covers a good part of the box. Theme colours go through the
master's colour map and Office's modifiers (lumMod, lumOff, tint, shade).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from lxml import etree
from PIL import Image
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

from render.deck.artwork import modified
from render.deck.template import TEXT_TYPES, TITLE_TYPES, Template, open_presentation

COVERS = 0.25  # a shape behind at least this share of a text box counts as its background
HIDES = 0.9  # an opaque shape over this share of the box hides what is below it
_PRESET = {"black": "000000", "white": "FFFFFF", "red": "FF0000", "green": "008000", "blue": "0000FF"}
_SHAPES = (qn("p:sp"), qn("p:pic"))


@dataclass(frozen=True)
class Ink:
    """One text role on one layout: its colour and every colour it may stand on."""

    text: str  # "#rrggbb"
    behind: tuple[str, ...]  # "#rrggbb" each
    what: tuple[str, ...]  # where each of `behind` comes from, for the warning ("the master's background")


@dataclass(frozen=True)
class LayoutColours:
    title: Ink
    body: Ink | None  # None when the layout has no text placeholder
    link: str  # the theme's hyperlink colour


def read_colours(template: Template) -> dict[str, LayoutColours]:
    """The template's layout name (as slide plans name it) -> its colours, for every layout `template` serves."""
    prs = open_presentation(template.path)
    by_name = {layout.name: layout for layout in prs.slide_layouts}
    out: dict[str, LayoutColours] = {}
    for layout in template.layouts.values():
        found = by_name.get(layout.name)
        if found is not None:
            out[layout.name] = _layout(found, prs.slide_width, prs.slide_height)
    return out


class _Resolver:
    """Theme colours for one layout: its master's colour map, or the layout's override."""

    def __init__(self, layout: object) -> None:
        master = layout.slide_master  # type: ignore[attr-defined]
        theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
        scheme = theme.find(f".//{qn('a:clrScheme')}")
        self.scheme = {child.tag.split("}")[1]: child for child in scheme} if scheme is not None else {}
        self.fills = theme.find(f".//{qn('a:bgFillStyleLst')}")
        mapping = master._element.find(qn("p:clrMap"))
        self.map = dict(mapping.attrib) if mapping is not None else {}
        override = layout._element.find(f"{qn('p:clrMapOvr')}/{qn('a:overrideClrMapping')}")  # type: ignore[attr-defined]
        if override is not None:
            self.map = dict(override.attrib)

    def colour(self, node: etree._Element | None, placeholder: str = "000000") -> str | None:
        """A colour element (srgbClr, schemeClr, sysClr, prstClr) with its modifiers, or None."""
        if node is None:
            return None
        tag = node.tag.split("}")[1]
        if tag == "srgbClr":
            value = node.get("val", "000000")
        elif tag == "sysClr":
            value = node.get("lastClr") or ("000000" if node.get("val") == "windowText" else "FFFFFF")
        elif tag == "prstClr":
            value = _PRESET.get(node.get("val", ""), "000000")
        elif tag == "schemeClr":
            name = node.get("val", "tx1")
            if name == "phClr":
                value = placeholder
            else:
                name = self.map.get(name, {"tx1": "dk1", "bg1": "lt1", "tx2": "dk2", "bg2": "lt2"}.get(name, name))
                slot = self.scheme.get(name)
                if slot is None or not len(slot):
                    return None
                value = self.colour(slot[0]) or "000000"
                value = value.lstrip("#")
        else:
            return None
        return modified("#" + value, node)

    def first_colour(self, fill: etree._Element | None, placeholder: str = "000000") -> str | None:
        if fill is None:
            return None
        for child in fill:
            found = self.colour(child, placeholder)
            if found:
                return found
        return None


def _layout(layout: object, width: int, height: int) -> LayoutColours:
    colours = _Resolver(layout)
    master = layout.slide_master  # type: ignore[attr-defined]
    title = body = None
    for ph in layout.placeholders:  # type: ignore[attr-defined]
        kind = ph.placeholder_format.type
        if kind in TITLE_TYPES and title is None:
            title = _ink(ph, "title", layout, master, colours, width, height)
        elif kind in TEXT_TYPES and body is None:
            body = _ink(ph, "body", layout, master, colours, width, height)
    link = colours.colour(_HLINK) or "#0563c1"
    assert title is not None  # template.read refuses a layout without a title
    return LayoutColours(title, body, link)


_HLINK = etree.fromstring('<a:schemeClr xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" val="hlink"/>')


def _ink(ph, role: str, layout, master, colours: _Resolver, width: int, height: int) -> Ink:
    box = _box(ph, master)
    text = _text_colour(ph, role, master, colours)
    behind, what = _background(layout, colours, box, width, height)
    # Shapes are drawn over the background: the master's first (unless the layout hides them), then the layout's.
    owners = [(layout, "the layout")]
    if layout._element.get("showMasterSp") != "0":
        owners.insert(0, (master, "the master"))
    for owner, name in owners:
        for shape, colour_list in _shapes_behind(owner, colours, box):
            share, opaque = shape
            if share >= HIDES and opaque:
                behind, what = [], []
            behind.extend(colour_list)
            what.extend(f"a shape on {name}" for _ in colour_list)
    # The placeholder's own fill (a title band, say) lies right under its text and hides the rest.
    for owner, element in ((layout, ph._element), (master, _master_twin(ph, master))):
        sp_pr = element.find(qn("p:spPr")) if element is not None else None
        own = _fill_colours(owner, sp_pr, colours, "000000", box, box) if sp_pr is not None else []
        if own:
            return Ink(text, tuple(own), tuple(f"the placeholder's own fill on {_NAMES[owner is layout]}" for _ in own))
        if sp_pr is not None and any(child.tag.endswith("Fill") for child in sp_pr):
            break  # the layout says noFill, or a fill of its own: the master's does not show
    return Ink(text, tuple(behind), tuple(what))


_NAMES = {True: "the layout", False: "the master"}


def _master_twin(ph, master) -> etree._Element | None:
    kind = ph.placeholder_format.type
    for mp in master.placeholders:
        if mp.placeholder_format.type == kind or (kind in TEXT_TYPES and mp.placeholder_format.type in TEXT_TYPES):
            return mp._element
    return None


def _box(ph, master) -> tuple[int, int, int, int]:
    values = []
    for attr in ("left", "top", "width", "height"):
        value = getattr(ph, attr)
        if value is None:
            mp = next((m for m in master.placeholders if m.placeholder_format.type == ph.placeholder_format.type), None)
            value = getattr(mp, attr) if mp is not None else 0
        values.append(int(value or 0))
    return values[0], values[1], values[2], values[3]


def _text_colour(ph, role: str, master, colours: _Resolver) -> str:
    """The layout placeholder's own list style, then the master placeholder's, then the master's text styles."""
    path = f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}"
    twin = _master_twin(ph, master)
    style = "p:titleStyle" if role == "title" else "p:bodyStyle"
    chain = [
        ph._element.find(path),
        twin.find(path) if twin is not None else None,
        master._element.find(f"{qn('p:txStyles')}/{qn(style)}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}"),
    ]
    for props in chain:
        if props is None:
            continue
        solid = colours.first_colour(props.find(qn("a:solidFill")))
        if solid:
            return solid
        gradient = props.find(qn("a:gradFill"))
        if gradient is not None:
            # Text filled with a gradient: judged by the average of its stops.
            stops = [colours.first_colour(gs) for gs in gradient.iter(qn("a:gs"))]
            stops = [stop for stop in stops if stop]
            if stops:
                channels = [sum(int(stop[i : i + 2], 16) for stop in stops) / len(stops) for i in (1, 3, 5)]
                return "#" + "".join(f"{round(c):02x}" for c in channels)
    return colours.colour(etree.fromstring(_TX1)) or "#000000"


_TX1 = '<a:schemeClr xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" val="tx1"/>'


def _background(layout, colours: _Resolver, box, width: int, height: int) -> tuple[list[str], list[str]]:
    for owner, name in ((layout, "the layout's background"), (layout.slide_master, "the master's background")):
        bg = owner._element.find(f"{qn('p:cSld')}/{qn('p:bg')}")
        if bg is None:
            continue
        pr = bg.find(qn("p:bgPr"))
        fill = pr
        placeholder = "000000"
        if pr is None:
            ref = bg.find(qn("p:bgRef"))
            if ref is None or colours.fills is None:
                continue
            index = int(ref.get("idx", "0")) - 1001  # 1001 and up: the theme's background fill styles
            styles = list(colours.fills)
            placeholder = (colours.first_colour(ref) or "#000000").lstrip("#")
            if not 0 <= index < len(styles):
                return [f"#{placeholder.lower()}"], [name]
            fill = etree.Element("wrap")
            fill.append(_copy(styles[index]))
        found = _fill_colours(owner, fill, colours, placeholder, box, (0, 0, width, height))
        if found:
            return found, [name] * len(found)
    white = colours.colour(etree.fromstring(_TX1.replace("tx1", "bg1"))) or "#ffffff"
    return [white], ["the theme's background colour"]


def _copy(node: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(node))


def _fill_colours(owner, holder, colours: _Resolver, placeholder: str, box, frame) -> list[str]:
    """Colours of the first fill in `holder` (solidFill, gradFill, blipFill), as seen under `box`."""
    for fill in holder:
        tag = fill.tag.split("}")[1] if "}" in fill.tag else fill.tag
        if tag == "solidFill":
            found = colours.first_colour(fill, placeholder)
            return [found] if found else []
        if tag == "gradFill":
            stops = [colours.first_colour(gs, placeholder) for gs in fill.iter(qn("a:gs"))]
            return list(dict.fromkeys(s for s in stops if s))
        if tag == "blipFill":
            return _picture_colours(owner, fill, box, frame)
        if tag == "noFill":
            return []
    return []


def _picture_colours(owner, blip_fill, box, frame) -> list[str]:
    """The lightest and darkest of the picture under `box` (5th and 95th percentile of luminance)."""
    blip = blip_fill.find(qn("a:blip"))
    rel = blip.get(qn("r:embed")) if blip is not None else None
    if not rel:
        return []
    try:
        image = Image.open(io.BytesIO(owner.part.related_part(rel).blob))
        if image.mode.startswith("I"):
            # 16-bit greyscale (Office's own textures): converting directly would clip every pixel to white.
            image = image.point(lambda v: v / 256).convert("L")
        image = image.convert("RGB")
    except Exception:  # an unreadable or vector picture: nothing to measure
        return []
    fl, ft, fw, fh = frame
    bl, bt, bw, bh = box
    if fw <= 0 or fh <= 0:
        return []
    w, h = image.size
    crop = (
        max(0, int((bl - fl) / fw * w)),
        max(0, int((bt - ft) / fh * h)),
        min(w, int((bl + bw - fl) / fw * w)),
        min(h, int((bt + bh - ft) / fh * h)),
    )
    if crop[2] <= crop[0] or crop[3] <= crop[1]:
        return []
    pixels = list(image.crop(crop).resize((24, 24)).getdata())
    pixels.sort(key=lambda p: 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2])
    picks = (pixels[len(pixels) // 20], pixels[-1 - len(pixels) // 20])
    return list(dict.fromkeys(f"#{r:02x}{g:02x}{b:02x}" for r, g, b in picks))


def _shapes_behind(owner, colours: _Resolver, box):
    """Each filled shape or picture on `owner` (not a placeholder) covering part of `box`:
    ((share of the box covered, opaque), its colours)."""
    tree = owner._element.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    if tree is None:
        return
    for shape in tree:
        if shape.tag not in _SHAPES or shape.find(f".//{qn('p:nvPr')}/{qn('p:ph')}") is not None:
            continue
        xfrm = shape.find(f".//{qn('a:xfrm')}")
        off = xfrm.find(qn("a:off")) if xfrm is not None else None
        ext = xfrm.find(qn("a:ext")) if xfrm is not None else None
        if off is None or ext is None:
            continue
        frame = (int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))
        share = _overlap(frame, box)
        if share < COVERS:
            continue
        if shape.tag == qn("p:pic"):
            blip_fill = shape.find(qn("p:blipFill"))
            found = _picture_colours(owner, blip_fill, box, frame) if blip_fill is not None else []
            yield (share, False), found
            continue
        sp_pr = shape.find(qn("p:spPr"))
        found = _fill_colours(owner, sp_pr, colours, "000000", box, frame) if sp_pr is not None else []
        if not found and (sp_pr is None or sp_pr.find(qn("a:noFill")) is None):
            ref = shape.find(f"{qn('p:style')}/{qn('a:fillRef')}")
            if ref is not None and ref.get("idx", "0") != "0":
                colour = colours.first_colour(ref)
                found = [colour] if colour else []
        if found:
            yield (share, len(found) == 1), found


def _overlap(frame, box) -> float:
    fl, ft, fw, fh = frame
    bl, bt, bw, bh = box
    dx = min(fl + fw, bl + bw) - max(fl, bl)
    dy = min(ft + fh, bt + bh) - max(ft, bt)
    if dx <= 0 or dy <= 0 or bw <= 0 or bh <= 0:
        return 0.0
    return dx * dy / (bw * bh)


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two "#rrggbb" colours, 1 to 21."""
    la, lb = _luminance(a), _luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
