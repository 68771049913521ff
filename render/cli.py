"""The thin driver: `podium build` and `podium check`. Exit 0 done, 2 bad input, 1 a bug."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from render.build.outputs import EXPORTS, GROUPS
from render.build.pipeline import Options
from render.errors import Problem, SourceError
from render.source.load import Located, load, load_located


def collect_less() -> None:
    """A build makes millions of small objects that live until it ends; with the collector's
    default thresholds, re-scanning them took a quarter of a 400-slide build's time."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def main(argv: list[str] | None = None) -> int:
    collect_less()
    parser = argparse.ArgumentParser(
        prog="podium", description="One talk source -> deck, handout, quiz and answer key."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="render a talk's outputs")
    build.add_argument("source", type=Path, help="the talk's .yaml file, e.g. source/ipt.yaml")
    build.add_argument("--only", choices=GROUPS, action="append", help="render only this output (repeatable)")
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
    _quiz_options(build)
    build.add_argument(
        "--force",
        action="store_true",
        help="replace outputs changed since podium wrote them, keeping each as a dated backup beside it",
    )
    watching = commands.add_parser("watch", help="build, then rebuild what changed every time the source is saved")
    watching.add_argument("source", type=Path)
    watching.add_argument("--out", type=Path, default=Path("output"), help="folder for the outputs (default: output)")
    watching.add_argument("--template", type=Path, help="your institution's PowerPoint template (.pptx or .potx)")
    watching.add_argument("--with-quiz", action="store_true", help="add the quiz to the deck as question slides")
    watching.add_argument("--force", action="store_true", help="replace outputs edited since podium wrote them")
    shown = commands.add_parser("preview", help="show the talk in your browser, updated on every save")
    shown.add_argument("source", type=Path)
    shown.add_argument("--port", type=int, default=0, help="the port on 127.0.0.1 (default: a free one)")
    shown.add_argument("--no-open", action="store_true", help="do not open the page in the browser")
    shown.add_argument("--build", action="store_true", help="also write the outputs on every save, as watch does")
    shown.add_argument("--out", type=Path, default=Path("output"), help="folder for --build (default: output)")
    shown.add_argument("--template", type=Path, help="your institution's PowerPoint template (.pptx or .potx)")
    shown.add_argument("--with-quiz", action="store_true", help="add the quiz to the deck as question slides")
    shown.add_argument("--force", action="store_true", help="with --build: replace outputs you edited")
    check = commands.add_parser("check", help="validate sources and print problems; writes nothing")
    check.add_argument("sources", type=Path, nargs="+")
    export = commands.add_parser("export", help="write the quiz for an LMS (Moodle XML or GIFT)")
    export.add_argument("source", type=Path)
    export.add_argument("--format", required=True, choices=tuple(EXPORTS), dest="kind")
    export.add_argument("--out", type=Path, default=Path("output"), help="folder for the file (default: output)")
    score = commands.add_parser("score", help="score learners' responses and report item statistics")
    score.add_argument("source", type=Path)
    score.add_argument("responses", type=Path, help="CSV: id, form, then one column per question number")
    score.add_argument("--pre", metavar="FORM", help="the pre-test form's letter (with --post: change per objective)")
    score.add_argument("--post", metavar="FORM", help="the post-test form's letter")
    _quiz_options(score)
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
    outputs = commands.add_parser("outputs", help="list the files a build of these sources writes")
    outputs.add_argument("sources", type=Path, nargs="+")
    outputs.add_argument("--out", default="output", help="the output folder to name (default: output)")
    outputs.add_argument("--make", action="store_true", help="as Make variables (what the Makefile includes)")
    args = parser.parse_args(argv)

    if args.command == "import":
        return _import(args.deck, args.folder, args.name, args.force)
    if args.command == "new":
        return _new(args.name, args.folder, args.title)
    if args.command == "schema":
        return _schema(args.out)
    if args.command == "outputs":
        return _outputs(args.sources, args.out, args.make)

    if args.command == "check":
        failed = False
        for path in args.sources:
            try:
                located = load_located(path)
            except SourceError as exc:
                _report(exc)
                failed = True
            else:
                _warn(located)
                print(f"{path}: ok")
        return 2 if failed else 0
    if args.command == "watch":
        from render.build.watch import watch

        return watch(args.source, args.out, Options(args.template, args.with_quiz), args.force)
    if args.command == "preview":
        from render.build.preview import preview

        options = Options(args.template, args.with_quiz)
        build_to = args.out if args.build else None
        return preview(args.source, options, args.port, not args.no_open, build_to, args.force)
    if args.command == "inspect-template":
        return _inspect(args.template)
    if args.command == "export":
        return _export(args.source, args.kind, args.out)
    if args.command == "score":
        return _score(args)
    flags = {"style": args.style, "paper": args.paper, "grayscale": args.grayscale}
    flags["citation_style"] = args.citation_style
    handout = {k: v for k, v in flags.items() if v is not None}
    options = Options(args.template, args.with_quiz, handout)
    try:
        return _build(args.source, tuple(args.only or GROUPS), args.out, options, args, args.force)
    except KeyboardInterrupt:
        # Outputs are published by atomic renames, so an interrupted build leaves each old or new.
        print("interrupted; every output is as it was or complete.", file=sys.stderr)
        return 130


def _inspect(path: Path) -> int:
    from render.deck.template import TemplateError, inspect

    try:
        print(inspect(path))
    except (TemplateError, OSError) as exc:
        print(f"{path}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return 2
    return 0


def _quiz_options(command: argparse.ArgumentParser) -> None:
    # These override the source's quiz settings for one run.
    command.add_argument("--forms", type=int, metavar="N", help="forms A, B, ... of the quiz (overrides quiz.forms)")
    command.add_argument("--seed", type=int, help="the forms' shuffle seed (overrides quiz.seed)")
    if command.prog.endswith("build"):
        command.add_argument("--large-print", action="store_true", default=None, help="quiz sheet in 16 pt and up")
        command.add_argument("--bubbles", action="store_true", default=None, help="answer-bubble grid on the sheet")


def _with_quiz_options(located: Located, args: argparse.Namespace) -> Located:
    """The source with the command line's quiz settings applied (checked like the source's own)."""
    from render.errors import Problem

    quiz = located.source.quiz
    if quiz is None:
        return located
    changes = {
        name: value
        for name in ("forms", "seed", "large_print", "bubbles")
        if (value := getattr(args, name, None)) is not None
    }
    if "forms" in changes and not 1 <= changes["forms"] <= 26:
        raise SourceError([Problem(located.file, 1, 1, (), f"--forms {changes['forms']}: expected 1 to 26 forms")])
    source = located.source.model_copy(update={"quiz": quiz.model_copy(update=changes)})
    return Located(source, located.file, located.positions)


def _warn(located: Located) -> int:
    """The quiz's item-writing warnings, to stderr; they never stop a build. Returns how many."""
    if located.source.quiz is None:
        return 0
    from render.quiz.forms import draw_forms
    from render.quiz.lint import lint

    warnings = lint(located, draw_forms(located.source, located.source.quiz))
    for warning in warnings:
        print(warning, file=sys.stderr)
    if warnings:
        count = len(warnings)
        print(f"{count} item-writing warning{'s' if count != 1 else ''} (see README: Quizzes).", file=sys.stderr)
    return len(warnings)


def _export(source_path: Path, kind: str, out_dir: Path) -> int:
    from render.build.publish import PublishError, publish
    from render.quiz.export import export

    try:
        source = load(source_path)
        if source.quiz is None:
            print(f"{source_path}: this talk has no quiz to export", file=sys.stderr)
            return 2
        target = out_dir / EXPORTS[kind].file(source_path.stem)
        publish({target: export(source, source.quiz, kind)})
    except SourceError as exc:
        _report(exc)
        return 2
    except PublishError as exc:
        print(f"{source_path}: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {target}")
    return 0


def _score(args: argparse.Namespace) -> int:
    from render.errors import Problem
    from render.quiz.forms import draw_forms
    from render.quiz.score import format_report, read_responses, score

    try:
        located = _with_quiz_options(load_located(args.source), args)
        source, quiz = located.source, located.source.quiz
        if quiz is None:
            print(f"{args.source}: this talk has no quiz to score", file=sys.stderr)
            return 2
        forms = draw_forms(source, quiz)
        letters = [f.letter for f in forms if f.letter]
        for option, value in (("--pre", args.pre), ("--post", args.post)):
            if value and value.upper() not in letters:
                known = ", ".join(letters) or "none: the quiz has one form"
                raise SourceError([Problem(str(args.responses), 1, 1, (), f"{option} {value}: no such form ({known})")])
        if bool(args.pre) != bool(args.post):
            raise SourceError([Problem(str(args.responses), 1, 1, (), "give both --pre and --post, or neither")])
        responses = read_responses(args.responses, forms)
    except SourceError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''}; nothing was scored.", file=sys.stderr)
        return 2
    pre, post = (args.pre.upper(), args.post.upper()) if args.pre and args.post else (None, None)
    sys.stdout.write(format_report(score(source, quiz, forms, responses, pre, post)))
    return 0


def _build(
    source_path: Path,
    only: tuple[str, ...],
    out_dir: Path,
    options: Options | None = None,
    args: argparse.Namespace | None = None,
    force: bool = False,
) -> int:
    import time

    from render.build import summary
    from render.build.pipeline import render
    from render.build.publish import PublishError, publish
    from render.deck.plan import PlanError
    from render.deck.template import TemplateError
    from render.pdf.theme import ThemeError
    from render.pdf.writer import RenderError

    started = time.monotonic()
    try:
        located = load_located(source_path)
        if args is not None:
            located = _with_quiz_options(located, args)
        source = located.source
        linted = _warn(located) if "quiz" in only else 0
        with summary.collecting() as warned, summary.progress(only) as step:
            outputs = render(source, source_path, out_dir, only, options, step)
        backups = publish(outputs, force=force)
    except SourceError as exc:
        _report(exc)
        return 2
    except PublishError as exc:
        print(exc, file=sys.stderr)  # it names the output files itself
        return 2
    except (PlanError, TemplateError, RenderError, ThemeError) as exc:
        # A renderer that knows which field it could not lay out says so as `exc.path`.
        path = getattr(exc, "path", None)
        if path:
            line, column = located.at(path)
            print(Problem(str(source_path), line, column, path, str(exc)), file=sys.stderr)
        else:
            print(f"{source_path}: {exc}", file=sys.stderr)
        return 2
    for kept in backups:
        print(f"kept your edited {kept.original.name} as {kept.backup}")
    for line in summary.lines(outputs, warned, time.monotonic() - started, linted):
        print(line)
    sys.stdout.flush()
    for message in warned:
        print(f"{source_path}: warning: {message}", file=sys.stderr)
    return 0


def _new(name: str, folder: Path, title: str | None) -> int:
    from render.source.new import NewError, create

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

    from render.deck.importer import import_deck
    from render.source.new import NAME
    from render.source.schema import modeline

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


def _outputs(sources: list[Path], out: str, make: bool) -> int:
    from render.build import outputs
    from render.source.load import quiz_forms

    if make:
        sys.stdout.write(outputs.make_rules(sources, out))
        return 0
    for source in sources:
        for name in outputs.planned(source.stem, outputs.GROUPS, quiz_forms(source)):
            print(f"{out}/{name}")
    return 0


def _schema(out: Path | None) -> int:
    from render.source import schema

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
