"""The talk's texts resolved once a build: citation numbers decided, every Markdown field parsed into runs.

The one owner of both decisions. Loading checks every Markdown text (`model.markdown_texts`); the
build then calls `resolve` once, after loading, and hands the result to every planner and writer:
the deck, the handout, the quiz forms, the LMS exports, the talk length and the outcomes report read
their runs from here and never number or parse a text themselves, so a superscript means the same
reference everywhere and no text is parsed twice. tests/test_resolved.py holds the other modules to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from render.source.model import Source, cited_keys, markdown_texts
from render.source.text import Run, joined, runs

Runs = tuple[Run, ...]


@dataclass(frozen=True)
class Texts:
    """The resolved texts of one talk: what each Markdown text of the source reads as."""

    numbers: Mapping[str, int]  # reference id -> its number in the deck, handout and quiz alike
    parsed: Mapping[str, Runs]  # each Markdown text the source holds -> its runs

    def runs(self, text: str | None) -> Runs:
        """The runs of one of the source's Markdown texts (an absent or empty one has none).

        A text the source does not hold is a KeyError: it was never checked by loading, so a writer
        asking for it is a bug to mend here (add it to `model.markdown_texts`), not a text to parse."""
        return self.parsed[text] if text else ()

    def plain(self, text: str | None) -> str:
        """The text as words, without its citation numbers (bookmarks, the key's slide titles)."""
        return "".join(r.text for r in self.runs(text) if not r.superscript)

    def joined(self, texts: Iterable[str], separator: str) -> Runs:
        """Several fields on one line ("A. Presenter, MD"): each field's runs, a plain separator between."""
        return tuple(joined([self.runs(t) for t in texts], separator))


def numbering(source: Source) -> dict[str, int]:
    """Reference id -> its number: first citation order (the slides', then the quiz's), then the
    references never cited, in source order (citeproc alone would drop them)."""
    order = dict.fromkeys(cited_keys(source))
    order.update(dict.fromkeys(r.id for r in source.references))
    return {key: i + 1 for i, key in enumerate(order)}


def resolve(source: Source) -> Texts:
    """Number the references and parse every Markdown text of a loaded (checked) source, once each."""
    numbers = numbering(source)
    parsed: dict[str, Runs] = {}
    for _, text in markdown_texts(source):
        if text not in parsed:
            parsed[text] = tuple(runs(text, numbers))
    return Texts(numbers, parsed)
