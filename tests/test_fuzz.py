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
        if not texts:  # an earlier change replaced the whole talk by a scalar: nothing holds text
            return data.draw(VALUES)
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


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # no timing assertion; hang_guard bounds each build instead
    derandomize="PODIUM_FUZZ_EXAMPLES" not in os.environ,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
BUILT: list[Path] = []  # every deck a fuzzed build wrote, kept for one LibreOffice run at the end


def test_a_mutated_source_builds_or_is_refused_with_a_message(tmp_path: Path) -> None:
    BUILT.clear()
    _mutated_source(tmp_path)
    assert BUILT, "no mutated source built: the outputs were never checked"
    converts_in_libreoffice(BUILT, tmp_path)


def converts_in_libreoffice(decks: list[Path], folder: Path) -> None:
    """Every deck LibreOffice opens and renders with as many pages as python-pptx finds slides (one
    LibreOffice run for all of them: starting it is most of the cost)."""
    if not decks or not shutil.which("soffice"):
        return
    out = folder / "libreoffice"
    out.mkdir(exist_ok=True)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{folder}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), *map(str, decks)],
        capture_output=True, text=True, timeout=60 + 20 * len(decks),
    )  # fmt: skip
    for deck in decks:
        rendered = out / f"{deck.stem}.pdf"
        assert rendered.exists(), f"LibreOffice could not convert {deck.name}"
        assert len(PdfReader(str(rendered)).pages) == len(Presentation(str(deck)).slides), deck.name


@FUZZ
@given(data=st.data())
def _mutated_source(keep: Path, data: st.DataObject) -> None:
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
            BUILT.append(keep / f"deck-{len(BUILT)}.pptx")
            shutil.copy(out / "talk-deck.pptx", BUILT[-1])
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


# Other inputs a colleague can hand over: a deck to import, a template, a reference file, a responses CSV.
# Each either works (and what it gives is valid) or is refused with exit 2 and a message naming the file.

HOSTILE = st.one_of(FINE_TEXT, BAD_TEXT, PRINTABLE, HUGE_TEXT, st.sampled_from(["\x1b]0;x\x07", "&#0;", "]]>", "<!--"]))


def _xml_text(text: str) -> bytes:
    # As XML text: escaped, so only what XML can hold at all stays (the parser's job is tested elsewhere).
    from xml.sax.saxutils import escape

    kept = "".join(c for c in text if c in "\t\n\r" or (" " <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd"))
    return escape(kept).encode("utf-8")


def mutate_package(data: st.DataObject, package: bytes, words: tuple[bytes, ...]) -> bytes:
    """One of: text of a part replaced by hostile text, a part replaced by junk or removed, bytes flipped,
    the file cut short, or a hostile package from tests/hostile_packages."""
    import zipfile

    import hostile_packages as make

    action = data.draw(st.sampled_from(["text", "text", "text", "junk", "remove", "flip", "cut", "hostile"]))
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        names = z.namelist()
        xml = [n for n in names if n.endswith(".xml")]
        if action == "text":
            name = data.draw(st.sampled_from(xml))
            body = z.read(name)
            present = [w for w in words if w in body] or [b"<a:t>"]
            word = data.draw(st.sampled_from(present))
            new = _xml_text(data.draw(HOSTILE))
            body = body.replace(word, (b"<a:t>" + new) if word == b"<a:t>" else new, 1)
            return make.rezip(package, {name: body})
        if action in ("junk", "remove"):
            name = data.draw(st.sampled_from(names))
            return make.rezip(package, {name: None if action == "remove" else data.draw(st.binary(max_size=200))})
    if action == "flip":
        at = data.draw(st.integers(0, len(package) - 1))
        return package[:at] + bytes([package[at] ^ data.draw(st.integers(1, 255))]) + package[at + 1 :]
    if action == "cut":
        return package[: data.draw(st.integers(0, len(package) - 1))]
    kind = data.draw(st.sampled_from(["laughs", "charref", "truncated", "entries", "picture"]))
    if kind == "entries":
        return make.many_entries(package, 10_001)
    if kind == "picture":
        return make.unreadable_picture_deck()
    return make.slide_xml(make.small_deck(), kind)


def refused_plainly(status: int, stderr: str, starts: str) -> None:
    assert status == 2, stderr
    assert stderr.startswith(starts), stderr
    assert "Traceback" not in stderr


def run_cli(*args: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with hang_guard(HANG), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = cli.main(list(args))
    return status, stdout.getvalue(), stderr.getvalue()


@FUZZ
@given(data=st.data())
def test_a_mutated_deck_imports_or_is_refused_with_a_message(data: st.DataObject) -> None:
    deck = mutate_package(data, _small_deck(), (b"First", b"Second", b"A point on", b"Say this.", b"<a:t>"))
    with tempfile.TemporaryDirectory() as folder:
        path, target = Path(folder) / "old.pptx", Path(folder) / "source"
        path.write_bytes(deck)
        status, _, stderr = run_cli("import", str(path), "--folder", str(target))
        event("imported" if status == 0 else "refused")
        if status == 0:
            cli.load(target / "old.yaml")  # what import wrote is a source podium reads
        else:
            refused_plainly(status, stderr, "podium import: ")
            assert not (target / "old.yaml").exists()


TEMPLATE_TALK = "talk:\n  title: T\ntemplate: {file: dept.pptx}\nslides:\n  - id: a\n    title: A\n    bullets: [b]\n"


def test_a_mutated_template_builds_or_is_refused_with_a_message(tmp_path: Path) -> None:
    BUILT.clear()
    _mutated_template(tmp_path)
    assert BUILT, "no mutated template built a deck: the outputs were never checked"
    converts_in_libreoffice(BUILT, tmp_path)


@FUZZ
@given(data=st.data())
def _mutated_template(keep: Path, data: st.DataObject) -> None:
    import hostile_packages as make

    words = (b"Title and Content", b"Office Theme", b"Calibri", b'val="', b"<a:t>", b"Click to edit")
    template = mutate_package(data, make.TEMPLATE.read_bytes(), words)
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "talk.yaml", Path(folder) / "out"
        (Path(folder) / "dept.pptx").write_bytes(template)
        source.write_text(TEMPLATE_TALK, encoding="utf-8")
        only = data.draw(st.sampled_from(["deck", "handout"]))
        status, _, stderr = run_cli("build", str(source), "--only", only, "--out", str(out))
        event(f"{only} built" if status == 0 else "refused")
        written = sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) if out.exists() else []
        if status == 0:
            check_outputs(out, written)
            if only == "deck":
                BUILT.append(keep / f"template-{len(BUILT)}.pptx")
                shutil.copy(out / "talk-deck.pptx", BUILT[-1])
        else:
            refused_plainly(status, stderr, str(source))
            assert written == []


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), HOSTILE, st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=10), inner, max_size=3)),
    max_leaves=6,
)
CSL_FIELDS = ["id", "type", "title", "author", "issued", "container-title", "page", "DOI", "URL", "annote"]


@FUZZ
@given(data=st.data())
def test_a_mutated_bibliography_loads_or_is_refused_with_a_message(data: st.DataObject) -> None:
    import json

    kind = data.draw(st.sampled_from(["json", "bib"]))
    good = {"id": "a", "type": "book", "title": "A", "author": [{"family": "X"}], "issued": {"date-parts": [[2020]]}}
    if kind == "json":
        item = dict(good)
        for _ in range(data.draw(st.integers(1, 3))):
            item[data.draw(st.sampled_from(CSL_FIELDS))] = data.draw(JSON_VALUES)
        text = json.dumps(data.draw(st.sampled_from([[item], item, [item, item], [item, 3]])), ensure_ascii=False)
    else:
        text = "@book{a,\n  author = {X, Y},\n  title = {A},\n  year = {2020}\n}\n"
        at = data.draw(st.integers(0, len(text)))
        stray = data.draw(st.one_of(HOSTILE, st.sampled_from(["{", "}", "@", ",", "=", '"', "\\"])))
        text = text[:at] + stray + text[at:]
    if data.draw(st.integers(0, 3)) == 0:
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + text[at + data.draw(st.integers(1, 20)) :]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "talk.yaml"
        (Path(folder) / f"refs.{kind}").write_text(text, encoding="utf-8", errors="surrogatepass")
        source.write_text(
            "talk: {title: T}\nslides:\n  - id: a\n    title: A\n    bullets: ['B [@a]']\n"
            f"  - id: r\n    layout: references\n    title: R\nbibliography: refs.{kind}\n",
            encoding="utf-8",
        )
        status, _, stderr = run_cli("build", str(source), "--only", "deck", "--out", str(Path(folder) / "out"))
        event("built" if status == 0 else "refused")
        if status != 0:
            refused_plainly(status, stderr, str(Path(folder)))  # the source, or the reference file, with its line


CELLS = st.one_of(st.sampled_from(["A", "B", "C", "D", "ABD", "", " ", "2", "-1", "1e309", "nan"]), HOSTILE)


@FUZZ
@given(data=st.data())
def test_a_mutated_responses_csv_scores_or_is_refused_with_a_message(data: st.DataObject) -> None:
    import csv

    from conftest import IPT

    header = ["id", "1", "2", "3", "4", "5"]
    if data.draw(st.integers(0, 4)) == 0:
        header = data.draw(st.lists(st.one_of(st.sampled_from([*header, "form"]), HOSTILE), max_size=8))
    rows = data.draw(st.lists(st.lists(CELLS, min_size=0, max_size=8), max_size=5))
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    text = out.getvalue()
    if data.draw(st.integers(0, 3)) == 0:
        text += data.draw(st.sampled_from(['"unclosed', "\x00", "a,b\r\n\r\n", "\ufeff"]))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "responses.csv"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        status, stdout, stderr = run_cli("score", str(IPT), str(path))
        event("scored" if status == 0 else "refused")
        assert not any(c in stdout + stderr for c in "\x1b\x07\x00\x9b"), "a control character reached the terminal"
        if status != 0:
            refused_plainly(status, stderr, str(path))


def _small_deck() -> bytes:
    import hostile_packages as make

    global _DECK
    if _DECK is None:
        _DECK = make.small_deck()
    return _DECK


_DECK: bytes | None = None
