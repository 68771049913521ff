"""The deck's accessibility report: PowerPoint's Accessibility Checker rules, as warnings with file:line.

Pure: it reads the slide plans (what the deck will say, at which sizes, on which layouts), the
template's colours (render/deck/colours.py) and where each field stands in the source. Warnings
never stop a build. The rules, after Microsoft's "Rules for the Accessibility Checker" and WCAG 2.1:

- picture-alt: a picture without alt text that is not marked decorative
- untitled: a slide whose title is a stand-in ("Slide 4", "Untitled")
- repeated-title: two slides with the same title (screen-reader users navigate by titles)
- table-header: a table without a header row
- contrast: text against what lies behind it on its layout, below 4.5:1 (3:1 for large text:
  18 pt and up, or 14 pt bold) — titles, body text and links
- link-text: a link whose text says nothing of where it goes ("click here", a bare address)
- small-text: body text below 18 pt (footers, date, slide number and picture credits are exempt)

Reading order and language are not warnings: the deck writer puts each slide's title first in
its shape tree and writes `talk.language` on every run, so there is nothing left to report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from render.deck.colours import Ink, LayoutColours, contrast
from render.deck.plan import SlidePlan
from render.quiz.lint import Finding
from render.source.load import Located
from render.source.text import Run

LARGE = 18  # points: WCAG's large text (or 14 pt bold)
LARGE_BOLD = 14
NORMAL_RATIO, LARGE_RATIO = 4.5, 3.0
SMALLEST = 18  # points: the smallest body text a room can read (Microsoft's guidance for slides)

RULES: dict[str, str] = {
    "picture-alt": "picture has no alt text; say what it shows in 'alt:', or mark it 'decorative: true'",
    "untitled": "the slide has no real title; screen-reader users find slides by their titles",
    "repeated-title": "two slides share a title; give each a title of its own",
    "table-header": "the table has no header row; screen readers name each cell by its column's header",
    "contrast": "text too faint against what lies behind it",
    "link-text": "the link's text does not say where it goes",
    "small-text": "body text below 18 pt",
}

_STAND_IN = re.compile(r"^(slide\s*\d*|untitled(\s+slide)?|title|click to add title|new slide)$", re.IGNORECASE)
_VAGUE = {"click here", "here", "click", "link", "this link", "read more", "more", "this", "go", "website", "url"}
_ADDRESS = re.compile(r"^(https?://|www\.|mailto:)\S+$", re.IGNORECASE)


def report(located: Located, plans: Sequence[SlidePlan], colours: dict[str, LayoutColours]) -> list[Finding]:
    """Every accessibility warning for the deck these plans make, in slide order."""
    source = located.source
    found: list[Finding] = []

    def warn(path: tuple[str | int, ...], item: str, rule: str, detail: str = "") -> None:
        line, column = located.at(path)
        text = RULES[rule] + (f": {detail}" if detail else "")
        found.append(Finding(located.file, line, column, _field(path), item, rule, text))

    seen_titles: dict[str, int] = {}
    for index, slide in enumerate(source.slides):
        at = ("slides", index)
        if slide.image and not slide.image.decorative and not (slide.image.alt or "").strip():
            warn((*at, "image"), slide.id, "picture-alt", slide.image.path)
        title = " ".join(slide.title.split())
        if _STAND_IN.match(title):
            warn((*at, "title"), slide.id, "untitled", f"'{title}'")
        key = title.casefold()
        if key in seen_titles:
            warn((*at, "title"), slide.id, "repeated-title", f"'{title}' is also slide {seen_titles[key]}'s title")
        else:
            seen_titles[key] = _number(plans, index)

    # What the plans say: sizes, tables, links, and the colours of the layouts they use. A template's
    # colour fails on every slide of its layout: one warning per layout and role, naming the slides.
    faint: dict[tuple[str, str], _Faint] = {}
    for number, plan in enumerate(plans, start=1):
        index = plan.source_index
        slide = source.slides[index] if index >= 0 else None
        at: tuple[str | int, ...] = ("slides", index) if slide else ("quiz",)
        item = slide.id if slide else f"slide {number}"
        first_part = slide is None or _first(plans, number - 1)
        if plan.table is not None and first_part and not any(_text(cell).strip() for cell in plan.table.header):
            warn((*at, "table"), item, "table-header")
        sizes = [size for text in plan.texts if text.paras for size in _used_sizes(text)]
        if slide and slide.image and slide.image.credit:
            sizes = []  # the text box holds the picture's credit line, exempt
        if plan.table is not None:
            sizes.append(plan.table.size)
        if sizes and min(sizes) < SMALLEST and first_part:
            warn(at, item, "small-text", f"{min(sizes)} pt on slide {number}")
        runs = [run for text in plan.texts for para in text.paras for run in para.runs] + list(plan.title)
        # A reference's address is the reference itself (WCAG 2.4.4 allows it in a citation).
        if first_part and not (slide and slide.layout == "references"):
            for run in runs:
                if run.href and _vague(run):
                    warn(at, item, "link-text", f"'{run.text.strip()}' on slide {number}; name the page instead")
        layout = colours.get(plan.layout)
        if layout is None:
            continue
        checks: list[tuple[str, Ink | None, str | None, int, bool]] = [
            ("title", layout.title, None, plan.title_size, True)
        ]
        if sizes and layout.body is not None:
            checks.append(("body text", layout.body, None, min(sizes), False))
            if any(run.href for run in runs):
                checks.append(("links", layout.body, layout.link, min(sizes), False))
        for role, ink, override, size, bold in checks:
            if ink is None or not ink.behind:
                continue
            text = override or ink.text
            needed = LARGE_RATIO if size >= LARGE or (bold and size >= LARGE_BOLD) else NORMAL_RATIO
            worst = min(ink.behind, key=lambda b, text=text: contrast(text, b))
            ratio = contrast(text, worst)
            if ratio < needed:
                key = (plan.layout, role)
                if key not in faint:
                    what = f"{text} on {worst} ({ink.what[ink.behind.index(worst)]})"
                    faint[key] = _Faint(ratio, needed, what, at, item, [])
                faint[key].slides.append(number)

    for (layout_name, role), f in faint.items():
        many = "s" if len(f.slides) > 1 else ""
        detail = (
            f"{role} on layout '{layout_name}' is {f.ratio:.1f}:1, needs {f.needed:g}:1 ({f.what}); "
            f"slide{many} {', '.join(map(str, f.slides))}. The template's colours decide this: "
            "choose another template or change its theme colours"
        )
        warn(f.at, f.item, "contrast", detail)
    return sorted(found, key=lambda w: (w.line, w.column, w.rule))


@dataclass
class _Faint:
    ratio: float
    needed: float
    what: str  # "#aaaaaa on #ffffff (the master's background)"
    at: tuple[str | int, ...]  # the first slide it shows on
    item: str
    slides: list[int]


def _first(plans: Sequence[SlidePlan], i: int) -> bool:
    """Whether plan i is the first slide made from its source slide (not a "(cont.)")."""
    return i == 0 or plans[i - 1].source_index != plans[i].source_index


def _number(plans: Sequence[SlidePlan], index: int) -> int:
    return next((n for n, p in enumerate(plans, start=1) if p.source_index == index), index + 1)


def _used_sizes(text: object) -> list[int]:
    levels = {para.level for para in text.paras}  # type: ignore[attr-defined]
    return [text.sizes[min(level, 1)] for level in levels]  # type: ignore[attr-defined]


def _text(runs: Sequence[Run]) -> str:
    return "".join(r.text for r in runs)


def _vague(run: Run) -> bool:
    words = " ".join(run.text.split()).strip(" .:;,!").casefold()
    return words in _VAGUE or bool(_ADDRESS.match(words)) or words == (run.href or "").casefold()


def _field(path: tuple[str | int, ...]) -> str:
    from render.errors import format_path

    return format_path(path)
