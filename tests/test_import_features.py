"""`podium import` on decks with pictures, tables, charts, hidden slides, text-box titles, typed bullets,
slide links and diagrams (tests/make_decks.py), checked against what the generator put in, and the
rebuilt deck read back by python-pptx."""

from __future__ import annotations

import os
from pathlib import Path

import make_decks
import pytest
from conftest import podium
from deck_fidelity import read as contents
from deck_fidelity import words
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from render.source.load import load
from render.source.model import Source


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, make_decks.Known, str, Path]:
    folder = tmp_path_factory.mktemp("features")
    known = make_decks.features_deck(folder / "features.pptx")
    made = podium("import", folder / "features.pptx", "--folder", folder / "source")
    assert made.returncode == 0, made.stderr
    built = podium("build", folder / "source" / "features.yaml", "--out", folder / "out")
    assert built.returncode == 0, built.stderr  # the imported source always builds
    return folder, known, made.stdout, folder / "out" / "features-deck.pptx"


def _source(folder: Path) -> Source:
    return load(folder / "source" / "features.yaml")


def test_every_picture_comes_with_its_own_bytes_and_alt_text(imported: tuple) -> None:
    folder, known, _, _ = imported
    talk = _source(folder)
    for title, pictures in known.pictures.items():
        slides = [s for s in talk.slides if s.title == title or s.title.startswith(f"{title} (picture")]
        found = [((folder / "source" / s.image.path).read_bytes(), s.image.alt or "") for s in slides if s.image]
        assert found == pictures, title
    beside = next(s for s in talk.slides if s.title == "Sleep Stages")
    assert beside.layout == "image-text" and [b.text for b in beside.bullets] == known.bullets["Sleep Stages"]


def test_the_rebuilt_deck_has_every_picture_table_and_chart_with_their_data(imported: tuple) -> None:
    _, known, _, rebuilt = imported
    deck = Presentation(str(rebuilt))
    alts = [
        s._element.nvPicPr.cNvPr.get("descr")
        for slide in deck.slides
        for s in slide.shapes
        if s.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]
    assert sorted(alts) == sorted(alt for pictures in known.pictures.values() for _, alt in pictures)
    by_title = {s.shapes.title.text_frame.text: s for s in deck.slides if s.shapes.title is not None}
    for title, cells in known.tables.items():
        (table,) = [s.table for s in by_title[title].shapes if s.has_table]
        assert [[c.text for c in row.cells] for row in table.rows] == cells
    for title, (kind, categories, series) in known.charts.items():
        (frame,) = [s for s in by_title[title].shapes if s.has_chart]
        plot = frame.chart.plots[0]
        assert list(plot.categories) == categories
        assert [(s.name, list(s.values)) for s in plot.series] == series
        assert kind in str(frame.chart.chart_type).lower()


def test_hidden_slides_stay_hidden_and_titles_are_found_where_the_deck_put_them(imported: tuple) -> None:
    _, known, _, rebuilt = imported
    deck = Presentation(str(rebuilt))
    titles = [s.shapes.title.text_frame.text.replace("\v", " ") for s in deck.slides]
    for title in known.titles:
        assert any(t == title or t.startswith(f"{title} (") for t in titles), title
    hidden = [t for s, t in zip(deck.slides, titles, strict=True) if s.element.get("show") == "0"]
    assert hidden == known.hidden
    # The line breaks of a title are kept as line breaks, and a break that ended it is gone.
    insomnia = next(s for s in deck.slides if s.shapes.title.text_frame.text.startswith("Treating"))
    assert insomnia.shapes.title.text_frame.text == "Treating Insomnia\vin Older Adults"


def test_a_subtitle_of_several_lines_keeps_its_lines(imported: tuple) -> None:
    folder, known, _, rebuilt = imported
    slide = next(s for s in _source(folder).slides if s.title == "Thank You")
    assert slide.layout == "title"
    deck = Presentation(str(rebuilt))
    closing = next(s for s in deck.slides if s.shapes.title.text_frame.text == "Thank You")
    (subtitle,) = [s for s in closing.placeholders if s.placeholder_format.idx == 1]
    assert subtitle.text_frame.paragraphs[0].text.split("\v") == known.subtitles["Thank You"]


def test_bullets_lose_typed_bullet_characters_and_slide_links_but_keep_web_links(imported: tuple) -> None:
    folder, known, _, _ = imported
    talk = _source(folder)
    for title in ("Why Sleep Matters", "Contents", "Backup Data"):
        slide = next(s for s in talk.slides if s.title == title)
        plain = [b.text.replace("[", "").split("](")[0] for b in slide.bullets]
        assert plain == known.bullets[title], title
    contents_slide = next(s for s in talk.slides if s.title == "Contents")
    assert contents_slide.bullets[0].text == "Go to Sleep Stages"  # the jump to slide 1 is plain text
    assert contents_slide.bullets[1].text == "[Read the AASM guide](https://aasm.org)"


def test_text_split_into_runs_reads_as_the_reader_sees_it(tmp_path: Path) -> None:
    expected = make_decks.runs_deck(tmp_path / "runs.pptx")
    assert podium("import", tmp_path / "runs.pptx", "--folder", tmp_path / "source").returncode == 0
    slide = load(tmp_path / "source" / "runs.yaml").slides[0]
    assert " / ".join(b.text for b in slide.bullets) == expected["Runs"]


def test_a_long_sub_list_continues_and_every_sub_bullet_is_kept_in_order(imported: tuple) -> None:
    _, known, report, rebuilt = imported
    deck = Presentation(str(rebuilt))
    texts = [
        p.text
        for s in deck.slides
        if s.shapes.title.text_frame.text.startswith("Side Effects")
        for shape in s.placeholders
        if shape.placeholder_format.idx == 1
        for p in shape.text_frame.paragraphs
    ]
    assert [t for t in texts if not t.endswith("(cont.)")] == known.bullets["Side Effects"]
    assert "continues as 'Common ones (cont.)'" in report


def test_diagram_labels_are_kept_in_the_notes_not_as_bullets_and_reported(imported: tuple) -> None:
    folder, known, report, _ = imported
    slide = next(s for s in _source(folder).slides if s.title == "A Diagram")
    assert slide.bullets == []
    assert all(label in slide.notes[0] for label in known.labels["A Diagram"])
    assert "slide 10: 3 labels of shapes or groups kept in the notes" in report


def test_the_report_is_printed_and_kept_in_the_source_with_totals(imported: tuple) -> None:
    folder, known, report, _ = imported
    pictures = sum(len(p) for p in known.pictures.values())
    totals = (
        f"13 slides (1 hidden, kept hidden); {pictures} of {pictures} pictures, 1 of 1 tables, 2 of 2 charts; "
        "1 picture needs alt text (or decorative: true)"
    )
    assert report.strip().splitlines()[-1].strip() == totals
    text = (folder / "source" / "features.yaml").read_text(encoding="utf-8")
    assert f"# {totals}\n" in text
    assert "# slide 3: picture features/slide-03-1.png has no alt text" in text


def test_fidelity_counts_match_the_generator(imported: tuple) -> None:
    folder, _, _, rebuilt = imported
    original, again = contents(folder / "features.pptx"), contents(rebuilt)
    assert (again.pictures, again.tables, again.charts) == (original.pictures, original.tables, original.charts)
    assert again.notes >= original.notes

    def titled(c: object) -> object:
        return sum((words(t) for t in c.titles), c.body.copy())  # type: ignore[attr-defined]

    # Every word on a slide is somewhere in the rebuilt deck (a title found in a text box is a title now).
    assert not (titled(original) - (titled(again) + again.notes))


@pytest.mark.parametrize(
    ("make", "suffix", "message"),
    [
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)), ".ppt", "PowerPoint 97-2003"),
        (make_decks.template_file, ".potx", "PowerPoint template (.potx)"),
        (make_decks.word_file, ".docx", "Word document (.docx)"),
        (lambda p: p.write_bytes(b"PK\x03\x04 this was cut short"), ".pptx", "may be damaged"),
        (make_decks.empty_deck, ".pptx", "the deck has no slides"),
    ],
    ids=["ppt", "potx", "docx", "corrupt", "empty"],
)
def test_a_file_that_cannot_be_imported_gets_plain_words_and_nothing_is_written(
    tmp_path: Path, make: object, suffix: str, message: str
) -> None:
    deck = tmp_path / f"last-year{suffix}"
    make(deck)  # type: ignore[operator]
    result = podium("import", deck, "--folder", tmp_path / "source")
    assert result.returncode == 2
    assert message in result.stderr and "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr and "BytesIO" not in result.stderr
    assert not (tmp_path / "source").exists()


def test_a_damaged_picture_is_reported_by_slide_and_the_rest_comes(tmp_path: Path) -> None:
    make_decks.broken_picture_deck(tmp_path / "damaged.pptx")
    result = podium("import", tmp_path / "damaged.pptx", "--folder", tmp_path / "source")
    assert result.returncode == 0, result.stderr
    assert "slide 1: not carried: a picture that cannot be read" in result.stdout
    assert load(tmp_path / "source" / "damaged.yaml").slides[0].title == "A Damaged Picture"
    assert not (tmp_path / "source" / "damaged").exists() or not any((tmp_path / "source" / "damaged").iterdir())


def test_a_picture_of_900_megapixels_is_reported_not_unpacked(tmp_path: Path) -> None:
    make_decks.huge_picture_deck(tmp_path / "huge.pptx")
    result = podium("import", tmp_path / "huge.pptx", "--folder", tmp_path / "source")
    assert result.returncode == 0, result.stderr
    assert "slide 1: not carried: a picture of 900 megapixels (over 50); make it smaller" in result.stdout
    assert "0 of 1 pictures" in result.stdout


def test_nothing_is_written_over_a_file_or_through_a_symbolic_link(tmp_path: Path) -> None:
    make_decks.features_deck(tmp_path / "talk.pptx")
    source = tmp_path / "source"
    (source / "talk").mkdir(parents=True)
    mine = source / "talk" / "slide-01-1.png"
    mine.write_bytes(b"my own picture")
    result = podium("import", tmp_path / "talk.pptx", "--folder", source)
    assert result.returncode == 2 and "already exists" in result.stderr
    assert mine.read_bytes() == b"my own picture" and not (source / "talk.yaml").exists()

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    mine.unlink()
    (source / "talk").rmdir()
    os.symlink(elsewhere, source / "talk")
    result = podium("import", tmp_path / "talk.pptx", "--folder", source, "--force")
    assert result.returncode == 2 and "symbolic link" in result.stderr
    assert not list(elsewhere.iterdir()) and not (source / "talk.yaml").exists()
