"""The CME lint and the talk length as the command line prints them (check and every build)."""

from __future__ import annotations

from render.cme.length import Length, estimate
from render.cme.lint import lint
from render.errors import format_path
from render.source.load import Located
from render.source.resolved import Texts


def warnings(located: Located, length: Length) -> list[str]:
    """Each CME warning as `file:line:col: warning: cme: message (field)`, like the quiz's item-writing ones."""
    out = []
    for path, message in lint(located.source, length):
        line, column = located.at(path)
        out.append(f"{located.file}:{line}:{column}: warning: cme: {message} ({format_path(path)})")
    return out


def length_of(located: Located, resolved: Texts, rate: int | None) -> Length:
    return estimate(located.source, resolved, rate)
