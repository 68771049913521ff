"""Citations are checked, loaded and numbered wherever Markdown is read: slides, the title slide's talk
fields and the quiz. Numbers follow the first citation, the quiz's after the slides' (hand-written
expectations below)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import podium

from render.errors import SourceError
from render.source.load import load, parse
from render.source.resolved import numbering

REFS = """references:
  - {id: early, type: web, title: Early}
  - {id: later, type: web, title: Later}
"""


def talk(slides: str, quiz: str = "", extra: str = REFS) -> str:
    return f"talk: {{title: T}}\nslides:\n{slides}{extra}{quiz}"


SLIDE = "  - {id: s1, title: One, bullets: ['see [@later]']}\n"


@pytest.mark.parametrize(
    ("field", "slides", "quiz", "line"),
    [
        (
            "quiz.questions[0].stem",
            SLIDE,
            "quiz:\n  title: Q\n  questions:\n    - id: q1\n"
            "      stem: 'Why [@nobody]?'\n      options: [a, b, c]\n      answer: A\n",
            11,
        ),
        (
            "quiz.questions[0].options[1]",
            SLIDE,
            "quiz:\n  title: Q\n  questions:\n    - id: q1\n"
            "      stem: 'Why?'\n      options:\n        - a\n        - 'b [@nobody]'\n        - c\n      answer: A\n",
            14,
        ),
        (
            "quiz.questions[0].rationale",
            SLIDE,
            "quiz:\n  title: Q\n  questions:\n    - id: q1\n"
            "      stem: 'Why?'\n      options: [a, b, c]\n      answer: A\n      rationale: 'So [@nobody].'\n",
            14,
        ),
        ("slides[0].subtitle", "  - {id: s1, layout: section, title: One, subtitle: 'x [@nobody]'}\n", "", 3),
        (
            "slides[0].quote.attribution",
            "  - id: s1\n    title: One\n    quote: {text: Q, attribution: 'A [@nobody]'}\n",
            "",
            5,
        ),
    ],
)
def test_an_unknown_citation_anywhere_markdown_is_read_is_an_error_at_its_line(
    field: str, slides: str, quiz: str, line: int
) -> None:
    with pytest.raises(SourceError) as caught:
        parse(talk(slides, quiz), "t.yaml")
    found = [p for p in caught.value.problems if "nobody" in p.message]
    assert [str(p).split(": ", 2)[1] for p in found] == [field]
    assert found[0].line == line, str(found[0])


def test_a_key_cited_only_in_the_quiz_is_loaded_from_the_bibliography_and_numbered_after_the_slides(
    tmp_path: Path,
) -> None:
    (tmp_path / "refs.bib").write_text(
        "@misc{fromquiz, title = {Only the quiz cites me}, year = {2020}}\n"
        "@misc{unused, title = {Nobody cites me}, year = {2021}}\n",
        encoding="utf-8",
    )
    quiz = (
        "quiz:\n  title: Q\n  questions:\n    - id: q1\n      stem: 'Which [@fromquiz] [@early]?'\n"
        "      options: [a, b, c]\n      answer: A\n"
    )
    source = tmp_path / "t.yaml"
    source.write_text(talk(SLIDE, quiz) + "bibliography: refs.bib\n", encoding="utf-8")
    loaded = load(source)
    assert [r.id for r in loaded.references] == ["early", "later", "fromquiz"]
    # The slide cites `later` first; the quiz then cites `fromquiz` and `early`; `early` is otherwise uncited.
    assert numbering(loaded) == {"later": 1, "fromquiz": 2, "early": 3}


def test_the_command_line_reports_a_quiz_citation_without_a_traceback(tmp_path: Path) -> None:
    source = tmp_path / "t.yaml"
    quiz = "quiz:\n  title: Q\n  questions:\n    - id: q1\n      stem: 'Why [@nobody]?'\n      options: [a, b, c]\n"
    source.write_text(talk(SLIDE, quiz + "      answer: A\n"), encoding="utf-8")
    result = podium("build", source, "--out", tmp_path / "out")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{source}:11:7:" in result.stderr and "there is no reference with id 'nobody'" in result.stderr
    assert not (tmp_path / "out").exists()
