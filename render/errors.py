"""What a source did wrong, where: the one error type every layer raises and every command reports.

A leaf: it imports nothing of podium's, so the loader, the reference-file readers,
the planners and the driver can all use it without importing each other.
"""

from __future__ import annotations

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


def format_path(path: FieldPath) -> str:
    """('slides', 4, 'title') -> 'slides[4].title', as authors see it in the file."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
