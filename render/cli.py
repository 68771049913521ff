"""The thin driver: `podium build` and `podium check`. Exit 0 done, 2 bad input, 1 a bug."""

from __future__ import annotations

import argparse
import gc
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from render.build.outputs import EXPORTS, GROUPS
from render.build.pipeline import Options
from render.build.report import EXPECTED, report
from render.errors import Problem, SourceError, format_path, visible
from render.source.load import Located, load, load_located
from render.source.overrides import Overrides
from render.source.resolved import Texts, resolve

if TYPE_CHECKING:
    from render.quiz.score import Report
    from render.source.model import Source


def _words_a_minute(value: str) -> int:
    if not value.isdigit() or not 60 <= int(value) <= 300:
        raise argparse.ArgumentTypeError(f"{value}: expected words a minute, 60 to 300 (130 is a usual pace)")
    return int(value)


if TYPE_CHECKING:
    from render.deck.plan import SlidePlan
    from render.deck.template import Template


def collect_less() -> None:
    """A build makes millions of small objects that live until it ends; with the collector's
    default thresholds, re-scanning them took a quarter of a 400-slide build's time."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


class _Visible(io.TextIOBase):
    """A stream that writes what it is given with control characters made visible (render.errors.visible):
    everything podium prints may hold text from a source, a CSV or a deck. `raw` is the real stream,
    for the progress bar's own carriage returns."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw, "encoding", "utf-8")


def main(argv: list[str] | None = None) -> int:
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Visible(sys.stdout), _Visible(sys.stderr)
    try:
        return _main(argv)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdout, sys.stderr = streams


def _main(argv: list[str] | None = None) -> int:
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
    build.add_argument(
        "--include-hidden",
        action="store_true",
        default=None,
        help="print hidden slides in the handout and slides PDF too",
    )
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
    for command in (build, check):
        command.add_argument("--speaking-rate", type=_words_a_minute, metavar="WORDS", help="words a minute (60-300)")
    export = commands.add_parser("export", help="write the quiz for an LMS (Moodle XML, GIFT or QTI)")
    export.add_argument("source", type=Path)
    export.add_argument("--format", required=True, choices=tuple(EXPORTS), dest="kind")
    export.add_argument("--out", type=Path, default=Path("output"), help="folder for the file (default: output)")
    score = commands.add_parser("score", help="score learners' responses and report item statistics")
    score.add_argument("source", type=Path)
    score.add_argument("responses", type=Path, help="CSV: id, form, then one column per question number")
    score.add_argument("--pre", metavar="FORM", help="the pre-test form's letter (with --post: change per objective)")
    score.add_argument("--post", metavar="FORM", help="the post-test form's letter")
    score.add_argument("--report", action="store_true", help="with --pre and --post: also write NAME-outcomes.pdf")
    score.add_argument("--out", type=Path, default=Path("output"), help="folder for the report (default: output)")
    score.add_argument(
        "--code", metavar="A=XXXX,B=YYYY", help="the form codes printed on the sheets (or a 'code' column in the CSV)"
    )
    score.add_argument(
        "--results",
        nargs="?",
        const="",
        metavar="FILE",
        help="also write each learner's points per item as CSV (default name: output/NAME-quiz-results.csv)",
    )
    score.add_argument(
        "--blank",
        choices=("error", "wrong"),
        default="error",
        help="an empty cell: an error naming row and column (default), or counted as wrong",
    )
    _quiz_options(score)
    certs = commands.add_parser("certificates", help="a CME certificate for each attendee, one a page")
    certs.add_argument("source", type=Path)
    certs.add_argument("attendees", type=Path, help="CSV: name, and optionally degree and credits (claimed)")
    certs.add_argument("--out", type=Path, default=Path("output"), help="folder for the file (default: output)")
    certs.add_argument("--force", action="store_true", help="replace the file if it was edited since podium wrote it")
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
                report(exc, path)
                failed = True
            else:
                resolved = resolve(located.source)  # once: the numbers and runs every check reads
                _warn(located, resolved)
                _source_warnings(located)
                _cme_warn(located, resolved, args.speaking_rate, per_slide=True)
                if _check_deck(located, resolved, path) is None:
                    failed = True
                    continue
                print(f"{path}: ok")
        return 2 if failed else 0
    if args.command == "watch":
        from render.build.watch import watch

        return watch(args.source, args.out, Options(args.template), _overrides(args), args.force)
    if args.command == "preview":
        from render.build.preview import preview

        build_to = args.out if args.build else None
        return preview(
            args.source, Options(args.template), _overrides(args), args.port, not args.no_open, build_to, args.force
        )
    if args.command == "inspect-template":
        return _inspect(args.template)
    if args.command == "export":
        return _export(args.source, args.kind, args.out)
    if args.command == "score":
        return _score(args)
    if args.command == "certificates":
        return _certificates(args.source, args.attendees, args.out, args.force)
    try:
        only = tuple(args.only or GROUPS)
        options = Options(args.template)
        return _build(args.source, only, args.out, options, _overrides(args), args.force, args.speaking_rate)
    except KeyboardInterrupt:
        # Outputs are published by atomic renames, so an interrupted build leaves each old or new.
        print("interrupted; every output is as it was or complete.", file=sys.stderr)
        return 130


def _inspect(path: Path) -> int:
    from render.deck.template import TemplateError, inspect

    try:
        print(inspect(path))
    except TemplateError as exc:
        print(exc, file=sys.stderr)  # it names the file
        return 2
    except OSError as exc:
        print(f"{path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0


def _quiz_options(command: argparse.ArgumentParser) -> None:
    # These override the source's quiz settings for one run.
    command.add_argument("--forms", type=int, metavar="N", help="forms A, B, ... of the quiz (overrides quiz.forms)")
    command.add_argument("--seed", type=int, help="the forms' shuffle seed (overrides quiz.seed)")
    if command.prog.endswith("build"):
        command.add_argument("--large-print", action="store_true", default=None, help="quiz sheet in 16 pt and up")
        command.add_argument("--bubbles", action="store_true", default=None, help="answer-bubble grid on the sheet")


def _overrides(args: argparse.Namespace) -> Overrides:
    """What this command line says over the source, read from whichever options the command has."""

    def given(*names: str) -> dict[str, object]:
        return {n: v for n in names if (v := getattr(args, n, None)) is not None}

    return Overrides(
        handout=given("style", "paper", "grayscale", "citation_style", "include_hidden"),
        quiz=given("forms", "seed", "large_print", "bubbles"),
        with_quiz=bool(getattr(args, "with_quiz", False)),
    )


def _warn(located: Located, resolved: Texts) -> int:
    """The quiz's item-writing warnings, to stderr; they never stop a build. Returns how many."""
    if located.source.quiz is None:
        return 0
    from render.quiz.forms import draw_forms, too_tall
    from render.quiz.lint import lint

    forms = draw_forms(located.source, located.source.quiz, resolved)
    warnings: list[object] = list(lint(located, forms))
    for item, height, page in too_tall(forms[0], located.source.quiz.large_print):
        where = located.at(("quiz", "questions", [q.id for q in located.source.quiz.questions].index(item)))
        warnings.append(
            f"{located.file}:{where[0]}:{where[1]}: warning: {item}: the question is taller than a page "
            f"(about {height:.1f} in of {page:.1f} in) and will be split across pages; shorten it or its picture"
        )
    return _print_warnings(warnings, "item-writing", "Quizzes")


def _source_warnings(located: Located) -> int:
    """Warnings about the source itself (a picture without alt text, a hidden slide an objective
    points at), to stderr with file:line; they never stop a build. Returns how many."""
    from render.source.model import source_warnings

    found = source_warnings(located.source)
    for path, message in found:
        line, column = located.at(path)
        print(f"{located.file}:{line}:{column}: warning: {message} ({format_path(path)})", file=sys.stderr)
    return len(found)


@dataclass(frozen=True)
class _Length:
    line: str  # the talk length, for the build summary
    slides: str  # each slide's share, on one line
    warnings: int  # how many CME warnings were printed


def _cme_warn(located: Located, resolved: Texts, rate: int | None, per_slide: bool = False) -> _Length:
    """The talk length (stdout) and the CME warnings (stderr); they never stop a build."""
    from render.cme.check import length_of, warnings

    length = length_of(located, resolved, rate)
    if per_slide:
        print(f"{located.file}: {length.summary}")
        for line in length.per_slide():
            print(line)
    found = warnings(located, length)
    for warning in found:
        print(warning, file=sys.stderr)
    return _Length(length.summary, length.compact(), len(found))


def _check_deck(located: Located, resolved: Texts, path: Path) -> int | None:
    """`podium check`: plan the deck as a build would and print its accessibility report.
    Returns how many warnings, or None when the deck cannot be laid out (the problem is printed)."""
    from render.build.pipeline import accessibility, plan
    from render.deck.plan import PlanError
    from render.deck.template import TemplateError

    try:
        plans, deck_template = plan(located.source, path, Options(), resolved)
    except (PlanError, TemplateError) as exc:
        report(exc, path, located)
        return None
    return _print_access(accessibility(located, plans, deck_template))


def _print_access(warnings: list[object]) -> int:
    """The deck's accessibility warnings, to stderr; they never stop a build. Returns how many."""
    return _print_warnings(warnings, "accessibility", "Accessibility")


def _print_warnings(warnings: Sequence[object], kind: str, section: str) -> int:
    """Warnings to stderr, then how many and where the README explains them. Returns how many."""
    for warning in warnings:
        print(warning, file=sys.stderr)
    if warnings:
        count = len(warnings)
        print(f"{count} {kind} warning{'s' if count != 1 else ''} (see README: {section}).", file=sys.stderr)
    return len(warnings)


def _export(source_path: Path, kind: str, out_dir: Path) -> int:
    from render.build.publish import PublishError, publish
    from render.quiz.export import export, lost_pictures

    try:
        source = load(source_path)
        if source.quiz is None:
            print(f"{source_path}: this talk has no quiz to export", file=sys.stderr)
            return 2
        target = out_dir / EXPORTS[kind].file(source_path.stem)
        data = export(source, source.quiz, resolve(source), kind, source_path.parent)
        for warning in lost_pictures(source.quiz, kind):
            print(f"{source_path}: {warning}", file=sys.stderr)
        publish({target: data})
    except (SourceError, PublishError) as exc:
        report(exc, source_path)
        return 2
    print(f"wrote {target}")
    return 0


def _certificates(source_path: Path, attendees: Path, out_dir: Path, force: bool) -> int:
    from render.build.cme import certificates
    from render.build.publish import PublishError, publish
    from render.cme.attendees import read_attendees

    try:
        source = load(source_path)
        if source.cme is None:
            print(f"{source_path}: this talk has no `cme:` section, so no certificates", file=sys.stderr)
            return 2
        made = certificates(source, source_path, out_dir, read_attendees(attendees, source.cme.credits))
        publish(made, force=force)
    except (SourceError, PublishError) as exc:
        report(exc, source_path)
        return 2
    for path, data in made.items():
        print(f"wrote {path}  {getattr(data, 'pages', '?')} certificates")
    return 0


def _score(args: argparse.Namespace) -> int:
    from render.build.outputs import RESULTS
    from render.build.publish import PublishError, publish
    from render.quiz.forms import draw_forms
    from render.quiz.score import format_report, parse_codes, read_responses, results_csv, score

    try:
        located = _overrides(args).apply(load_located(args.source))
        source, quiz = located.source, located.source.quiz
        if quiz is None:
            print(f"{args.source}: this talk has no quiz to score", file=sys.stderr)
            return 2
        resolved = resolve(source)
        forms = draw_forms(source, quiz, resolved)
        letters = [f.letter for f in forms if f.letter]
        for option, value in (("--pre", args.pre), ("--post", args.post)):
            if value and value.upper() not in letters:
                known = ", ".join(letters) or "none: the quiz has one form"
                raise SourceError([Problem(str(args.responses), 1, 1, (), f"{option} {value}: no such form ({known})")])
        if bool(args.pre) != bool(args.post):
            raise SourceError([Problem(str(args.responses), 1, 1, (), "give both --pre and --post, or neither")])
        if args.report and not args.pre:
            raise SourceError([Problem(str(args.responses), 1, 1, (), "--report needs --pre and --post")])
        codes = parse_codes(args.code) if args.code else None
        responses = read_responses(args.responses, forms, codes, args.blank)
    except SourceError as exc:
        report(exc, args.source, then="nothing was scored.")
        return 2
    pre, post = (args.pre.upper(), args.post.upper()) if args.pre and args.post else (None, None)
    scored = score(source, quiz, forms, responses, pre, post)
    sys.stdout.write(format_report(scored))
    if args.results is not None:
        target = Path(args.results) if args.results else Path("output") / RESULTS.file(args.source.stem)
        try:
            publish({target: results_csv(scored, quiz)})
        except PublishError as exc:
            print(f"{target}: {exc}", file=sys.stderr)
            return 2
        print(f"wrote {target}", file=sys.stderr)
    if args.report and pre and post:
        return _outcomes(source, resolved, args.source, args.out, scored, pre, post)
    return 0


def _outcomes(
    source: Source, resolved: Texts, source_path: Path, out_dir: Path, report: Report, pre: str, post: str
) -> int:
    from render.build.cme import outcomes_report
    from render.build.publish import PublishError, publish
    from render.cme.outcomes import outcomes

    assert source.quiz is not None
    made = outcomes_report(source, source_path, out_dir, outcomes(source, source.quiz, resolved, report, pre, post))
    try:
        publish(made)
    except PublishError as exc:
        print(exc, file=sys.stderr)
        return 2
    for path in made:
        print(f"wrote {path}")
    return 0


def _build(
    source_path: Path,
    only: tuple[str, ...],
    out_dir: Path,
    options: Options,
    overrides: Overrides,
    force: bool = False,
    speaking_rate: int | None = None,
) -> int:
    import time

    from render.build import summary
    from render.build.pipeline import accessibility, render
    from render.build.publish import publish

    started = time.monotonic()
    located = None
    try:
        located = overrides.apply(load_located(source_path))
        source = located.source
        resolved = resolve(source)  # once a build: every planner and writer reads these numbers and runs
        linted = _warn(located, resolved) if "quiz" in only else 0
        linted += _source_warnings(located)
        length = _cme_warn(located, resolved, speaking_rate)
        linted += length.warnings
        found: list[object] = []

        def accessible(plans: list[SlidePlan], deck_template: Template) -> None:
            found.extend(accessibility(located, plans, deck_template))

        with summary.collecting() as warned, summary.progress(only) as step:
            outputs = render(source, source_path, out_dir, only, options, step, accessible, resolved)
        linted += _print_access(found)
        backups = publish(outputs, force=force)
    except (*EXPECTED, OSError) as exc:
        report(exc, source_path, located)
        return 2
    for kept in backups:
        print(f"kept your edited {kept.original.name} as {kept.backup}")
    *written, totals = summary.lines(outputs, warned, time.monotonic() - started, linted)
    for line in [*written, length.line, length.slides, totals]:
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

    from render.deck.import_source import import_deck
    from render.deck.importer import DeckError
    from render.source.new import NAME
    from render.source.schema import modeline

    name = name or re.sub(r"[^a-z0-9_-]+", "-", deck.stem.lower()).strip("-")
    target = folder / f"{name}.yaml"
    problem = None
    if not NAME.match(name):
        problem = f"'{name}' cannot name a talk; give --name with lower-case letters, digits, - or _"
    elif not deck.is_file():
        problem = f"{deck}: there is no such file"
    if problem:
        print(f"podium import: {problem}", file=sys.stderr)
        return 2
    header = f"{modeline(target)}\n# Imported from {deck.name}.\n"
    try:
        path, lines = import_deck(deck, folder, name, header, force)
    except DeckError as exc:
        print(f"podium import: {exc}; nothing was written.", file=sys.stderr)
        return 2
    except SourceError as exc:  # the importer made something podium cannot read: a bug, said plainly
        report(exc, deck)
        return 1
    print(f"wrote {path} (pictures in {path.with_suffix('')}/)")
    for line in lines:
        print(f"  {line}")
    return 0


def _outputs(sources: list[Path], out: str, make: bool) -> int:
    from render.build import outputs
    from render.source.load import has_cme, quiz_forms

    if make:
        sys.stdout.write(outputs.make_rules(sources, out))
        return 0
    for source in sources:
        for name in outputs.planned(source.stem, outputs.GROUPS, quiz_forms(source), has_cme(source)):
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


if __name__ == "__main__":
    sys.exit(main())
