"""The peer's input: one podium source written as the four Markdown files pandoc needs.

    .venv/bin/python bench/peer_markdown.py SOURCE OUTDIR

A fair comparison gives pandoc the same content podium renders, read from the same
YAML through podium's own loader: the deck (every slide with its speaker notes), the
handout (cover, every slide with its notes, the numbered references with their
annotations, the resources), the quiz sheet and its answer key (the correct option
and the rationale). Citations become the same superscript numbers podium prints.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from render.source.cite import bibliography  # noqa: E402 - after the path is set
from render.source.load import load  # noqa: E402
from render.source.model import Bullet, Slide, Source  # noqa: E402
from render.source.resolved import numbering  # noqa: E402
from render.source.text import CITATION  # noqa: E402

LETTERS = "ABCDEFGHIJ"


def _cited(text: str, numbers: dict[str, int]) -> str:
    """`[@a; @b]` -> `^1,2^`, as podium's superscripts."""

    def number(match: object) -> str:
        keys = [k.strip().lstrip("@") for k in match.group(1).split(";")]  # type: ignore[attr-defined]
        return "^" + ",".join(str(numbers[k]) for k in keys if k in numbers) + "^"

    return CITATION.sub(number, text)


def _bullets(bullets: list[Bullet], numbers: dict[str, int]) -> list[str]:
    lines = []
    for b in bullets:
        lines.append(f"- {_cited(b.text, numbers)}")
        lines += [f"    - {_cited(s, numbers)}" for s in b.sub]
    return lines


def _body(slide: Slide, numbers: dict[str, int]) -> list[str]:
    """What the slide itself shows, in Markdown."""
    out: list[str] = []
    if slide.subtitle:
        out += [_cited(slide.subtitle, numbers), ""]
    if slide.bullets:
        out += [*_bullets(slide.bullets, numbers), ""]
    for column in (slide.left, slide.right):
        if column:
            if column.heading:
                out += [f"**{_cited(column.heading, numbers)}**", ""]
            out += [*_bullets(column.bullets, numbers), ""]
    if slide.quote:
        attribution = f" --- {slide.quote.attribution}" if slide.quote.attribution else ""
        out += [f"> {_cited(slide.quote.text, numbers)}{attribution}", ""]
    if slide.table:
        out += ["| " + " | ".join(slide.table.header) + " |", "|" + "---|" * len(slide.table.header)]
        out += ["| " + " | ".join(row) + " |" for row in slide.table.rows] + [""]
    if slide.image and slide.image.alt:
        out += [f"*{slide.image.alt}*", ""]
    if slide.cite:
        out += ["^" + ",".join(str(numbers[k]) for k in slide.cite) + "^", ""]
    return out


def _references(source: Source) -> list[str]:
    out = []
    for entry in bibliography(source, numbering(source)):
        out.append(f"{entry.number}. {entry.text}")
        out += [f"\n    {paragraph}" for paragraph in entry.reference.annotation]
    if source.resources:
        out += ["", "## Resources", ""]
        out += [f"- [{r.title}]({r.url})" if r.url else f"- {r.title}" for r in source.resources]
    return out


def markdown(source: Source) -> dict[str, str]:
    """Kind (deck, handout, quiz, key) -> its Markdown."""
    numbers = numbering(source)
    talk = source.talk
    header = [f"% {talk.title}", f"% {talk.presenter.name if talk.presenter and talk.presenter.name else ''}"]
    header += [f"% {talk.date or ''}", ""]
    deck, handout = list(header), list(header)
    if talk.subtitle:
        handout += [talk.subtitle, ""]
    if talk.event:
        handout += [talk.event, ""]
    if talk.objectives:
        handout += ["## Learning objectives", "", *[f"- {_cited(o.text, numbers)}" for o in talk.objectives], ""]
    handout += [*talk.disclosures, ""]
    for n, slide in enumerate(source.slides, 1):
        title = _cited(slide.title, numbers)
        notes = [_cited(p, numbers) for p in slide.notes]
        if slide.layout == "references":
            deck += [f"## {title}", "", *_references(source), ""]
            handout += [f"## {n}. {title}", "", *_references(source), ""]
            continue
        deck += [f"## {title}", "", *_body(slide, numbers)]
        if notes:
            deck += ["::: notes", *[f"{p}\n" for p in notes], ":::", ""]
        handout += [f"## {n}. {title}", "", *_body(slide, numbers), *[f"{p}\n" for p in notes]]
    quiz, key = [], []
    if source.quiz:
        quiz = [f"% {source.quiz.title}", "", "Name: ______  Date: ______", ""]
        if source.quiz.instructions:
            quiz += [source.quiz.instructions, ""]
        key = [f"% {source.quiz.title}: answer key", "", "ANSWER KEY --- not for distribution", ""]
        for i, q in enumerate(source.quiz.questions, 1):
            options = [("A", "True"), ("B", "False")] if q.type == "true-false" else []
            options = options or [(LETTERS[o], opt.text) for o, opt in enumerate(q.options)]
            stem = _cited(q.stem, numbers)
            quiz += [f"{i}. {stem}", "", *[f"    {letter}. {text}" for letter, text in options], ""]
            if q.type == "short-answer":
                quiz += ["    ______________________________", ""] * q.lines
            answers = set(q.answers or [])
            marked = [f"    **{x}. {text}**" if x in answers else f"    {x}. {text}" for x, text in options]
            key += [f"{i}. {stem}", "", *marked, ""]
            if q.model_answer:
                key += [f"    Model answer: {q.model_answer}", ""]
            if q.rationale:
                key += [f"    Rationale: {_cited(q.rationale, numbers)}", ""]
    return {"deck": "\n".join(deck), "handout": "\n".join(handout), "quiz": "\n".join(quiz), "key": "\n".join(key)}


def write_markdown(source_path: Path, out: Path) -> None:
    """deck.md, handout.md, quiz.md and key.md in `out`."""
    out.mkdir(parents=True, exist_ok=True)
    for kind, text in markdown(load(source_path)).items():
        (out / f"{kind}.md").write_text(text + "\n", encoding="utf-8")


def main() -> None:
    write_markdown(Path(sys.argv[1]), Path(sys.argv[2]))


if __name__ == "__main__":
    main()
