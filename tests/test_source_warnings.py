"""Warnings about a source: printed with file:line:column, and the build still writes everything.

Each file in tests/warning_inputs/ states its expected warnings in `# expect:` lines; a picture
the case names is made here (a small PNG), so the case builds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import podium
from pptx import Presentation

CASES = sorted((Path(__file__).parent / "warning_inputs").glob("*.yaml"))


def expectations(case: Path) -> list[str]:
    lines = case.read_text(encoding="utf-8").splitlines()
    return [line.split("# expect: ", 1)[1] for line in lines if line.startswith("# expect: ")]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_a_warning_names_its_place_and_the_build_goes_on(case: Path, tmp_path: Path) -> None:
    from PIL import Image

    source = tmp_path / case.name
    shutil.copy(case, source)
    Image.new("RGB", (40, 30), (20, 90, 160)).save(tmp_path / "chart.png")
    result = podium("build", source, "--only", "deck", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert expectations(case)
    for expected in expectations(case):
        assert expected.replace(f"{case.name}:", f"{source}:") in result.stderr, (
            f"missing warning: {expected}\ngot:\n{result.stderr}"
        )
    assert (tmp_path / "out" / f"{case.stem}-deck.pptx").exists()


def test_a_picture_without_alt_text_is_written_without_a_file_name_as_its_description(tmp_path: Path) -> None:
    from PIL import Image

    source = tmp_path / "talk.yaml"
    shutil.copy(Path(__file__).parent / "warning_inputs" / "image_without_alt.yaml", source)
    Image.new("RGB", (40, 30), (20, 90, 160)).save(tmp_path / "chart.png")
    assert podium("build", source, "--out", tmp_path / "out").returncode == 0
    deck = Presentation(str(tmp_path / "out" / "talk-deck.pptx"))
    (picture,) = [s for s in deck.slides[0].shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    # Empty, so that PowerPoint's accessibility checker flags it, rather than the file name passing for alt text.
    assert picture._element.nvPicPr.cNvPr.get("descr") == ""
