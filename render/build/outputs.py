"""The one registry of outputs: what each kind of file is called, which `--only` group makes it, its order.

Every other place that needs a file name asks here: the build, the export command, the
build summary's order and the Makefile (through `podium outputs --make`). A new output kind
is one entry in KINDS.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Kind:
    """One kind of output file: `NAME-<stem>[-FORM].<ext>`."""

    stem: str  # "deck", "answer-key", "quiz-moodle"
    ext: str  # ".pptx"
    group: str  # the `--only` group that makes it: deck | handout | quiz | cme; or export | attendees | report | score
    per_form: bool = False  # one file per quiz form (ipt-quiz-A.pdf, ...) when the quiz has forms

    def file(self, talk: str, form: str | None = None) -> str:
        return f"{talk}-{self.stem}{f'-{form}' if form and self.per_form else ''}{self.ext}"


# In the order the build summary lists them.
DECK = Kind("deck", ".pptx", "deck")
HANDOUT = Kind("handout", ".pdf", "handout")
SLIDES = Kind("slides", ".pdf", "handout")
SHEET = Kind("quiz", ".pdf", "quiz", per_form=True)
KEY = Kind("answer-key", ".pdf", "quiz", per_form=True)
MOODLE = Kind("quiz-moodle", ".xml", "export")
GIFT = Kind("quiz-gift", ".txt", "export")
# A talk with `cme:` only: the CME office's packet; the certificates and the outcomes report come from
# `podium certificates` and `podium score --report`, not from a build.
SIGN_IN = Kind("sign-in", ".pdf", "cme")
EVALUATION = Kind("evaluation", ".pdf", "cme")
CERTIFICATE = Kind("certificate", ".pdf", "cme")
CERTIFICATES = Kind("certificates", ".pdf", "attendees")
OUTCOMES = Kind("outcomes", ".pdf", "report")
QTI = Kind("quiz-qti", ".zip", "export")  # IMS QTI 1.2 content package (Canvas, Blackboard, Brightspace)
RESULTS = Kind("quiz-results", ".csv", "score")  # `podium score --results`: the default name beside the outputs
KINDS = (DECK, HANDOUT, SLIDES, SHEET, KEY, SIGN_IN, EVALUATION, CERTIFICATE, MOODLE, GIFT, QTI)
KINDS += (CERTIFICATES, OUTCOMES, RESULTS)

# What `podium build --only` accepts, in the order a build makes them.
GROUPS = ("deck", "handout", "quiz", "cme")
EXPORTS = {"moodle-xml": MOODLE, "gift": GIFT, "qti": QTI}

_NAMED = re.compile(
    "-(" + "|".join(re.escape(k.stem) for k in sorted(KINDS, key=lambda k: -len(k.stem))) + r")(?:-[A-Z])?(\.\w+)$"
)


def form_letters(forms: int) -> list[str | None]:
    """[None] for a single-form quiz, else ['A', 'B', ...]."""
    return [None] if forms <= 1 else list(string.ascii_uppercase[:forms])


def planned(talk: str, groups: tuple[str, ...], forms: int | None, cme: bool = False) -> list[str]:
    """The file names a build of `groups` writes; `forms` is None for a talk without a quiz, `cme` says
    whether it has a `cme:` section."""
    names = []
    for kind in KINDS:
        if kind.group not in groups or (kind.group == "quiz" and forms is None) or (kind.group == "cme" and not cme):
            continue
        letters = form_letters(forms or 1) if kind.per_form else [None]
        names += [kind.file(talk, letter) for letter in letters]
    return names


def rank(path: Path) -> tuple[int, str]:
    """Where a file stands in the summary: by kind, read from the end of its name (a talk may be called
    ipt-handout-2024), then by name."""
    found = _NAMED.search(path.name)
    stems = [k.stem for k in KINDS]
    return (stems.index(found.group(1)) if found else len(stems), path.name)


def make_rules(sources: list[Path], out: str) -> str:
    """Make variables naming every talk's outputs, so the Makefile decides no name itself."""
    from render.source.load import has_cme, quiz_forms

    lines = []
    for source in sources:
        talk = source.stem
        forms, cme = quiz_forms(source), has_cme(source)
        for group in GROUPS:
            names = " ".join(f"{out}/{n}" for n in planned(talk, (group,), forms, cme))
            lines.append(f"OUT_{group}_{talk} := {names}")
        if forms is not None:
            lines.append(f"QUIZ_TALKS += {talk}")
        if cme:
            lines.append(f"CME_TALKS += {talk}")
    return "\n".join(lines) + "\n"
