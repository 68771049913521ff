"""Classical test statistics on a learners x items score table: pure functions, no quiz or file in sight.

Scores are points earned per item; a learner's total is the row sum. Variances are population
variances (divided by n), as KR-20 and Cronbach's alpha are defined; correlations are Pearson's.
A statistic that cannot be computed (one learner, no variance) is None, never a made-up number.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

Table = Sequence[Sequence[float]]  # rows: learners; columns: items (points earned)


def correlation(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Pearson's r, or None when either side does not vary (or there are fewer than two learners)."""
    if len(x) < 2 or len(set(x)) < 2 or len(set(y)) < 2:
        return None
    return statistics.correlation(x, y)


def reliability(table: Table) -> float | None:
    """Cronbach's alpha: k/(k-1) * (1 - sum of item variances / variance of totals).

    For right/wrong items this is KR-20 (each item's variance is then p*q times its points squared).
    """
    if not table or len(table[0]) < 2 or len(table) < 2:
        return None
    k = len(table[0])
    totals = [sum(row) for row in table]
    total_variance = statistics.pvariance(totals)
    if total_variance == 0:
        return None
    item_variance = sum(statistics.pvariance([row[j] for row in table]) for j in range(k))
    return k / (k - 1) * (1 - item_variance / total_variance)


def corrected_item_total(table: Table, item: int) -> float | None:
    """The item's correlation with the rest of the test (the total without this item)."""
    scores = [row[item] for row in table]
    rest = [sum(row) - row[item] for row in table]
    return correlation(scores, rest)


def option_discrimination(picked: Sequence[bool], table: Table, item: int) -> float | None:
    """How choosing one option goes with the rest score: positive for a working key, negative for a
    working distractor (strong learners avoid it)."""
    rest = [sum(row) - row[item] for row in table]
    return correlation([1.0 if p else 0.0 for p in picked], rest)
