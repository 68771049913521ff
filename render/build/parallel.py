"""Run a build's independent jobs on the cores there are: the first ones in a forked child, the rest here;
and one job's many like parts (the slides PDF's chunks) over several children.

Everything heavy (the source, the plans, WeasyPrint and python-pptx) is loaded
before the fork, so the child pays no import or parse twice. The child sends
its result, or its exception, back through a pipe; nothing is written to disk
by either side (publishing happens afterwards, all at once). Where fork is not
safe (Windows, macOS) or there is one core, the jobs simply run in turn.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
A = TypeVar("A")

# Lists that collect messages during a build (the summary's warnings): what the child
# adds to its copy is sent back and added to the parent's, so nothing said is lost.
_SHARED: list[list[str]] = []


# Caches a warm process keeps between builds (the handout's laid-out parts): a child that changed one
# sends it back, and it takes the place of the parent's, so the next build finds what the child made.
_KEPT: list[dict[str, bytes]] = []


def keep(cache: dict[str, bytes]) -> None:
    if all(cache is not known for known in _KEPT):
        _KEPT.append(cache)


def share(collected: list[str]) -> None:
    _SHARED.append(collected)


def unshare(collected: list[str]) -> None:
    if collected in _SHARED:
        _SHARED.remove(collected)


def cores() -> int:
    """The processors this process may run on (a CPU affinity mask or taskset counts, not the machine's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def can_fork() -> bool:
    return sys.platform.startswith("linux") and cores() > 1


def spread(fn: Callable[[A], T], items: list[A], workers: int) -> list[T]:
    """`fn` of each item, in order, over `workers` processes (this one and forked children)."""
    workers = min(workers, len(items)) if can_fork() else 1
    if workers <= 1:
        return [fn(item) for item in items]
    # Worker k takes items k, k + workers, ...: the results are put back in order, so what any
    # item gives cannot depend on how many workers there were.
    children = [_fork(lambda k=k: [fn(item) for item in items[k::workers]]) for k in range(1, workers)]
    try:
        mine = [fn(item) for item in items[0::workers]]
    finally:
        # Every child is waited for, even when one failed, before the first failure is raised.
        outcomes = [_outcome(*child) for child in children]
    theirs = [_unpack(outcome) for outcome in outcomes]
    out: list[T] = [None] * len(items)  # type: ignore[list-item]
    for k, results in enumerate([mine, *theirs]):
        out[k::workers] = results
    return out


def run(jobs: list[Callable[[], T]], in_child: int = 1) -> list[T]:
    """The jobs' results in order; the first `in_child` jobs run in a child process when that helps."""
    if len(jobs) <= in_child or not can_fork():
        return [job() for job in jobs]
    child = _fork(lambda: [job() for job in jobs[:in_child]])
    try:
        rest = [job() for job in jobs[in_child:]]
    finally:
        results = _collect(*child)
    return [*results, *rest]


def lanes(weighted: list[tuple[float, Callable[[], T]]]) -> tuple[list[Callable[[], T]], int]:
    """Jobs of known relative work dealt to two lanes of about equal work, as `run` takes them:
    the jobs in order, and how many of the first go to the child. Heaviest first, each to the
    lighter lane (ties to the child's), so the deal depends on the weights only."""
    child: list[Callable[[], T]] = []
    mine: list[Callable[[], T]] = []
    loads = [0.0, 0.0]
    for weight, job in sorted(weighted, key=lambda pair: -pair[0]):
        lane = 0 if loads[0] <= loads[1] else 1
        loads[lane] += weight
        (child if lane == 0 else mine).append(job)
    return [*child, *mine], len(child)


def _fork(work: Callable[[], list[T]]) -> tuple[int, int]:
    """Start `work` in a forked child; its process id and the pipe its results will come through."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send back what came of it, and leave at once
        try:
            os.close(read_end)
            before = [len(lst) for lst in _SHARED]
            keys = [list(cache) for cache in _KEPT]
            try:
                results = work()
                added = [lst[n:] for lst, n in zip(_SHARED, before, strict=True)]
                changed = [dict(c) if list(c) != k else None for c, k in zip(_KEPT, keys, strict=True)]
                payload = pickle.dumps((True, (results, added, changed)))
            except BaseException as exc:
                try:
                    payload = pickle.dumps((False, exc))
                except Exception:
                    payload = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        finally:
            # Whatever happens (the parent gone and the pipe broken, say), the child never returns into
            # the caller: in `podium watch` it would live on as a second, orphaned watcher.
            os._exit(0)
    os.close(write_end)
    return pid, read_end


def _collect(pid: int, read_end: int) -> list[T]:
    """A forked child's results (its messages added to the shared lists), or its exception raised here."""
    return _unpack(_outcome(pid, read_end))


def _outcome(pid: int, read_end: int) -> tuple[bool, object]:
    """What a forked child sent back, once it has ended."""
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return pickle.loads(data) if data else (False, RuntimeError("the parallel build process died"))


def _unpack(outcome: tuple[bool, object]) -> list[T]:
    ok, value = outcome
    if not ok:
        raise value  # type: ignore[misc]
    results, added, changed = value  # type: ignore[misc]
    for lst, more in zip(_SHARED, added, strict=True):
        lst.extend(more)
    for cache, theirs in zip(_KEPT, changed, strict=True):
        if theirs is not None:
            cache.clear()
            cache.update(theirs)
    return results
