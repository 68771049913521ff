"""Fuzzing: a mutated source either builds valid outputs or is refused with a message; never a crash or a hang.

Hypothesis mutates a small valid talk: values of the wrong type, missing and
extra keys, empty and huge strings, right-to-left text, combining marks,
emoji, control characters, markup, and stray characters in the YAML itself.

The default run is small and fixed (the same examples every time), so
`make test` stays quick and CI is stable. A longer, random run:

    PODIUM_FUZZ_EXAMPLES=500 .venv/bin/pytest tests/test_fuzz.py --hypothesis-show-statistics
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pypdf import PdfReader
from ruamel.yaml import YAML

from render import cli

EXAMPLES = int(os.environ.get("PODIUM_FUZZ_EXAMPLES", "20"))
HANG = 120  # seconds one example may take before it counts as a hang (a bound, not a speed test)

VALID: dict[str, Any] = {
    "talk": {
        "title": "Sleep and Mood",
        "presenter": {"name": "A. Presenter", "credentials": "PhD"},
        "objectives": [{"id": "o1", "text": "Name one sleep intervention", "slides": ["s1"]}],
    },
    "slides": [
        {"id": "t", "layout": "title", "title": "Sleep and Mood"},
        {
            "id": "s1",
            "title": "Why Sleep Matters",
            "bullets": ["Insomnia predicts depression [@r1]", {"text": "CBT-I helps", "sub": ["Four to six sessions"]}],
            "notes": "Start with a question to the room.\n\nThen the data.",
        },
        {"id": "refs", "layout": "references", "title": "References"},
    ],
    "references": [
        {
            "id": "r1",
            "type": "article",
            "authors": [{"family": "Baglioni", "given": "C"}],
            "title": "Insomnia as a predictor of depression",
            "container": "J Affect Disord",
            "year": 2011,
        }
    ],
    "resources": [{"title": "Sleep society", "url": "https://example.org/sleep"}],
    "quiz": {
        "title": "Check",
        "questions": [
            {"id": "q1", "stem": "Insomnia predicts which?", "options": ["Depression", "Nothing"], "answer": "A"},
            {"id": "q2", "type": "true-false", "stem": "CBT-I takes a year", "answer": "B"},
        ],
    },
}

# Text a talk may well hold: it must build.
FINE_TEXT = st.sampled_from(
    [
        "עברית ומילים",  # right to left
        "مرحبا بالعالم [@r1]",
        "\u202eevil\u202c override",
        "e\u0301\u0301\u0301\u0301 Z\u0336\u0337\u0338",  # combining marks
        "👩‍⚕️🧠💤 🇺🇸",  # emoji, ZWJ sequences, flags
        "tab\there",
        "\ue000 0 \ue001",
        "<script>alert(1)</script> & <b>",
        "*unclosed **bold",
        "True",
        "2013-06-11",
        "null",
        "- a\n- b",
        "key: value",
        "C",
    ]
)
# Text that must be refused with a message.
BAD_TEXT = st.sampled_from(
    ["", " ", "bell\x07", "nul\x00", "esc\x1b[31m", "\ufffe\uffff", "\ud800", "[@nobody]", "[x](../../etc/passwd)"]
)
PRINTABLE = st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=60)
HUGE_TEXT = st.integers(min_value=200, max_value=5000).map(lambda n: ("word " * n)[:n] if n % 2 else "x" * n)
TEXT = st.one_of(FINE_TEXT, PRINTABLE, HUGE_TEXT, BAD_TEXT, st.text(max_size=60))
# Fields whose strings are ids or keywords, not text.
NOT_TEXT = {"id", "layout", "type", "answer"}
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=8,
)
KEYS = st.one_of(st.sampled_from(["titel", "id", "text", "sub", "answer", "options", "layout", "cite"]), st.text())


def places(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from places(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from places(value, (*path, i))


def mutate(data: st.DataObject, tree: Any) -> Any:
    """One change somewhere in the tree: new text, replace, delete, add a key, or add an item."""
    where = data.draw(st.sampled_from(list(places(tree))))
    action = data.draw(st.sampled_from(["text", "text", "text", "replace", "delete", "extra"]))
    if action == "text":
        # Strange text where text belongs keeps the source valid, so the renderers see it.
        texts = [
            p
            for p in places(tree)
            if p and isinstance(_at(tree, p), str) and p[-1] not in NOT_TEXT and not isinstance(p[-1], int)
        ]
        where = data.draw(st.sampled_from(texts))
        action = "replace"
        _at(tree, where[:-1])[where[-1]] = data.draw(st.one_of(FINE_TEXT, PRINTABLE, TEXT))
        return tree
    if not where:
        return data.draw(VALUES) if action == "replace" else tree
    parent = tree
    for part in where[:-1]:
        parent = parent[part]
    last = where[-1]
    if action == "replace":
        parent[last] = data.draw(VALUES)
    elif action == "delete":
        del parent[last]
    elif isinstance(parent[last], dict):
        parent[last][data.draw(KEYS)] = data.draw(VALUES)
    elif isinstance(parent[last], list):
        parent[last].append(data.draw(VALUES))
    else:
        parent[last] = data.draw(VALUES)
    return tree


def _at(tree: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        tree = tree[part]
    return tree


def dump(tree: Any) -> str:
    out = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.dump(tree, out)
    return out.getvalue()


@contextlib.contextmanager
def hang_guard(seconds: int) -> Iterator[None]:
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError(f"one build took over {seconds} s: treated as a hang")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check_outputs(out: Path, names: list[str]) -> None:
    for name in names:
        path = out / name
        if name.endswith(".pptx"):
            assert len(Presentation(str(path)).slides) >= 1
        else:
            assert len(PdfReader(str(path)).pages) >= 1
            if shutil.which("qpdf"):
                result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
                assert result.returncode == 0, result.stdout + result.stderr


@settings(
    max_examples=EXAMPLES,
    deadline=None,  # no timing assertion; hang_guard bounds each build instead
    derandomize="PODIUM_FUZZ_EXAMPLES" not in os.environ,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_a_mutated_source_builds_or_is_refused_with_a_message(data: st.DataObject) -> None:
    import copy

    tree = copy.deepcopy(VALID)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        tree = mutate(data, tree)
    text = dump(tree)
    if data.draw(st.integers(0, 3)) == 0:
        # A stray keystroke in the file itself.
        at = data.draw(st.integers(min_value=0, max_value=len(text)))
        stray = data.draw(st.sampled_from(["", ":", "-", "  ", "\t", "[", "'", '"', "&a ", "*a", "\n", "#"]))
        text = text[:at] + stray + text[at + data.draw(st.integers(0, 2)) :]

    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "talk.yaml", Path(folder) / "out"
        source.write_text(text, encoding="utf-8", errors="surrogatepass")
        stdout, stderr = io.StringIO(), io.StringIO()
        with hang_guard(HANG), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            status = cli.main(["build", str(source), "--out", str(out)])
        written = sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) if out.exists() else []
        event("built" if status == 0 else "refused")
        if status == 0:
            expected = ["talk-deck.pptx", "talk-handout.pdf", "talk-slides.pdf"]
            if "talk-quiz.pdf" in written:
                expected += ["talk-answer-key.pdf", "talk-quiz.pdf"]
            assert written == sorted(expected)
            check_outputs(out, written)
        else:
            assert status == 2, stderr.getvalue()
            message = stderr.getvalue()
            assert message.startswith(str(source)), message
            assert written == [], "a refused build wrote something"


@pytest.mark.parametrize("kind", ["deck", "handout"])
def test_the_unmutated_source_builds(kind: str, tmp_path: Path) -> None:
    # The fuzz starts from a valid talk: if this fails, every example above is refused for the wrong reason.
    source = tmp_path / "talk.yaml"
    source.write_text(dump(VALID), encoding="utf-8")
    assert cli.main(["build", str(source), "--only", kind, "--out", str(tmp_path / "out")]) == 0
