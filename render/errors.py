"""What a source did wrong, where: the one error type every layer raises and every command reports.

A leaf: it imports nothing of podium's, so the loader, the reference-file readers,
the planners and the driver can all use it without importing each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int  # 1-based
    column: int  # 1-based
    path: FieldPath
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        field = format_path(self.path)
        return f"{where}: {field}: {self.message}" if field else f"{where}: {self.message}"


class SourceError(Exception):
    """The source cannot be built; `problems` says every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


class Notice(UserWarning):
    """A warning that knows which field it concerns: the build's summary prints it as any warning, and
    the preview shows it beside the slide it names, with that field's file:line."""

    def __init__(self, message: str, path: FieldPath = ()) -> None:
        super().__init__(message)
        self.path = path


def format_path(path: FieldPath) -> str:
    """('slides', 4, 'title') -> 'slides[4].title', as authors see it in the file."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


# Control characters (C0 but line feed and tab, DEL, C1) and the invisible direction overrides: in text
# from a source, a CSV or a deck they would move the cursor, recolour or rewrite the terminal, or
# reorder what is shown. Written out as \x1b or \u202e instead, so the reader sees what is there.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` with every character a terminal would interpret written out as an escape."""
    return _UNSAFE.sub(lambda m: repr(m[0])[1:-1] if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)
