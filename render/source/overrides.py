"""What the command line says over the source (`--style`, `--forms`, `--with-quiz`, ...), applied once.

The result is an ordinary validated source: every later step reads `source.handout`,
`source.quiz` and `source.deck` and never sees where a value came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from render.errors import Problem, SourceError
from render.source.load import Located, explain


@dataclass(frozen=True)
class Overrides:
    """Values given on the command line; an empty mapping leaves the source as written."""

    handout: dict[str, object] = field(default_factory=dict)  # style, paper, grayscale, citation_style
    quiz: dict[str, object] = field(default_factory=dict)  # forms, seed, large_print, bubbles
    with_quiz: bool = False  # the quiz as slides at the end of the deck

    def apply(self, located: Located) -> Located:
        """The source with these values in place, validated as the source's own are."""
        source = located.source
        changes: dict[str, object] = {}
        try:
            if self.handout:
                changes["handout"] = source.handout.model_validate({**source.handout.model_dump(), **self.handout})
            if self.quiz and source.quiz is not None:
                changes["quiz"] = source.quiz.model_validate({**source.quiz.model_dump(), **self.quiz})
        except ValidationError as exc:
            # The value came from the command line, so the message names the option, not a line of the file.
            problems = []
            for error in exc.errors():
                name = str(error["loc"][0]) if error["loc"] else ""
                flag = f"--{name.replace('_', '-')} {error.get('input')}"
                problems.append(Problem(located.file, 1, 1, (), f"{flag}: {explain(error, {}).message}"))
            raise SourceError(problems) from None
        if self.with_quiz:
            changes["deck"] = source.deck.model_copy(update={"quiz": True})
        if not changes:
            return located
        return Located(source.model_copy(update=changes), located.file, located.positions)
