"""attendees.csv -> one certificate each: columns `name`, and optionally `degree` and `credits` (claimed)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from render.cme.packet import Attendee
from render.cme.statements import credits as printed
from render.errors import Problem, SourceError

COLUMNS = ("name", "degree", "credits")


def read_attendees(path: Path, designated: float) -> list[Attendee]:
    """Every attendee, or SourceError naming each bad row and column (all of them at once)."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SourceError([Problem(name, 1, 1, (), "there is no such file")]) from None
    except UnicodeDecodeError:
        raise SourceError([Problem(name, 1, 1, (), "the file is not UTF-8 text; save it as CSV UTF-8")]) from None
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    unknown = [h for h in header if h not in COLUMNS]
    if "name" not in header or unknown or len(set(header)) != len(header):
        said = f" ('{unknown[0]}' is not one)" if unknown else ""
        raise SourceError(
            [
                Problem(
                    name,
                    1,
                    1,
                    (),
                    f"the first row must name the columns: name, and optionally degree and credits{said}",
                )
            ]
        )
    where = {h: i for i, h in enumerate(header)}
    problems: list[Problem] = []
    found: list[Attendee] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = [c.strip() for c in row] + [""] * (len(header) - len(row))
        who = cells[where["name"]]
        if not who:
            problems.append(Problem(name, line, where["name"] + 1, (), f"row {line}: the attendee's name is missing"))
        claimed = cells[where["credits"]] if "credits" in where else ""
        amount = None
        if claimed:
            column = where["credits"] + 1
            try:
                amount = float(claimed)
            except ValueError:
                problems.append(Problem(name, line, column, (), f"row {line}, credits: '{claimed}' is not a number"))
            else:
                if not 0 < amount <= designated:
                    problems.append(
                        Problem(
                            name,
                            line,
                            column,
                            (),
                            f"row {line}, credits: {claimed} is out of range; expected "
                            f"more than 0 and at most the {printed(designated)} designated",
                        )
                    )
        degree = cells[where["degree"]] if "degree" in where else ""
        found.append(Attendee(who, degree or None, printed(amount) if amount else None))
    if problems:
        raise SourceError(problems)
    if not found:
        raise SourceError([Problem(name, 1, 1, (), "there are no attendees' rows below the header")])
    return found
