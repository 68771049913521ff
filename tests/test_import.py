"""`podium import` reads decks made by python-pptx (ours), LibreOffice and pandoc; a round trip keeps the talk."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import podium
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from render.source.load import load

Slide = tuple[str, list[tuple[int, str]], list[str]]


def read(deck: Path) -> list[Slide]:
    """Each slide's title, its other text as (level, text) paragraphs, and its notes, as a reader sees them."""
    out = []
    for slide in Presentation(str(deck)).slides:
        title = slide.shapes.title
        body = [
            (p.level, p.text.replace("\v", "\n"))
            for shape in slide.shapes
            if shape.has_text_frame and (title is None or shape.shape_id != title.shape_id)
            if not (shape.is_placeholder and shape.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER)
            for p in shape.text_frame.paragraphs
            if p.text.strip()
        ]
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        out.append((title.text_frame.text if title else "", sorted(body), [n for n in notes.split("\n") if n.strip()]))
    return out


def flat_cover(slides: list[Slide]) -> list[Slide]:
    """The slides with the title slide's levels dropped. The deck ranks a title slide's lines by
    what they are (the presenter's name, then affiliation, event and date a level down); an
    imported deck knows them only as its subtitle's lines, so their words come back, not their levels."""
    (title, body, notes), *rest = slides
    return [(title, sorted((0, text) for _, text in body), notes), *rest]


def round_trip(deck: Path, folder: Path) -> tuple[Path, Path]:
    """Import the deck as a talk, build that talk's deck; return the source and the new deck."""
    made = podium("import", deck, "--name", "imported", "--folder", folder)
    assert made.returncode == 0, made.stderr
    source = folder / "imported.yaml"
    load(source)
    built = podium("build", source, "--only", "deck", "--out", folder / "out")
    assert built.returncode == 0, built.stderr
    return source, folder / "out" / "imported-deck.pptx"


def test_build_import_build_keeps_titles_bullets_and_notes(built: Path, tmp_path: Path) -> None:
    original = read(built / "ipt-deck.pptx")
    _, again = round_trip(built / "ipt-deck.pptx", tmp_path)
    assert flat_cover(read(again)) == flat_cover(original)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_a_deck_saved_by_libreoffice_imports_with_the_same_text(built: Path, tmp_path: Path) -> None:
    # LibreOffice writes the deck out again in its own way: through its native format and back to .pptx.
    work = tmp_path / "lo"
    work.mkdir()
    shutil.copy(built / "ipt-deck.pptx", work / "ipt.pptx")
    office = ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to"]
    subprocess.run([*office, "odp", "--outdir", work / "odp", work / "ipt.pptx"], check=True, capture_output=True)
    subprocess.run(
        [*office, "pptx", "--outdir", work / "back", work / "odp" / "ipt.odp"], check=True, capture_output=True
    )
    libre = work / "back" / "ipt.pptx"
    original = read(built / "ipt-deck.pptx")
    assert [s[0] for s in read(libre)] == [s[0] for s in original]  # LibreOffice kept the titles itself
    _, again = round_trip(libre, tmp_path / "talk")
    assert [(t, b) for t, b, _ in flat_cover(read(again))] == [(t, b) for t, b, _ in flat_cover(original)]
    assert [n for _, _, n in read(again)] == [n for _, _, n in original]


@pytest.mark.skipif(not shutil.which("pandoc"), reason="pandoc is not installed (apt-get install pandoc)")
def test_a_deck_made_by_pandoc_imports_with_levels_notes_pictures_and_alt_text(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 30), (200, 30, 30)).save(tmp_path / "red.png")
    (tmp_path / "talk.md").write_text(
        "---\ntitle: Sleep Medicine Basics\n---\n\n"
        "# Stages of Sleep\n\n- NREM has **three** stages\n    - N3 is *slow-wave* sleep\n- REM follows\n\n"
        "::: notes\nSay that adults cycle every 90 minutes.\n\nAsk about shift work.\n:::\n\n"
        "# A Hypnogram\n\n![A hypnogram of one night](red.png)\n\n"
        "# Further Reading\n\n- [AASM](https://aasm.org) guidance on H~2~O and m^2^\n",
        encoding="utf-8",
    )
    deck = tmp_path / "pandoc.pptx"
    subprocess.run(["pandoc", "talk.md", "-o", deck], cwd=tmp_path, check=True, capture_output=True)
    source, again = round_trip(deck, tmp_path / "talk")
    text = source.read_text(encoding="utf-8")
    talk = load(source)
    assert talk.talk.title == "Sleep Medicine Basics"
    stages = next(s for s in talk.slides if s.title == "Stages of Sleep")
    assert [(b.text, b.sub) for b in stages.bullets] == [
        ("NREM has **three** stages", ["N3 is *slow-wave* sleep"]),
        ("REM follows", []),
    ]
    assert stages.notes == ["Say that adults cycle every 90 minutes.", "Ask about shift work."]
    reading = next(s for s in talk.slides if s.title == "Further Reading")
    assert reading.bullets[0].text == "[AASM](https://aasm.org) guidance on H~2~O and m^2^"
    picture = next((tmp_path / "talk" / "imported").glob("*.png"))
    assert picture.read_bytes() == (tmp_path / "red.png").read_bytes()
    hypnogram = next(s for s in talk.slides if s.title == "A Hypnogram")
    # The picture with pandoc's caption beside it (a text box below), and the alt text pandoc wrote for it.
    assert hypnogram.layout == "image-text" and hypnogram.image is not None
    assert [b.text for b in hypnogram.bullets] == ["A hypnogram of one night"]
    assert hypnogram.image.path == f"imported/{picture.name}" and hypnogram.image.alt
    assert f"path: imported/{picture.name}" in text
    assert [s[0] for s in read(again)] == [s[0] for s in read(deck)]


def test_pictures_are_saved_beside_the_source_with_their_alt_text(tmp_path: Path) -> None:
    from PIL import Image
    from pptx.util import Inches

    Image.new("RGB", (40, 30), (30, 30, 200)).save(tmp_path / "blue.png")
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
    slide.shapes.title.text = "A Hypnogram"
    picture = slide.shapes.add_picture(str(tmp_path / "blue.png"), Inches(1), Inches(2))
    picture._element.nvPicPr.cNvPr.set("descr", "Sleep stages across one night")
    untitled = prs.slides.add_slide(prs.slide_layouts[6])  # "Blank": no title
    untitled.shapes.add_textbox(Inches(1), Inches(1), Inches(4), Inches(1)).text_frame.text = "Questions?"
    prs.save(str(tmp_path / "made.pptx"))

    made = podium("import", tmp_path / "made.pptx", "--folder", tmp_path / "source")
    assert made.returncode == 0, made.stderr
    assert "slide 2: title taken from a text box" in made.stdout
    saved = tmp_path / "source" / "made" / "slide-01-1.png"
    assert saved.read_bytes() == (tmp_path / "blue.png").read_bytes()
    talk = load(tmp_path / "source" / "made.yaml")
    # A picture slide becomes an image slide of ours, with the picture's own alt text.
    assert talk.slides[0].layout == "image"
    assert talk.slides[0].image is not None
    assert (talk.slides[0].image.path, talk.slides[0].image.alt) == (
        "made/slide-01-1.png",
        "Sleep stages across one night",
    )
    assert (
        podium("build", tmp_path / "source" / "made.yaml", "--only", "deck", "--out", tmp_path / "out").returncode == 0
    )
    # The blank slide's one line of text, in a text box at the top, is its title.
    assert [(s.title, [b.text for b in s.bullets]) for s in talk.slides] == [
        ("A Hypnogram", []),
        ("Questions?", []),
    ]
    again = podium("import", tmp_path / "made.pptx", "--folder", tmp_path / "source")
    assert again.returncode == 2 and "already exists" in again.stderr
