"""Learners' responses -> scores and classical item statistics, per the quiz's drawn forms.

The responses file is a CSV with a header row: `id`, `form` (the letter printed on the
learner's sheet; may be left out when the quiz has one form), then one column per question
named by its number on the sheet (`1`, `2`, ...). A cell holds the letter circled (`C`),
for select-all every letter marked (`AC`), for short-answer the points the marker gave.
Letters are read back through the learner's form to the source's items, so forms A and B
are scored and compared item by item.

Figures: score (points and percent); per item its difficulty (proportion correct; mean
fraction of points for short-answer), its discrimination (point-biserial: the Pearson
correlation of the item's score with the learner's total), each option's pick rate; and,
given a pre-test and a post-test form, the proportion correct per learning objective on
each and the change. Select-all items count as correct only when exactly the keyed letters
are marked.
"""

from __future__ import annotations

import csv
import io
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from render.errors import Problem, SourceError
from render.quiz import stats
from render.quiz.forms import Form
from render.source.model import LETTERS, Quiz, Source
from render.source.paths import RESPONSES, PathRefused, read_regular


@dataclass(frozen=True)
class Response:
    line: int  # in the CSV, for messages
    learner: str
    form: str | None
    cells: tuple[str, ...]  # as written, per printed question number


@dataclass(frozen=True)
class Learner:
    id: str
    form: str | None
    points: float
    total: int
    item_scores: dict[str, float]  # item id -> fraction of its points earned (0..1)
    picks: dict[str, frozenset[int]]  # item id -> source option indexes marked

    @property
    def percent(self) -> float:
        return 100 * self.points / self.total


@dataclass(frozen=True)
class OptionStats:
    letter: str  # in the source's lettering, whichever form was printed
    text: str
    rate: float  # share of learners who marked it
    keyed: bool
    discrimination: float | None  # correlation of marking it with the rest score (None: nobody or everybody did)


@dataclass(frozen=True)
class ItemStats:
    id: str
    source_number: int
    difficulty: float  # proportion correct (mean fraction of points for short-answer)
    discrimination: float | None  # point-biserial with the total score; None when nothing varies
    corrected: float | None  # corrected item-total: correlation with the total without this item
    options: tuple[OptionStats, ...]
    flags: tuple[str, ...]  # "easy", "hard", "low discrimination", "negative discrimination"


@dataclass(frozen=True)
class Reliability:
    name: Literal["KR-20", "Cronbach's alpha"]  # KR-20 when every item is scored right or wrong
    value: float | None  # None with fewer than two learners or items, or no spread in totals
    items: int
    learners: int


@dataclass(frozen=True)
class Analysis:
    """Item statistics and reliability for one group of learners (everyone, or one form's)."""

    items: tuple[ItemStats, ...]
    reliability: Reliability


@dataclass(frozen=True)
class ObjectiveChange:
    objective: str
    pre: float | None
    post: float | None

    @property
    def change(self) -> float | None:
        return None if self.pre is None or self.post is None else self.post - self.pre


@dataclass(frozen=True)
class Gain:
    """One learner who took both the pre-test and the post-test form (matched by id)."""

    learner: str
    pre: float  # percent
    post: float

    @property
    def gain(self) -> float:
        return self.post - self.pre


@dataclass(frozen=True)
class Report:
    learners: tuple[Learner, ...]
    items: tuple[ItemStats, ...]
    reliability: Reliability
    objectives: tuple[ObjectiveChange, ...]  # empty unless a pre and a post form were named
    pre: str | None
    post: str | None
    blanks: int = 0  # empty cells scored as wrong (--blank wrong)
    pre_analysis: Analysis | None = None  # the pre-test form's learners alone
    post_analysis: Analysis | None = None
    gains: tuple[Gain, ...] = ()  # learners on both forms, in the responses' order


# Flag thresholds (classical item analysis): too easy or too hard to tell learners apart, or not
# telling them apart in the right direction.
EASY, HARD, LOW = 0.90, 0.30, 0.10


Blank = Literal["error", "wrong"]


@dataclass(frozen=True)
class Responses:
    rows: tuple[Response, ...]
    blanks: int  # empty cells counted as wrong (only with blank="wrong")


def read_responses(
    path: Path, forms: tuple[Form, ...], codes: dict[str, str] | None = None, blank: Blank = "error"
) -> Responses:
    """Read and check the CSV against the forms; every problem at once, each naming its row.

    The form codes printed on the sheets must match the forms drawn here (a `code` column, or `codes`
    from the command line), so responses are never scored against another draw's keys.
    """
    name = str(path)
    try:
        text = read_regular(path, RESPONSES).decode("utf-8-sig")
    except PathRefused as exc:
        raise SourceError([Problem(name, 1, 1, (), str(exc))]) from None
    except UnicodeDecodeError:
        raise SourceError([Problem(name, 1, 1, (), "the file is not UTF-8 text; save it as CSV UTF-8")]) from None
    try:
        return _responses(name, list(_rows(text, name)), forms, codes, blank)
    except csv.Error as exc:  # a stray quote or NUL the reader cannot get past
        raise SourceError([Problem(name, 1, 1, (), f"this is not a CSV file that can be read ({exc})")]) from None


def _rows(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """Each row with its line; a cell too long for any answer is refused with its line, not a traceback."""
    reader = csv.reader(io.StringIO(text))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = reader.line_num
            if "field larger than field limit" in str(exc):
                message = f"row {line}: a cell is longer than {csv.field_size_limit():,} characters; no answer is"
            else:
                message = f"row {line}: this line cannot be read as CSV ({exc})"
            raise SourceError([Problem(name, line, 1, (), message)]) from None
        yield reader.line_num, row


def _responses(
    name: str, rows: list[tuple[int, list[str]]], forms: tuple[Form, ...], codes: dict[str, str] | None, blank: Blank
) -> Responses:
    header = [h.strip().lower() for h in (rows[0][1] if rows else [])]
    by_letter = {f.letter: f for f in forms}
    count = len(forms[0].sheet)
    problems: list[Problem] = []

    def problem(line: int, column: int, message: str) -> None:
        problems.append(Problem(name, line, column, (), message))

    numbers = [str(n) for n in range(1, count + 1)]
    if "id" not in header or sorted(h for h in header if h not in ("id", "form", "code")) != sorted(numbers):
        expected = ", ".join(["id", "form", "code", *numbers])
        raise SourceError([Problem(name, 1, 1, (), f"the first row must name the columns: {expected}")])
    if "form" not in header and forms[0].letter is not None:
        raise SourceError([Problem(name, 1, 1, (), "the quiz has several forms: add a 'form' column with A, B, ...")])
    where = {h: i for i, h in enumerate(header)}
    _check_codes(name, forms, codes, "code" in where)
    known = ", ".join(str(f.letter) for f in forms)
    responses: list[Response] = []
    blanks = 0
    seen: set[tuple[str, str | None]] = set()
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        row = [cell.strip() for cell in row] + [""] * (len(header) - len(row))
        learner = row[where["id"]]
        who = f"row {line} (learner {learner or '?'})"
        if not learner:
            problem(line, where["id"] + 1, f"row {line}: the learner's id is missing")
        letter = row[where["form"]].upper() if "form" in where else ""
        form_letter = letter or None
        if form_letter not in by_letter:
            said = f"form '{letter}'" if letter else "no form"
            problem(line, where.get("form", 0) + 1, f"{who}: {said} is not a form of this quiz; expected {known}")
            continue
        if (learner, form_letter) in seen:
            problem(line, where["id"] + 1, f"{who}: this learner appears twice on form {form_letter or ''}".rstrip())
        seen.add((learner, form_letter))
        form = by_letter[form_letter]
        if "code" in where and row[where["code"]].upper() != form.code:
            said = row[where["code"]] or "no code"
            problem(line, where["code"] + 1, f"{who}: {_mismatch(form, said)}")
            continue
        cells = tuple(row[where[n]] for n in numbers)
        for n, (cell, q) in enumerate(zip(cells, form.sheet, strict=True), start=1):
            column = where[str(n)] + 1
            if not cell and blank == "wrong":
                blanks += 1
                continue
            error = _check_cell(cell, q.kind, len(q.options), q.points)
            if error:
                problem(line, column, f"{who}, question {n}: {error}")
        responses.append(Response(line, learner, form_letter, cells))
    if problems:
        raise SourceError(problems)
    if not responses:
        raise SourceError([Problem(name, 1, 1, (), "there are no learners' rows below the header")])
    return Responses(tuple(responses), blanks)


def _mismatch(form: Form, said: str) -> str:
    which = f"form {form.letter}" if form.letter else "the quiz"
    return (
        f"the sheets say code {said} for {which}, but this draw of {which} has code {form.code}; "
        "score with the same --forms and --seed (and quiz) the sheets were built with"
    )


def _check_codes(name: str, forms: tuple[Form, ...], codes: dict[str, str] | None, column: bool) -> None:
    """The codes given on the command line match the draw; a quiz with forms needs codes one way or the other."""
    if codes is None:
        if not column and forms[0].letter is not None:
            message = (
                "the quiz has forms, so the form codes printed on the sheets must be given: "
                "add a 'code' column, or --code " + ",".join(f"{f.letter}=XXXX" for f in forms)
            )
            raise SourceError([Problem(name, 1, 1, (), message)])
        return
    by_letter = {f.letter or "": f for f in forms}
    problems = []
    for letter, code in codes.items():
        form = by_letter.get(letter.upper())
        if form is None:
            known = ", ".join(f.letter or "" for f in forms) if forms[0].letter else "none: the quiz has one form"
            problems.append(Problem(name, 1, 1, (), f"--code {letter}={code}: no such form ({known})"))
        elif code.upper() != form.code:
            problems.append(Problem(name, 1, 1, (), _mismatch(form, code)))
    if problems:
        raise SourceError(problems)


def parse_codes(text: str) -> dict[str, str]:
    """`A=K7QP,B=M2XR` (or `K7QP` for a quiz of one form) -> {form letter: code}."""
    codes: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        letter, _, code = part.rpartition("=")
        codes[letter.strip().upper()] = code.strip().upper()
    return codes


def _check_cell(cell: str, kind: str, options: int, points: int) -> str | None:
    if not cell:
        return "no answer; write the letter the learner marked, or score with --blank wrong"
    if kind == "short-answer":
        try:
            value = float(cell)
        except ValueError:
            return f"'{cell}' is not a number of points; write the points given, 0 to {points}"
        return None if 0 <= value <= points else f"{cell} points is out of range; expected 0 to {points}"
    letters = _letters(cell)
    allowed = LETTERS[:options]
    bad = [c for c in letters if c not in allowed] if letters else [cell]
    if bad:
        return f"'{bad[0]}' is not an option; expected {', '.join(allowed[:-1])} or {allowed[-1]}"
    if kind != "select-all" and len(letters) > 1:
        return f"'{cell}' marks several letters; this question takes one"
    return None


def _letters(cell: str) -> list[str]:
    return [c for c in re.sub(r"[\s,;]+", "", cell.upper())]


def score(
    source: Source,
    quiz: Quiz,
    forms: tuple[Form, ...],
    responses: Responses,
    pre: str | None = None,
    post: str | None = None,
) -> Report:
    by_letter = {f.letter: f for f in forms}
    learners = tuple(_score_one(by_letter[r.form], r) for r in responses.rows)
    everyone = analyse(quiz, learners)
    objectives: tuple[ObjectiveChange, ...] = ()
    pre_analysis = post_analysis = None
    gains: tuple[Gain, ...] = ()
    if pre and post:
        objectives = tuple(
            ObjectiveChange(
                o.text, _objective_rate(quiz, o.id, learners, pre), _objective_rate(quiz, o.id, learners, post)
            )
            for o in source.talk.objectives
            if any(o.id in q.objectives for q in quiz.questions)
        )
        pre_analysis = analyse(quiz, tuple(x for x in learners if x.form == pre))
        post_analysis = analyse(quiz, tuple(x for x in learners if x.form == post))
        after = {x.id: x for x in learners if x.form == post}
        gains = tuple(Gain(x.id, x.percent, after[x.id].percent) for x in learners if x.form == pre and x.id in after)
    return Report(
        learners,
        everyone.items,
        everyone.reliability,
        objectives,
        pre,
        post,
        responses.blanks,
        pre_analysis,
        post_analysis,
        gains,
    )


def _score_one(form: Form, response: Response) -> Learner:
    scores: dict[str, float] = {}
    picks: dict[str, frozenset[int]] = {}
    points = 0.0
    for cell, key in zip(response.cells, form.key, strict=True):
        if not cell:  # a blank counted as wrong (--blank wrong)
            fraction = 0.0
            picks[key.item] = frozenset()
        elif key.kind == "short-answer":
            fraction = float(cell) / key.points
            picks[key.item] = frozenset()
        else:
            marked = {LETTERS.index(c) for c in _letters(cell)}
            picks[key.item] = frozenset(key.order[j] for j in marked)
            fraction = 1.0 if marked == {LETTERS.index(a) for a in key.answers} else 0.0
        scores[key.item] = fraction
        points += fraction * key.points
    return Learner(response.learner, response.form, points, form.total_points, scores, picks)


def analyse(quiz: Quiz, learners: tuple[Learner, ...]) -> Analysis:
    """Item statistics and reliability over `learners` (empty: every figure None or 0)."""
    table = [[x.item_scores[q.id] * q.points for q in quiz.questions] for x in learners]
    items = tuple(_item_stats(quiz, i, learners, table) for i in range(len(quiz.questions)))
    right_wrong = all(x.item_scores[q.id] in (0.0, 1.0) for x in learners for q in quiz.questions)
    name: Literal["KR-20", "Cronbach's alpha"] = "KR-20" if right_wrong else "Cronbach's alpha"
    return Analysis(items, Reliability(name, stats.reliability(table), len(quiz.questions), len(learners)))


def _item_stats(quiz: Quiz, index: int, learners: tuple[Learner, ...], table: list[list[float]]) -> ItemStats:
    q = quiz.questions[index]
    scores = [learner.item_scores[q.id] for learner in learners]
    totals = [learner.points for learner in learners]
    discrimination = stats.correlation(scores, totals)
    corrected = stats.corrected_item_total(table, index)
    keyed = {LETTERS.index(a) for a in q.answers}
    options = []
    for j, o in enumerate(q.options):
        picked = [j in learner.picks[q.id] for learner in learners]
        rate = sum(picked) / len(learners) if learners else 0.0
        options.append(
            OptionStats(LETTERS[j], o.text, rate, j in keyed, stats.option_discrimination(picked, table, index))
        )
    difficulty = statistics.fmean(scores) if scores else 0.0
    flags = []
    if learners and difficulty > EASY:
        flags.append("easy")
    if learners and difficulty < HARD:
        flags.append("hard")
    if corrected is not None and corrected < 0:
        flags.append("negative discrimination")
    elif corrected is not None and corrected < LOW:
        flags.append("low discrimination")
    return ItemStats(q.id, index + 1, difficulty, discrimination, corrected, tuple(options), tuple(flags))


def _objective_rate(quiz: Quiz, objective: str, learners: tuple[Learner, ...], form: str) -> float | None:
    items = [q.id for q in quiz.questions if objective in q.objectives]
    marks = [learner.item_scores[i] for learner in learners if learner.form == form for i in items]
    return statistics.fmean(marks) if marks else None


def format_report(report: Report) -> str:
    """The report as plain text for the terminal (or a file): learners, items, options, objectives."""
    out: list[str] = []
    width = max(len("Learner"), *(len(learner.id) for learner in report.learners))
    out.append(f"{'Learner':<{width}}  Form  Points      Percent")
    for learner in report.learners:
        points = f"{_fmt(learner.points)} of {learner.total}"
        out.append(f"{learner.id:<{width}}  {learner.form or '-':<4}  {points:<10}  {learner.percent:6.1f}%")
    mean = statistics.fmean(learner.percent for learner in report.learners)
    out.append(f"{len(report.learners)} learner{'s' if len(report.learners) != 1 else ''}; mean {mean:.1f}%")
    if report.blanks:
        out.append(f"{report.blanks} blank answer{'s' if report.blanks != 1 else ''} counted as wrong (--blank wrong)")
    out.append("")
    out += _analysis(Analysis(report.items, report.reliability), "all learners")
    for letter, analysis in ((report.pre, report.pre_analysis), (report.post, report.post_analysis)):
        if analysis is not None:
            out.append("")
            out += _analysis(analysis, f"form {letter} only", options=False)
    if report.objectives:
        out.append("")
        out.append(f"Proportion correct per objective: pre-test form {report.pre}, post-test form {report.post}")
        for objective in report.objectives:
            pre = _pct(objective.pre)
            post = _pct(objective.post)
            change = f"{objective.change * 100:+.1f} points" if objective.change is not None else "—"
            out.append(f"  {pre:>6} -> {post:>6}  ({change})  {objective.objective}")
    if report.pre and report.post:
        out.append("")
        out.append(f"Paired gain (learners on both form {report.pre} and form {report.post}, matched by id)")
        for gain in report.gains:
            out.append(f"  {gain.learner:<{width}}  {gain.pre:6.1f}% -> {gain.post:6.1f}%  ({gain.gain:+.1f} points)")
        if report.gains:
            average = statistics.fmean(g.gain for g in report.gains)
            out.append(f"  {len(report.gains)} paired; mean gain {average:+.1f} points")
        else:
            out.append("  no learner id appears on both forms")
    return "\n".join(out) + "\n"


def _r(value: float | None) -> str:
    return f"{value:+.2f}" if value is not None else "—"


def _analysis(analysis: Analysis, who: str, options: bool = True) -> list[str]:
    out = []
    rel = analysis.reliability
    value = f"{rel.value:.2f}" if rel.value is not None else "— (needs two learners, two items and spread in totals)"
    out.append(f"Reliability ({who}, {rel.learners} learners, {rel.items} items): {rel.name} {value}")
    out.append("Item  Id          Difficulty  Discrimination  Corrected  Flags")
    for item in analysis.items:
        flags = ", ".join(item.flags)
        line = f"{item.source_number:<4}  {item.id:<10}  {item.difficulty:10.2f}  {_r(item.discrimination):>14}"
        out.append(f"{line}  {_r(item.corrected):>9}  {flags}".rstrip())
    out.append(
        "Difficulty: proportion correct. Discrimination: point-biserial with the total score. Corrected: with the "
        f"total without the item. Flags: easy above {EASY:.2f}, hard below {HARD:.2f}, "
        f"low discrimination below {LOW:.2f} (corrected)."
    )
    if not options:
        return out
    out.append("")
    out.append("Option pick rates and discrimination (items numbered and lettered as in the source; * the key)")
    for item in analysis.items:
        if not item.options:
            continue
        out.append(f"{item.source_number} {item.id}")
        for option in item.options:
            short = option.text if len(option.text) <= 60 else option.text[:59] + "…"
            mark = "*" if option.keyed else " "
            out.append(f"   {mark}{option.letter}  {option.rate * 100:5.1f}%  {_r(option.discrimination):>5}  {short}")
    return out


def results_csv(report: Report, quiz: Quiz) -> bytes:
    """One row per learner: id, form, points, total, percent, then the points earned on each item (source order).

    No cell can start a spreadsheet formula: a learner id such as `=HYPERLINK(...)` is written with a
    leading apostrophe, which spreadsheets show as text.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["learner", "form", "points", "total", "percent", *(q.id for q in quiz.questions)])
    for x in report.learners:
        cells = [x.id, x.form or "", _fmt(x.points), str(x.total), f"{x.percent:.1f}"]
        cells += [_fmt(round(x.item_scores[q.id] * q.points, 4)) for q in quiz.questions]
        writer.writerow([_inert(c) for c in cells])
    return out.getvalue().encode("utf-8")


def _inert(cell: str) -> str:
    # OWASP's list of characters that make Excel, LibreOffice or Google Sheets evaluate a cell.
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r", "|", "%") else cell


def _pct(value: float | None) -> str:
    return f"{value * 100:.1f}%" if value is not None else "—"


def _fmt(value: float) -> str:
    return f"{value:g}"
