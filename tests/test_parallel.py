"""The two-core build: results in order, the child's exceptions and warnings come back to the parent."""

from __future__ import annotations

import os

import pytest

from render.build import parallel
from render.deck.plan import PlanError

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="runs in turn where fork is not used")


def test_results_come_back_in_job_order_from_two_processes() -> None:
    parent = os.getpid()
    results = parallel.run([lambda: os.getpid(), lambda: os.getpid(), lambda: "third"])
    assert results[0] != parent  # the first job ran in the child
    assert results[1:] == [parent, "third"]


def test_several_jobs_can_share_the_child() -> None:
    parent = os.getpid()
    results = parallel.run([os.getpid, os.getpid, os.getpid], in_child=2)
    assert results[0] == results[1] != parent  # one child ran the first two, in turn
    assert results[2] == parent


def test_an_error_in_the_child_is_raised_in_the_parent() -> None:
    def fails() -> None:
        raise PlanError("slide 'x': the title does not fit its box even at 28 pt; shorten it")

    with pytest.raises(PlanError, match="slide 'x'"):
        parallel.run([fails, lambda: None])


def test_what_the_child_collects_reaches_the_parents_list() -> None:
    heard: list[str] = []
    parallel.share(heard)
    try:
        parallel.run([lambda: heard.append("from the child"), lambda: heard.append("from the parent")])
    finally:
        parallel.unshare(heard)
    assert sorted(heard) == ["from the child", "from the parent"]


def test_lanes_deal_the_heaviest_first_to_the_lighter_lane() -> None:
    # Three forms' keys (1.5) and sheets (1): worked by hand, heaviest first, each to the lighter
    # lane (ties to the child's): child K1, K3, S3 = 4.0; this process K2, S1, S2 = 3.5.
    k1, k2, k3, s1, s2, s3 = (lambda n=n: n for n in ("K1", "K2", "K3", "S1", "S2", "S3"))
    jobs, in_child = parallel.lanes([(1.5, k1), (1.5, k2), (1.5, k3), (1.0, s1), (1.0, s2), (1.0, s3)])
    assert [job() for job in jobs] == ["K1", "K3", "S3", "K2", "S1", "S2"]
    assert in_child == 3
    one_form, in_child = parallel.lanes([(1.5, k1), (1.0, s1)])
    assert [job() for job in one_form] == ["K1", "S1"] and in_child == 1
