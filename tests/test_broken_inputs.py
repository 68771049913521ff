"""Inputs that used to end in a traceback: each now exits 2 naming the file and what is wrong, writing
nothing (or, where the input is only unusual, builds)."""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path

import hostile_packages as make
import pytest
from conftest import IPT, podium

from render.errors import SourceError
from render.source.load import load

TALK = "talk:\n  title: T\nslides:\n  - id: a\n    title: A\n    bullets: ['A claim [@a]']\n"


def csl_talk(folder: Path, items: list[dict[str, object]]) -> Path:
    (folder / "refs.json").write_text(json.dumps(items, indent=1), encoding="utf-8")
    path = folder / "talk.yaml"
    path.write_text(TALK + "bibliography: refs.json\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("issued", "year", "month"),
    [
        ("2012-10", "2012", "10"),  # an EDTF string (CSL 1.0.2)
        ({"date-parts": [2013, 4]}, "2013", "4"),  # flat date-parts, as some exporters write
        ({"date-parts": [[2014]]}, "2014", None),
        ({"raw": "Oct 2015"}, "2015", None),
    ],
)
def test_csl_dates_in_every_shape_exporters_write_are_read(
    tmp_path: Path, issued: object, year: str, month: str | None
) -> None:
    item = {"id": "a", "type": "article-journal", "title": "A", "author": [{"family": "X"}], "issued": issued}
    (ref,) = load(csl_talk(tmp_path, [item])).references
    assert (str(ref.year), ref.month and str(ref.month)) == (year, month)


def test_a_csl_date_that_is_no_date_is_named_at_its_entry(tmp_path: Path) -> None:
    items = [{"id": "a", "type": "book", "title": "A", "author": "nobody", "issued": {"date-parts": [["soon"]]}}]
    with pytest.raises(SourceError) as caught:
        load(csl_talk(tmp_path, items))
    (problem,) = caught.value.problems
    assert problem.file.endswith("refs.json") and problem.line == 2 and "year" in problem.message


def test_a_csv_cell_over_the_limit_and_a_folder_as_the_csv_exit_2(tmp_path: Path) -> None:
    csv = tmp_path / "responses.csv"
    csv.write_text("id,1,2,3,4,5\nann," + "C" * 200_000 + ",B,D,B,A\n", encoding="utf-8")
    result = podium("score", IPT, csv)
    assert result.returncode == 2 and f"{csv}:2:1: row 2: a cell is longer than" in result.stderr, result.stderr
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    result = podium("score", IPT, folder)
    assert result.returncode == 2 and f"{folder}:1:1: this is a folder" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("how", ["SOURCE_DATE_EPOCH", "SOURCE_DATE_EPOCH huge", "mtime"])
def test_a_build_date_after_2107_exits_2_and_writes_nothing(tmp_path: Path, how: str) -> None:
    source = tmp_path / "talk.yaml"
    source.write_text(TALK.replace(" [@a]", ""), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if how == "mtime":
        os.utime(source, (7258118400, 7258118400))  # 2200-01-01
    else:
        env["SOURCE_DATE_EPOCH"] = "4354819199" if how == "SOURCE_DATE_EPOCH" else "99999999999999"
    result = podium("build", source, "--out", tmp_path / "out", env=env)
    assert result.returncode == 2, result.stderr
    assert "cannot hold dates after 2107" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_theme_colour_that_is_not_hex_exits_2_with_grayscale(tmp_path: Path) -> None:
    data = make.TEMPLATE.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        theme = package.read("ppt/theme/theme1.xml")
    broken = re.sub(rb'(<a:accent1><a:srgbClr val=")[0-9A-Fa-f]{6}', rb"\g<1>ZZ;}x{", theme)
    assert broken != theme
    (tmp_path / "dept.pptx").write_bytes(make.rezip(data, {"ppt/theme/theme1.xml": broken}))
    source = tmp_path / "talk.yaml"
    source.write_text(TALK.replace(" [@a]", "") + "template: {file: dept.pptx}\n", encoding="utf-8")
    result = podium("build", source, "--grayscale", "--out", tmp_path / "out")
    assert result.returncode == 2, result.stderr
    assert "dept.pptx: the deck template's theme colour 'accent1' is not an RGB colour" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()
