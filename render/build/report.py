"""The one way a problem reaches the author: `build`, `check`, `watch`, `export` and `score` all print here.

A problem in the source is printed as file:line:column, field and message; a problem that a
planner or writer found names the field it could not lay out (`exc.path`), which is placed at
its line here; a publishing problem names the output files itself.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from render.build.pipeline import BuildDateError
from render.build.publish import PublishError
from render.deck.plan import PlanError
from render.deck.template import TemplateError
from render.errors import Problem, SourceError
from render.pdf.theme import ThemeError
from render.pdf.writer import RenderError
from render.source.load import Located

# Everything a bad source, template or output folder can raise: exit 2, never a traceback.
EXPECTED = (SourceError, PublishError, PlanError, TemplateError, RenderError, ThemeError, BuildDateError)


def problems(exc: Exception, source: Path, located: Located | None = None) -> list[str]:
    """The lines that explain `exc` (one of EXPECTED, or an OSError while writing) to the author."""
    if isinstance(exc, SourceError):
        return [str(p) for p in exc.problems]
    if isinstance(exc, PublishError):
        return [str(exc)]
    if isinstance(exc, OSError):
        # A full disk or temporary folder, or a file-size limit, while the outputs were being made.
        where = exc.filename or tempfile.gettempdir()
        return [f"{source}: cannot write {where} ({exc.strerror}); nothing was written."]
    # The planner reports every slide that does not fit at once (`every`), each at its field.
    lines = []
    for each in getattr(exc, "every", None) or [exc]:
        path = getattr(each, "path", None)
        if path and located is not None:
            line, column = located.at(path)
            lines.append(str(Problem(str(source), line, column, path, str(each))))
        else:
            lines.append(f"{source}: {each}")
    return lines


def report(exc: Exception, source: Path, located: Located | None = None, then: str = "nothing was written.") -> None:
    """Print every problem, then how many and what happened (`then`), on stderr."""
    lines = problems(exc, source, located)
    for line in lines:
        print(line, file=sys.stderr)
    count = len(lines)
    if getattr(exc, "every", None) and count > 1:
        print(f"{count} slides do not fit; {then}", file=sys.stderr)
    elif isinstance(exc, SourceError):
        print(f"{count} problem{'s' if count != 1 else ''}; {then}", file=sys.stderr)
    elif then != "nothing was written.":
        print(then, file=sys.stderr)
