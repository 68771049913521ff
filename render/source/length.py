"""How long a talk takes to give: the words of its speaker notes, spoken at a steady rate.

The rate is a parameter, not a setting of its own here: a talk's source may one day
say how fast its presenter speaks. Citation numbers are not spoken, so they are not counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from render.source.text import Run

WORDS_PER_MINUTE = 130  # a measured lecture pace; slower than conversation (about 150)
_WORD = re.compile(r"\w+(?:['’.-]\w+)*")


def words(paragraphs: Iterable[Iterable[Run]]) -> int:
    """The spoken words of some paragraphs of runs (citation numbers left out)."""
    return sum(len(_WORD.findall(run.text)) for para in paragraphs for run in para if not run.superscript)


def seconds(count: int, rate: float = WORDS_PER_MINUTE) -> float:
    """The time `count` words take at `rate` words a minute."""
    return count * 60.0 / rate


def clock(total: float) -> str:
    """'2 min 05 s', '45 s': a length as a presenter reads it."""
    whole = round(total)
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"
