"""Item-writing lint for quiz questions, after the NBME's "Constructing Written Test Questions".

Warnings, never errors: the author decides. Each names file:line, the question and the rule;
`lint: {ignore: [rule], why: ...}` on a question (or on the quiz, for quiz-wide rules)
silences a rule with a recorded reason. Rules look at the source as written; key balance
looks at each printed form, since shuffled forms have keys of their own.
"""

from __future__ import annotations

import re
import typing
from collections import Counter
from dataclasses import dataclass

from render.errors import format_path
from render.quiz.forms import Form
from render.quiz.stem import lead_in
from render.source.load import Located
from render.source.model import LETTERS, REFERS_TO_OTHERS, LintRule, Question, named_letters

# Rule -> what it means, in the words of the warning. The names themselves are the model's LintRule.
RULES: dict[LintRule, str] = {
    "negative-stem": "negatively phrased stem; ask for what is true instead",
    "all-none-of-the-above": "“all/none of the above” lets partial knowledge find the key",
    "true-false": "true/false item; rewrite it as a one-best-answer question",
    "longest-key": "the key is clearly the longest option; test-wise learners pick the longest",
    "absolute-terms": "absolute term in an option; learners learn that these are seldom right",
    "few-distractors": "fewer than three distractors",
    "duplicate-options": "two options say the same",
    "not-a-question": "the lead-in is not a question; end the stem with a closed question",
    "key-balance": "key letters are unbalanced across the quiz",
    "repeated-stem": "the same stem as another question",
}
assert set(RULES) == set(typing.get_args(LintRule)), "every rule the model names has a message here"

# Judged in the lead-in (the question sentence) only: a vignette may say "not" freely.
_NEGATIVE = re.compile(
    r"\b(except|not|cannot|least|all but|none but)\b|n't\b"
    r"|\b(?:is|are|the|statement is) (?:false|incorrect|untrue)\b",  # "false teeth" is not a negative question
    re.IGNORECASE,
)
# A question asking for a reason ("Why should shampoo not be used?", "... not be elevated because:") asks
# for what is true: its negation is the fact being explained.
_REASON = re.compile(r"^\s*why\b|\bbecause\W*$", re.IGNORECASE)
# Anywhere in the stem: the capitals item writers use to flag a negative question.
_SHOUTED = re.compile(r"\b(EXCEPT|NOT|LEAST|FALSE|INCORRECT)\b")
# An absolute claim: "all"/"none" leading the option ("All hypnotics have the same side effects"; not
# "areflexia in all extremities", nor "all other criteria"), or always/never/completely/... anywhere but
# in a relative clause ("women who never had sex").
_ABSOLUTE = re.compile(
    r"^\s*(all|none)\b(?! (?:other|of the|the other|but)\b)"
    r"|(?<!who )(?<!that )(?<!which )\b(always|never|completely|absolutely|entirely)\b",
    re.IGNORECASE,
)
_TITLE = re.compile(r"^(?:[A-Z][\w'-]*\s+)+[A-Z][\w'-]*$")  # a name ("Always Delay Learning"), not a claim
_LONGER = 8  # characters by which a key must outrun every other option to count as "clearly the longest"
# Inside the lead-in, a negation in a quotation or a subordinate clause ("if the nerve does not
# regenerate", "whether or not", "at least") does not make the question negative.
_NOT_THE_QUESTION = re.compile(
    r"[\"“][^\"”]*[\"”]|\([^)]*\)|\bat least\b|\bor not\b|\band not\b|\bnot (?:only|including|very)\b"
    r"|(?:\b(?:if|when|whenever|whether|though|although|because|unless|who|whom|whose|that|since|while"
    r"|in which|by which|with which)"
    r"|(?<!all )(?<!none )\bbut)\b[^,;:?]*",
    re.IGNORECASE,
)


def negative(stem: str) -> str | None:
    """The word that makes a stem negative: in capitals anywhere, or in the lead-in's main clause."""
    question = lead_in(stem)
    shouted = _SHOUTED.search(stem)
    if shouted:
        return shouted.group(0)
    if _REASON.search(question):
        return None
    found = _NEGATIVE.search(_NOT_THE_QUESTION.sub(" ", question))
    return found.group(0) if found else None


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    column: int
    field: str  # e.g. quiz.questions[0].stem
    item: str  # the question id, or "quiz"
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: warning: {self.item}: {self.rule}: {self.detail} ({self.field})"


def lint(located: Located, forms: tuple[Form, ...] = ()) -> list[Finding]:
    """Every item-writing warning for the quiz of `located`.

    Key balance is judged on each printed form of `forms`; without them, on the source's own lettering.
    """
    quiz = located.source.quiz
    if quiz is None:
        return []
    found: list[Finding] = []
    for i, q in enumerate(quiz.questions):
        base = ("quiz", "questions", i)
        silenced = set(q.lint.ignore) if q.lint else set()
        for sub, rule, detail in _question(q):
            if rule in silenced:
                continue
            path = (*base, *sub)
            line, column = located.at(path)
            found.append(Finding(located.file, line, column, format_path(path), q.id, rule, detail))
    first: dict[str, int] = {}
    for i, q in enumerate(quiz.questions):
        norm = re.sub(r"\W+", " ", q.stem).strip().casefold()
        if norm in first and not (q.lint and "repeated-stem" in q.lint.ignore):
            path = ("quiz", "questions", i, "stem")
            line, column = located.at(path)
            other = quiz.questions[first[norm]].id
            detail = f"{RULES['repeated-stem']} ({other}); a learner answers one from the other"
            found.append(Finding(located.file, line, column, format_path(path), q.id, "repeated-stem", detail))
        first.setdefault(norm, i)
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
                found.append(Finding(located.file, line, column, format_path(path), "quiz", "key-balance", on + detail))
    return found


def _question(q: Question) -> list[tuple[tuple[str | int, ...], str, str]]:
    """(path inside the question, rule, detail) for each rule the question breaks."""
    out: list[tuple[tuple[str | int, ...], str, str]] = []
    word = negative(q.stem)
    if word:
        out.append((("stem",), "negative-stem", f"{RULES['negative-stem']} (“{word}”)"))
    if q.type == "short-answer":
        return out
    refers = [j for j, o in enumerate(q.options) if REFERS_TO_OTHERS.match(o.text) or named_letters(o.text)]
    for j in refers:
        named = named_letters(q.options[j].text)
        kept = f"; {' and '.join(named)} keep their letters on every form" if named else ""
        detail = f"{RULES['all-none-of-the-above']} (option {LETTERS[j]}{kept})"
        out.append((("options", j), "all-none-of-the-above", detail))
    if q.type == "true-false":
        out.append((("type",), "true-false", RULES["true-false"]))
    elif not re.search(r"\?[\s:.\"”')]*$", q.stem):  # "… in the newborn ?:" is a question too
        # A true/false item is a statement by nature; its own rule covers it.
        out.append((("stem",), "not-a-question", RULES["not-a-question"]))
    keyed = {LETTERS.index(a) for a in q.answers}
    if q.type == "single" and len(keyed) == 1:
        lengths = [len(o.text) for o in q.options]
        key = next(iter(keyed))
        others = max((n for j, n in enumerate(lengths) if j != key), default=0)
        # Only a key that stands out is a cue: a quarter longer than any other option and 8 characters more
        # ("Copenhagen" among "Odense" and "Skagen" is chance, not a cue).
        if key < len(lengths) and lengths[key] >= 1.25 * others and lengths[key] - others >= _LONGER:
            out.append((("answer",), "longest-key", f"{RULES['longest-key']} (option {LETTERS[key]})"))
    absolutes = {
        j: found.group(0)
        for j, o in enumerate(q.options)
        if j not in refers and not _TITLE.match(o.text) and (found := _ABSOLUTE.search(o.text))
    }
    # The cue is an option that stands out: the same word in several options is parallel phrasing.
    if len(absolutes) == 1:
        ((j, word),) = absolutes.items()
        detail = f"{RULES['absolute-terms']} (“{word.strip()}” in option {LETTERS[j]})"
        out.append((("options", j), "absolute-terms", detail))
    distractors = len(q.options) - len(keyed)
    if distractors < 3 and q.type != "true-false":  # a true/false item has its own rule
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
    said: list[str] = []
    for letter in LETTERS[: max(n for n, _ in items)]:
        fair = sum(1 / n for n, _ in items if LETTERS.index(letter) < n)
        if counts[letter] >= 3 and counts[letter] > 2 * fair:
            said.append(f"{letter} is the key of {counts[letter]} of {len(items)} items")
            break
    fewest = min(n for n, _ in items)
    if len(items) >= 2 * fewest:
        unused = [letter for letter in LETTERS[:fewest] if counts[letter] == 0]
        if unused:
            verb = "is" if len(unused) == 1 else "are"
            said.append(f"{', '.join(unused)} {verb} never the key in {len(items)} items")
    return f"{RULES['key-balance']}: {'; '.join(said)}" if said else None
