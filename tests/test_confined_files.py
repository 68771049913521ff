"""Every file a source names goes through one resolver: inside the talk's folder, a regular file
(after following links), within its kind's size limit, read once; later steps receive the resolved path."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from conftest import IPT, podium
from pptx import Presentation

from render.errors import SourceError
from render.source.load import load
from render.source.paths import BIBLIOGRAPHY, PathRefused, read_regular

STRESS = Path(__file__).parent / "fixtures" / "stress"
REFERENCES = Path(__file__).parent / "fixtures" / "references"
TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "podium.pptx"
ENTRY = (
    "@article{private2020,\n  author = {Secret, Patient},\n  title = {Diagnosis of the neighbour},\n"
    "  year = {2020}\n}\n"
)
INLINE = "references:\n  - {id: private2020, type: web, title: T}\n"


def talk_with(folder: Path, extra: str, slides: str = "") -> Path:
    """A small talk citing `private2020`, with `extra` top-level YAML."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "talk.yaml"
    path.write_text(
        "talk:\n  title: Files\nslides:\n  - id: one\n    title: One\n    bullets: ['A claim [@private2020]']\n"
        + slides
        + extra,
        encoding="utf-8",
    )
    return path


def messages(path: Path) -> list[str]:
    with pytest.raises(SourceError) as caught:
        load(path)
    return [str(p) for p in caught.value.problems]


@pytest.fixture
def private(tmp_path: Path) -> Path:
    """A private reference file outside the talk's folder."""
    secret = tmp_path / "private.bib"
    secret.write_text(ENTRY, encoding="utf-8")
    return secret


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("ABSOLUTE", "is an absolute path"),
        ("../private.bib", "leads out of the talk's folder"),
        ("refs\\..\\..\\private.bib", "leads out of the talk's folder"),
    ],
)
def test_a_bibliography_outside_the_talk_is_refused(tmp_path: Path, private: Path, written: str, says: str) -> None:
    written = str(private) if written == "ABSOLUTE" else written
    talk = talk_with(tmp_path / "talk", f"bibliography: '{written}'\n")
    found = messages(talk)
    assert len(found) == 1 and "bibliography: " in found[0] and says in found[0], found


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_bibliography_link_out_of_the_folder_is_refused(tmp_path: Path, private: Path) -> None:
    folder = tmp_path / "talk"
    talk = talk_with(folder, "bibliography: refs.bib\n")
    (folder / "refs.bib").symlink_to(private)
    assert "leads out of the talk's folder" in messages(talk)[0]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_link_to_a_device_is_refused_at_once(tmp_path: Path) -> None:
    # The link stays inside the folder by name; what it reaches is a device that never ends.
    folder = tmp_path / "talk"
    talk = talk_with(folder, "bibliography: refs.bib\n")
    (folder / "refs.bib").symlink_to("/dev/zero")
    with pytest.raises(PathRefused, match="not a regular file"):
        read_regular(folder / "refs.bib", BIBLIOGRAPHY)
    assert "leads out of the talk's folder" in messages(talk)[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("kind", ["bibliography", "image", "template", "source", "responses"])
def test_a_fifo_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "talk"
    names = {"bibliography": "refs.bib", "image": "fig.png", "template": "dept.pptx", "source": "talk.yaml"}
    extra = {
        "bibliography": "bibliography: refs.bib\n",
        "template": "template: {file: dept.pptx}\n",
    }.get(kind, "")
    image = "  - id: pic\n    layout: image\n    title: P\n    image: {path: fig.png, alt: A}\n"
    talk = talk_with(folder, extra + INLINE * (kind != "bibliography"), image if kind == "image" else "")
    fifo = folder / names.get(kind, "responses.csv")
    if kind == "source":
        talk.unlink()
    os.mkfifo(fifo)
    # Opening a FIFO for reading blocks until a writer comes: a watchdog writer unblocks a hang.
    unblock = threading.Timer(20, lambda: fifo.open("wb").close())
    unblock.start()
    try:
        if kind == "responses":
            shutil.copy(IPT, folder / "ipt.yaml")
            result = podium("score", folder / "ipt.yaml", fifo)
        else:
            result = podium("check", fifo if kind == "source" else talk)
    finally:
        unblock.cancel()
    assert result.returncode == 2, result.stderr
    assert "not a regular file" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_bibliography_over_its_limit_is_refused_unread(tmp_path: Path) -> None:
    folder = tmp_path / "talk"
    talk = talk_with(folder, "bibliography: huge.bib\n")
    with open(folder / "huge.bib", "wb") as huge:
        huge.truncate(BIBLIOGRAPHY.max_bytes + 1)  # sparse: no disk used
    assert "is larger than 20 MB, the limit for a reference file" in messages(talk)[0]


def test_a_bibliography_in_a_subfolder_written_the_windows_way_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "talk"
    talk = talk_with(folder, "bibliography: 'refs\\mine.bib'\n")
    (folder / "refs").mkdir()
    (folder / "refs" / "mine.bib").write_text(ENTRY, encoding="utf-8")
    assert [r.id for r in load(talk).references] == ["private2020"]


def test_backslash_paths_for_pictures_and_templates_build(tmp_path: Path) -> None:
    """issue 12: the path passed loading (\\ read as /) but the planner opened it unconverted."""
    folder = tmp_path / "talk"
    (folder / "images").mkdir(parents=True)
    shutil.copy(STRESS / "chart.png", folder / "images" / "fig.png")
    (folder / "dept").mkdir()
    shutil.copy(TEMPLATE, folder / "dept" / "mine.pptx")
    slides = "  - id: pic\n    layout: image\n    title: A picture\n"
    slides += "    image: {path: 'images\\fig.png', alt: A chart}\n"
    talk = talk_with(folder, "template: {file: 'dept\\mine.pptx'}\n" + INLINE, slides)
    source = load(talk)
    assert source.file("images\\fig.png") == (folder / "images" / "fig.png").resolve()
    result = podium("build", talk, "--only", "deck", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    deck = Presentation(str(tmp_path / "out" / "talk-deck.pptx"))
    pictures = [s for s in deck.slides[1].shapes if s.shape_type == 13]
    assert len(pictures) == 1 and pictures[0]._element.xpath(".//p:cNvPr/@descr") == ["A chart"]
