"""`podium import` writes only new files of its own: never through a symbolic link in the talk's folder,
never over an existing picture or source without --force, and nothing at all when it refuses."""

from __future__ import annotations

import os
from pathlib import Path

import hostile_packages as make
import pytest
from conftest import podium

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    path = tmp_path / "talk.pptx"
    path.write_bytes(make.picture_deck())
    return path


def test_a_link_in_the_talks_folder_is_not_written_through(deck: Path, tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "talk").mkdir(parents=True)
    elsewhere = tmp_path / "precious.png"
    elsewhere.write_bytes(b"the presenter's own file")
    (source / "talk" / "slide-01-1.png").symlink_to(elsewhere)
    result = podium("import", deck, "--folder", source)
    assert result.returncode == 2 and "is a symbolic link" in result.stderr, result.stderr
    assert elsewhere.read_bytes() == b"the presenter's own file"
    assert not (source / "talk.yaml").exists()  # nothing written when one file is refused

    result = podium("import", deck, "--folder", source, "--force")
    assert result.returncode == 2 and "is a symbolic link" in result.stderr  # --force does not follow links either
    assert elsewhere.read_bytes() == b"the presenter's own file"


def test_a_linked_talk_folder_is_not_written_through(deck: Path, tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (source / "talk").symlink_to(outside, target_is_directory=True)
    result = podium("import", deck, "--folder", source)
    assert result.returncode == 2 and "is a symbolic link" in result.stderr, result.stderr
    assert list(outside.iterdir()) == []


def test_an_existing_picture_is_kept_unless_force(deck: Path, tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "talk").mkdir(parents=True)
    mine = source / "talk" / "slide-01-1.png"
    mine.write_bytes(b"a picture the presenter put there")
    result = podium("import", deck, "--folder", source)
    assert result.returncode == 2 and f"{mine} already exists" in result.stderr, result.stderr
    assert mine.read_bytes() == b"a picture the presenter put there"
    assert not (source / "talk.yaml").exists()

    result = podium("import", deck, "--folder", source, "--force")
    assert result.returncode == 0, result.stderr
    assert mine.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "path: talk/slide-01-1.png" in (source / "talk.yaml").read_text(encoding="utf-8")
