"""The command line's values over the source's, applied once and validated like the source's own."""

from __future__ import annotations

import pytest
from conftest import IPT

from render.errors import SourceError
from render.source.load import load_located
from render.source.overrides import Overrides


def test_overrides_replace_only_what_they_name() -> None:
    located = load_located(IPT)
    changed = Overrides(handout={"style": "3-up"}, quiz={"forms": 2, "seed": 9}, with_quiz=True).apply(located)
    source = changed.source
    assert (source.handout.style, source.handout.paper) == ("3-up", located.source.handout.paper)
    assert source.quiz is not None and (source.quiz.forms, source.quiz.seed) == (2, 9)
    assert source.quiz.questions == located.source.quiz.questions  # type: ignore[union-attr]
    assert source.deck.quiz is True
    assert Overrides().apply(located) is located


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (Overrides(quiz={"forms": 27}), "--forms 27: expected a number at most 26, found '27'"),
        (Overrides(handout={"style": "9-up"}), "--style 9-up: '9-up' is not allowed here"),
    ],
)
def test_a_bad_value_on_the_command_line_names_the_option(overrides: Overrides, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        overrides.apply(load_located(IPT))
    assert message in str(caught.value)
