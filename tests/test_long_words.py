"""One unbroken word of any length lays out in time linear in its length: overlong words reach
WeasyPrint cut into pieces with break opportunities (render.pdf.longwords), text unchanged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from render.pdf import longwords


def test_ordinary_html_is_left_byte_for_byte() -> None:
    html = "<html><head><style>p{}</style></head><body><p>Short words, a https://doi.org/10.1000/182 link</p></body>"
    assert longwords.cut(html) == html


def test_an_overlong_word_is_cut_with_entities_kept_whole() -> None:
    word = "x" * 150 + "&amp;" + "y" * 300 + "&#37;" + "z" * 99
    html = f'<html><head><title>{"t" * 999}</title></head><body><p class="a">{word} end</p></body>'
    out = longwords.cut(html)
    assert out.startswith(f"<html><head><title>{'t' * 999}</title></head>")  # the head is not body text
    pieces = re.search(r'<p class="a">(.*) end</p>', out)[1].split("<wbr>")  # type: ignore[index]
    assert "".join(pieces) == word
    assert [len(re.findall(r"&#?\w+;|.", p)) for p in pieces] == [200, 200, 151]
    assert all(not re.search(r"&#?\w*$", p) for p in pieces)  # no entity cut in two


def _pango_characters(html: str) -> int:
    """How many characters WeasyPrint hands to Pango to lay out `html`: its work, free of the machine's load."""
    from weasyprint.text import line_break

    from render.pdf.writer import Metadata, write_pdf

    counted = [0]
    real = line_break.Layout.set_text

    def counting(self: object, text: str, justify: bool = False) -> None:
        counted[0] += len(text)
        real(self, text, justify)

    line_break.Layout.set_text = counting  # type: ignore[method-assign]
    try:
        write_pdf(html, [], Metadata("t", None, None, "2024-01-01T00:00:00Z", "en-US"))
    finally:
        line_break.Layout.set_text = real  # type: ignore[method-assign]
    return counted[0]


@pytest.mark.slow
def test_laying_out_an_unbroken_word_is_linear_in_its_length(tmp_path: Path) -> None:
    page = '<html><head><link rel="stylesheet" href="base.css"></head><body><ol><li>{}</li></ol></body></html>'
    small, large = (_pango_characters(page.format("a" * n)) for n in (3_000, 12_000))
    # Four times the word: linear work is four times as much; the uncut word took about sixteen.
    assert large < 5 * small, (small, large)
