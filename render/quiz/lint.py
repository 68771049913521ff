"""Item-writing lint for quiz questions, after the NBME's "Constructing Written Test Questions".

Warnings, never errors: the author decides. Each names file:line, the question and the rule;
`lint: {ignore: [rule], why: ...}` on a question (or on the quiz, for quiz-wide rules)
silences a rule with a recorded reason. Rules look at the source as written; key balance
looks at each printed form, since shuffled forms have keys of their own.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from render.errors import format_path
from render.quiz.forms import Form
from render.source.load import Located
from render.source.model import LETTERS, Question

# Rule -> what it means, in the words of the warning.
RULES: dict[str, str] = {
    "negative-stem": "negatively phrased stem; ask for what is true instead",
    "all-none-of-the-above": "“all/none of the above” lets partial knowledge find the key",
    "true-false": "true/false item; rewrite it as a one-best-answer question",
    "longest-key": "the key is the longest option; test-wise learners pick the longest",
    "absolute-terms": "absolute term in an option; learners learn that these are seldom right",
    "few-distractors": "fewer than three distractors",
    "duplicate-options": "two options say the same",
    "not-a-question": "the lead-in is not a question; end the stem with a closed question",
    "key-balance": "key letters are unbalanced across the quiz",
}

_NEGATIVE = re.compile(r"\b(except|not|all but|none but)\b", re.IGNORECASE)
_ABOVE = re.compile(r"\b(all|none|both|neither) of the above\b", re.IGNORECASE)
_ABSOLUTE = re.compile(r"\b(always|never|all|none|only|completely|absolutely|entirely)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Warning:
    file: str
    line: int
    column: int
    field: str  # e.g. quiz.questions[0].stem
    item: str  # the question id, or "quiz"
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: warning: {self.item}: {self.rule}: {self.detail} ({self.field})"


def lint(located: Located, forms: tuple[Form, ...] = ()) -> list[Warning]:
    """Every item-writing warning for the quiz of `located`.

    Key balance is judged on each printed form of `forms`; without them, on the source's own lettering.
    """
    quiz = located.source.quiz
    if quiz is None:
        return []
    found: list[Warning] = []
    for i, q in enumerate(quiz.questions):
        base = ("quiz", "questions", i)
        silenced = set(q.lint.ignore) if q.lint else set()
        for sub, rule, detail in _question(q):
            if rule in silenced:
                continue
            path = (*base, *sub)
            line, column = located.at(path)
            found.append(Warning(located.file, line, column, format_path(path), q.id, rule, detail))
    if not (quiz.lint and "key-balance" in quiz.lint.ignore):
        printed = forms or ((None, [(q.type, len(q.options), q.answers) for q in quiz.questions]),)
        if forms:
            printed = tuple((f.letter, [(k.kind, len(k.options), k.answers) for k in f.key]) for f in forms)
        for letter, items in printed:
            detail = _balance(items)
            if detail:
                path = ("quiz", "questions")
                line, column = located.at(path)
                on = f"form {letter}: " if letter else ""
                found.append(Warning(located.file, line, column, format_path(path), "quiz", "key-balance", on + detail))
    return found


def _question(q: Question) -> list[tuple[tuple[str | int, ...], str, str]]:
    """(path inside the question, rule, detail) for each rule the question breaks."""
    out: list[tuple[tuple[str | int, ...], str, str]] = []
    negative = _NEGATIVE.search(q.stem)
    if negative:
        out.append((("stem",), "negative-stem", f"{RULES['negative-stem']} (“{negative.group(0)}”)"))
    if q.type == "short-answer":
        return out
    for j, option in enumerate(q.options):
        above = _ABOVE.search(option.text)
        if above:
            out.append(
                (("options", j), "all-none-of-the-above", f"{RULES['all-none-of-the-above']} (option {LETTERS[j]})")
            )
    if q.type == "true-false":
        out.append((("type",), "true-false", RULES["true-false"]))
    elif not q.stem.rstrip().endswith("?"):
        # A true/false item is a statement by nature; its own rule covers it.
        out.append((("stem",), "not-a-question", RULES["not-a-question"]))
    keyed = {LETTERS.index(a) for a in q.answers}
    if q.type == "single" and len(keyed) == 1:
        lengths = [len(o.text) for o in q.options]
        key = next(iter(keyed))
        if key < len(lengths) and lengths[key] == max(lengths) and lengths.count(max(lengths)) == 1:
            out.append((("answer",), "longest-key", f"{RULES['longest-key']} (option {LETTERS[key]})"))
    for j, option in enumerate(q.options):
        if _ABOVE.search(option.text):
            continue  # "all of the above" has its own rule
        absolute = _ABSOLUTE.search(option.text)
        if absolute:
            out.append(
                (
                    ("options", j),
                    "absolute-terms",
                    f"{RULES['absolute-terms']} (“{absolute.group(0)}” in option {LETTERS[j]})",
                )
            )
    distractors = len(q.options) - len(keyed)
    if distractors < 3:
        out.append((("options",), "few-distractors", f"{RULES['few-distractors']} ({distractors})"))
    seen: dict[str, int] = {}
    for j, option in enumerate(q.options):
        norm = re.sub(r"\W+", " ", option.text).strip().casefold()
        if norm in seen:
            detail = f"{RULES['duplicate-options']} (options {LETTERS[seen[norm]]} and {LETTERS[j]})"
            out.append((("options", j), "duplicate-options", detail))
        seen.setdefault(norm, j)
    return out


def _balance(printed: list[tuple[str, int, tuple[str, ...]]]) -> str | None:
    """Key balance over the one-best-answer items of one form, or None when it is fair.

    `printed` is (type, number of options, keyed letters) per question. Each letter's fair share is
    the sum of 1/len(options) over the items that offer it. With at least five one-best-answer
    items, a letter keyed at least three times and more than twice its fair share is flagged; with
    at least twice as many items as letters, a letter every item offers yet none keys is flagged too.
    """
    items = [(count, keys[0]) for kind, count, keys in printed if kind == "single" and len(keys) == 1]
    if len(items) < 5:
        return None
    counts = Counter(key for _, key in items)
    for letter in LETTERS[: max(n for n, _ in items)]:
        fair = sum(1 / n for n, _ in items if LETTERS.index(letter) < n)
        if counts[letter] >= 3 and counts[letter] > 2 * fair:
            return f"{RULES['key-balance']}: {letter} is the key of {counts[letter]} of {len(items)} items"
    fewest = min(n for n, _ in items)
    if len(items) >= 2 * fewest:
        unused = [letter for letter in LETTERS[:fewest] if counts[letter] == 0]
        if unused:
            return f"{RULES['key-balance']}: {', '.join(unused)} is never the key in {len(items)} items"
    return None
