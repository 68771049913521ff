"""A path written in a source names a file inside the talk's folder, or is refused saying why."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from render.source.paths import PathRefused, in_talk_folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    talk = tmp_path / "talk"
    (talk / "images").mkdir(parents=True)
    (talk / "images" / "figure.png").write_bytes(b"")
    (tmp_path / "secret.txt").write_text("the presenter's own file", encoding="utf-8")
    return talk


@pytest.mark.parametrize(
    ("written", "inside"),
    [
        ("images/figure.png", "images/figure.png"),
        ("images\\figure.png", "images/figure.png"),  # as typed on Windows
        ("./images/../images/figure.png", "images/figure.png"),  # wanders, but stays inside
        ("  images/figure.png ", "images/figure.png"),
        ("images/not-yet-there.png", "images/not-yet-there.png"),  # existence is the caller's question
    ],
)
def test_paths_inside_the_folder_are_used(folder: Path, written: str, inside: str) -> None:
    assert in_talk_folder(written, folder) == (folder / inside).resolve()


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("https://example.org/figure.png", "is an address, not a file in the talk's folder"),
        ("http://127.0.0.1:8080/x.png", "is an address, not a file in the talk's folder"),
        ("file:///etc/passwd", "is an address, not a file in the talk's folder"),
        ("FILE:///etc/passwd", "is an address, not a file in the talk's folder"),
        ("data:image/png;base64,AAAA", "is an address, not a file in the talk's folder"),
        ("/etc/passwd", "is an absolute path"),
        ("C:\\Users\\me\\secret.png", "is an absolute path"),
        ("c:/Users/me/secret.png", "is an absolute path"),
        ("\\\\fileserver\\share\\figure.png", "is an absolute path"),
        ("../secret.txt", "leads out of the talk's folder"),
        ("images/../../secret.txt", "leads out of the talk's folder"),
        ("..\\secret.txt", "leads out of the talk's folder"),
        ("", "the file name is empty"),
        ("   ", "the file name is empty"),
    ],
)
def test_paths_out_of_the_folder_are_refused(folder: Path, written: str, says: str) -> None:
    with pytest.raises(PathRefused, match=None) as refused:
        in_talk_folder(written, folder)
    assert says in str(refused.value)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_link_inside_the_folder_that_points_out_is_refused(folder: Path) -> None:
    # A shared zip can carry a link named like an image that reaches the presenter's files.
    (folder / "images" / "innocent.png").symlink_to(folder.parent / "secret.txt")
    with pytest.raises(PathRefused, match="leads out of the talk's folder"):
        in_talk_folder("images/innocent.png", folder)
