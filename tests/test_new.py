"""`podium new` writes a commented starter that is valid, schema-clean and builds at once."""

from __future__ import annotations

from pathlib import Path

from conftest import podium
from pptx import Presentation
from test_schema import messages, yaml_data


def test_new_then_build_succeeds(tmp_path: Path) -> None:
    folder = tmp_path / "source"
    made = podium("new", "grand-rounds", "--title", "Sleep: What Clinicians Need to Know", "--folder", folder)
    assert made.returncode == 0, made.stderr
    source = folder / "grand-rounds.yaml"
    assert (folder / "grand-rounds").is_dir()  # the talk's own assets folder
    text = source.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    for section in ("talk:", "slides:", "references:", "resources:", "quiz:", "# bibliography:"):
        assert f"\n{section}" in text, section
    assert messages(yaml_data(text)) == []

    built = podium("build", source, "--out", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith("."))
    assert names == [
        "grand-rounds-answer-key.pdf",
        "grand-rounds-deck.pptx",
        "grand-rounds-handout.pdf",
        "grand-rounds-quiz.pdf",
        "grand-rounds-slides.pdf",
    ]
    deck = Presentation(str(tmp_path / "out" / "grand-rounds-deck.pptx"))
    titles = [s.shapes.title.text_frame.text for s in deck.slides]
    assert titles[0] == "Sleep: What Clinicians Need to Know"
    assert titles[1:] == ["How a Slide Is Written", "Citing a Reference1", "References and Resources"]


def test_new_never_overwrites_and_refuses_a_bad_name(tmp_path: Path) -> None:
    assert podium("new", "talk", "--folder", tmp_path).returncode == 0
    before = (tmp_path / "talk.yaml").read_bytes()
    again = podium("new", "talk", "--folder", tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr and "Traceback" not in again.stderr
    assert (tmp_path / "talk.yaml").read_bytes() == before
    bad = podium("new", "My Talk!", "--folder", tmp_path)
    assert bad.returncode == 2 and "cannot name a talk" in bad.stderr
    assert not (tmp_path / "My Talk!.yaml").exists()
