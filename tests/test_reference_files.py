"""References from a reference manager (.bib, CSL JSON) format exactly like the same references written inline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import IPT, podium

from render.errors import SourceError
from render.source.cite import bibliography
from render.source.load import load
from render.source.resolved import numbering

REFERENCES = Path(__file__).parent / "fixtures" / "references"
CITE_ALL = "    layout: references\n    cite: [stuart2012book]\n"


def inline_talk(folder: Path) -> Path:
    """The IPT talk citing every reference (the book is otherwise listed uncited)."""
    path = folder / "inline.yaml"
    path.write_text(IPT.read_text(encoding="utf-8").replace("    layout: references\n", CITE_ALL), encoding="utf-8")
    return path


def file_talk(folder: Path, bibliography_line: str) -> Path:
    """The same talk with its inline references replaced by a bibliography file."""
    text = inline_talk(folder).read_text(encoding="utf-8")
    start, end = text.index("\nreferences:\n"), text.index("\nresources:\n")
    path = folder / "from-file.yaml"
    path.write_text(text[:start] + f"\n{bibliography_line}\n" + text[end:], encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["ipt.bib", "ipt.json"])
def test_a_reference_file_gives_the_same_formatted_references_as_inline_ones(tmp_path: Path, name: str) -> None:
    shutil.copy(REFERENCES / name, tmp_path / name)
    talk = load(file_talk(tmp_path, f"bibliography: {name}"))
    from_file = bibliography(talk, numbering(talk))
    # The AMA forms and their numbers, written out by hand (the inline talk is held to the same list in
    # test_handout): both ways of giving references are checked against the same independent truth.
    assert [e.number for e in from_file] == [1, 2, 3, 4]
    assert [e.text for e in from_file] == [
        "Klerman GL, Weissman MM. Interpersonal Psychotherapy for Depression. 1984.",
        "Stuart S. Interpersonal Psychotherapy for Postpartum Depression. Clinical Psychology & Psychotherapy. "
        "2012;19(2):134-140.",
        "Stuart S. Interpersonal Psychotherapy: A Guide to the Basics. Psychiatric Annals. 2006;36.",
        "Stuart S, Robertson M. Interpersonal Psychotherapy: A Clinician’s Guide. 2nd ed. Oxford University Press; "
        "in press (October 2012).",
    ]
    # The library's entry that no slide cites is not listed (nor checked: the .json one is a patent).
    assert "unrelated2001" not in {e.reference.id for e in from_file}
    assert next(e for e in from_file if e.reference.id == "stuart2006").reference.annotation == [
        "Interpersonal psychotherapy (IPT) is a time-limited, dynamically informed psychotherapy."
    ]


def test_a_talk_builds_with_references_from_a_file(tmp_path: Path) -> None:
    shutil.copy(REFERENCES / "ipt.bib", tmp_path / "ipt.bib")
    result = podium("build", file_talk(tmp_path, "bibliography: ipt.bib"), "--only", "handout", "--out", tmp_path)
    assert result.returncode == 0, result.stderr


def problems(path: Path) -> list[str]:
    with pytest.raises(SourceError) as caught:
        load(path)
    return [str(p) for p in caught.value.problems]


def test_a_missing_file_is_named_at_the_bibliography_line(tmp_path: Path) -> None:
    talk = file_talk(tmp_path, "bibliography: zotero.json")
    line = talk.read_text(encoding="utf-8").splitlines().index("bibliography: zotero.json") + 1
    assert problems(talk) == [
        f"{talk}:{line}:1: bibliography: there is no file 'zotero.json' in {tmp_path}; "
        "the path is relative to the talk's .yaml file"
    ]


def test_a_malformed_bibtex_file_is_named_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(
        "@article{stuart2012,\n  title = {fine},\n}\n\n@book{klerman1984,\n  title = {Unclosed\n\n"
        "@book{stuart2006, title = {x}}\n",
        encoding="utf-8",
    )
    found = problems(file_talk(tmp_path, "bibliography: refs.bib"))
    assert len(found) == 1
    assert found[0].startswith(f"{tmp_path / 'refs.bib'}:5:1: this BibTeX entry is broken: ")


def test_malformed_json_is_named_with_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "refs.json").write_text('[\n  {"id": "stuart2012",\n   "title": "x",,}\n]\n', encoding="utf-8")
    found = problems(file_talk(tmp_path, "bibliography: refs.json"))
    assert found == [
        f"{tmp_path / 'refs.json'}:3:17: this is not valid JSON: Expecting property name enclosed in double quotes"
    ]


def test_a_cited_entry_that_cannot_be_formatted_is_named_at_its_line(tmp_path: Path) -> None:
    text = (REFERENCES / "ipt.json").read_text(encoding="utf-8").replace('"type": "book"', '"type": "patent"', 1)
    (tmp_path / "refs.json").write_text(text, encoding="utf-8")
    found = problems(file_talk(tmp_path, "bibliography: refs.json"))
    line = text.splitlines().index('    "id": "stuart2012book",')  # the entry's "{" is the line before
    assert found == [
        f"{tmp_path / 'refs.json'}:{line}:1: stuart2012book: podium cannot format a patent entry; it formats "
        "journal articles, books and reports, chapters and conference papers, and web pages"
    ]


def test_a_key_both_inline_and_in_the_file_is_refused(tmp_path: Path) -> None:
    shutil.copy(REFERENCES / "ipt.bib", tmp_path / "ipt.bib")
    talk = inline_talk(tmp_path)
    talk.write_text(talk.read_text(encoding="utf-8") + "\nbibliography: ipt.bib\n", encoding="utf-8")
    found = problems(talk)
    assert len(found) == 4 and all("is defined twice; 'ipt.bib' has it too" in p for p in found)
