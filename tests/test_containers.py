"""PowerPoint files from other people, imported or used as a template: zip limits before any part is read,
broken XML and pictures said plainly (exit 2, the file, nothing written), and a colleague's template
cleaned of links, objects and macros with one warning."""

from __future__ import annotations

import io
import re
import resource
import shutil
import zipfile
from pathlib import Path

import hostile_packages as make
import pytest
from conftest import podium
from pptx import Presentation

from render.source import container

TALK = "talk:\n  title: T\ntemplate: {file: dept.pptx}\nslides:\n  - id: a\n    title: A\n    bullets: [b]\n"


@pytest.fixture(scope="module")
def deck() -> bytes:
    return make.small_deck()


def hostile(deck: bytes, kind: str) -> bytes:
    if kind == "bomb":
        return make.bomb(deck, 250 << 20)  # 0.3 MB that unpacks to 250 MB
    if kind == "entries":
        return make.many_entries(deck, container.MAX_ENTRIES + 1)
    if kind == "picture":
        return make.unreadable_picture_deck()
    if kind == "nofill":
        return make.picture_without_fill_deck()
    return make.slide_xml(deck, kind)


EXPECTED = {
    "bomb": "its part ppt/media/huge.png declares more than 200 MB unpacked",
    "entries": "holds 10,0",
    "laughs": "declares a DOCTYPE or entities",
    "charref": "not well-formed XML",
    "truncated": "not well-formed XML",
}
# On import a broken part is named as damage in the deck; a picture that cannot be read is not a
# refusal but a loss the import report names by slide (the import issue), and the rest comes.
ON_IMPORT = {**EXPECTED, "charref": "the deck is damaged and cannot be read", "truncated": "the deck is damaged"}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


@pytest.mark.parametrize("kind", list(ON_IMPORT))
def test_a_hostile_deck_is_refused_on_import_naming_the_file(deck: bytes, tmp_path: Path, kind: str) -> None:
    pptx = tmp_path / "last-year.pptx"
    pptx.write_bytes(hostile(deck, kind))
    result = podium("import", pptx, "--folder", tmp_path / "source")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert str(pptx) in result.stderr and ON_IMPORT[kind] in result.stderr, result.stderr
    assert not (tmp_path / "source").exists() or not any((tmp_path / "source").rglob("*"))
    assert _peak_mb() < 1000  # the bomb was never unpacked whole


@pytest.mark.parametrize("kind", ["picture", "nofill"])
def test_a_picture_that_cannot_be_read_is_named_by_slide_and_the_rest_imports(
    deck: bytes, tmp_path: Path, kind: str
) -> None:
    pptx = tmp_path / "last-year.pptx"
    pptx.write_bytes(hostile(deck, kind))
    result = podium("import", pptx, "--folder", tmp_path / "source")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "not carried" in result.stdout and "(slide 1)" in result.stdout, result.stdout
    assert (tmp_path / "source" / "last-year.yaml").is_file()


@pytest.mark.parametrize("kind", ["bomb", "entries", "laughs", "charref", "truncated"])
def test_a_hostile_template_stops_the_build_naming_the_file(deck: bytes, tmp_path: Path, kind: str) -> None:
    # A deck serves as a template (its slides are samples): the broken XML is in a sample slide.
    (tmp_path / "dept.pptx").write_bytes(hostile(deck, kind))
    (tmp_path / "talk.yaml").write_text(TALK, encoding="utf-8")
    result = podium("build", tmp_path / "talk.yaml", "--out", tmp_path / "out")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "dept.pptx" in result.stderr and EXPECTED[kind] in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


def test_declared_sizes_that_lie_are_caught_by_counting(deck: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each part under the one-part limit, together over the limit in all: only counting finds it.
    monkeypatch.setattr(container, "MAX_TOTAL", len(deck))
    with zipfile.ZipFile(io.BytesIO(deck)) as package:
        unpacked = sum(i.file_size for i in package.infolist())
    assert unpacked > len(deck)
    with pytest.raises(container.ContainerRefused, match="in all"):
        container.check(deck, "deck.pptx")
    monkeypatch.setattr(container, "MAX_TOTAL", unpacked)
    container.check(deck, "deck.pptx")  # exactly at the limit: accepted


def test_a_colleague_template_loses_links_objects_and_macros_with_one_warning(tmp_path: Path) -> None:
    (tmp_path / "dept.pptx").write_bytes(make.colleague_template())
    (tmp_path / "talk.yaml").write_text(TALK, encoding="utf-8")
    result = podium("build", tmp_path / "talk.yaml", "--only", "deck", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "left out of the deck" in line]
    assert len(warned) == 1, result.stderr
    for kind in ("linked pictures", "hyperlinks to local files or programs", "OLE objects", "macros"):
        assert kind in warned[0]
    built = tmp_path / "out" / "talk-deck.pptx"
    with zipfile.ZipFile(built) as package:
        names = package.namelist()
        xml = b"".join(package.read(n) for n in names if n.endswith((".xml", ".rels")))
    assert not [n for n in names if "vbaProject" in n or "embeddings/" in n]
    assert b"oleObj" not in xml and b"r:link=" not in xml and b"ppaction://program" not in xml
    assert not re.search(rb'Target="(file:|http://tracker)', xml)
    layout = Presentation(str(built)).slide_layouts.get_by_name("Title and Content")
    assert layout is not None and layout.placeholders[0] is not None  # the look itself is kept


def test_the_unchanged_template_gives_no_warning(tmp_path: Path) -> None:
    shutil.copy(make.TEMPLATE, tmp_path / "dept.pptx")
    (tmp_path / "talk.yaml").write_text(TALK, encoding="utf-8")
    result = podium("build", tmp_path / "talk.yaml", "--only", "deck", "--out", tmp_path / "out")
    assert result.returncode == 0 and "left out" not in result.stderr, result.stderr
