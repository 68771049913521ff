"""`podium new NAME`: a commented starter source that is valid and builds at once.

The starter's slides explain the format itself, so a presenter sees every
section filled in and replaces it with the talk; nothing in it pretends to be
talk content.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from render.source.paths import TEMPLATES
from render.source.schema import modeline

STARTER = TEMPLATES / "new-talk.yaml"
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class NewError(Exception):
    pass


def starter(name: str, title: str, target: Path) -> str:
    """The starter source's text for a talk called `name`, to be written at `target`."""
    text = STARTER.read_text(encoding="utf-8")
    # A JSON string is a valid YAML double-quoted string: any title stays one line of text.
    return modeline(target) + text.replace("{{ name }}", name).replace("{{ title }}", json.dumps(title))


def create(name: str, folder: Path, title: str | None = None) -> Path:
    """Write `folder/NAME.yaml` and the talk's assets folder `folder/NAME/`; never overwrite."""
    if not NAME.match(name):
        raise NewError(
            f"'{name}' cannot name a talk; use lower-case letters, digits, - or _ (e.g. ipt-2025), "
            "since it becomes the file names of the outputs"
        )
    target = folder / f"{name}.yaml"
    if target.exists():
        raise NewError(f"{target} already exists; choose another name or delete it first")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).mkdir(exist_ok=True)  # images and reference files of this talk
    target.write_text(starter(name, title or name.replace("-", " ").replace("_", " ").title(), target), "utf-8")
    return target
