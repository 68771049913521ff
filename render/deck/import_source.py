"""`podium import`, writing: an imported deck -> a source that builds, its pictures, and the report.

Each deck slide becomes one source slide (content, image, image-text, table or
chart, as it holds), and its further pictures, tables and charts slides of
their own after it. The source is then planned with the deck's own fitter
(`render.deck.plan`) and what does not fit is repaired, saying so: a long
sub-list continues as a "(cont.)" bullet, a long title moves in full to the
notes, a long table continues on a second slide. The report (printed, and
kept as comments in the source) names per slide what could not come, with
totals at the end. Nothing is written until everything is ready: the source
and pictures are made in a temporary folder, then moved into place; on any
failure nothing is left behind. Nothing is written through a symbolic link,
nor over an existing file without `force`.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from render.deck.importer import BREAK, DeckError, ImportedDeck, ImportedSlide, read_deck

# What becomes of the text of things that cannot come as themselves.
KEPT = {"equation": "kept as plain text", "SmartArt diagram": "text kept in the notes"}
MAX_ROUNDS = 40  # repairs; each round mends every slide the planner names


@dataclass
class Draft:
    """One source slide being made, as plain data (dumped to YAML at the end)."""

    origin: int  # the deck slide it comes from
    fields: dict[str, object]
    comments: list[str] = field(default_factory=list)


@dataclass
class Report:
    lines: list[tuple[int, str]] = field(default_factory=list)  # (deck slide, what happened)
    counts: Counter[str] = field(default_factory=Counter)
    losses: dict[str, list[int]] = field(default_factory=dict)  # what could not come -> deck slides

    def add(self, slide: int, text: str) -> None:
        self.lines.append((slide, text))

    def lost(self, slide: int, what: str) -> None:
        self.losses.setdefault(what, []).append(slide)

    def totals(self, slides: int, hidden: int) -> str:
        c = self.counts
        parts = [f"{slides} slides" + (f" ({hidden} hidden, kept hidden)" if hidden else "")]
        parts.append(f"{c['pictures kept']} of {c['pictures']} pictures")
        parts.append(f"{c['tables kept']} of {c['tables']} tables")
        parts.append(f"{c['charts kept']} of {c['charts']} charts")
        text = "; ".join([", ".join(parts[:1]), ", ".join(parts[1:])])
        if self.losses:
            lost = []
            for what, where in sorted(self.losses.items()):
                n = len(where)
                numbers = ", ".join(str(s) for s in sorted(set(where))[:12]) + (", …" if len(set(where)) > 12 else "")
                kept = f", {KEPT[what]}" if what in KEPT else ""
                lost.append(f"{n} {_plural(what, n)}{kept} ({'slide' if len(set(where)) == 1 else 'slides'} {numbers})")
            text += "; not carried: " + ", ".join(lost)
        if c["no alt"]:
            need = "picture needs" if c["no alt"] == 1 else "pictures need"
            text += f"; {c['no alt']} {need} alt text (or decorative: true)"
        return text

    def text(self, slides: int, hidden: int) -> list[str]:
        ordered = sorted(self.lines, key=lambda line: line[0])  # repairs come later; the report goes by slide
        return [f"slide {n}: {t}" for n, t in ordered] + [self.totals(slides, hidden)]


def _plural(what: str, n: int) -> str:
    if n == 1:
        return what
    head, _, tail = what.partition(" (")
    head = head + ("es" if head.endswith("x") else "s")
    return f"{head} ({tail}" if tail else head


def drafts(deck: ImportedDeck, name: str) -> tuple[list[Draft], dict[str, bytes], Report]:
    """The source slides, the picture files (paths relative to the source) and the report so far."""
    report = Report()
    files: dict[str, bytes] = {}
    used: set[str] = set()
    out: list[Draft] = []
    for slide in deck.slides:
        out.extend(_slide_drafts(slide, name, files, used, report))
    return out, files, report


def _slide_drafts(
    slide: ImportedSlide, name: str, files: dict[str, bytes], used: set[str], report: Report
) -> list[Draft]:
    n = slide.number
    counts = report.counts
    counts["pictures"] += len(slide.pictures) + len(slide.skipped)
    counts["tables"] += len(slide.tables)
    counts["charts"] += len(slide.charts)
    if slide.hidden:
        counts["hidden"] += 1
    for what in slide.losses:
        report.lost(n, what)
    for what in slide.skipped_shapes:
        report.add(n, f"not carried: a damaged shape, {what}")
    for why in slide.skipped:
        report.add(n, f"not carried: {why}")
        report.lost(n, "picture")  # the slide's line says why (unreadable, EMF, too large)
    if not slide.has_title:
        report.add(n, f"no title found; called '{slide.title}': give it a real one")
    elif slide.title_from_text_box:
        report.add(n, "title taken from a text box (the slide has no title placeholder)")
    notes = list(slide.notes) + slide.kept
    if slide.labels:
        notes.append("Labels on this slide's diagram or shapes: " + "; ".join(slide.labels))
        report.add(n, f"{len(slide.labels)} labels of shapes or groups kept in the notes, not made into bullets")
    for text in slide.kept:
        report.add(n, f"{text.split(':')[0]} text kept in the notes")
    bullets = _bullets(slide.bullets)
    main: dict[str, object] = {"id": _unique_id(slide.title if slide.has_title else f"slide-{n}", used)}
    layout = slide.layout
    if layout in ("title", "section") and bullets:
        layout = "content"  # a title or section slide of ours shows no bullets: keep them on a content slide
    pictures, tables, charts = list(slide.pictures), list(slide.tables), list(slide.charts)
    image = table = chart = None
    if layout == "content":
        if pictures and bullets:
            layout, image = "image-text", pictures.pop(0)
        elif pictures:
            layout, image = "image", pictures.pop(0)
        elif tables and not bullets:
            layout, table = "table", tables.pop(0)
        elif charts and not bullets:
            layout, chart = "chart", charts.pop(0)
    if layout != "content":
        main["layout"] = layout
    main["title"] = slide.title
    if slide.subtitle and layout in ("title", "section"):
        main["subtitle"] = slide.subtitle
    elif slide.subtitle:
        bullets.insert(0, slide.subtitle)
    if bullets and layout not in ("image", "table", "chart"):
        main["bullets"] = bullets
    if slide.hidden:
        main["hidden"] = True
    first = Draft(n, main)
    out = [first]
    if image is not None:
        main["image"] = _image(image, n, 1, name, files, report, first)
    if table is not None:
        main["table"] = _table(table, report)
    if chart is not None:
        main["chart"] = _chart(chart, n, report)
    extra = 1 if image is not None else 0
    for kind, items in (("picture", pictures), ("table", tables), ("chart", charts)):
        for k, item in enumerate(items, start=1):
            label = f" ({kind} {k + (extra if kind == 'picture' else 0)})" if len(items) > 1 or extra else f" ({kind})"
            more: dict[str, object] = {"id": _unique_id(f"{main['id']}-{kind}", used)}
            more["layout"] = {"picture": "image"}.get(kind, kind)
            more["title"] = slide.title + label
            if slide.hidden:
                more["hidden"] = True
            draft = Draft(n, more)
            if kind == "picture":
                more["image"] = _image(item, n, k + extra, name, files, report, draft)  # type: ignore[arg-type]
            elif kind == "table":
                more["table"] = _table(item, report)  # type: ignore[arg-type]
            else:
                more["chart"] = _chart(item, n, report)  # type: ignore[arg-type]
            out.append(draft)
        if items:
            report.add(n, f"{len(items)} more {kind}{'s' if len(items) > 1 else ''} on slides of their own after it")
    if notes:
        main["notes"] = notes
    if not slide.has_title:
        first.comments.append(f"slide {n} had no title")
    return out


def _image(picture: object, n: int, k: int, name: str, files: dict[str, bytes], report: Report, draft: Draft) -> dict:
    path = f"{name}/slide-{n:02d}-{k}.{picture.ext}"  # type: ignore[attr-defined]
    files[path] = picture.data  # type: ignore[attr-defined]
    report.counts["pictures kept"] += 1
    image: dict[str, object] = {"path": path}
    if picture.alt:  # type: ignore[attr-defined]
        image["alt"] = picture.alt  # type: ignore[attr-defined]
    elif picture.decorative:  # type: ignore[attr-defined]
        image["decorative"] = True
    else:
        report.counts["no alt"] += 1
        report.add(n, f"picture {path} has no alt text: add 'alt:' (or 'decorative: true')")
        draft.comments.append(f"picture {path} needs alt text (or decorative: true)")
    return image


def _table(rows: list[list[str]], report: Report) -> dict:
    report.counts["tables kept"] += 1
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    body = rows[1:] or [[""] * width]
    return {"header": _flow(rows[0]), "rows": [_flow(r) for r in body]}


def _chart(chart: object, n: int, report: Report) -> dict:
    report.counts["charts kept"] += 1
    for change in chart.changes:  # type: ignore[attr-defined]
        report.add(n, f"chart: {change}")
    return {
        "type": chart.kind,  # type: ignore[attr-defined]
        "categories": _flow(list(chart.categories)),  # type: ignore[attr-defined]
        "series": [{"name": s, "values": _flow([_number(x) for x in v])} for s, v in chart.series],  # type: ignore[attr-defined]
        "alt": chart.alt,  # type: ignore[attr-defined]
    }


def _number(value: float) -> float | int:
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def _flow(items: list) -> object:
    """A list written on one line ([a, b, c]), as authors write short lists."""
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _bullets(paragraphs: list[tuple[int, str]]) -> list[object]:
    out: list[dict[str, object]] = []
    for level, text in paragraphs:
        if level > 0 and out:
            out[-1].setdefault("sub", []).append(text)  # type: ignore[union-attr]
        else:
            out.append({"text": text})
    return [b["text"] if "sub" not in b else b for b in out]


def _unique_id(text: str, used: set[str]) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    kept: list[str] = []
    for word in words:  # whole words, up to about 40 characters
        if kept and len("-".join([*kept, word])) > 40:
            break
        kept.append(word)
    base = "-".join(kept) or "slide"
    if not base[0].isalpha():
        base = f"slide-{base}"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


def source_text(talk_title: str, slides: list[Draft], header: str) -> str:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    items = CommentedSeq()
    for draft in slides:
        item = CommentedMap()
        for key, value in draft.fields.items():
            if key == "notes":
                item[key] = LiteralScalarString("\n\n".join(value) + "\n")  # type: ignore[arg-type]
            else:
                item[key] = value
        if draft.comments:
            item.yaml_set_comment_before_after_key("title", before="\n".join(draft.comments), indent=4)
        items.append(item)
    root = CommentedMap()
    root["talk"] = CommentedMap(title=talk_title)
    root["slides"] = items
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 4096  # never fold a line of text
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.ignore_aliases = lambda data: True  # a list used twice is written twice, never as an alias
    out = io.StringIO()
    yaml.dump(root, out)
    return header + out.getvalue()


def _talk_title(deck: ImportedDeck, slides: list[Draft], name: str) -> str:
    # A title slide names the talk; document properties often hold a tool's default ("PowerPoint Presentation").
    first = next((s for s in deck.slides if s.layout == "title" and s.has_title), None)
    title = first.title if first else deck.title or next((s.title for s in deck.slides if s.has_title), name)
    title = title.replace(BREAK, " ")
    return title if len(title) <= 255 else title[:254].rsplit(" ", 1)[0] + "…"


# --- making it build ---------------------------------------------------------------------


def _problems(text: str, staged: Path) -> list[object]:
    """Every slide the planner cannot lay out (PlanError), for the default template."""
    from render.deck import template
    from render.deck.plan import PlanError, needed_layouts, plan_deck
    from render.source.load import parse
    from render.source.resolved import resolve

    source = parse(text, str(staged / "imported.yaml"), staged)
    deck_template = template.read(template.TEMPLATE, None, needed_layouts(source))
    try:
        plan_deck(source, deck_template, [], resolve(source))
    except PlanError as exc:
        return list(getattr(exc, "every", None) or [exc])
    return []


def _repair(slides: list[Draft], index: int, kind: str, report: Report, used: set[str], last: bool) -> None:
    draft = slides[index]
    f = draft.fields
    n = draft.origin
    if last:  # nothing else helped: keep every word, in the notes
        words = [str(f.get("title", ""))] + [b if isinstance(b, str) else b["text"] for b in f.get("bullets", [])]
        f["notes"] = [*f.get("notes", []), "Text of this slide in the original deck: " + " / ".join(words)]  # type: ignore[list-item]
        f["title"] = f"Slide {n}"
        f.pop("bullets", None)
        f.pop("subtitle", None)
        if f.get("layout") == "image-text":
            f["layout"] = "image"
        elif f.get("layout") in ("title", "section"):
            del f["layout"]
        report.add(n, "the slide could not be laid out; its text is in the notes")
        return
    if kind == "title":
        title = str(f["title"])
        flat = title.replace(BREAK, " ")
        if flat != title:
            f["title"] = flat
            report.add(n, "a title of several lines did not fit; its lines are joined")
            return
        words = flat.split(" ")
        f["title"] = " ".join(words[: max(1, len(words) * 2 // 3)]) + " …"
        if not any(str(p).startswith("Title in full:") for p in f.get("notes", [])):  # type: ignore[union-attr]
            f["notes"] = [f"Title in full: {flat}", *f.get("notes", [])]  # type: ignore[misc]
            report.add(n, "the title was too long for the slide; shortened, and kept in full in the notes")
        return
    if kind == "table":
        table = f["table"]
        rows = table["rows"]  # type: ignore[index]
        if len(rows) >= 2:
            half = len(rows) // 2
            table["rows"] = rows[:half]  # type: ignore[index]
            more = {k: v for k, v in f.items() if k not in ("id", "notes", "table", "title")}
            more = {"id": _unique_id(f"{f['id']}-cont", used), **more}
            more["title"] = str(f["title"]).removesuffix(" (cont.)") + " (cont.)"
            more["table"] = {"header": table["header"], "rows": rows[half:]}  # type: ignore[index]
            table["rows"] = rows[:half]  # type: ignore[index]
            slides.insert(index + 1, Draft(n, more))
            report.add(n, "a long table continues on the next slide")
            return
        cells = [" | ".join(table["header"])] + [" | ".join(r) for r in rows]  # type: ignore[index]
        f["notes"] = [*f.get("notes", []), "Table: " + " / ".join(cells)]  # type: ignore[list-item]
        f["table"] = {"header": [_short(c) for c in table["header"]], "rows": [[_short(c) for c in r] for r in rows]}  # type: ignore[index]
        report.add(n, "a table's cells were too long for the slide; shortened, and kept in full in the notes")
        return
    bullets = f.get("bullets")
    if kind == "item" and bullets:
        with_subs = [i for i, b in enumerate(bullets) if isinstance(b, dict) and len(b.get("sub", [])) >= 2]  # type: ignore[union-attr, arg-type]
        if with_subs:
            i = max(with_subs, key=lambda j: len(bullets[j]["sub"]))  # type: ignore[index]
            sub = bullets[i]["sub"]  # type: ignore[index]
            half = len(sub) // 2
            text = str(bullets[i]["text"]).removesuffix(" (cont.)")  # type: ignore[index]
            bullets[i] = {"text": bullets[i]["text"], "sub": sub[:half]}  # type: ignore[index]
            bullets.insert(i + 1, {"text": f"{text} (cont.)", "sub": sub[half:]})  # type: ignore[union-attr]
            report.add(n, f"a bullet with {len(sub)} sub-bullets continues as '{text} (cont.)'")
            return
        i = max(range(len(bullets)), key=lambda j: len(str(bullets[j])))  # type: ignore[arg-type]
        whole = bullets[i]  # type: ignore[index]
        text = whole if isinstance(whole, str) else whole["text"]
        subs = [] if isinstance(whole, str) else whole.get("sub", [])
        f["notes"] = [*f.get("notes", []), " ".join([str(text), *subs])]  # type: ignore[list-item]
        short = " ".join(str(text).replace(BREAK, " ").split(" ")[:20]) + " …"
        bullets[i] = short  # type: ignore[index]
        report.add(n, "a bullet too long for a slide was shortened; it is in full in the notes")
        return
    # A box of fixed size (a title slide's subtitle, a picture's credit): its text goes to the notes.
    for key in ("subtitle", "bullets"):
        if key in f:
            value = f.pop(key)
            texts = [value] if isinstance(value, str) else [b if isinstance(b, str) else b["text"] for b in value]  # type: ignore[union-attr]
            f["notes"] = [*f.get("notes", []), *map(str, texts)]  # type: ignore[list-item]
            if f.get("layout") == "image-text":
                f["layout"] = "image"
            report.add(n, f"the slide's {key} did not fit its box; moved to the notes")
            return
    _repair(slides, index, kind, report, used, last=True)


def _short(cell: str) -> str:
    """A cell's first words as plain text (cutting Markdown mid-way would show its marks)."""
    plain = re.sub(r"\\(.)", r"\1", re.sub(r"(?<!\\)[*_~^`]", "", cell)).replace(BREAK, " ")
    return plain if len(plain) <= 40 else plain[:40].rsplit(" ", 1)[0] + " …"


def buildable(talk_title: str, slides: list[Draft], header: str, staged: Path, report: Report) -> str:
    """The source text, once the deck's fitter lays out every slide (repairing those it cannot)."""
    used = {str(d.fields["id"]) for d in slides}
    tried: Counter[int] = Counter()
    for _ in range(MAX_ROUNDS):
        text = source_text(talk_title, slides, header)
        failing = _problems(text, staged)
        if not failing:
            return text
        # From the last slide back, so that slides a repair inserts do not shift those still to mend.
        for problem in sorted(failing, key=lambda p: -int(p.path[1]) if p.path else 0):  # type: ignore[attr-defined]
            path = problem.path  # type: ignore[attr-defined]
            if not path or path[0] != "slides":
                raise DeckError(f"the imported source cannot be laid out: {problem}")
            index = int(path[1])
            key = id(slides[index])
            tried[key] += 1
            _repair(slides, index, problem.kind, report, used, last=tried[key] > 8)  # type: ignore[attr-defined]
    raise DeckError("the imported source could not be made to fit the slides")


# --- all or nothing ----------------------------------------------------------------------


def import_deck(pptx: Path, folder: Path, name: str, header: str, force: bool = False) -> tuple[Path, list[str]]:
    """Write `folder/NAME.yaml` and its pictures into `folder/NAME/`; return the path and the report.

    DeckError (nothing written) for a file that cannot be imported or a target that may not be written."""
    target = folder / f"{name}.yaml"
    pictures = folder / name
    for path in (folder, target, pictures):
        if path.is_symlink():
            raise DeckError(f"{path} is a symbolic link; podium import writes nothing through one")
    if target.exists() and not force:
        raise DeckError(f"{target} already exists; give another --name, or --force to replace it")
    from render.source import paths

    try:
        # A regular file within its size (never a pipe or a device); read_deck checks what kind of
        # file it is and the zip's limits before python-pptx reads any part of it.
        data = paths.read_regular(pptx, paths.IMPORTED, f"'{pptx}'")
    except paths.PathRefused as exc:
        raise DeckError(str(exc)) from None
    except OSError as exc:
        raise DeckError(f"{pptx}: the file cannot be read ({exc.strerror})") from None
    try:
        deck = read_deck(data, str(pptx))
    except DeckError:
        raise
    except Exception as exc:  # python-pptx and lxml fail in many ways on a damaged part
        raise DeckError(f"{pptx}: the deck is damaged and cannot be read ({type(exc).__name__}: {exc})") from None
    slides, files, report = drafts(deck, name)
    for relative in files:
        final = folder / relative
        if final.is_symlink():
            raise DeckError(f"{final} is a symbolic link; podium import writes nothing through one")
        if final.exists() and not force:
            raise DeckError(f"{final} already exists; give another --name, or --force to replace it")
    talk_title = _talk_title(deck, slides, name)
    staging = Path(tempfile.mkdtemp(prefix="podium-import-"))
    try:
        for relative, blob in files.items():
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            (staging / relative).write_bytes(blob)
        hidden = sum(1 for s in deck.slides if s.hidden)
        lines = report  # the repairs below add to it
        text = buildable(talk_title, slides, header, staging, lines)
        summary = lines.text(len(deck.slides), hidden)
        block = "".join(f"# {line}\n" for line in ["Import report:", *summary])
        final_text = text.replace(header, header + block, 1)
        _publish(final_text, files, staging, target, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target, summary


def _publish(text: str, files: dict[str, bytes], staging: Path, target: Path, folder: Path) -> None:
    """Move everything into place, the source last; undo what was moved if anything fails."""
    made: list[Path] = []
    created: list[Path] = []
    try:
        for directory in sorted({folder, *((folder / r).parent for r in files)}, key=lambda d: len(d.parts)):
            for step in reversed([directory, *directory.parents]):
                if not step.exists():
                    step.mkdir()
                    created.append(step)
        for relative in files:
            _replace(staging / relative, folder / relative)
            made.append(folder / relative)
        staged = staging / target.name
        staged.write_text(text, encoding="utf-8")
        _replace(staged, target)
    except BaseException:
        for path in made:
            path.unlink(missing_ok=True)
        for directory in reversed(created):
            with contextlib.suppress(OSError):
                directory.rmdir()
        raise


def _replace(source: Path, final: Path) -> None:
    # A temporary name beside the final one, then a rename: never a half-written file in place.
    temporary = final.with_name(f".{final.name}.import.tmp")
    shutil.copyfile(source, temporary)
    os.replace(temporary, final)
