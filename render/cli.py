"""The thin driver: `podium build` and `podium check`. Exit 0 done, 2 bad input, 1 a bug."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from render.build import KINDS
from render.load import SourceError, load, locate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="podium", description="One talk source -> deck, handout, quiz and answer key."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="render a talk's outputs")
    build.add_argument("source", type=Path, help="the talk's .yaml file, e.g. source/ipt.yaml")
    build.add_argument("--only", choices=KINDS, action="append", help="render only this output (repeatable)")
    build.add_argument("--out", type=Path, default=Path("output"), help="folder for the outputs (default: output)")
    build.add_argument(
        "--force",
        action="store_true",
        help="replace outputs changed since podium wrote them, keeping each as a dated backup beside it",
    )
    check = commands.add_parser("check", help="validate sources and print problems; writes nothing")
    check.add_argument("sources", type=Path, nargs="+")
    args = parser.parse_args(argv)

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
    try:
        return _build(args.source, tuple(args.only or KINDS), args.out, args.force)
    except KeyboardInterrupt:
        # Outputs are published by atomic renames, so an interrupted build leaves each old or new.
        print("interrupted; every output is as it was or complete.", file=sys.stderr)
        return 130


def _build(source_path: Path, only: tuple[str, ...], out_dir: Path, force: bool = False) -> int:
    from render.build import render
    from render.deck.plan import PlanError
    from render.deck.template import TemplateError
    from render.pdf import RenderError
    from render.publish import PublishError, publish

    try:
        source = load(source_path)
        outputs = render(source, source_path, out_dir, only)
        backups = publish(outputs, force=force)
    except SourceError as exc:
        _report(exc)
        return 2
    except PublishError as exc:
        print(exc, file=sys.stderr)  # it names the output files itself
        return 2
    except (PlanError, TemplateError, RenderError) as exc:
        # A renderer that knows which field it could not lay out says so as `exc.path`.
        path = getattr(exc, "path", None)
        print(locate(source_path, path, str(exc)) if path else f"{source_path}: {exc}", file=sys.stderr)
        return 2
    for kept in backups:
        print(f"kept your edited {kept.original.name} as {kept.backup}")
    for path in outputs:
        print(f"wrote {path}")
    return 0


def _report(exc: SourceError) -> None:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    count = len(exc.problems)
    print(f"{count} problem{'s' if count != 1 else ''}; nothing was written.", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
