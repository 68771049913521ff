"""`podium watch`: rebuilds what a save changed, and keeps the last good outputs after a bad save."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import IPT, ROOT

from render.build.pipeline import Options
from render.build.watch import parts, rebuild
from render.source.load import load, load_located
from render.source.overrides import Overrides


def test_a_quiz_edit_touches_only_the_quiz_fingerprint(talk_copy: Path) -> None:
    before = parts(load(talk_copy))
    text = talk_copy.read_text(encoding="utf-8")
    talk_copy.write_text(text.replace("stem: IPT focuses on", "stem: IPT mainly focuses on"), encoding="utf-8")
    after = parts(load(talk_copy))
    assert [k for k in before if before[k] != after[k]] == ["quiz"]
    # With quiz slides in the deck, the same edit changes the deck too.
    on_deck = Overrides(with_quiz=True)
    assert (
        parts(on_deck.apply(load_located(talk_copy)).source)["deck"]
        != parts(on_deck.apply(load_located(IPT)).source)["deck"]
    )


def test_a_notes_edit_leaves_the_quiz_alone(talk_copy: Path) -> None:
    before = parts(load(talk_copy))
    text = talk_copy.read_text(encoding="utf-8")
    talk_copy.write_text(text.replace("This is a basic definition of IPT.", "This is the basic definition of IPT."))
    after = parts(load(talk_copy))
    assert sorted(k for k in before if before[k] != after[k]) == ["deck", "handout"]


def test_a_title_edit_rebuilds_the_quiz_only_when_a_question_names_that_slide(talk_copy: Path) -> None:
    # No question of the IPT quiz names the theory slide; q4 names "phases" (the key prints its title).
    text = talk_copy.read_text(encoding="utf-8")
    before = parts(load(talk_copy))
    talk_copy.write_text(text.replace("title: Theoretical Basis of IPT", "title: The Theory of IPT"), encoding="utf-8")
    unnamed = parts(load(talk_copy))
    assert sorted(k for k in before if before[k] != unnamed[k]) == ["deck", "handout"]
    talk_copy.write_text(text.replace("title: Three Phases of IPT", "title: The Three Phases of IPT"), encoding="utf-8")
    named = parts(load(talk_copy))
    assert sorted(k for k in before if before[k] != named[k]) == ["deck", "handout", "quiz"]


def test_a_slide_edit_that_renumbers_the_references_rebuilds_the_quiz(talk_copy: Path) -> None:
    # The quiz may cite a reference; its number is its first citation's place in the whole talk.
    text = talk_copy.read_text(encoding="utf-8")
    before = parts(load(talk_copy))
    first = "Developed by Klerman and Weissman (1984) [@klerman1984]"
    talk_copy.write_text(
        text.replace(first, "Developed by Klerman and Weissman (1984) [@stuart2006]"), encoding="utf-8"
    )
    after = parts(load(talk_copy))
    assert before["quiz"] != after["quiz"]


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_watch_rebuilds_the_quiz_alone_and_survives_a_bad_save(tmp_path: Path) -> None:
    source = tmp_path / "ipt.yaml"
    shutil.copy(IPT, source)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "render", "watch", str(source), "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        key, deck = out / "ipt-answer-key.pdf", out / "ipt-deck.pptx"
        assert wait_for(lambda: key.exists() and deck.exists()), "the first build did not finish"
        time.sleep(1.0)  # let the watcher settle on its first round
        deck_before, key_before = deck.stat().st_mtime_ns, key.stat().st_mtime_ns
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("answer: C", "answer: A", 1), encoding="utf-8")
        assert wait_for(lambda: key.stat().st_mtime_ns != key_before), "the key was not rebuilt"
        assert deck.stat().st_mtime_ns == deck_before  # the deck shows no quiz: left alone
        good_key = key.read_bytes()
        source.write_text("talk: [broken", encoding="utf-8")
        time.sleep(2.0)
        assert key.read_bytes() == good_key  # the last good outputs stay
    finally:
        proc.terminate()
        stdout, stderr = proc.communicate(timeout=30)
    assert "this is not valid YAML" in stderr
    assert "the last good outputs are kept" in stderr
    assert "wrote" in stdout and "Traceback" not in stderr


def test_a_slide_edit_publishes_the_deck_before_the_pdfs(
    talk_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    state = rebuild(talk_copy, out, Options(), Overrides(), None, False)
    assert state is not None
    deck, handout, key = out / "ipt-deck.pptx", out / "ipt-handout.pdf", out / "ipt-answer-key.pdf"
    before = {p: p.stat().st_mtime_ns for p in (deck, handout, key)}
    capsys.readouterr()
    text = talk_copy.read_text(encoding="utf-8")
    edited = text.replace("Dynamically informed,", "Psychodynamically informed,", 1)
    assert edited != text
    talk_copy.write_text(edited, encoding="utf-8")
    assert rebuild(talk_copy, out, Options(), Overrides(), state, False) is not None
    # The deck is on disk before the handout is laid out: the presenter can reopen it at once.
    assert before[deck] < deck.stat().st_mtime_ns < handout.stat().st_mtime_ns
    assert key.stat().st_mtime_ns == before[key]  # the quiz shows no bullets: left alone
    printed = capsys.readouterr().out
    assert printed.index("ipt-deck.pptx") < printed.index("1 file in") < printed.index("ipt-handout.pdf")


SMALL = """\
talk:
  title: Watch
slides:
  - id: one
    title: One
    bullets: ['A claim [@a]']
bibliography: talk/refs.json
quiz:
  title: Q
  questions:
    - id: q1
      stem: Which?
      options: [Yes, No]
      answer: A
"""
REFS = '[{"id": "a", "type": "book", "title": "A Book", "author": [{"family": "X"}], "issued": "2020"}]'


def test_watch_keeps_hearing_after_every_save_style(tmp_path: Path) -> None:
    """Saves as editors make them: in place, by renaming a new file over the source (twice: the watch
    must re-arm), by deleting and recreating it; an editor's backup file beside it changes nothing; a
    bad save of the reference file is survived, and the next good save rebuilds."""
    source = tmp_path / "talk.yaml"
    (tmp_path / "talk").mkdir()
    (tmp_path / "talk" / "refs.json").write_text(REFS, encoding="utf-8")
    source.write_text(SMALL, encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "render", "watch", str(source), "--out", str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    key = out / "talk-answer-key.pdf"
    answer = iter("BABAB")

    def in_place() -> None:
        source.write_text(SMALL.replace("answer: A", f"answer: {next(answer)}"), encoding="utf-8")

    def rename_over() -> None:
        temp = tmp_path / ".talk.yaml.new"
        temp.write_text(SMALL.replace("answer: A", f"answer: {next(answer)}"), encoding="utf-8")
        temp.replace(source)

    def delete_and_recreate() -> None:
        source.unlink()
        time.sleep(0.5)
        source.write_text(SMALL.replace("answer: A", f"answer: {next(answer)}"), encoding="utf-8")

    try:
        assert wait_for(lambda: key.exists()), "the first build did not finish"
        time.sleep(1.0)
        for save in (in_place, rename_over, rename_over, delete_and_recreate):
            before = key.stat().st_mtime_ns
            save()
            assert wait_for(lambda before=before: key.stat().st_mtime_ns != before), f"deaf after {save.__name__}"
            time.sleep(0.5)
        before = key.stat().st_mtime_ns
        (tmp_path / "talk.yaml~").write_text("an editor's backup", encoding="utf-8")
        (tmp_path / "other.yaml").write_text("another talk", encoding="utf-8")
        time.sleep(1.5)
        assert key.stat().st_mtime_ns == before  # neither is this talk's
        deck_before = (out / "talk-deck.pptx").stat().st_mtime_ns
        (tmp_path / "talk" / "refs.json").write_text('[{"id": "a", "issued": "', encoding="utf-8")  # a bad save
        time.sleep(2.0)
        (tmp_path / "talk" / "refs.json").write_text(REFS.replace("A Book", "Another Book"), encoding="utf-8")
        deck = out / "talk-deck.pptx"
        assert wait_for(lambda: deck.stat().st_mtime_ns != deck_before), "deaf after a bad save"
    finally:
        proc.terminate()
        try:
            _, stderr = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert "this is not valid JSON" in stderr and "Traceback" not in stderr, stderr


def test_a_round_plans_the_talk_once_for_the_deck_and_the_pdfs(
    talk_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # watch renders the deck first, then the PDFs, from one loaded source: the second stage reuses the plans.
    from render.build import pipeline
    from render.deck import plan as deck_plan

    planned: list[int] = []
    real = deck_plan.plan_deck
    monkeypatch.setattr(deck_plan, "plan_deck", lambda *a, **k: planned.append(1) or real(*a, **k))
    source = load(talk_copy)
    first = pipeline.render(source, talk_copy, tmp_path / "a", ("deck",))
    again = pipeline.render(source, talk_copy, tmp_path / "a", ("deck",))
    assert len(planned) == 1 and first == again
    pipeline.render(load(talk_copy), talk_copy, tmp_path / "a", ("deck",))  # the next round's source
    assert len(planned) == 2
