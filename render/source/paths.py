"""Every file a source names -> the one file it may be inside the talk's folder, or why not.

A source may come from a colleague: a path in it must not reach the network
(`http://`), another machine (`\\\\server\\share`), or the presenter's other
files (`/home/...`, `C:\\...`, `../../`). A symbolic link inside the folder that
points out of it is refused as well, because the file it reaches is outside.
What the path reaches must be a regular file (a FIFO would hang the build,
/dev/zero would fill the memory) within a size limit for its kind, and a
picture must really be a picture. Loading resolves every path once, here; the
planners and writers only receive the resolved absolute paths.

Paths typed on the command line are the user's own and skip the confinement,
but not the regular-file check (`read_regular`).
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# "https:", "file:", "data:"; a single letter followed by ':' is a Windows drive, checked below.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
_DRIVE = re.compile(r"^[A-Za-z]:")

# The look of every output (templates, fonts, the starting deck); named here, with no
# imports behind it, so that the deck's path need not load Jinja to find a font.
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

MAX_PIXELS = 50_000_000  # a 50-megapixel photo is already far more than a slide can show
FORMATS = {"PNG", "JPEG", "GIF", "BMP", "TIFF"}  # what PowerPoint and WeasyPrint both show
MB = 1_000_000


@dataclass(frozen=True)
class Kind:
    """What a source may name, as the author calls it, and how large such a file may be."""

    what: str
    max_bytes: int


PICTURE = Kind("picture", 100 * MB)
BIBLIOGRAPHY = Kind("reference file", 20 * MB)
RESPONSES = Kind("responses file", 20 * MB)
IMPORTED = Kind("PowerPoint file", 100 * MB)
TEMPLATE = Kind("template", 100 * MB)


class PathRefused(ValueError):
    """The path cannot be used; the message says why, in the author's words."""


def in_talk_folder(written: str, folder: Path) -> Path:
    """The absolute path of `written` (relative to the talk's `folder`), refusing any way out of it."""
    text = written.strip()
    if not text:
        raise PathRefused("the file name is empty; write a path such as images/figure.png")
    if "\x00" in text:
        raise PathRefused("the file name contains a NUL character")
    if _SCHEME.match(text):
        raise PathRefused(
            f"'{written}' is an address, not a file in the talk's folder; "
            "save the file next to the source and write its name, such as images/figure.png"
        )
    portable = text.replace("\\", "/")  # authors on Windows write images\figure.png
    if portable.startswith("/") or _DRIVE.match(portable):
        raise PathRefused(
            f"'{written}' is an absolute path; write it relative to the talk's folder, such as images/figure.png"
        )
    root = folder.resolve()
    target = (root / PurePosixPath(portable)).resolve()
    if not target.is_relative_to(root):
        raise PathRefused(f"'{written}' leads out of the talk's folder ({root}); a source may only use files inside it")
    return target


def resolve(written: str, folder: Path, kind: Kind) -> Path:
    """The confined, existing, regular file `written` names, within `kind`'s size limit."""
    target = in_talk_folder(written, folder)
    _regular(target, kind, f"'{written}'", f"there is no file '{written}' in {folder}")
    return target


def resolve_picture(written: str, folder: Path) -> Path:
    """`resolve` for a slide's picture, which must also be a picture PowerPoint and the PDFs can show."""
    from PIL import Image, UnidentifiedImageError

    target = resolve(written, folder, PICTURE)
    try:
        with Image.open(target) as image:
            kind, (width, height) = image.format, image.size
            if width * height > MAX_PIXELS:
                raise PathRefused(
                    f"'{written}' is {width} x {height} pixels; reduce it below {MAX_PIXELS // 1_000_000} megapixels"
                )
            image.verify()
    except Image.DecompressionBombError:
        raise PathRefused(f"'{written}' claims an enormous pixel count; it cannot be a real slide image") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise PathRefused(
            f"'{written}' is not an image that can be read (expected PNG, JPEG, GIF, BMP or TIFF)"
        ) from None
    if kind not in FORMATS:
        raise PathRefused(f"'{written}' is a {kind} image; use PNG, JPEG, GIF, BMP or TIFF")
    return target


def read_regular(path: Path, kind: Kind, shown: str = "") -> bytes:
    """The bytes of a regular file, read once and never more than `kind` allows.

    The file is opened without blocking and checked on the open descriptor, so a FIFO or a
    device swapped in after a check is refused too instead of hanging or filling the memory.
    """
    missing = f"there is no {kind.what} {shown}" if shown else "there is no such file"
    shown = shown or "this"  # the caller's message already names the file
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise PathRefused(missing) from None
    except IsADirectoryError:
        raise PathRefused(f"{shown} is a folder; expected a {kind.what}") from None
    except OSError as exc:
        raise PathRefused(f"{shown} cannot be read ({exc.strerror})") from None
    try:
        _check(os.fstat(fd), kind, shown)
    except PathRefused:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as file:
        try:
            data = file.read(kind.max_bytes + 1)
        except OSError as exc:
            raise PathRefused(f"{shown} cannot be read ({exc.strerror})") from None
    if len(data) > kind.max_bytes:  # grew since the check
        raise PathRefused(_too_large(shown, kind))
    return data


def _regular(target: Path, kind: Kind, shown: str, missing: str) -> None:
    try:
        info = os.stat(target)  # follows links: what counts is the file reached
    except FileNotFoundError:
        raise PathRefused(missing) from None
    except OSError as exc:
        raise PathRefused(f"{shown} cannot be read ({exc.strerror})") from None
    _check(info, kind, shown)


def _check(info: os.stat_result, kind: Kind, shown: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise PathRefused(f"{shown} is a folder; expected a {kind.what}")
    if not stat.S_ISREG(info.st_mode):
        raise PathRefused(f"{shown} is not a regular file (a pipe or a device); expected a {kind.what}")
    if info.st_size > kind.max_bytes:
        raise PathRefused(_too_large(shown, kind))


def _too_large(shown: str, kind: Kind) -> str:
    return f"{shown} is larger than {kind.max_bytes // MB} MB, the limit for a {kind.what}"


def check_writable(folder: Path, relative: str, force: bool) -> Path:
    """Where `relative` goes inside `folder`, if podium may write it there: never through a symbolic
    link (a link in a shared folder would make the write land anywhere), and never over an
    existing file unless `force`."""
    target = folder / relative
    current = folder
    for part in (folder, *PurePosixPath(relative).parts):
        current = folder if part is folder else current / part
        if current.is_symlink():
            raise PathRefused(f"{current} is a symbolic link; podium does not write through links")
    if target.exists() and not force:
        raise PathRefused(f"{target} already exists; give --force to replace it")
    if target.is_dir():
        raise PathRefused(f"{target} is a folder; move it away first")
    return target


def write_checked(target: Path, data: bytes) -> None:
    """Write a file `check_writable` allowed: a new file renamed into place, so an existing link or
    file is replaced, never written through."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
