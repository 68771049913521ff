"""What a deck holds, counted by python-pptx, and how much of it an import-and-build keeps.

Used by tests/test_import_fidelity.py on generated decks, and by hand on real decks:

    .venv/bin/python tests/deck_fidelity.py DECK.pptx [...]     # prints the fidelity table

Each deck is imported (`podium import`) and the source built (`podium build --only deck`)
in a temporary folder; the original and the rebuilt deck are then read alike.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER

ROOT = Path(__file__).resolve().parents[1]
TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
FURNITURE = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.HEADER)
WORD = re.compile(r"\w+")


@dataclass
class Contents:
    slides: int = 0
    hidden: int = 0
    titles: list[str] = field(default_factory=list)
    body: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    pictures: int = 0
    tables: int = 0
    charts: int = 0


def words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in WORD.findall(text))


def read(path: Path) -> Contents:
    out = Contents()
    from render.deck.importer import checked  # a .ppsx opens as a deck, as podium import opens it

    for slide in Presentation(io.BytesIO(checked(path.read_bytes(), str(path)))).slides:
        out.slides += 1
        out.hidden += slide.element.get("show") in ("0", "false")
        title = next((s for s in slide.placeholders if s.placeholder_format.type in TITLES and s.text.strip()), None)
        out.titles.append(" ".join(title.text.split()) if title is not None else "")
        for shape in _all(slide.shapes):
            if title is not None and shape._element is title._element:
                continue
            if shape.is_placeholder and shape.placeholder_format.type in FURNITURE:
                continue
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE or (shape.is_placeholder and _has_image(shape)):
                out.pictures += 1
            if getattr(shape, "has_table", False):
                out.tables += 1
                for row in shape.table.rows:
                    for cell in row.cells:
                        out.body += words(cell.text)
            if getattr(shape, "has_chart", False):
                out.charts += 1
            if shape.has_text_frame:
                out.body += words(shape.text_frame.text)
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            out.notes += words(slide.notes_slide.notes_text_frame.text)
    return out


def _has_image(shape: object) -> bool:
    try:
        shape.image  # type: ignore[attr-defined]  # noqa: B018
    except Exception:  # an empty picture placeholder, or one whose XML lacks its picture
        return False
    return True


def _all(shapes: object) -> list[object]:
    found = []
    for shape in shapes:  # type: ignore[attr-defined]
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            found.extend(_all(shape.shapes))
        else:
            found.append(shape)
    return found


def title_words(contents: Contents) -> Counter[str]:
    return sum((words(t) for t in contents.titles), Counter())


def kept(original: Counter[str], rebuilt: Counter[str]) -> float:
    total = sum(original.values())
    return 1.0 if not total else sum((original & rebuilt).values()) / total


def round_trip(
    deck: Path, work: Path
) -> tuple[Path, subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    podium = [sys.executable, "-m", "render"]
    imported = subprocess.run(
        [*podium, "import", deck, "--name", "imported", "--folder", work], capture_output=True, text=True, cwd=ROOT
    )
    built = subprocess.run(
        [*podium, "build", work / "imported.yaml", "--only", "deck", "--out", work / "out"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return work / "out" / "imported-deck.pptx", imported, built


def row(deck: Path) -> str:
    with tempfile.TemporaryDirectory() as folder:
        rebuilt, imported, built = round_trip(deck, Path(folder))
        if imported.returncode or built.returncode:
            return (
                f"| {deck.name} | import {imported.returncode}, build {built.returncode}: "
                + ((imported.stderr or built.stderr).strip().splitlines() or ["?"])[-1]
                + " |"
            )
        a, b = read(deck), read(rebuilt)
        named = sum(1 for t in a.titles if t)
        titles = sum(1 for t in a.titles if t and any(r.startswith(t[:60]) for r in b.titles))
        found = sum(1 for t in b.titles if t and not t.startswith("Slide "))
        totals = imported.stdout.strip().splitlines()[-1].strip()
        # Words on the slides, titles included: a title found in a text box was body text before.
        on_a, on_b = a.body + title_words(a), b.body + title_words(b)
        anywhere = kept(on_a, on_b + b.notes)
        return (
            f"| {deck.name} | {a.slides} -> {b.slides} ({a.hidden}/{b.hidden} hidden) | {titles}/{named} "
            f"(titled {found}) | {kept(on_a, on_b):.0%} ({anywhere:.0%}) | {kept(a.notes, b.notes):.0%} | "
            f"{b.pictures}/{a.pictures} | {b.tables}/{a.tables} | {b.charts}/{a.charts} | {totals} |"
        )


def main(decks: list[str]) -> None:
    print(
        "| deck | slides (hidden) | titles kept (slides titled) | words on slides (anywhere in deck) | note words | "
        "pictures | tables | charts | import report totals |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for deck in decks:
        print(row(Path(deck)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
