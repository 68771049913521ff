"""CME checks of a source: warnings for the CME office, never errors (a build still runs)."""

from __future__ import annotations

import re

from render.cme.length import Length, supported
from render.cme.statements import credits
from render.source.model import Source, slide_texts

# "Category 1 credit" written without the AMA's full phrase: AMA PRA before it and ™ after it.
_CATEGORY_1 = re.compile(r"(?<!AMA PRA )category 1 credit(?:\(s\)|s)?(?!\S*™)", re.IGNORECASE)
_FULL = re.compile(r"AMA PRA Category 1 Credit(?:\(s\)|s)?™")


def lint(source: Source, length: Length) -> list[tuple[tuple[str | int, ...], str]]:
    """(field path, warning) for every CME problem found; the length warnings need no `cme:` beyond duration."""
    cme = source.cme
    if cme is None:
        return []
    found: list[tuple[tuple[str | int, ...], str]] = []
    if length.minutes > cme.duration:
        found.append(
            (
                ("cme", "duration"),
                f"the notes run about {length.minutes:.1f} minutes at {length.rate} words a minute; "
                f"the session has {cme.duration}",
            )
        )
    if round(cme.credits * 4) != cme.credits * 4:
        found.append((("cme", "credits"), f"credits {cme.credits:g} is not in steps of 0.25 (e.g. 0.75, 1.0, 1.25)"))
    allowed = supported(cme.duration)
    if cme.credits > allowed:
        found.append(
            (
                ("cme", "credits"),
                f"{credits(cme.credits)} credits claimed, but {cme.duration} minutes support at most "
                f"{credits(allowed)} (60 minutes = 1 credit, in quarter steps)",
            )
        )
    presenter = source.talk.presenter.name if source.talk.presenter and source.talk.presenter.name else None
    named = {d.name for d in cme.disclosures}
    if not any(d.role.lower() == "faculty" for d in cme.disclosures):
        found.append((("cme", "disclosures"), "no disclosure for the faculty (a person with role: faculty)"))
    elif presenter and presenter not in named:
        found.append((("cme", "disclosures"), f"the presenter {presenter} has no disclosure"))
    if any(d.relationships for d in cme.disclosures) and not cme.mitigated:
        found.append(
            (
                ("cme", "mitigated"),
                "relationships are disclosed but not marked mitigated; add `mitigated: true` "
                "once the CME office has mitigated them",
            )
        )
    for i, support in enumerate(cme.commercial_support):
        if not support.kind:
            found.append(
                (
                    ("cme", "commercial_support", i),
                    f"support from {support.company} needs its kind, e.g. educational grant or in-kind",
                )
            )
    tested = {oid for q in (source.quiz.questions if source.quiz else []) for oid in q.objectives}
    for i, objective in enumerate(source.talk.objectives):
        if objective.id not in tested:
            found.append((("talk", "objectives", i), f"objective '{objective.id}' is tested by no quiz item"))
    texts = [(("cme", "other_credits", i), t) for i, t in enumerate(cme.other_credits)]
    for s, slide in enumerate(source.slides):
        texts += [(("slides", s, *path), t) for path, t in slide_texts(slide)]
    for path, text in texts:
        if _CATEGORY_1.search(_FULL.sub("", text)):
            found.append((path, "write the credit as *AMA PRA Category 1 Credit(s)™* (in italics, with ™)"))
    return found
