"""Reading YAML in C (libyaml's parser under ruamel's composer) gives exactly what ruamel's own parser gives.

The other reader is the independent one here: every source and test input in the repository, and
seeded mutations of each (the characters and tokens YAML treats specially inserted, deleted or
replaced), read both ways. Where the fast reader takes a text, its fields and every key's line and
column are those of ruamel's pure parser; where the pure parser refuses a text, the fast one must not
take it either (the author then gets the pure parser's message). The YAML test suite's 406 cases
(tests/fixtures/yaml-test-suite, MIT) are read too: each gives a tree or a message, never a traceback;
where both readers take a case they agree, and where only libyaml does, the suite calls it valid and
libyaml gives the suite's own expected value.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from render.errors import SourceError
from render.source import load

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "tests" / "fixtures" / "yaml-test-suite"
INPUTS = sorted({*ROOT.glob("source/**/*.yaml"), *ROOT.glob("tests/**/*.yaml")} - {*SUITE.glob("*.yaml")})
INVALID = set((SUITE / "INVALID.txt").read_text(encoding="utf-8").split())
# What YAML reads as structure, and the characters where libyaml and ruamel are known to part.
TOKENS = [*":-[]{}#&*!|>'\"%@`, \n\t\\?~", "&a ", "*a", "<<: ", "? ", "\n---\n", "\n...\n", "\\u00e9", '"\\n"',
          "0o17", "1_000", "2024-01-01", ".inf", "null", "yes", "0x1F", "{a: 1}", "- ", "  ", "é", "\u2028",
          "\x85", "\ufeff", "a", "1", "."]  # fmt: skip


def _mutations(text: str, seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        chars = list(text)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(chars) + 1)
            roll = rng.random()
            if roll < 0.4 or not chars:
                chars.insert(at, rng.choice(TOKENS))
            elif roll < 0.7:
                del chars[min(at, len(chars) - 1)]
            else:
                chars[min(at, len(chars) - 1)] = rng.choice(TOKENS)
        out.append("".join(chars))
    return out


def _read(tree: Any) -> tuple[Any, dict[Any, tuple[int, int]]]:
    positions: dict[Any, tuple[int, int]] = {}
    return load._plain(tree, (), positions), positions


def _both(text: str) -> tuple[Any, Any]:
    fast = load._fast_tree(text)
    try:
        pure: Any = load._pure_tree(text, "talk.yaml")
    except SourceError:
        pure = SourceError
    return fast, pure


def test_the_repositorys_sources_are_read_in_c() -> None:
    # Without the C parser every talk is still read, only slower: the comparison below would prove nothing.
    assert load.CParser is not None, "ruamel.yaml.clib is not installed"
    readable = [p for p in INPUTS if _both(p.read_text(encoding="utf-8"))[1] is not SourceError]
    passed_over = [p for p in readable if load._fast_tree(p.read_text(encoding="utf-8")) is load._UNREAD]
    assert len(readable) > 40 and not passed_over, passed_over


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_both_readers_agree_on_the_file_and_its_mutations(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    # As Windows editors save it, and with letters outside the BMP and of other scripts (columns count them).
    written = [text.replace("\n", "\r\n"), text.replace(": ", ": 😀🧠 é 中文 ", 3)]
    for n, variant in enumerate([text, *written, *_mutations(text, seed=len(text), count=25)]):
        fast, pure = _both(variant)
        if fast is load._UNREAD:
            continue
        assert pure is not SourceError, f"variant {n}: libyaml took what ruamel refuses:\n{variant}"
        assert _read(fast) == _read(pure), f"variant {n} read differently:\n{variant}"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("talk: &t {title: A}\nslides: *t\n", 1, "anchors and aliases"),
        ("talk:\n  title: A\nslides:\n  - id: a\n    title: B\n    title: C\n", 6, "duplicate"),
        ("talk: {title: A}\nslides: [\n", 3, "not valid YAML"),
        ("a:" + " [" * 40 + "\n", 1, "nested more than"),
    ],
)
def test_what_libyaml_refuses_is_said_in_ruamels_words(text: str, line: int, words: str) -> None:
    assert load._fast_tree(text) is load._UNREAD
    with pytest.raises(SourceError) as caught:
        load.parse(text, "talk.yaml")
    problem = caught.value.problems[0]
    assert problem.line == line and words in problem.message, problem


def _plain_json(value: Any) -> Any:
    # The suite writes its expected values as JSON: keys are texts, and a date is not a JSON value.
    if isinstance(value, dict):
        return {str(k): _plain_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_json(v) for v in value]
    return value


def test_the_yaml_test_suite_is_read_without_a_traceback_and_as_the_suite_says() -> None:
    cases = sorted(SUITE.glob("*.yaml"))
    assert len(cases) == 406
    fast_only = []
    for case in cases:
        text = case.read_bytes().decode("utf-8")
        fast, pure = _both(text)
        try:  # the whole reading, as an author's file is read: a talk, or messages naming the file
            load.parse(text, case.name)
        except SourceError as exc:
            assert all(p.file == case.name and p.message for p in exc.problems)
        if fast is load._UNREAD:
            continue
        if pure is not SourceError:
            assert _read(fast) == _read(pure), case.name
            continue
        fast_only.append(case.stem)
        assert case.stem not in INVALID, f"{case.name}: libyaml took a text the suite calls invalid"
        expected = case.with_suffix(".json")
        if expected.exists():
            assert _plain_json(_read(fast)[0]) == json.loads(expected.read_text(encoding="utf-8")), case.name
    assert len(fast_only) <= 3, fast_only  # P94K: ruamel's round-trip reader fails on its comments
