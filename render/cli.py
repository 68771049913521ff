"""The thin driver: `podium build` and `podium check`. Exit 0 done, 2 bad input, 1 a bug."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from render.build import KINDS
from render.load import SourceError, load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="podium", description="One talk source -> deck, handout, quiz and answer key."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="render a talk's outputs")
    build.add_argument("source", type=Path, help="the talk's .yaml file, e.g. source/ipt.yaml")
    build.add_argument("--only", choices=KINDS, action="append", help="render only this output (repeatable)")
    build.add_argument("--out", type=Path, default=Path("output"), help="folder for the outputs (default: output)")
    check = commands.add_parser("check", help="validate sources and print problems; writes nothing")
    check.add_argument("sources", type=Path, nargs="+")
    schema = commands.add_parser("schema", help="write the JSON Schema of the source format, for editors")
    schema.add_argument("--out", type=Path, help="where to write it (default: schema/source.schema.json; - prints it)")
    new = commands.add_parser("new", help="start a new talk: writes source/NAME.yaml, commented and ready to build")
    new.add_argument("name", help="the talk's short name, e.g. ipt-2025; it names the outputs")
    new.add_argument("--title", help="the talk's title (default: made from the name)")
    new.add_argument("--folder", type=Path, default=Path("source"), help="where to write it (default: source)")
    imp = commands.add_parser("import", help="write a source from an existing deck (.pptx)")
    imp.add_argument("deck", type=Path, help="the .pptx file, e.g. last-year.pptx")
    imp.add_argument("--name", help="the new talk's short name (default: from the deck's file name)")
    imp.add_argument("--folder", type=Path, default=Path("source"), help="where to write it (default: source)")
    imp.add_argument("--force", action="store_true", help="replace an existing source of that name")
    args = parser.parse_args(argv)

    if args.command == "import":
        return _import(args.deck, args.folder, args.name, args.force)
    if args.command == "new":
        return _new(args.name, args.folder, args.title)
    if args.command == "schema":
        return _schema(args.out)

    if args.command == "check":
        failed = False
        for path in args.sources:
            try:
                load(path)
            except SourceError as exc:
                _report(exc)
                failed = True
            else:
                print(f"{path}: ok")
        return 2 if failed else 0
    return _build(args.source, tuple(args.only or KINDS), args.out)


def _build(source_path: Path, only: tuple[str, ...], out_dir: Path) -> int:
    import time

    from render import summary
    from render.build import render
    from render.deck.plan import PlanError
    from render.deck.template import TemplateError
    from render.pdf import RenderError
    from render.publish import PublishError, publish

    started = time.monotonic()
    try:
        source = load(source_path)
        with summary.collecting() as warned, summary.progress(only) as step:
            outputs = render(source, source_path, out_dir, only, step)
        publish(outputs)
    except SourceError as exc:
        _report(exc)
        return 2
    except (PlanError, TemplateError, RenderError, PublishError) as exc:
        print(f"{source_path}: {exc}", file=sys.stderr)
        return 2
    for line in summary.lines(outputs, warned, time.monotonic() - started):
        print(line)
    sys.stdout.flush()
    for message in warned:
        print(f"{source_path}: warning: {message}", file=sys.stderr)
    return 0


def _new(name: str, folder: Path, title: str | None) -> int:
    from render.new import NewError, create

    try:
        path = create(name, folder, title)
    except NewError as exc:
        print(f"podium new: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {path}; its images and reference files go in {path.with_suffix('')}/")
    print(f"build it with: make TALK={name}   (or: podium build {path})")
    return 0


def _import(deck: Path, folder: Path, name: str | None, force: bool) -> int:
    import re
    import zipfile

    from render.importer import import_deck
    from render.new import NAME
    from render.schema import modeline

    name = name or re.sub(r"[^a-z0-9_-]+", "-", deck.stem.lower()).strip("-")
    target = folder / f"{name}.yaml"
    problem = None
    if not NAME.match(name):
        problem = f"'{name}' cannot name a talk; give --name with lower-case letters, digits, - or _"
    elif not deck.is_file():
        problem = f"{deck}: there is no such file"
    elif target.exists() and not force:
        problem = f"{target} already exists; give another --name, or --force to replace it"
    if problem:
        print(f"podium import: {problem}", file=sys.stderr)
        return 2
    try:
        path, remarks = import_deck(deck, folder, name, f"{modeline(target)}\n# Imported from {deck.name}.\n")
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        print(f"podium import: {deck}: this is not a PowerPoint (.pptx) file that can be read ({exc})", file=sys.stderr)
        return 2
    try:
        load(path)
    except SourceError as exc:  # the importer wrote something podium cannot read: a bug, said plainly
        _report(exc)
        return 1
    print(f"wrote {path}")
    for remark in remarks:
        print(f"  {remark}")
    return 0


def _schema(out: Path | None) -> int:
    from render import schema

    text = schema.text()
    if out == Path("-"):
        sys.stdout.write(text)
        return 0
    target = out or schema.SHIPPED
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


def _report(exc: SourceError) -> None:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    count = len(exc.problems)
    print(f"{count} problem{'s' if count != 1 else ''}; nothing was written.", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
