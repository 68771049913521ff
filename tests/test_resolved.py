"""Citation numbers and inline Markdown are resolved once a build (render/source/resolved.py), and every
planner and writer reads that: the numbers it is handed, never numbers of its own; each text parsed once;
no module besides the owner numbering or parsing. Expectations are written out by hand."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import render.source.resolved as owner
from render.deck.plan import plan_deck
from render.deck.template import read
from render.pdf.handout import handout_cover
from render.quiz.export import gift, moodle_xml
from render.quiz.forms import draw, draw_forms
from render.source import text
from render.source.load import parse
from render.source.model import markdown_texts
from render.source.resolved import Texts, resolve
from render.source.text import Run

RENDER = Path(__file__).resolve().parent.parent / "render"

# The slides cite `later` then `early`; the quiz alone cites `quizonly` (and `early` again).
SOURCE = """talk:
  title: T
  subtitle: '*Grand* Rounds'
  presenter: {name: A. Presenter, credentials: MD, affiliation: Example Center}
  event: Rounds
  date: March 4, 2026
  objectives:
    - {id: know, text: 'Know the claim [@later]', slides: [s1]}
slides:
  - {id: s1, title: 'One [@later]', bullets: ['see [@early]', 'and **bold** [@later]'], notes: ['Say [@early].']}
  - {id: s2, title: Two, bullets: [plain]}
references:
  - {id: early, type: web, title: Early}
  - {id: quizonly, type: web, title: Only the quiz cites me}
  - {id: later, type: web, title: Later}
  - {id: unused, type: web, title: Nobody cites me}
quiz:
  title: Q
  questions:
    - id: q1
      stem: 'Which [@quizonly] [@early]?'
      options: [a, 'b [@quizonly]', c]
      answer: A
      rationale: 'So [@quizonly].'
    - {id: q2, type: true-false, stem: 'True?', answer: A}
"""


@pytest.fixture(scope="module")
def source():  # type: ignore[no-untyped-def]
    return parse(SOURCE, "t.yaml")


def sup(runs: tuple[Run, ...]) -> list[str]:
    return [r.text for r in runs if r.superscript]


def test_numbers_follow_first_citation_the_slides_before_the_quiz(source) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve(source)
    # The objective (after the title slide) and slide s1 cite later, then early; the quiz then quizonly;
    # unused last, in source order.
    assert resolved.numbers == {"later": 1, "early": 2, "quizonly": 3, "unused": 4}
    assert sup(resolved.runs("Know the claim [@later]")) == ["1"]


def test_the_quiz_only_key_is_numbered_after_the_slides_in_the_key_and_the_exports(source) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve(source)
    key = draw(source, source.quiz, resolved).key[0]
    assert sup(key.stem) == ["3", "2"]
    assert [sup(runs) for _, runs in key.options] == [[], ["3"], []]
    assert sup(key.rationale) == ["3"]
    assert "Which<sup>3</sup><sup>2</sup>?" in gift(resolved, source.quiz).decode()
    assert "<text>So&lt;sup&gt;3&lt;/sup&gt;.</text>" in moodle_xml(source, source.quiz, resolved).decode()


def test_planners_print_the_numbers_they_are_handed(source) -> None:  # type: ignore[no-untyped-def]
    """Numbering is not decided again downstream: hand the planners other numbers and they print those."""
    made_up = {"later": 7, "early": 8, "quizonly": 9, "unused": 10}
    parsed = {t: tuple(text.runs(t, made_up)) for _, t in markdown_texts(source)}
    handed = Texts(made_up, parsed)
    plans = plan_deck(source, read(), [], handed)
    assert sup(plans[0].title) == ["7"]
    assert [sup(p.runs) for p in plans[0].texts[0].paras] == [["8"], ["7"]]
    assert sup(plans[0].notes[0]) == ["8"]
    (form,) = draw_forms(source, source.quiz, handed)
    assert sup(form.key[0].stem) == ["9", "8"]


def test_each_markdown_text_is_parsed_once_and_only_by_resolve(source, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    parsed: list[str] = []
    real = text.runs
    monkeypatch.setattr(owner, "runs", lambda t, numbers: parsed.append(t) or real(t, numbers))
    resolved = resolve(source)
    distinct = {t for _, t in markdown_texts(source)}
    assert sorted(parsed) == sorted(distinct)  # each distinct text once ("later" bullets and title differ)

    def refuse(t: str, numbers: object) -> list[Run]:
        raise AssertionError(f"parsed again after resolving: {t!r}")

    monkeypatch.setattr(owner, "runs", refuse)
    monkeypatch.setattr(text, "runs", refuse)
    plan_deck(source, read(), [], resolved)
    for form in draw_forms(source, source.quiz, resolved):
        assert form.key
    gift(resolved, source.quiz)
    moodle_xml(source, source.quiz, resolved)


def test_a_text_the_source_does_not_hold_is_refused(source) -> None:  # type: ignore[no-untyped-def]
    # A writer asking for an unchecked text is a bug in the list of Markdown texts, not a text to parse.
    with pytest.raises(KeyError):
        resolve(source).runs("never in the source [@early]")
    assert resolve(source).runs(None) == () and resolve(source).runs("") == ()


def test_the_handout_cover_reads_the_fields_as_the_title_slide_does(source) -> None:  # type: ignore[no-untyped-def]
    resolved = resolve(source)
    cover = handout_cover(source, resolved, [])
    assert cover.subtitle == (Run("Grand", italic=True), Run(" Rounds"))
    assert cover.presenter == (Run("A. Presenter, MD"),)
    assert cover.event == (Run("Rounds · March 4, 2026"),)
    assert [(sup(o.text), o.slides) for o in cover.objectives] == [(["1"], ())]
    assert cover.title == "T"


def _calls_outside_the_owner() -> list[str]:
    """Every module under render/ that imports or calls the numbering or the parser, but the owner's."""
    found = []
    for path in sorted(RENDER.rglob("*.py")):
        if path.name == "resolved.py" and path.parent.name == "source":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(RENDER.parent)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in ("render.source.text", "render.source.resolved"):
                for alias in node.names:
                    if alias.name in ("runs", "numbering"):
                        found.append(f"{where}:{node.lineno} imports {alias.name}")
            elif isinstance(node, ast.FunctionDef) and node.name == "numbering":
                found.append(f"{where}:{node.lineno} defines numbering")
            elif isinstance(node, ast.Attribute) and node.attr in ("numbering", "runs"):
                # `text.runs(...)` or `cite.numbering(...)` on the module; a Texts object's .runs is the owner's.
                if isinstance(node.value, ast.Name) and node.value.id in ("text", "cite"):
                    found.append(f"{where}:{node.lineno} calls {node.value.id}.{node.attr}")
            elif isinstance(node, ast.Import):
                found += [
                    f"{where}:{node.lineno} imports {a.name}" for a in node.names if a.name == "render.source.text"
                ]
    return found


def test_no_module_but_the_owner_numbers_or_parses() -> None:
    assert _calls_outside_the_owner() == []


def test_the_reader_of_calls_finds_a_second_numbering(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The check above can fail: a module that parses a text itself is named."""
    fake = tmp_path / "render"
    (fake / "quiz").mkdir(parents=True)
    (fake / "quiz" / "again.py").write_text(
        "from render.source.text import runs\n\ndef f(t, n):\n    return runs(t, n)\n", encoding="utf-8"
    )
    monkeypatch.setattr(sys.modules[__name__], "RENDER", fake)
    assert _calls_outside_the_owner() == ["render/quiz/again.py:1 imports runs"]


CME = """cme:
  provider: Example Medical Center
  accreditation: accme
  credits: 0.25
  activity: live activity
  duration: 15
  disclosures:
    - {name: A. Presenter, role: faculty, relationships: []}
"""


def test_a_citation_in_an_objective_is_numbered_on_the_cme_objectives_slide() -> None:
    # It used to be parsed with no numbers at all: a KeyError for any citation, valid or not.
    source = parse(SOURCE + CME, "t.yaml")
    plans = plan_deck(source, read(), [], resolve(source))
    (objectives,) = [p for p in plans if "".join(r.text for r in p.title) == "Learning objectives"]
    said = [("".join(r.text for r in p.runs), sup(p.runs)) for p in objectives.texts[0].paras]
    assert said[1:] == [("Know the claim1", ["1"])]
