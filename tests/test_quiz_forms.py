"""Shuffled forms, read back from the rendered sheets and keys and held against the seed's own key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import IPT, podium
from helpers import SEED, pdf_pages, squash
from test_quiz import seed_quiz


def seed_key() -> list[str]:
    """The post's answer key: 1. C; 2. B; ... -> ['C', 'B', ...]."""
    text = SEED.read_text(encoding="utf-8")
    line = text[text.index("IPT Quiz Answer Key:") :].splitlines()[2]
    return re.findall(r"\d\.\s*([A-E])", line)


def printed(sheet: str) -> list[tuple[int, dict[str, str]]]:
    """For each printed question, (seed question index, {letter on this form: seed option text})."""
    flat = squash(sheet)
    starts = sorted((flat.index(squash(stem)), i) for i, (stem, _) in enumerate(seed_quiz()))
    out = []
    for k, (start, i) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(flat)
        block = flat[start:end]
        letters = {}
        for option in seed_quiz()[i][1]:
            at = block.index(squash(option))
            assert block[at - 1] == ".", f"no letter before {option!r}"
            letters[block[at - 2]] = option
        out.append((i, letters))
    return out


def key_letters(key_pdf: Path) -> list[str]:
    first = pdf_pages(key_pdf)[0]
    line = re.search(r"^1 [A-E].*$", first, re.M)
    assert line is not None
    return re.findall(r"\d+ ([A-E])", line.group(0))


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("forms")
    result = podium("build", IPT, "--only", "quiz", "--forms", "3", "--seed", "11", "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def test_three_forms_make_three_sheets_and_three_keys(forms: Path) -> None:
    names = sorted(p.name for p in forms.iterdir() if not p.name.startswith("."))
    assert names == [f"ipt-{kind}-{f}.pdf" for kind in ("answer-key", "quiz") for f in "ABC"]


@pytest.mark.parametrize("letter", "ABC")
def test_every_forms_key_points_at_the_seeds_correct_option(forms: Path, letter: str) -> None:
    sheet = "".join(pdf_pages(forms / f"ipt-quiz-{letter}.pdf"))
    keys = key_letters(forms / f"ipt-answer-key-{letter}.pdf")
    seed = seed_quiz()
    layout = printed(sheet)
    assert sorted(i for i, _ in layout) == [0, 1, 2, 3, 4]
    for (i, letters), key in zip(layout, keys, strict=True):
        correct = seed[i][1]["ABCDE".index(seed_key()[i])]
        assert letters[key] == correct, f"form {letter}: question {seed[i][0]!r} keyed {key}"
    # The key PDF marks the same option text as correct.
    key_text = squash("".join(pdf_pages(forms / f"ipt-answer-key-{letter}.pdf")))
    for i, letters in layout:
        correct = seed[i][1]["ABCDE".index(seed_key()[i])]
        mark = next(k for k, v in letters.items() if v == correct)
        assert squash(f"{mark}. {correct} (correct)") in key_text


@pytest.mark.parametrize("letter", "ABC")
def test_pinned_options_keep_their_place_and_the_form_letter_is_on_every_page(forms: Path, letter: str) -> None:
    layout = dict(printed("".join(pdf_pages(forms / f"ipt-quiz-{letter}.pdf"))))
    assert layout[2]["D"] == "All of the above"
    assert layout[1] == {"A": "True", "B": "False"}
    assert layout[4] == {"A": "True", "B": "False"}
    for name in (f"ipt-quiz-{letter}.pdf", f"ipt-answer-key-{letter}.pdf"):
        for page in pdf_pages(forms / name):
            assert f"Form {letter}" in page


def test_the_forms_differ_from_each_other(forms: Path) -> None:
    layouts = [printed("".join(pdf_pages(forms / f"ipt-quiz-{f}.pdf"))) for f in "ABC"]
    assert len({repr(x) for x in layouts}) == 3


def test_the_same_seed_draws_the_same_forms_and_another_seed_others(tmp_path: Path) -> None:
    def build(seed: str, folder: str) -> dict[str, bytes]:
        out = tmp_path / folder
        result = podium("build", IPT, "--only", "quiz", "--forms", "2", "--seed", seed, "--out", out)
        assert result.returncode == 0, result.stderr
        return {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}

    first, again, other = build("4", "a"), build("4", "b"), build("5", "c")
    assert first == again
    assert first["ipt-quiz-A.pdf"] != other["ipt-quiz-A.pdf"]
    layouts = [printed("".join(pdf_pages(tmp_path / d / "ipt-quiz-A.pdf"))) for d in ("a", "c")]
    assert layouts[0] != layouts[1]


def test_forms_and_seed_in_the_source(talk_copy: Path) -> None:
    text = talk_copy.read_text(encoding="utf-8").replace(
        "  title: IPT Quiz\n", "  title: IPT Quiz\n  forms: 2\n  seed: 4\n"
    )
    talk_copy.write_text(text, encoding="utf-8")
    out = talk_copy.parent / "out"
    assert podium("build", talk_copy, "--only", "quiz", "--out", out).returncode == 0
    flags = talk_copy.parent / "flags"
    assert podium("build", IPT, "--only", "quiz", "--forms", "2", "--seed", "4", "--out", flags).returncode == 0
    for name in ("ipt-quiz-A.pdf", "ipt-quiz-B.pdf"):
        assert printed("".join(pdf_pages(out / name))) == printed("".join(pdf_pages(flags / name)))


@pytest.mark.parametrize("letter", "ABC")
def test_the_sheet_carries_no_mark_of_the_answer(forms: Path, letter: str) -> None:
    text = "".join(pdf_pages(forms / f"ipt-quiz-{letter}.pdf")).lower()
    for leak in ("answer key", "correct", "rationale", "slide 9", "objective"):
        assert leak not in text
