"""`podium import deck.pptx`: an existing deck -> a podium source, in slide order.

Presenters already have last year's deck. This reads what a deck reliably
holds, whoever made it (PowerPoint, LibreOffice, pandoc, python-pptx): each
slide's title, its text as bullets with their levels (bold, italic, links,
super- and subscripts as inline Markdown), its speaker notes, and its pictures,
saved into the talk's assets folder with their alt text. Reading
(`read_deck`) is kept apart from writing the source (`source_text`).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.opc.package import Part
from pptx.oxml.ns import qn
from pptx.shapes.base import BaseShape
from pptx.text.text import TextFrame

TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
# Skipped: what the master repeats on every slide, not the slide's content.
FURNITURE = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.HEADER)
_MARKDOWN = re.compile(r"([\\`*_\[\]^~<])")


@dataclass(frozen=True)
class Picture:
    data: bytes
    ext: str  # png, jpg, …
    alt: str


@dataclass
class ImportedSlide:
    number: int
    title: str
    layout: str = "content"
    subtitle: str | None = None
    bullets: list[tuple[int, str]] = field(default_factory=list)  # (level, inline Markdown)
    notes: list[str] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    has_title: bool = True


@dataclass(frozen=True)
class ImportedDeck:
    title: str | None
    slides: list[ImportedSlide]


def read_deck(data: bytes) -> ImportedDeck:
    prs = Presentation(io.BytesIO(data))
    slides = []
    for number, slide in enumerate(prs.slides, start=1):
        title_shape = next((s for s in slide.placeholders if s.placeholder_format.type in TITLES), None)
        part = slide.part
        title = (
            _one_line(title_shape.text_frame, part) if title_shape is not None and title_shape.has_text_frame else ""
        )
        imported = ImportedSlide(number, title or f"Slide {number}", has_title=bool(title))
        if title_shape is not None and title_shape.placeholder_format.type == PP_PLACEHOLDER.CENTER_TITLE:
            imported.layout = "title"
        elif "section" in slide.slide_layout.name.lower():
            imported.layout = "section"
        title_id = title_shape.shape_id if title_shape is not None else None
        for shape in _in_reading_order([s for s in slide.shapes if s.shape_id != title_id]):
            _read_shape(shape, imported, part)
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            frame = slide.notes_slide.notes_text_frame
            notes_part = slide.notes_slide.part
            imported.notes = [text for p in frame.paragraphs if (text := _markdown(p._p, notes_part).strip())]
        slides.append(imported)
    return ImportedDeck(prs.core_properties.title or None, slides)


def _in_reading_order(shapes: list[BaseShape]) -> list[BaseShape]:
    # Top to bottom, then left to right: the order a reader takes, whatever the z-order.
    return sorted(shapes, key=lambda s: ((s.top or 0) // 45720, s.left or 0))  # rows of 1/20 inch


def _read_shape(shape: BaseShape, slide: ImportedSlide, part: Part) -> None:
    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        for inner in _in_reading_order(list(shape.shapes)):  # type: ignore[attr-defined]
            _read_shape(inner, slide, part)
        return
    if shape.is_placeholder and shape.placeholder_format.type in FURNITURE:
        return
    if shape.shape_type == MSO_SHAPE_TYPE.PICTURE or (shape.is_placeholder and hasattr(shape, "image")):
        try:
            image = shape.image  # type: ignore[attr-defined]
        except (AttributeError, ValueError):
            return  # an empty picture placeholder
        described = shape._element.xpath("./*[1]/p:cNvPr")  # nvPicPr/cNvPr holds the alt text
        alt = (described[0].get("descr") or "").strip() if described else ""
        try:
            ext = image.ext  # python-pptx asks Pillow what the picture is
        except (OSError, SyntaxError, ValueError) as exc:
            unreadable = f"slide {slide.number}: the picture '{shape.name}' is not an image that can be read"
            raise ValueError(unreadable) from exc
        slide.pictures.append(Picture(image.blob, ext, alt))
        return
    if not shape.has_text_frame:
        return
    is_subtitle = shape.is_placeholder and shape.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE
    if is_subtitle and slide.subtitle is None and slide.layout in ("title", "section"):
        slide.subtitle = _one_line(shape.text_frame, part) or None
        return
    for p in shape.text_frame.paragraphs:
        text = _markdown(p._p, part).strip()
        if text:
            slide.bullets.append((p.level, text))


def _one_line(frame: TextFrame, part: Part) -> str:
    return " ".join(t for p in frame.paragraphs if (t := _markdown(p._p, part).strip()))


def _markdown(p: object, part: Part) -> str:
    """One paragraph's runs as inline Markdown."""
    out = []
    for child in p:  # type: ignore[attr-defined]
        if child.tag == qn("a:br"):
            out.append("\\\n")
            continue
        if child.tag not in (qn("a:r"), qn("a:fld")):
            continue
        text = "".join(t.text or "" for t in child.iter(qn("a:t")))
        if not text:
            continue
        props = child.find(qn("a:rPr"))
        core = _MARKDOWN.sub(r"\\\1", text.strip())
        if core and props is not None:
            if props.get("b") in ("1", "true"):
                core = f"**{core}**"
            if props.get("i") in ("1", "true"):
                core = f"*{core}*"
            baseline = int(props.get("baseline") or 0)
            if baseline:
                mark = "^" if baseline > 0 else "~"
                core = mark + core.replace(" ", "\\ ") + mark  # Markdown's ^sup^ and ~sub~ take no bare space
            link = props.find(qn("a:hlinkClick"))
            rid = link.get(qn("r:id")) if link is not None else None
            target = part.target_ref(rid) if rid else None
            if target:
                core = f"[{core}]({target})"
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        out.append(f"{lead}{core}{trail}")
    return "".join(out)


def source_text(deck: ImportedDeck, name: str, header: str) -> tuple[str, dict[str, bytes]]:
    """The source's text, and the picture files to write beside it (paths relative to the source)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    files: dict[str, bytes] = {}
    # A title slide names the talk; document properties often hold a tool's default ("PowerPoint Presentation").
    title = next((s.title for s in deck.slides if s.layout == "title" and s.has_title), None)
    title = title or deck.title or next((s.title for s in deck.slides if s.has_title), name)
    slides = CommentedSeq()
    used: set[str] = set()
    for slide in deck.slides:
        item = CommentedMap()
        item["id"] = _unique_id(slide.title if slide.has_title else f"slide-{slide.number}", used)
        if slide.layout != "content":
            item["layout"] = slide.layout
        item["title"] = slide.title
        if slide.subtitle:
            item["subtitle"] = slide.subtitle
        bullets = _bullets(slide.bullets)
        if bullets:
            item["bullets"] = bullets
        if slide.notes:
            item["notes"] = LiteralScalarString("\n\n".join(slide.notes) + "\n")
        for i, picture in enumerate(slide.pictures, start=1):
            path = f"{name}/slide-{slide.number:02d}-{i}.{picture.ext}"
            files[path] = picture.data
            if len(slide.pictures) == 1 and not bullets and picture.alt and slide.layout != "title":
                # A picture slide: an image slide of ours, alt text and all.
                item.insert(1, "layout", "image")
                item["image"] = CommentedMap(path=path, alt=picture.alt)
                continue
            # Beside text, or without alt text (which podium cannot invent): named here for the author.
            alt = f' alt text: "{picture.alt}"' if picture.alt else " (no alt text)"
            item.yaml_set_comment_before_after_key("title", before=f"picture {path}{alt}", indent=4)
        if not slide.has_title:
            item.yaml_set_comment_before_after_key("id", before=f"slide {slide.number} had no title", indent=4)
        slides.append(item)
    root = CommentedMap()
    root["talk"] = CommentedMap(title=title)
    root["slides"] = slides
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 4096  # never fold a line of text
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(root, out)
    return header + out.getvalue(), files


def _bullets(paragraphs: list[tuple[int, str]]) -> list[object]:
    out: list[dict[str, object]] = []
    for level, text in paragraphs:
        if level > 0 and out:
            out[-1].setdefault("sub", []).append(text)  # type: ignore[union-attr]
        else:
            out.append({"text": text})
    return [b["text"] if "sub" not in b else b for b in out]


def _unique_id(text: str, used: set[str]) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    kept: list[str] = []
    for word in words:  # whole words, up to about 40 characters
        if kept and len("-".join([*kept, word])) > 40:
            break
        kept.append(word)
    base = "-".join(kept) or "slide"
    if not base[0].isalpha():
        base = f"slide-{base}"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


def import_deck(pptx: Path, folder: Path, name: str, header: str, force: bool = False) -> tuple[Path, list[str]]:
    """Write `folder/NAME.yaml` and its pictures into `folder/NAME/`; return the path and notes for the user.

    Every file is checked before the first is written (no link written through, no existing
    picture replaced without `force`), so a refusal leaves the folder as it was."""
    from render.source import container, paths

    data = paths.read_regular(pptx, paths.IMPORTED, f"'{pptx}'")
    container.check(data, str(pptx))
    deck = read_deck(data)
    text, files = source_text(deck, name, header)
    writes = {paths.check_writable(folder, relative, force): data for relative, data in files.items()}
    target = paths.check_writable(folder, f"{name}.yaml", force)
    for path, data in writes.items():
        paths.write_checked(path, data)
    paths.write_checked(target, text.encode("utf-8"))
    remarks = [f"slide {s.number} has no title; it is called '{s.title}': give it a real one" for s in deck.slides]
    remarks = [r for r, s in zip(remarks, deck.slides, strict=True) if not s.has_title]
    if files:
        remarks.append(
            f"{len(files)} picture(s) saved in {folder / name}/: a picture slide became an image slide; "
            "pictures beside text or without alt text are named in a comment on their slide"
        )
    return target, remarks
