"""A file path written in a source -> the file it names inside the talk's folder, or why not.

A source may come from a colleague: a path in it must not reach the network
(`http://`), another machine (`\\\\server\\share`), or the presenter's other
files (`/home/...`, `C:\\...`, `../../`). Paths typed on the command line are
the user's own and do not come through here. A symbolic link inside the
folder that points out of it is refused as well, because the file it reaches
is outside.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

# "https:", "file:", "data:"; a single letter followed by ':' is a Windows drive, checked below.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
_DRIVE = re.compile(r"^[A-Za-z]:")

# The look of every output (templates, fonts, the starting deck); named here, with no
# imports behind it, so that the deck's path need not load Jinja to find a font.
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


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
