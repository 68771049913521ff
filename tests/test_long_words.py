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


def test_an_overlong_word_gets_break_opportunities_with_entities_kept_whole() -> None:
    word = "x" * 995 + "&amp;" + "y" * 300 + "&#37;" + "z" * 5  # 1,302 characters, two of them entities
    html = f'<html><head><title>{"t" * 999}</title></head><body><p class="a">{word} end</p></body>'
    out = longwords.cut(html)
    assert out.startswith(f"<html><head><title>{'t' * 999}</title></head>")  # the head is not body text
    body = re.search(r'<p class="a">(.*) end</p>', out)[1]  # type: ignore[index]
    pieces = body.split("<wbr>")
    assert "".join(pieces).replace("\u200b", "") == word  # the text itself is unchanged
    # Pieces of 1,000 characters, a zero-width space after every 10: 100 steps, then 31 (the last of 2).
    steps = [piece.split("\u200b") for piece in pieces]
    assert [len(s) for s in steps] == [100, 31]
    assert [len(re.findall(r"&#?\w+;|.", step)) for step in steps[1]] == [10] * 30 + [2]
    assert steps[0][-1] == "xxxxx&amp;yyyy" and steps[1][-1] == "zz"  # no entity cut in two
    assert "t\u200b" not in out and "<p class" in out  # tags and the head untouched


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


# A small talk: one slide with notes, one question with a stem, options and a rationale. WORD marks the field.
_TALK = """talk:
  title: Long Words
slides:
  - id: s1
    title: One Slide
    bullets:
      - A short bullet
    notes: |
      {notes}
quiz:
  title: Long Words Quiz
  questions:
    - id: q1
      stem: {stem}
      options:
        - {option}
        - A short option
      answer: A
      rationale: {rationale}
"""
_SHORT = {"notes": "Short notes.", "stem": "Which is right?", "option": "A long option", "rationale": "Because."}


def _build_characters(tmp_path: Path, field: str, n: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """Characters handed to Pango by a whole build (deck, handout, slides PDF, sheet, key) of the
    talk with an unbroken word of `n` characters in `field`, laid out in this process."""
    from weasyprint.text import line_break

    from render import cli
    from render.build import parallel

    monkeypatch.setattr(parallel, "can_fork", lambda: False)  # every PDF laid out here, where it is counted
    source = tmp_path / f"{field}{n}.yaml"
    source.write_text(_TALK.format(**{**_SHORT, field: "a" * n}), encoding="utf-8")
    counted = [0]
    real = line_break.Layout.set_text

    def counting(self: object, text: str, justify: bool = False) -> None:
        counted[0] += len(text)
        real(self, text, justify)

    monkeypatch.setattr(line_break.Layout, "set_text", counting)
    assert cli.main(["build", str(source), "--out", str(tmp_path / f"out-{field}{n}")]) == 0
    return counted[0]


@pytest.mark.slow
@pytest.mark.parametrize("field", ["option", "stem", "rationale", "notes"])
def test_a_whole_build_with_an_unbroken_word_is_linear_in_its_length(
    tmp_path: Path, field: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    none, small, large = (_build_characters(tmp_path, field, n, monkeypatch) for n in (1, 3_000, 12_000))
    # What the word adds, for four times the word: linear is at most four times; the uncut word was about sixteen.
    assert small - none < large - none < 5 * (small - none), (none, small, large)


def test_the_break_opportunities_are_not_in_the_pdfs_text(tmp_path: Path) -> None:
    """Copying an overlong word from the PDF gives the word as written: poppler reads no zero-width space."""
    import subprocess

    from render.pdf.writer import Metadata, write_pdf

    word = "ab" * 600
    page = f'<html><head><link rel="stylesheet" href="base.css"></head><body><p>Before {word} after</p></body></html>'
    pdf = tmp_path / "word.pdf"
    pdf.write_bytes(write_pdf(page, [], Metadata("t", None, None, "2024-01-01T00:00:00Z", "en-US")))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "\u200b" not in text
    # The lines wrap inside the word and nothing is added to it (the page number follows in the footer).
    assert "".join(text.split()).startswith(f"Before{word}after")
    assert len(text.strip().splitlines()) > 3


def test_a_stem_without_a_question_sentence_is_printed_plain_not_in_bold() -> None:
    # The lead-in (the last sentence) is bold; a stem that is one long unbroken string has none.
    from render.quiz.forms import draw_forms
    from render.source.load import parse
    from render.source.resolved import resolve

    word = "x" * 400
    source = parse(
        "talk: {title: T}\nslides:\n  - {id: s, title: S, bullets: [b]}\nquiz:\n  title: Q\n  questions:\n"
        f"    - {{id: a, stem: {word}, options: [One, Two], answer: A}}\n"
        "    - {id: b, stem: 'A man of 40 has a cough. What is the next step?', options: [One, Two], answer: B}\n",
        "q.yaml",
    )
    assert source.quiz is not None
    long, short = draw_forms(source, source.quiz, resolve(source))[0].sheet
    assert long.lead == () and "".join(r.text for r in long.vignette) == word
    assert "".join(r.text for r in short.lead) == "What is the next step?"
