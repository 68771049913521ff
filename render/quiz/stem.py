"""Where a stem's question sentence (its lead-in) begins: read by the lint rules and by the sheet's look.

A board-style stem is a vignette (the case's facts) followed by the lead-in, the question itself.
The lead-in is the last sentence: split after . ? ! before a capital, quote or digit (not after an
initial, as in "the U. S."), or before a question word a translation left without its full stop.
"""

from __future__ import annotations

import re

_SENTENCE = re.compile(
    r"(?<!\b[A-Z][.?!])(?<=[.?!])[\"”')]?\s+(?=[A-Z0-9\"“(])"
    r"|(?<=[a-z])\s+(?=(?:What|Which|How|Who|Where|When|Why)\b)"  # "… are not palpated What is the next step?"
)


# The lead-in is set in bold on the sheet and key; a "last sentence" longer than this is no question
# line but a paragraph (or one unbroken string), and pages of bold are neither readable nor cheap.
LEAD_IN_MAX = 300


def lead_in_start(stem: str) -> int:
    """The character offset in `stem` where its last sentence starts (0 for a one-sentence stem)."""
    starts = [m.end() for m in _SENTENCE.finditer(stem.rstrip()) if stem[m.end() :].strip()]
    return starts[-1] if starts else 0


def lead_in(stem: str) -> str:
    """The question sentence of a stem: its last sentence (a vignette's facts come before it)."""
    return stem.strip()[lead_in_start(stem.strip()) :] or stem
