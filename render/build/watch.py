"""`podium watch`: a warm process that re-renders a talk every time its files are saved.

Only the outputs whose part of the source changed are rebuilt: a quiz edit
leaves the deck and handout alone (unless the deck shows quiz slides), a
speaker-notes edit leaves the quiz alone. A save that does not validate prints
its problems and keeps the last good outputs. Everything heavy stays imported
between saves, so a rebuild pays no start-up.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from render.build.outputs import GROUPS
from render.build.pipeline import Options, render
from render.errors import SourceError
from render.source.load import load_located
from render.source.model import Source
from render.source.overrides import Overrides
from render.source.paths import TEMPLATES
from render.source.resolved import Texts, resolve

KEPT = "not rebuilt; the last good outputs are kept."


def parts(source: Source, resolved: Texts | None = None) -> dict[str, str]:
    """A fingerprint of what each output is made from (changes in any other part do not touch it)."""
    dump = source.model_dump(mode="json")
    quiz_on_deck = source.deck.quiz
    talk_title = dump["talk"]["title"]
    uses = {
        "deck": ["talk", "slides", "references", "resources", "bibliography", "template", "deck", "handout", "cme"]
        + (["quiz"] if quiz_on_deck else []),
        "handout": ["talk", "slides", "references", "resources", "bibliography", "template", "deck", "handout", "cme"],
        "quiz": ["quiz"],
        "cme": ["talk", "cme", "handout"],
    }
    # The key names the slides that teach a question (number and title) and the objectives; any text of the
    # quiz may cite a reference, numbered by first citation across the whole talk. Nothing else of the
    # slides reaches the sheet or the key: an edit of a slide no question names leaves the quiz alone.
    named = {sid for q in (source.quiz.questions if source.quiz else []) for sid in q.slides}
    teaching = [(i, s["title"]) for i, s in enumerate(dump["slides"]) if s["id"] in named]
    extra = {"quiz": [talk_title, teaching, dump["talk"]["objectives"], dict((resolved or resolve(source)).numbers)]}
    out = {}
    for kind, keys in uses.items():
        chosen = [dump.get(k) for k in keys] + extra.get(kind, [])
        out[kind] = hashlib.sha256(json.dumps(chosen, sort_keys=True).encode()).hexdigest()
    return out


def rebuild(
    source_path: Path,
    out_dir: Path,
    options: Options,
    overrides: Overrides,
    before: dict[str, str] | None,
    force: bool,
) -> dict[str, str] | None:
    """One round: validate, render what changed, publish. Returns the new fingerprints (None: keep the old)."""
    from render.build import summary
    from render.build.publish import publish
    from render.build.report import EXPECTED, report
    from render.deck.pptx import keep_slides_between_writes

    keep_slides_between_writes()  # the next round's deck reuses this round's unchanged slides

    started = time.monotonic()
    try:
        located = overrides.apply(load_located(source_path))
    except SourceError as exc:
        report(exc, source_path, then=KEPT)
        return None
    source = located.source
    resolved = resolve(source)  # once a round: the fingerprints and both stages read it
    now = parts(source, resolved)
    only = tuple(k for k in GROUPS if before is None or now[k] != before.get(k))
    if not only:
        print("saved; nothing that an output shows has changed.")
        return now
    # The deck first, on its own: the presenter sees it updated before the PDFs are done.
    stages = [("deck",), tuple(k for k in only if k != "deck")] if "deck" in only else [only]
    for stage in [s for s in stages if s]:
        try:
            with summary.collecting() as warned:
                outputs = render(source, source_path, out_dir, stage, options, resolved=resolved)
            publish(outputs, force=force)
        except EXPECTED as exc:
            report(exc, source_path, located, then=KEPT)
            return None
        for line in summary.lines(outputs, warned, time.monotonic() - started):
            print(line)
        sys.stdout.flush()
    return now


def watched(source_path: Path) -> list[Path]:
    """The folders to watch: the source's own (which holds the talk's folder) and the templates.

    Folders, not the file: an editor that saves by writing a new file and renaming it over
    the source (Emacs, JetBrains, vim with backupcopy=no), or that deletes and recreates it,
    leaves a watch on the file itself on the old, deleted inode, deaf to every later save."""
    folders = [source_path.resolve().parent, TEMPLATES.resolve()]
    return [f for i, f in enumerate(folders) if f.is_dir() and not any(f.is_relative_to(g) for g in folders[:i])]


def relevant(source_path: Path) -> Callable[[object, str], bool]:
    """Which changed paths concern this talk: the source, its folder and the templates (not other talks,
    nor an editor's swap and backup files beside the source)."""
    target, folder, templates = source_path.resolve(), source_path.resolve().with_suffix(""), TEMPLATES.resolve()

    def keep(change: object, path: str) -> bool:
        where = Path(path).resolve()
        return where == target or where.is_relative_to(folder) or where.is_relative_to(templates)

    return keep


def watch(
    source_path: Path,
    out_dir: Path,
    options: Options,
    overrides: Overrides,
    force: bool = False,
    rounds: int | None = None,
) -> int:
    """Build once, then again on every save; `rounds` stops after that many saves (for tests)."""
    from watchfiles import watch as changes

    state = _round(source_path, out_dir, options, overrides, None, force)
    print(f"watching {source_path} (Ctrl-C to stop)")
    sys.stdout.flush()
    seen = 0
    try:
        batches = changes(
            *watched(source_path), watch_filter=relevant(source_path), debounce=50, step=20, rust_timeout=500
        )
        for batch in batches:
            if _touches_only_source(batch, source_path) and state is not None:
                state = _round(source_path, out_dir, options, overrides, state, force) or state
            else:  # a template or an asset changed: every output may look different
                state = _round(source_path, out_dir, options, overrides, None, force) or state
            sys.stdout.flush()
            seen += 1
            if rounds is not None and seen >= rounds:
                break
    except KeyboardInterrupt:
        print("stopped watching.")
    return 0


def _round(
    source_path: Path,
    out_dir: Path,
    options: Options,
    overrides: Overrides,
    before: dict[str, str] | None,
    force: bool,
) -> dict[str, str] | None:
    """`rebuild`, surviving anything a save can bring: the warm process must outlive a bad file."""
    try:
        return rebuild(source_path, out_dir, options, overrides, before, force)
    except OSError as exc:
        where = exc.filename or "a file"
        print(f"{source_path}: {where} could not be read or written ({exc.strerror})", file=sys.stderr)
    except Exception as exc:  # a bug, said plainly; the next save gets another try
        print(f"{source_path}: podium could not rebuild ({type(exc).__name__}: {exc})", file=sys.stderr)
    print("not rebuilt; the last good outputs are kept.", file=sys.stderr)
    return None


def _touches_only_source(batch: Iterable[tuple[object, str]], source_path: Path) -> bool:
    target = source_path.resolve()
    return all(Path(path).resolve() == target for _, path in batch)
