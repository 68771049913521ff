"""Publishing: all or nothing, old-or-new after a kill, and never over the presenter's own edits."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT
from pptx import Presentation
from pypdf import PdfReader

from render import cli
from render.pdf.writer import RenderError

# A small talk with a quiz, so that one build writes all four outputs quickly.
TALK = """\
talk:
  title: Sleep and Mood
slides:
  - id: intro
    title: Why Sleep Matters
    bullets: [Insomnia predicts depression]
quiz:
  title: Check
  questions:
    - id: q1
      stem: Insomnia predicts which?
      options: [Depression, Nothing]
      answer: A
"""
NAMES = ["talk-answer-key.pdf", "talk-deck.pptx", "talk-handout.pdf", "talk-quiz.pdf", "talk-slides.pdf"]


@pytest.fixture
def talk(tmp_path: Path) -> Path:
    source = tmp_path / "talk.yaml"
    source.write_text(TALK, encoding="utf-8")
    return source


def outputs(folder: Path) -> dict[str, bytes]:
    """The published outputs, without podium's own hidden bookkeeping."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".") and p.is_file()}


def build(source: Path, out: Path, *extra: str) -> int:
    return cli.main(["build", str(source), "--out", str(out), *extra])


def edit_title(source: Path, title: str) -> None:
    source.write_text(source.read_text(encoding="utf-8").replace("Sleep and Mood", title), encoding="utf-8")


def test_a_renderer_failing_after_another_finished_publishes_nothing(
    talk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert build(talk, out, "--only", "deck", "--only", "handout") == 0
    before = outputs(out)
    edit_title(talk, "Sleep and Mood, Revised")

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RenderError("the PDF renderer failed")

    # The deck renders first and succeeds; the handout's PDF then fails.
    monkeypatch.setattr("render.pdf.writer.write_pdf", broken)
    assert build(talk, out, "--only", "deck", "--only", "handout") == 2
    assert "the PDF renderer failed" in capsys.readouterr().err
    assert outputs(out) == before
    assert not list(out.glob(".*.tmp"))


def test_an_edited_deck_is_not_overwritten(talk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert build(talk, out, "--only", "deck", "--only", "quiz") == 0
    # The presenter fixes a slide in PowerPoint and saves.
    deck = Presentation(str(out / "talk-deck.pptx"))
    deck.slides[0].shapes.title.text_frame.text = "Why Sleep Matters So Much"
    deck.save(str(out / "talk-deck.pptx"))
    before = outputs(out)
    edit_title(talk, "Sleep, Mood and More")
    capsys.readouterr()

    assert build(talk, out, "--only", "deck", "--only", "quiz") == 2
    err = capsys.readouterr().err
    assert f"{out / 'talk-deck.pptx'} was changed after podium wrote it; your changes there would be lost." in err
    assert "Nothing was written" in err and "--force" in err
    assert "Traceback" not in err
    assert outputs(out) == before, "a refused build changed an output"


def test_force_keeps_the_edited_file_as_a_dated_backup(
    talk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert build(talk, out, "--only", "deck") == 0
    deck_path = out / "talk-deck.pptx"
    deck = Presentation(str(deck_path))
    deck.slides[0].shapes.title.text_frame.text = "Edited in PowerPoint"
    deck.save(str(deck_path))
    edited = deck_path.read_bytes()
    os.utime(deck_path, (1_700_000_000, 1_700_000_000))
    edit_title(talk, "Sleep, Mood and More")
    capsys.readouterr()

    assert build(talk, out, "--only", "deck", "--force") == 0
    printed = capsys.readouterr().out
    backups = list(out.glob("talk-deck.edited-*.pptx"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == edited
    # Named after the edit's own time (local time, as the presenter's clock shows it).
    assert backups[0].name.startswith("talk-deck.edited-2023111")
    assert f"kept your edited talk-deck.pptx as {backups[0]}" in printed
    assert Presentation(str(deck_path)).core_properties.title == "Sleep, Mood and More"
    # What podium just wrote is its own again: the next build goes through without --force.
    assert build(talk, out, "--only", "deck") == 0


def test_a_file_podium_never_wrote_is_not_overwritten(
    talk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "talk-handout.pdf").write_bytes(b"%PDF-1.4 a colleague's handout")
    assert build(talk, out, "--only", "deck", "--only", "handout") == 2
    assert f"{out / 'talk-handout.pdf'} was not written by podium" in capsys.readouterr().err
    assert outputs(out) == {"talk-handout.pdf": b"%PDF-1.4 a colleague's handout"}


def test_a_deck_held_open_gets_close_it_and_build_again(
    talk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert build(talk, out, "--only", "deck") == 0
    real_replace = os.replace

    def windows_replace(src: str | Path, dst: str | Path) -> None:
        # What Windows does while PowerPoint has the deck open.
        if Path(dst).name == "talk-deck.pptx":
            raise PermissionError(13, "The process cannot access the file because it is being used")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", windows_replace)
    edit_title(talk, "Sleep, Mood and More")
    assert build(talk, out, "--only", "deck") == 2
    err = capsys.readouterr().err
    assert "close talk-deck.pptx and build again" in err
    assert "Traceback" not in err
    assert not list(out.glob(".*.tmp"))
    # Whatever was renamed before the refusal stays recognised: after closing the deck, a build goes through.
    monkeypatch.setattr(os, "replace", real_replace)
    assert build(talk, out, "--only", "deck") == 0


KILLER = """
import os, signal, sys
from pathlib import Path
real = os.replace
renamed = []
def replace(src, dst):
    real(src, dst)
    if not Path(dst).name.startswith("."):
        renamed.append(dst)
        if len(renamed) == int(sys.argv[1]):
            os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
from render.cli import main
main(["build", sys.argv[2], "--out", sys.argv[3]])
"""


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Yesterday's outputs, today's source and the outputs it gives: built once for the kill tests."""
    base = tmp_path_factory.mktemp("versions")
    (base / "old").mkdir()
    (base / "new").mkdir()
    (base / "old" / "talk.yaml").write_text(TALK, encoding="utf-8")
    (base / "new" / "talk.yaml").write_text(TALK.replace("Sleep and Mood", "Sleep, Mood and More"), encoding="utf-8")
    assert build(base / "old" / "talk.yaml", base / "old-out") == 0
    assert build(base / "new" / "talk.yaml", base / "new-out") == 0
    return base / "old-out", base / "new" / "talk.yaml", base / "new-out"


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="needs SIGKILL (POSIX)")
@pytest.mark.parametrize("after", [1, 3])
def test_a_kill_between_two_renames_leaves_each_output_old_or_new(
    versions: tuple[Path, Path, Path], tmp_path: Path, after: int
) -> None:
    old_dir, talk, new_dir = versions
    out = tmp_path / "out"
    shutil.copytree(old_dir, out)
    old, new = outputs(old_dir), outputs(new_dir)
    assert sorted(old) == NAMES and all(old[n] != new[n] for n in NAMES)

    killed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(KILLER), str(after), str(talk), str(out)],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -9, killed.stderr
    now = outputs(out)
    assert sorted(now) == NAMES
    states = ["new" if now[n] == new[n] else "old" if now[n] == old[n] else "partial" for n in NAMES]
    assert "partial" not in states
    assert states.count("new") == after

    # The next build recognises every file as its own, finishes the job and clears the leftovers.
    assert build(talk, out) == 0
    assert outputs(out) == new
    assert not list(out.glob(".*.tmp"))


def test_concurrent_builds_into_one_folder_keep_one_true_record(talk: Path, tmp_path: Path) -> None:
    # `make -j` builds the deck, the handout and the quiz of a talk at the same time.
    out = tmp_path / "out"
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "render", "build", str(talk), "--only", kind, "--out", str(out)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for kind in ("deck", "handout")
    ]
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read() if run.stderr else ""
    record = json.loads((out / ".podium-manifest.json").read_text(encoding="utf-8"))["outputs"]
    assert sorted(record) == ["talk-deck.pptx", "talk-handout.pdf", "talk-slides.pdf"]
    for name in record:
        assert record[name] == [hashlib.sha256((out / name).read_bytes()).hexdigest()]
    # Each file is read as its reader would, and the record lets the next build replace them all.
    assert len(PdfReader(str(out / "talk-handout.pdf")).pages) >= 1
    assert build(talk, out, "--only", "deck", "--only", "handout") == 0


def test_a_folder_where_an_output_goes_stops_the_build_before_any_rename(
    talk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert build(talk, out) == 0
    before = outputs(out)
    (out / "talk-quiz.pdf").unlink()
    (out / "talk-quiz.pdf").mkdir()  # a colleague's folder, or an unzip gone wrong
    del before["talk-quiz.pdf"]
    edit_title(talk, "Sleep, Mood and More")
    assert build(talk, out) == 2
    err = capsys.readouterr().err
    assert f"{out / 'talk-quiz.pdf'} is a folder" in err and "Traceback" not in err
    assert outputs(out) == before
    assert not list(out.glob(".*.tmp"))


def test_a_rename_failing_partway_puts_back_the_outputs_already_replaced(
    talk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert build(talk, out) == 0
    before = outputs(out)
    real_replace = os.replace
    renamed: list[str] = []

    def quiz_held_open(src: str | Path, dst: str | Path) -> None:
        # The quiz is renamed after the deck, handout and slides: it fails last.
        if Path(dst).name == "talk-quiz.pdf" and str(src).endswith(".tmp") and ".undo." not in str(src):
            raise PermissionError(13, "The process cannot access the file because it is being used")
        renamed.append(Path(dst).name)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", quiz_held_open)
    edit_title(talk, "Sleep, Mood and More")
    assert build(talk, out) == 2
    assert "close talk-quiz.pdf and build again" in capsys.readouterr().err
    assert {"talk-deck.pptx", "talk-handout.pdf"} <= set(renamed)  # they were replaced, then put back
    assert outputs(out) == before  # not a mixed set: every output is yesterday's
    assert not list(out.glob(".*.tmp"))
    monkeypatch.setattr(os, "replace", real_replace)
    assert build(talk, out) == 0  # the record still knows every file as podium's
    assert "Sleep, Mood and More" in PdfReader(str(out / "talk-quiz.pdf")).pages[0].extract_text()


@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE (POSIX)")
def test_a_file_size_limit_while_writing_exits_2_and_writes_nothing(talk: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    limit = "import resource; resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000));"
    run = f"from render.cli import main; raise SystemExit(main({['build', str(talk), '--out', str(out)]!r}))"
    result = subprocess.run(
        [sys.executable, "-c", limit + run],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "File too large" in result.stderr and "Traceback" not in result.stderr
    assert outputs(out) == {} and not list(out.glob(".*.tmp"))
