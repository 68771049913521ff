from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IPT = ROOT / "source" / "ipt.yaml"
sys.path.insert(0, str(Path(__file__).parent))


def podium(
    *args: str | Path, env: dict[str, str] | None = None, process: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run the command line, as a presenter does: the same `main` the `podium` script calls, with its
    arguments, exit status, standard output and error. In this test's process (no interpreter and
    library start-up per call, about a second of CPU each) unless the test sets more of the environment
    than the build date (a hash seed, a cache folder) or asks for a real process; PODIUM_TEST_PROCESSES=1
    makes every call a real process, to check the two agree."""
    argv = list(map(str, args))
    # An environment that differs only in what podium reads at each call (the build date) needs no process.
    changed = {k for k in {*os.environ, *(env or {})} if (env or os.environ).get(k) != os.environ.get(k)}
    if changed - _READ_PER_CALL or process or os.environ.get("PODIUM_TEST_PROCESSES") == "1":
        return subprocess.run(
            [sys.executable, "-m", "render", *argv], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120
        )
    from render.cli import main

    out, err = io.StringIO(), io.StringIO()
    with (
        _environment({k: (env or {}).get(k) for k in changed}),
        contextlib.chdir(ROOT),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's own exits: --help, a usage error
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    return subprocess.CompletedProcess([sys.executable, "-m", "render", *argv], code, out.getvalue(), err.getvalue())


_READ_PER_CALL = {"SOURCE_DATE_EPOCH"}  # read by the build each time it runs, never kept by the process


@contextlib.contextmanager
def _environment(values: dict[str, str | None]) -> Iterator[None]:
    """os.environ with `values` set (None: removed) for the block, as it was after."""
    before = {k: os.environ.get(k) for k in values}

    def put(settings: dict[str, str | None]) -> None:
        for key, value in settings.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

    put(values)
    try:
        yield
    finally:
        put(before)


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Formatted references are cached per user (render.source.refcache): the tests keep theirs apart."""
    folder = tmp_path_factory.mktemp("cache")
    os.environ["XDG_CACHE_HOME"] = str(folder)  # the podium subprocesses inherit it
    return folder


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The IPT talk's outputs, built once per run: the parallel workers share one build (the first to
    ask makes it, under a lock, in the folder their temporary folders share). Tests only read it."""
    from filelock import FileLock

    # Under xdist each worker's folder (pytest-N/popen-gwK) sits in the run's own; alone, the run's own.
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    out = shared / "ipt-built"
    with FileLock(str(shared / "ipt-built.lock")):
        if not (shared / "ipt-built.done").exists():
            result = podium("build", IPT, "--out", out)
            assert result.returncode == 0, result.stderr
            (shared / "ipt-built.done").write_text("", encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def rendered(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LibreOffice's PDF of the IPT deck, rendered once per run and shared as `built` is: each
    LibreOffice conversion costs seconds of CPU, and several tests read the same one."""
    from filelock import FileLock
    from helpers import libreoffice_pdf

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / "ipt-rendered"
    with FileLock(str(shared / "ipt-rendered.lock")):
        if not (shared / "ipt-rendered.done").exists():
            folder.mkdir(exist_ok=True)
            libreoffice_pdf(built / "ipt-deck.pptx", folder)
            (shared / "ipt-rendered.done").write_text("", encoding="utf-8")
    return folder / "ipt-deck.pdf"


@pytest.fixture
def talk_copy(tmp_path: Path) -> Path:
    """A private copy of the IPT source that a test may edit."""
    target = tmp_path / "ipt.yaml"
    shutil.copy(IPT, target)
    return target


# What makes a test slow: a real podium process, make, LibreOffice, or a whole build in-process (the
# command line's main, the pipeline's build, watch's rebuild). `make test-fast` leaves those out.
_SLOW_CALLS = {"podium", "make", "subprocess", "soffice", "libreoffice_pdf", "to_pdf", "convert", "build", "rebuild",
               "run_cli"}  # fmt: skip
_SLOW_FIXTURES = {"built", "rendered", "earlier", "pdfs"}  # pdfs: every kind of PDF, for the PDF/UA checkers


def _calls_slow(function: object, depth: int = 2) -> bool:
    """Whether a test, a fixture (or a module-level helper either calls, two levels deep) names a slow call."""
    function = getattr(function, "__wrapped__", function)  # a @contextmanager helper: its generator
    hypothesis = getattr(function, "hypothesis", None)  # a @given test: the test it runs per example
    function = getattr(hypothesis, "inner_test", function)
    code = getattr(function, "__code__", None)
    if code is None:
        return False
    names: set[str] = set()
    codes = [code]
    while codes:  # the function's own names and those of the functions defined inside it
        current = codes.pop()
        names |= set(current.co_names)
        codes += [c for c in current.co_consts if hasattr(c, "co_names")]
    if names & _SLOW_CALLS:
        return True
    module = sys.modules.get(getattr(function, "__module__", ""), None)
    helpers = (getattr(module, n, None) for n in names) if module and depth else ()
    return any(callable(h) and _calls_slow(h, depth - 1) for h in helpers)


def _slow_fixture(item: pytest.Item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    defs = info.name2fixturedefs if info is not None else {}
    return any(_calls_slow(d.func) for name in getattr(item, "fixturenames", ()) for d in defs.get(name, ()))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & _SLOW_FIXTURES or _calls_slow(getattr(item, "function", None)) or _slow_fixture(item):
            item.add_marker(pytest.mark.slow)
