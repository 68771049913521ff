"""The JSON Schema of the source format, generated from the model, for editors.

Editors with the YAML language server (VS Code, Neovim, JetBrains…) read the
`# yaml-language-server: $schema=…` line at the top of a source and then
complete field names and flag mistakes as the author types. The schema is
made from `render.source.model` at `podium schema` time, so it never drifts from
what podium accepts; a test compares the shipped file with a fresh one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from render.source.model import Source

SHIPPED = Path("schema") / "source.schema.json"  # relative to the project folder
MODELINE = "# yaml-language-server: $schema="


# The loader accepts friendlier forms than the model's own types: the schema must not flag them.
_TEXT_OR_LIST = {("Slide", "notes"), ("Reference", "annotation"), ("Source", "bibliography")}
_TEXT = {"type": ["string", "number", "boolean"], "minLength": 1}  # `True` or `2013` in a text field is text


def generate() -> dict[str, Any]:
    """The schema as a JSON-ready dict (draft 2020-12)."""
    schema = Source.model_json_schema()
    defs = schema.setdefault("$defs", {})
    models = {name: defs[name] for name in defs} | {"Source": schema}
    for model_name, model_schema in models.items():
        for field_name, prop in model_schema.get("properties", {}).items():
            # What each field means, in the author's words, lives with the field (Field(description=...)).
            description = _model(model_name).model_fields[field_name].description if _model(model_name) else None
            if description:
                prop["description"] = description
            if (model_name, field_name) in _TEXT_OR_LIST:
                list_form = {k: prop.pop(k) for k in ("items", "type") if k in prop}
                prop["anyOf"] = [dict(_TEXT), list_form]
    _loosen_text(schema)
    if "Bullet" in defs:  # a bullet written as a plain line of text
        defs["Bullet"] = {"anyOf": [dict(_TEXT), defs["Bullet"]], "description": "A line of text, or text and sub."}
    if "Option" in defs:  # an option written as a plain line of text
        defs["Option"] = {"anyOf": [dict(_TEXT), defs["Option"]], "description": "A line of text, or text and pinned."}
    answer = defs.get("Question", {}).get("properties", {}).get("answer")
    if answer is not None:  # `answer: C` is one letter written without a list
        answer["anyOf"] = [{"type": "string"}, *answer.get("anyOf", [])]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "podium talk source",
        "description": "One talk: the source of its deck, handout, quiz and answer key.",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def _model(name: str) -> type[BaseModel] | None:
    import render.source.model

    found = getattr(render.source.model, name, None)
    return found if isinstance(found, type) and issubclass(found, BaseModel) else None


def _loosen_text(node: Any) -> None:
    """Every text field ({type: string, minLength: 1}, no pattern) also takes a number or true/false."""
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("minLength") == 1 and "pattern" not in node:
            node["type"] = list(_TEXT["type"])
        for value in node.values():
            _loosen_text(value)
    elif isinstance(node, list):
        for value in node:
            _loosen_text(value)


def text() -> str:
    """The schema as the shipped file holds it: stable key order, UTF-8, final newline."""
    return json.dumps(generate(), indent=2, ensure_ascii=False) + "\n"


def modeline(source: Path, schema_file: Path = SHIPPED) -> str:
    """The first line of a source, pointing editors at the schema relative to the source's folder."""
    relative = os.path.relpath(schema_file.resolve(), source.resolve().parent)
    return MODELINE + Path(relative).as_posix()
