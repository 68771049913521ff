"""Reference-manager files (BibTeX, CSL-JSON) -> the model's references.

Presenters keep their references in Zotero, EndNote or JabRef; a talk names the
exported file (`bibliography: refs.bib`) and cites its keys like inline ones.
Only the entries a talk cites are taken: an exported library holds hundreds
that the talk never mentions, and those must neither be listed nor complained
about. `render.source.load` reads the file; this module only parses text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from render.errors import Problem, SourceError, format_path
from render.source.model import Reference

# Entry types podium formats, by the names BibTeX and CSL give them.
BIBTEX_TYPES = {
    "article": "article",
    "book": "book",
    "booklet": "book",
    "report": "book",
    "techreport": "book",
    "thesis": "book",
    "phdthesis": "book",
    "mastersthesis": "book",
    "incollection": "chapter",
    "inbook": "chapter",
    "inproceedings": "chapter",
    "conference": "chapter",
    "online": "web",
    "misc": "web",
    "electronic": "web",
    "www": "web",
}
CSL_TYPES = {
    "article": "article",
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "review": "article",
    "book": "book",
    "report": "book",
    "thesis": "book",
    "chapter": "chapter",
    "paper-conference": "chapter",
    "entry-encyclopedia": "chapter",
    "entry-dictionary": "chapter",
    "webpage": "web",
    "post": "web",
    "post-weblog": "web",
}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class FileEntry:
    """One entry of a reference file, already in the model's field names but not yet checked."""

    key: str
    line: int  # 1-based, where the entry starts
    kind: str  # the file's own entry type, for messages
    fields: dict[str, Any] = field(default_factory=dict)


def read_bibtex(text: str, name: str) -> dict[str, FileEntry]:
    """A .bib file's entries by key, or SourceError for every block that cannot be read."""
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors

    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors(), LatexDecodingMiddleware()])
    problems = []
    for block in library.failed_blocks:
        reason = str(getattr(block, "error", "") or "").strip().splitlines()
        what = reason[-1] if reason else "it cannot be read"
        if "Duplicate entry key" in what:
            what = f"{what}; every entry needs its own key"
        problems.append(Problem(name, block.start_line + 1, 1, (), f"this BibTeX entry is broken: {what}"))
    if problems:
        raise SourceError(problems)
    entries = {}
    for entry in library.entries:
        values = {k.lower(): f.value for k, f in ((f.key, f) for f in entry.fields)}
        entries[entry.key] = FileEntry(entry.key, entry.start_line + 1, f"@{entry.entry_type}", _from_bibtex(values))
        entries[entry.key].fields["type"] = BIBTEX_TYPES.get(entry.entry_type.lower())
    return entries


def _from_bibtex(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "title": values.get("title"),
        "container": values.get("journal") or values.get("journaltitle") or values.get("booktitle"),
        "publisher": values.get("publisher") or values.get("institution") or values.get("school"),
        "place": values.get("address") or values.get("location"),
        "edition": values.get("edition"),
        "volume": values.get("volume"),
        "issue": values.get("number") or values.get("issue"),
        # LaTeX's "--" decodes to an en dash; sources write page ranges with a hyphen.
        "pages": values["pages"].replace("–", "-") if values.get("pages") else None,
        "doi": values.get("doi"),
        "url": values.get("url"),
        "annotation": values.get("annotation") or values.get("annote"),
    }
    if values.get("pubstate"):
        # biblatex writes `pubstate = {inpress}`; the handout prints "in press".
        out["status"] = {"inpress": "in press"}.get(values["pubstate"], values["pubstate"])
    year = values.get("year") or str(values.get("date", ""))[:4]
    if year:
        out["year"] = year
    month = str(values.get("month", "")).strip().lower()[:3]
    if month:
        out["month"] = MONTHS.index(month) + 1 if month in MONTHS else month
    authors = values.get("author") or values.get("editor") or []
    out["authors"] = [_bibtex_name(person) for person in authors]
    return {k: v for k, v in out.items() if v not in (None, "", [])}


def _bibtex_name(person: str) -> dict[str, str]:
    from bibtexparser.middlewares.names import parse_single_name_into_parts
    from pylatexenc.latex2text import LatexNodes2Text

    decode = LatexNodes2Text().latex_to_text
    if person.startswith("{") and person.endswith("}"):
        return {"family": decode(person)}  # {World Health Organization}: an institution, not a person
    parts = parse_single_name_into_parts(person)
    family = " ".join([*parts.von, *parts.last, *parts.jr])
    given = " ".join(parts.first)
    return {"family": decode(family), **({"given": decode(given)} if given else {})}


def read_csl_json(text: str, name: str) -> dict[str, FileEntry]:
    """A CSL-JSON file (Zotero's "Export library… CSL JSON") by id, or SourceError saying where it breaks."""
    decoder = json.JSONDecoder()
    try:
        decoder.decode(text)
    except json.JSONDecodeError as exc:
        raise SourceError([Problem(name, exc.lineno, exc.colno, (), f"this is not valid JSON: {exc.msg}")]) from None
    start = len(text) - len(text.lstrip())
    if not text.startswith("[", start):
        raise SourceError([Problem(name, 1, 1, (), "expected a CSL-JSON list of references, starting with '['")])
    # Decode item by item to know the line each one starts on: messages point there.
    entries: dict[str, FileEntry] = {}
    problems = []
    at = _skip(text, start + 1)
    while not text.startswith("]", at):
        item, end = decoder.raw_decode(text, at)
        line = text.count("\n", 0, at) + 1
        key = str(item.get("id", "")) if isinstance(item, dict) else ""
        if not key:
            problems.append(Problem(name, line, 1, (), "this entry has no 'id'; expected the key that slides cite"))
        elif key in entries:
            problems.append(Problem(name, line, 1, (key,), "this id is used twice; every entry needs its own id"))
        else:
            kind = str(item.get("type", ""))
            fields = _from_csl(item)
            fields["type"] = CSL_TYPES.get(kind)
            entries[key] = FileEntry(key, line, kind or "(no type)", fields)
        at = _skip(text, end)
        at = _skip(text, at + 1) if text.startswith(",", at) else at
    if problems:
        raise SourceError(problems)
    return entries


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


def _from_csl(item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "title": item.get("title"),
        "container": item.get("container-title"),
        "publisher": item.get("publisher"),
        "place": item.get("publisher-place"),
        "edition": item.get("edition"),
        "volume": item.get("volume"),
        "issue": item.get("issue"),
        "pages": item.get("page"),
        "doi": item.get("DOI"),
        "url": item.get("URL"),
        "status": item.get("status"),
        "annotation": item.get("annote"),
    }
    out.update(_issued(item.get("issued")))
    people = item.get("author") or item.get("editor") or []
    out["authors"] = [
        {"family": a["literal"]} if "literal" in a else {k: a[k] for k in ("family", "given") if a.get(k)}
        for a in (people if isinstance(people, list) else [])
        if isinstance(a, dict)
    ]
    return {k: v for k, v in out.items() if v not in (None, "", [])}


def _issued(issued: object) -> dict[str, Any]:
    """Year and month from CSL's `issued`, in each shape exporters write: {"date-parts": [[2012, 10]]},
    the flat [2012, 10] some tools write, {"raw": "Oct 2012"}, {"literal": ...}, or an EDTF string "2012-10"."""
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        first = parts[0] if isinstance(parts, list) and parts else None
        if isinstance(first, int | str):
            first = parts  # flat: the date itself, not a list of dates
        if isinstance(first, list) and first and isinstance(first[0], int | str):
            out: dict[str, Any] = {"year": first[0]}
            if len(first) > 1 and isinstance(first[1], int | str):
                out["month"] = first[1]
            return out
        issued = issued.get("raw") or issued.get("literal")
    if isinstance(issued, str | int):
        text = str(issued)
        edtf = re.match(r"\s*(\d{4})(?:-(\d{1,2}))?", text)
        if edtf:
            return {"year": edtf[1]} | ({"month": edtf[2]} if edtf[2] else {})
        found = re.search(r"\d{4}", text)
        return {"year": found[0]} if found else {}
    return {}


def references(entries: dict[str, FileEntry], keys: Iterable[str], name: str) -> list[Reference]:
    """The cited entries as checked references, or SourceError naming each bad one at its line."""
    found, problems = [], []
    for key in dict.fromkeys(keys):
        entry = entries.get(key)
        if entry is None:
            continue
        if entry.fields.get("type") is None:
            problems.append(
                Problem(
                    name,
                    entry.line,
                    1,
                    (key,),
                    f"podium cannot format a {entry.kind} entry; it formats journal articles, books and reports, "
                    "chapters and conference papers, and web pages",
                )
            )
            continue
        try:
            found.append(Reference.model_validate({"id": key, **entry.fields}))
        except ValidationError as exc:
            for error in exc.errors():
                where = format_path(tuple(error["loc"]))
                what = "is missing" if error["type"] == "missing" else f"cannot be used: {error['msg']}"
                problems.append(Problem(name, entry.line, 1, (key,), f"'{where}' {what}"))
    if problems:
        raise SourceError(problems)
    return found
