"""What podium prints from its input reaches the terminal as visible characters, never as control
sequences: learner ids in a responses CSV, layout names in a template, texts in error messages."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import hostile_packages as make
from conftest import IPT, podium

from render.errors import visible

ESCAPES = "\x1b[31mred\x1b]0;new title\x07\x9b2J\u202eevil\r"
# Anything a terminal acts on: ESC and CSI (7- and 8-bit), BEL, CR, and the direction overrides.
ACTS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_visible_writes_each_control_character_out() -> None:
    assert visible(ESCAPES) == "\\x1b[31mred\\x1b]0;new title\\x07\\x9b2J\\u202eevil\\r"
    assert visible("line\n\ttab, café, 日本, emoji 🙂") == "line\n\ttab, café, 日本, emoji 🙂"


def test_a_learner_id_with_escapes_is_printed_visibly(tmp_path: Path) -> None:
    csv = tmp_path / "responses.csv"
    csv.write_text(f'id,1,2,3,4,5\n"{ESCAPES}",C,B,D,B,A\n"{ESCAPES}",C,B,D,B,A\n', encoding="utf-8")
    result = podium("score", IPT, csv)  # the id twice: refused, naming it on stderr
    assert result.returncode == 2
    assert not ACTS.search(result.stderr.replace("\n", "")), result.stderr
    assert "\\x1b[31mred" in result.stderr
    csv.write_text(f'id,1,2,3,4,5\n"{ESCAPES}",C,B,D,B,A\nbob,C,B,D,B,A\n', encoding="utf-8")
    result = podium("score", IPT, csv)
    assert result.returncode == 0, result.stderr
    assert not ACTS.search(result.stdout.replace("\n", "")) and "\\u202eevil" in result.stdout


def test_a_template_layout_name_with_escapes_is_printed_visibly(tmp_path: Path) -> None:
    data = make.TEMPLATE.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        layout = package.read("ppt/slideLayouts/slideLayout1.xml")
    named = re.sub(rb'(<p:cSld name=")[^"]*', b"\\1Title&#x9B;2J&#x202E;H", layout, count=1)
    (tmp_path / "dept.pptx").write_bytes(make.rezip(data, {"ppt/slideLayouts/slideLayout1.xml": named}))
    result = podium("inspect-template", tmp_path / "dept.pptx")
    assert result.returncode == 0, result.stderr
    assert "Title\\x9b2J\\u202eH" in result.stdout and not ACTS.search(result.stdout.replace("\n", ""))
