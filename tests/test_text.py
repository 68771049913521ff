"""Inline Markdown and citations become the same runs for every writer; markup never passes through."""

from __future__ import annotations

from render.html import runs_html
from render.text import Run, citation_keys, runs


def test_emphasis_strong_and_links() -> None:
    assert runs("a *b* **c** [d](https://e.org)", {}) == [
        Run("a "),
        Run("b", italic=True),
        Run(" "),
        Run("c", bold=True),
        Run(" "),
        Run("d", href="https://e.org"),
    ]


def test_citations_become_superscript_numbers_hugging_the_word() -> None:
    assert runs("one study [@stuart_2012; @klerman].", {"stuart_2012": 2, "klerman": 1}) == [
        Run("one study"),
        Run("1,2", superscript=True),
        Run("."),
    ]
    assert citation_keys("x [@a] y [@b; @c]") == ["a", "b", "c"]


def test_html_and_script_stay_literal_text() -> None:
    html = runs_html(runs("<script>alert(1)</script> & <b>bold</b>", {}))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
