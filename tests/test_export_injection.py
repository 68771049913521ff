"""Hostile text in every quiz field reaches GIFT and Moodle XML as text, never as structure: read back by
readers podium did not write (pygiftparser for GIFT, lxml for Moodle XML), the questions, their keys and
their texts are the ones the source has."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from conftest import podium
from lxml import etree

# Each field carries GIFT's signs, line breaks that would start a new GIFT line, a weight, a comment,
# a category, and markup. The expected texts below are what a learner should see, written by hand.
TALK = r"""talk: {title: T}
slides:
  - id: a
    title: A
quiz:
  title: "Quiz\n::evil::Injected?{=yes~no}\n$CATEGORY: other/sub"
  questions:
    - id: q1
      stem: "Which one = ~ # { } : and // and\n::x::Q{T}\r\nmore %50% <b>bold</b> &amp; sign?"
      options: ["%50%Distractor", "=Looks right", "a ~ tilde {brace}", "#### feedback", "Line\nbreak ::n::{=a}"]
      answer: B
      rationale: "Because {\n// comment\n::x:: #100% <i>"
    - id: q2
      type: true-false
      stem: "True\n::t::{F}"
      answer: A
      rationale: "#### no {"
    - id: q3
      type: select-all
      stem: "Pick = all:"
      options: ["%100%one", "two}", "{three", "four#"]
      answer: [B, C]
    - id: q4
      type: short-answer
      stem: "Say {what}"
      model_answer: "}\n::q5::Stolen{=x}\n// not a comment"
"""
STEMS = [
    "Which one = ~ # { } : and // and ::x::Q{T} more %50% <b>bold</b> &amp; sign?",
    "True ::t::{F}",
    "Pick = all:",
    "Say {what}",
]
OPTIONS = [
    ["%50%Distractor", "=Looks right", "a ~ tilde {brace}", "#### feedback", "Line break ::n::{=a}"],
    ["%100%one", "two}", "{three", "four#"],
]
RATIONALE = "Because { // comment ::x:: #100% <i>"
MODEL = "} ::q5::Stolen{=x} // not a comment"


def seen(html: str) -> str:
    """What a learner sees of an HTML text: tags dropped, references resolved, spacing collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


def unescape_gift(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("export")
    source = folder / "hostile.yaml"
    source.write_text(TALK, encoding="utf-8")
    made = {}
    for kind in ("gift", "moodle-xml"):
        result = podium("export", source, "--format", kind, "--out", folder / "out")
        assert result.returncode == 0, result.stderr
        made[kind] = Path(result.stdout.split("wrote ", 1)[1].strip())
    return made


def test_gift_reads_back_four_questions_with_their_keys_and_texts(exported: dict[str, Path]) -> None:
    from pygiftparser import parser

    text = exported["gift"].read_text(encoding="utf-8")
    # Structure first, as any GIFT reader splits it: a question starts a line with '::', a comment with '//'.
    assert [line.split("::")[1] for line in text.splitlines() if line.startswith("::")] == ["q1", "q2", "q3", "q4"]
    # The comments are the file's heading and each question's `// [id:...]` line (which Moodle reads as its id).
    comments = [line for line in text.splitlines() if line.startswith("//")]
    assert comments[0] == text.splitlines()[0]
    assert all(re.fullmatch(r"// \[id:q\d\](?: \[tag:[^\]\n]+\])*", line) for line in comments[1:]), comments
    categories = [line for line in text.splitlines() if line.startswith("$CATEGORY:")]
    assert categories == ["$CATEGORY: Quiz ::evil::Injected?yesno $CATEGORY: other-sub"]
    # pygiftparser reads no general feedback on an essay (`{####…}`): the essay is checked above and in Moodle XML.
    result = parser.parse(text[: text.index("::q4::")])
    try:
        questions = list(result.questions)
        assert [q.name for q in questions] == ["q1", "q2", "q3"]
        assert [seen(q.text.removeprefix("[html]")) for q in questions] == STEMS[:3]
        q1, q2, q3 = questions
        assert [seen(unescape_gift(o.text)) for o in q1.answer.options] == OPTIONS[0]
        assert [o.percentage for o in q1.answer.options] == [0.0, 1.0, 0.0, 0.0, 0.0]  # "%50%" earns nothing
        assert seen(unescape_gift(q1.answer.options[-1].feedback.lstrip("#"))) == RATIONALE
        assert [(o.text, o.percentage) for o in q2.answer.options] == [("True", 1.0)]
        assert [seen(unescape_gift(o.text)) for o in q3.answer.options] == OPTIONS[1]
        assert [o.percentage for o in q3.answer.options] == [-0.5, 0.5, 0.5, -0.5]
    finally:
        result.questions = []  # the parser keeps its result in a module global


def test_moodle_xml_reads_back_four_questions_with_their_keys_and_texts(exported: dict[str, Path]) -> None:
    root = etree.parse(str(exported["moodle-xml"]), etree.XMLParser(resolve_entities=False, no_network=True))
    category = root.findtext("question[@type='category']/category/text")
    assert category == "$course$/top/Quiz ::evil::Injected?yesno $CATEGORY: other-sub"
    questions = root.findall("question")[1:]
    assert [q.findtext("idnumber") for q in questions] == ["q1", "q2", "q3", "q4"]
    assert [q.get("type") for q in questions] == ["multichoice", "truefalse", "multichoice", "essay"]
    assert [seen(q.findtext("questiontext/text")) for q in questions] == STEMS
    q1, q2, q3, q4 = questions
    assert [seen(a.findtext("text")) for a in q1.findall("answer")] == OPTIONS[0]
    assert [a.get("fraction") for a in q1.findall("answer")] == ["0", "100", "0", "0", "0"]
    assert seen(q1.findtext("generalfeedback/text")) == RATIONALE
    assert [a.findtext("text") for a in q2.findall("answer")] == ["true", "false"]
    assert [a.get("fraction") for a in q2.findall("answer")] == ["100", "0"]
    assert [seen(a.findtext("text")) for a in q3.findall("answer")] == OPTIONS[1]
    assert [a.get("fraction") for a in q3.findall("answer")] == ["-50", "50", "50", "-50"]
    assert seen(q4.findtext("graderinfo/text")) == MODEL
