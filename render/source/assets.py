"""Files a source names (images, a template): where they may be, and whether they are what they claim.

Sources are shared between colleagues, so a path written in one may only lead
to a file inside the talk's own folder (render.source.paths: no URLs, no absolute
paths, no `../` or symlink escapes). Images are opened to check their real format and size, so a renamed
PDF or a decompression bomb is refused with a clear message instead of crashing
a renderer.
"""

from __future__ import annotations

from pathlib import Path

MAX_PIXELS = 50_000_000  # a 50-megapixel photo is already far more than a slide can show
FORMATS = {"PNG", "JPEG", "GIF", "BMP", "TIFF"}  # what PowerPoint and WeasyPrint both show


def within(base: Path, written: str) -> tuple[Path | None, str | None]:
    """The file a source's relative path names, or why that path is refused (render.source.paths decides)."""
    from render.source.paths import PathRefused, in_talk_folder

    try:
        return in_talk_folder(written, base), None
    except PathRefused as exc:
        return None, str(exc)


def image_problem(base: Path, written: str) -> str | None:
    """None when `written` names a usable image inside the talk's folder, else what is wrong."""
    from PIL import Image, UnidentifiedImageError

    target, refused = within(base, written)
    if refused or target is None:
        return refused
    if not target.is_file():
        return f"there is no file '{written}' in {base}"
    try:
        with Image.open(target) as image:
            kind, (width, height) = image.format, image.size
            if width * height > MAX_PIXELS:
                return f"'{written}' is {width} x {height} pixels; reduce it below {MAX_PIXELS // 1_000_000} megapixels"
            image.verify()
    except Image.DecompressionBombError:
        return f"'{written}' claims an enormous pixel count; it cannot be a real slide image"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return f"'{written}' is not an image that can be read (expected PNG, JPEG, GIF, BMP or TIFF)"
    if kind not in FORMATS:
        return f"'{written}' is a {kind} image; use PNG, JPEG, GIF, BMP or TIFF"
    return None


def file_problem(base: Path, written: str, what: str) -> str | None:
    target, refused = within(base, written)
    if refused or target is None:
        return refused
    if not target.is_file():
        return f"there is no {what} '{written}' in {base}"
    return None
