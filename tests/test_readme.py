"""The README's example source is a valid talk: documentation that cannot drift from the schema."""

from __future__ import annotations

import re
from pathlib import Path

from render.source.load import parse

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_example_is_a_valid_source() -> None:
    example = re.search(r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert example is not None
    source = parse(example.group(1), "README.md")
    assert [s.layout for s in source.slides] == ["title", "content", "references"]
    assert source.quiz is not None and source.quiz.questions[1].option_texts == ["True", "False"]
