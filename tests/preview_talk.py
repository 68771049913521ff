"""A small talk for the preview's tests: 12 slides (one with a picture), notes of known length, a quiz.

Written here, in the shape a presenter writes, so the tests know independently of podium
what the page must show: each slide's title, each slide's number of note words, the line
a quiz warning belongs to.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

TITLES = [
    "Sleep in Hospital Medicine",
    "Why Sleep Matters on the Ward",
    "How Much Sleep Patients Get",
    "Noise at Night",
    "Light and the Body Clock",
    "Sedatives and Falls",
    "A Quiet-Night Bundle",
    "What the Bundle Changed",
    "The Night Round",
    "Talking with Patients",
    "What to Try Next Week",
    "References",
]
# Notes of a known number of words (citation numbers are not words a presenter says).
NOTE_WORDS = {1: 65, 3: 130, 5: 26}


def notes(count: int) -> str:
    words = ("patients sleep poorly in hospital and light noise and checks wake them " * 20).split()
    return " ".join(words[:count]) + "."


def write_talk(folder: Path, name: str = "demo") -> Path:
    """Write `folder/NAME.yaml` and its picture `folder/NAME/ward.png`; return the source's path."""
    (folder / name).mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (320, 180), (40, 90, 140)).save(folder / name / "ward.png")
    out = ["talk:", f"  title: {TITLES[0]}", "slides:", "  - id: s0", "    layout: title", f"    title: {TITLES[0]}"]
    for i, title in enumerate(TITLES[1:-1], start=1):
        out += [f"  - id: s{i}", f"    title: {title}"]
        if i == 6:
            out += ["    layout: image", "    image:", f"      path: {name}/ward.png"]
            out += ["      alt: A hospital ward at night"]
        else:
            out += ["    bullets:", f"      - The first point about {title.lower()}", "      - A second point [@one]"]
        if i in NOTE_WORDS:
            out += ["    notes: |", f"      {notes(NOTE_WORDS[i])}"]
    out += [f"  - id: s{len(TITLES) - 1}", "    layout: references", f"    title: {TITLES[-1]}"]
    out += [
        "references:",
        "  - id: one",
        "    type: article",
        "    authors: [{family: Night, given: A}]",
        "    title: Sleep on the ward",
        "    container: Journal of Ward Studies",
        "    year: 2020",
        "quiz:",
        "  title: Sleep Quiz",
        "  questions:",
        "    - id: noise",
        "      stem: Which of these does NOT wake patients at night?",  # negative-stem
        "      options: [Alarms, Vital-sign checks, Closed doors, Phone calls]",
        "      answer: C",
        "    - id: light",
        "      stem: Which light at night shifts the body clock most?",
        "      options: [Blue light, Red light, Candlelight, Moonlight]",
        "      answer: A",
    ]
    path = folder / f"{name}.yaml"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line holding `text` (how an author finds it in the editor)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} is not in {path}")


def save(path: Path, text: str) -> None:
    """Save as editors do who write a new file and rename it over the old one."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
