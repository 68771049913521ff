"""A source from someone else: its markup stays text, and the PDF renderer reaches nothing it should not."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from conftest import podium
from helpers import pdf_pages, squash
from pptx import Presentation

from render.pdf.writer import Metadata, RenderError, write_pdf

# Markup that would do something if any writer let it through as HTML or XML.
P = "<b>x</b><script>alert(1)</script>&amp;"

HOSTILE = f"""\
talk:
  title: "{P} title"
  subtitle: "{P} subtitle"
  presenter: {{name: "{P} name", credentials: "{P}", affiliation: "{P} place"}}
  event: "{P} event"
  date: "{P} date"
  objectives:
    - {{id: o1, text: "{P} objective", slides: [s1]}}
  disclosures: ["{P} disclosure"]
slides:
  - id: t
    layout: title
    title: "{P} title slide"
  - id: s1
    title: "{P} slide"
    bullets:
      - text: "{P} bullet [@r1]"
        sub: ["{P} sub"]
    quote: {{text: "{P} quote", attribution: "{P} author"}}
    notes: "{P} notes"
  - id: refs
    layout: references
    title: References
references:
  - id: r1
    type: article
    authors: [{{family: "{P} family", given: G}}]
    title: "{P} reference"
    container: "{P} journal"
    year: 2012
    annotation: "{P} annotation"
resources:
  - {{title: "{P} resource", url: "https://example.org/?a=<b>&c=\\"d\\""}}
quiz:
  title: "{P} quiz"
  instructions: "{P} instructions"
  questions:
    - id: q1
      stem: "{P} stem"
      options: ["{P} option", "plain option"]
      answer: A
      rationale: "{P} rationale"
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "talk.yaml").write_text(HOSTILE, encoding="utf-8")
    result = podium("build", folder / "talk.yaml", "--out", folder / "out")
    assert result.returncode == 0, result.stderr
    return folder / "out"


def test_markup_is_literal_text_on_the_slides_and_in_the_notes(hostile: Path) -> None:
    deck = Presentation(str(hostile / "talk-deck.pptx"))
    texts = []
    for slide in deck.slides:
        texts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    text = "\n".join(texts)
    for where in ("title slide", "slide", "bullet", "sub", "quote", "author", "notes", "subtitle", "event"):
        assert f"{P} {where}" in text, where
    assert deck.core_properties.title == f"{P} title"


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("talk-handout.pdf", ["title", "objective", "disclosure", "slide", "bullet", "sub", "notes", "reference"]),
        ("talk-quiz.pdf", ["quiz", "instructions", "stem", "option"]),
        ("talk-answer-key.pdf", ["quiz", "stem", "option", "rationale"]),
    ],
)
def test_markup_is_literal_text_in_every_pdf(hostile: Path, name: str, fields: list[str]) -> None:
    text = squash("".join(pdf_pages(hostile / name)))
    for field in fields:
        assert squash(f"{P} {field}") in text, field


def test_the_renderer_reaches_no_network_and_no_file_outside(tmp_path: Path) -> None:
    # A listening socket stands for the network: a fetch would connect to it.
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    talk = tmp_path / "talk"
    talk.mkdir()
    (tmp_path / "secret.css").write_text("body { color: red }", encoding="utf-8")
    meta = Metadata(title="t", author=None, subject=None, date="2020-01-01T00:00:00Z", language="en-US")
    attempts = {
        "network image": f'<img src="http://127.0.0.1:{port}/x.png">',
        "network style": f'<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">',
        "a file outside": f'<link rel="stylesheet" href="{(tmp_path / "secret.css").as_uri()}">',
        "a share": '<img src="file://fileserver/share/x.png">',
        "a climb out of templates": '<link rel="stylesheet" href="../../../../../../etc/hostname">',
        "a css import": f"<style>@import url(http://127.0.0.1:{port}/y.css);</style>",
    }
    for what, html in attempts.items():
        with pytest.raises(RenderError, match="refused"):
            write_pdf(f"<p>{what}</p>{html}", [talk], meta)
    with pytest.raises(TimeoutError):
        server.accept()  # nobody connected
    server.close()


def test_the_talks_own_files_are_served(tmp_path: Path) -> None:
    (tmp_path / "own.css").write_text("p { color: rgb(1, 2, 3) }", encoding="utf-8")
    meta = Metadata(title="t", author=None, subject=None, date="2020-01-01T00:00:00Z", language="en-US")
    html = f'<link rel="stylesheet" href="{(tmp_path / "own.css").as_uri()}"><p>fine</p>'
    assert write_pdf(html, [tmp_path], meta).startswith(b"%PDF")
