"""The shipped JSON Schema is the model's, describes every field, and judges sources as podium does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import IPT, ROOT, podium
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from render.source import schema

SHIPPED = ROOT / schema.SHIPPED


def validator() -> Draft202012Validator:
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(shipped)
    return Draft202012Validator(shipped)


def yaml_data(text: str) -> Any:
    # As an editor's language server reads the file: plain YAML 1.2, independent of render.source.load.
    return YAML(typ="safe", pure=True).load(text)


def messages(data: Any) -> list[str]:
    """Every message, including those inside anyOf branches (an optional field is "X or null")."""
    out: list[str] = []
    stack = list(validator().iter_errors(data))
    while stack:
        error = stack.pop()
        out.append(error.message)
        stack.extend(error.context or [])
    return out


def test_the_shipped_schema_is_the_one_the_model_gives() -> None:
    fresh = podium("schema", "--out", "-")
    assert fresh.returncode == 0, fresh.stderr
    assert fresh.stdout == SHIPPED.read_text(encoding="utf-8"), "the model changed: run `podium schema` and commit"


def test_every_field_is_described() -> None:
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    undescribed = [
        f"{name}.{field}"
        for name, model in [("Source", shipped), *shipped["$defs"].items()]
        for branch in [model, *model.get("anyOf", [])]
        for field, prop in branch.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert undescribed == [], "describe these in render/source/model.py: Field(description=...)"


def test_the_schema_accepts_the_ipt_talk() -> None:
    assert messages(yaml_data(IPT.read_text(encoding="utf-8"))) == []


def test_every_source_names_the_schema_on_its_first_line() -> None:
    for source in sorted((ROOT / "source").glob("*.yaml")):
        first = source.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/source.schema.json", source
        assert (source.parent / first.split("=", 1)[1]).resolve() == SHIPPED


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("    title: What IPT Is\n", "    titel: What IPT Is\n"), "'titel' was unexpected"),
        (("    layout: references\n", "    layout: bibliography\n"), "'bibliography' is not one of"),
        (("    answer: C\n", "    answer: 7\n"), "7 is not valid under any of the given schemas"),
        (("  - id: definition\n", "  - id: 2nd-slide\n"), "'2nd-slide' does not match"),
        (("    year: 2012\n", "    year: twenty-twelve\n"), "'twenty-twelve' is not of type 'integer'"),
    ],
)
def test_the_schema_rejects_a_broken_talk_as_podium_does(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    text = IPT.read_text(encoding="utf-8")
    assert change[0] in text
    broken = text.replace(change[0], change[1], 1)
    found = messages(yaml_data(broken))
    assert any(expected in m for m in found), found
    (tmp_path / "broken.yaml").write_text(broken, encoding="utf-8")
    assert podium("check", tmp_path / "broken.yaml").returncode == 2  # podium refuses it too


def test_plain_string_bullets_and_notes_blocks_are_valid() -> None:
    talk = "talk: {title: T}\nslides:\n  - id: a\n    title: 2013\n    bullets: [one, {text: two, sub: [x]}]\n"
    assert messages(yaml_data(talk + "    notes: |\n      Para one.\n\n      Two.\n")) == []
