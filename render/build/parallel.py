"""Run a build's independent jobs on both cores: the first ones in a forked child, the rest here.

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

# Lists that collect messages during a build (the summary's warnings): what the child
# adds to its copy is sent back and added to the parent's, so nothing said is lost.
_SHARED: list[list[str]] = []


def share(collected: list[str]) -> None:
    _SHARED.append(collected)


def unshare(collected: list[str]) -> None:
    if collected in _SHARED:
        _SHARED.remove(collected)


def can_fork() -> bool:
    return sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1


def run(jobs: list[Callable[[], T]], in_child: int = 1) -> list[T]:
    """The jobs' results in order; the first `in_child` jobs run in a child process when that helps."""
    if len(jobs) <= in_child or not can_fork():
        return [job() for job in jobs]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run its jobs, send back what came of them, and leave at once
        try:
            os.close(read_end)
            before = [len(lst) for lst in _SHARED]
            try:
                results = [job() for job in jobs[:in_child]]
                added = [lst[n:] for lst, n in zip(_SHARED, before, strict=True)]
                payload = pickle.dumps((True, (results, added)))
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
    try:
        rest = [job() for job in jobs[in_child:]]
    finally:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
    ok, value = pickle.loads(data) if data else (False, RuntimeError("the parallel build process died"))
    if not ok:
        raise value
    results, added = value
    for lst, more in zip(_SHARED, added, strict=True):
        lst.extend(more)
    return [*results, *rest]
