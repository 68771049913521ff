"""The thin driver: `podium build` and `podium check`. Exit 0 done, 2 bad input, 1 a bug."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from render.build import KINDS, Options
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
    build.add_argument("--template", type=Path, help="your institution's PowerPoint template (.pptx or .potx)")
    build.add_argument("--with-quiz", action="store_true", help="add the quiz to the deck as question slides")
    inspect = commands.add_parser("inspect-template", help="list a PowerPoint template's layouts and placeholders")
    inspect.add_argument("template", type=Path)
    build.add_argument("--style", choices=("notes", "3-up", "6-up"), help="handout style (default: the source's)")
    build.add_argument("--paper", choices=("letter", "a4"), help="handout paper size (default: the source's)")
    build.add_argument(
        "--grayscale",
        action=argparse.BooleanOptionalAction,
        help="handout and slides PDF in shades of gray, for black-and-white printers",
    )
    build.add_argument("--citation-style", choices=("ama", "vancouver"), help="reference style (default: ama)")
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
    if args.command == "inspect-template":
        return _inspect(args.template)
    flags = {"style": args.style, "paper": args.paper, "grayscale": args.grayscale}
    flags["citation_style"] = args.citation_style
    handout = {k: v for k, v in flags.items() if v is not None}
    return _build(args.source, tuple(args.only or KINDS), args.out, Options(args.template, args.with_quiz, handout))


def _inspect(path: Path) -> int:
    from render.deck.template import TemplateError, inspect

    try:
        print(inspect(path))
    except (TemplateError, OSError) as exc:
        print(f"{path}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return 2
    return 0


def _build(source_path: Path, only: tuple[str, ...], out_dir: Path, options: Options) -> int:
    from render.build import render
    from render.deck.plan import PlanError
    from render.deck.template import TemplateError
    from render.pdf import RenderError
    from render.publish import PublishError, publish
    from render.theme import ThemeError

    try:
        source = load(source_path)
        outputs = render(source, source_path, out_dir, only, options)
        publish(outputs)
    except SourceError as exc:
        _report(exc)
        return 2
    except (PlanError, TemplateError, RenderError, PublishError, ThemeError) as exc:
        print(f"{source_path}: {exc}", file=sys.stderr)
        return 2
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
