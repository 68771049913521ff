"""The outcomes report: change in competence per learning objective, from the pre- and post-test.

Per objective: the proportion correct on the pre-test form and on the post-test form (all learners
who took each), and the paired change (the mean, over learners who took both, of their own change
in proportion correct on the objective's items). Then every item's proportion correct before and after.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from render.quiz.score import Learner, Report
from render.source.model import Quiz, Source
from render.source.resolved import Texts
from render.source.text import Run


@dataclass(frozen=True)
class ObjectiveRow:
    text: str
    pre: float | None  # proportion correct, 0..1
    post: float | None
    paired: float | None  # mean change of learners who took both, -1..1


@dataclass(frozen=True)
class ItemRow:
    number: int  # in the source
    id: str
    stem: tuple[Run, ...]
    objectives: str  # their numbers on the report, e.g. "1, 2"
    pre: float | None
    post: float | None


@dataclass(frozen=True)
class Outcomes:
    title: str
    provider: str | None
    when: str
    pre_form: str
    post_form: str
    pre_learners: int
    post_learners: int
    paired_learners: int
    objectives: tuple[ObjectiveRow, ...]
    items: tuple[ItemRow, ...]


def _share(learners: list[Learner], items: list[str]) -> float | None:
    marks = [learner.item_scores[i] for learner in learners for i in items]
    return statistics.fmean(marks) if marks else None


def outcomes(source: Source, quiz: Quiz, resolved: Texts, report: Report, pre: str, post: str) -> Outcomes:
    before = [learner for learner in report.learners if learner.form == pre]
    after = [learner for learner in report.learners if learner.form == post]
    later = {learner.id: learner for learner in after}
    pairs = [(learner, later[learner.id]) for learner in before if learner.id in later]
    tested = [o for o in source.talk.objectives if any(o.id in q.objectives for q in quiz.questions)]
    rows = []
    for objective in tested:
        items = [q.id for q in quiz.questions if objective.id in q.objectives]
        changes = [statistics.fmean(b.item_scores[i] for i in items) for _, b in pairs]
        firsts = [statistics.fmean(a.item_scores[i] for i in items) for a, _ in pairs]
        paired = statistics.fmean(c - f for c, f in zip(changes, firsts, strict=True)) if pairs else None
        rows.append(ObjectiveRow(objective.text, _share(before, items), _share(after, items), paired))
    number = {o.id: n for n, o in enumerate(tested, start=1)}
    item_rows = tuple(
        ItemRow(
            n,
            q.id,
            resolved.runs(q.stem),
            ", ".join(str(number[o]) for o in q.objectives if o in number),
            _share(before, [q.id]),
            _share(after, [q.id]),
        )
        for n, q in enumerate(quiz.questions, start=1)
    )
    t = source.talk
    return Outcomes(
        t.title,
        source.cme.provider if source.cme else None,
        " · ".join(x for x in (t.event, t.date) if x),
        pre,
        post,
        len(before),
        len(after),
        len(pairs),
        tuple(rows),
        item_rows,
    )


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def points(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:+.1f} points"
