"""The deck's starting .pptx: how podium's own template is made, and how any template is read.

python-pptx cannot create layouts or masters, so `templates/podium.pptx` is
made from python-pptx's stock Office template, widened to 16:9 at the XML
level (`python -m render.deck.template` rebuilds it byte for byte).
`frames` reads the boxes that text must fit into, so the planner can measure
without touching a file format.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.shapes.base import BaseShape
from pptx.util import Emu

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "podium.pptx"
WIDE = Emu(12192000)  # 13.333 in: 16:9 at PowerPoint's 7.5 in height

# Our layout names -> the Office layout names a template carries.
LAYOUTS = {
    "title": "Title Slide",
    "section": "Section Header",
    "content": "Title and Content",
    "quote": "Title and Content",
    "references": "Title and Content",
}
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)


class TemplateError(Exception):
    pass


@dataclass(frozen=True)
class Frame:
    """A text box's usable size in points (insets taken off)."""

    width: float
    height: float


@dataclass(frozen=True)
class LayoutFrames:
    name: str
    title: Frame
    body: Frame | None


def _usable(shape: BaseShape) -> Frame:
    # PowerPoint's default insets: 0.1 in left and right, 0.05 in top and bottom.
    return Frame(shape.width / 12700 - 14.4, shape.height / 12700 - 7.2)


def frames(path: Path = TEMPLATE) -> dict[str, LayoutFrames]:
    """Our layout name -> the boxes its title and body offer; fails listing what is missing."""
    prs = Presentation(str(path))
    by_name = {layout.name: layout for layout in prs.slide_layouts}
    out: dict[str, LayoutFrames] = {}
    missing: list[str] = []
    for ours, theirs in LAYOUTS.items():
        layout = by_name.get(theirs)
        if layout is None:
            missing.append(f"layout '{theirs}' (for {ours} slides)")
            continue
        title = next((p for p in layout.placeholders if p.placeholder_format.type in TITLE_TYPES), None)
        body = next(
            (
                p
                for p in layout.placeholders
                if p.placeholder_format.type in BODY_TYPES and p.placeholder_format.idx == 1
            ),
            None,
        )
        if title is None:
            missing.append(f"a title placeholder on layout '{theirs}'")
            continue
        out[ours] = LayoutFrames(theirs, _usable(title), _usable(body) if body is not None else None)
    if missing:
        offered = ", ".join(f"'{n}'" for n in by_name)
        raise TemplateError(f"{path}: the template lacks {'; '.join(missing)}. It offers the layouts {offered}.")
    return out


def build(target: Path = TEMPLATE) -> None:
    """Make templates/podium.pptx: Office's stock layouts, widened to 16:9."""
    from render.deck.pptx import normalized

    prs = Presentation()
    scale = WIDE / prs.slide_width
    parts = [prs.slide_master, *prs.slide_layouts]
    for part in parts:
        for shape in part.shapes:
            if shape._element.spPr.find(qn("a:xfrm")) is None:
                continue  # inherits its box from the master, which is widened already
            shape.left = Emu(round(shape.left * scale))
            shape.width = Emu(round(shape.width * scale))
    prs.slide_width = WIDE
    prs.core_properties.title = "podium"
    prs.core_properties.author = "podium"
    target.write_bytes(normalized(prs))


if __name__ == "__main__":
    build()
