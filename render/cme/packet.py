"""The plans of the CME office's packet: the sign-in sheet, the evaluation form and the certificate.

Each is a context for its template (templates/cme-*.html.j2); the templates hold the look.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from render.cme import statements
from render.cme.statements import Designation, credits
from render.source.model import Cme, Source

LIKERT = ("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree")
# The sign-in sheet's rows fill the page: the paper's height less the margins (0.8 in top and bottom)
# and the heading block, in rows of ROW inches.
ROW = 0.36
HEADING = 2.1
PAPER_HEIGHT = {"letter": 11.0, "a4": 11.69}
PAPER_WIDTH = {"letter": 8.5, "a4": 8.27}


@dataclass(frozen=True)
class Activity:
    """What every CME page names: the talk, when and where, who, and the credit."""

    title: str
    presenter: str | None
    event: str | None
    date: str | None
    provider: str
    accreditation: str
    designation: Designation
    other_credits: tuple[str, ...]


@dataclass(frozen=True)
class Attendee:
    name: str
    degree: str | None
    credits: str | None  # claimed, as printed (1.0, 0.75)


def activity(source: Source, cme: Cme) -> Activity:
    p = source.talk.presenter
    presenter = ", ".join(x for x in (p.name, p.credentials) if x) if p and p.name else None
    return Activity(
        source.talk.title,
        presenter,
        source.talk.event,
        source.talk.date,
        cme.provider,
        statements.accreditation(cme),
        statements.designation(cme),
        tuple(cme.other_credits),
    )


def sign_in_rows(paper: str) -> int:
    # Each row is ROW plus its 0.75 pt rule; the column heads take about 0.22 in.
    return math.floor((PAPER_HEIGHT[paper] - 1.6 - HEADING - 0.22) / (ROW + 0.75 / 72))


def sign_in(source: Source, cme: Cme, paper: str, stamp: str) -> dict[str, object]:
    return {
        "activity": activity(source, cme),
        "paper": paper,
        "rows": sign_in_rows(paper),
        "row_height": ROW,
        "heading_height": HEADING,
        "columns": ("Name", "Degree or profession", "ID or email", "Signature"),
        "stamp": stamp,
    }


def evaluation(source: Source, cme: Cme, paper: str, stamp: str) -> dict[str, object]:
    return {
        "activity": activity(source, cme),
        "paper": paper,
        "likert": LIKERT,
        "objectives": [o.text for o in source.talk.objectives],
        "link": cme.links.evaluation,
        "stamp": stamp,
    }


def certificate(source: Source, cme: Cme, paper: str, attendees: list[Attendee] | None = None) -> dict[str, object]:
    """One page per attendee; without attendees, one blank certificate to fill in by hand."""
    return {
        "activity": activity(source, cme),
        "paper": paper,
        "width": PAPER_HEIGHT[paper],  # landscape
        "height": PAPER_WIDTH[paper],
        "designated": credits(cme.credits),
        "credit_phrase": statements.CREDIT_PHRASE,
        "attendees": attendees or [Attendee("", None, None)],
        "blank": not attendees,
    }


@dataclass(frozen=True)
class Cover:
    """What the handout's cover adds for a CME talk, below the objectives."""

    activity: Activity
    disclosures: tuple[str, ...]
    mitigation: str | None
    support: str


def cover(source: Source) -> Cover | None:
    cme = source.cme
    if cme is None:
        return None
    lines = tuple(d.text for d in statements.disclosures(cme))
    return Cover(activity(source, cme), lines, statements.mitigation(cme), statements.support(cme))
