"""Inline Markdown and citations become the same runs for every writer; markup never passes through."""

from __future__ import annotations

from render.source.text import Run, citation_keys, runs, runs_html


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


def test_code_superscript_subscript_and_line_breaks() -> None:
    assert runs("H~2~O, m^2^ and `a *b*`  \nnext\\\nlast", {}) == [
        Run("H"),
        Run("2", sub=True),
        Run("O, m"),
        Run("2", sup=True),
        Run(" and "),
        Run("a *b*", code=True),
        Run("\u2028next\u2028last"),
    ]


def test_a_single_newline_is_a_space_and_an_author_superscript_is_no_citation() -> None:
    assert runs("one\ntwo x^2^ [@k]", {"k": 3}) == [
        Run("one two x"),
        Run("2", sup=True),
        Run("3", superscript=True),
    ]


def test_every_inline_style_becomes_its_html_element() -> None:
    html = runs_html(runs("**b** *i* `c<d>` x^2^ H~2~O [l](https://e.org) a  \nb", {}))
    assert html == (
        "<strong>b</strong> <em>i</em> <code>c&lt;d&gt;</code> x<sup>2</sup> H<sub>2</sub>O "
        '<a href="https://e.org">l</a> a<br>b'
    )


def test_a_tilde_opens_a_subscript_only_right_after_a_character() -> None:
    # "about 5 to about 10 mg", as typed; H~2~O and CO~2~ stay subscripts; code spans are untouched.
    assert [(r.text, r.sub) for r in runs("~5-~10 mg", {})] == [("~5-~10 mg", False)]
    assert [(r.text, r.sub) for r in runs("H~2~O at ~40 mmHg", {})] == [
        ("H", False),
        ("2", True),
        ("O at ~40 mmHg", False),
    ]
    assert [(r.text, r.sub) for r in runs("x~a b~y", {})] == [("x~a b~y", False)]  # a space: no subscript
    assert [(r.text, r.code) for r in runs("`~x~` ok", {})] == [("~x~", True), (" ok", False)]
