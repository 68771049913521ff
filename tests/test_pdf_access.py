"""Every PDF podium writes passes two independent PDF/UA-1 checkers, and its tags mean something.

The checkers are `page-validation` (import name `page`, profile ua1) and `pdfua`; neither is ours.
Beyond their machine rules, the structure tree is read back with poppler's `pdfinfo -struct-text`
(what a screen reader walks) and held against what the page shows.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import page
import pytest
from conftest import IPT, podium
from helpers import FIXTURES

KINDS = FIXTURES / "quiz-kinds.yaml"
CME_TALK = FIXTURES / "cme-talk.yaml"
# pdfua 0.1.3's empty-heading rule raises on pikepdf 10 (it asks an Array for `is_integer`) and is
# reported as skipped; test_headings_have_text_and_never_skip_a_level checks the same thing here.
PDFUA_BROKEN = {"UA-14-001"}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory, built: Path) -> dict[str, Path]:
    """Every kind of PDF: handout in each style, slides PDF, sheet and key (plain, large print with
    bubbles, two forms). The IPT talk's own five are the run's shared build."""
    root = tmp_path_factory.mktemp("access")
    runs = {
        "3-up": [IPT, "--only", "handout", "--style", "3-up"],
        "6-up": [IPT, "--only", "handout", "--style", "6-up", "--paper", "a4", "--grayscale"],
        "kinds": [KINDS, "--only", "quiz", "--bubbles", "--large-print", "--forms", "2"],
        # A table, a picture without alt text, a decorative one, and a language other than en-US.
        "bad": [FIXTURES / "inaccessible.yaml", "--only", "handout"],
        # The CME packet (sign-in, evaluation, certificate), the handout with its CME cover, two quiz forms.
        "cme": [CME_TALK],
        # A long quiz: the key's compact table, the bubble grid over pages, and sheet and key laid out in parts.
        "long": [_long_quiz(root), "--only", "quiz"],
    }
    found: dict[str, Path] = {f"ipt/{pdf.name}": pdf for pdf in sorted(built.glob("*.pdf"))}
    for label, args in runs.items():
        out = root / label
        result = podium("build", *args, "--out", out)
        assert result.returncode == 0, result.stderr
    # The CME files made outside a build: the attendees' certificates and the outcomes report.
    attendees = root / "attendees.csv"
    attendees.write_text("name,degree,credits\nJane Doe,MD,1.0\nJohn Roe,RN,\n", encoding="utf-8")
    result = podium("certificates", CME_TALK, attendees, "--out", root / "cme-out")
    assert result.returncode == 0, result.stderr
    result = podium("score", CME_TALK, responses(root / "cme", root), "--pre", "A", "--post", "B", "--report",
                    "--out", root / "cme-out")  # fmt: skip
    assert result.returncode == 0, result.stderr
    for label in [*runs, "cme-out"]:
        for pdf in sorted((root / label).glob("*.pdf")):
            found[f"{label}/{pdf.name}"] = pdf
    return found


def _long_quiz(folder: Path) -> Path:
    from test_quiz_long import bank

    source = folder / "long.yaml"
    # Large print and bubbles: the grid runs over three pages, each repeating (and tagging) its header row.
    source.write_text(bank(130, "forms: 2\n  bubbles: true\n  large_print: true"), encoding="utf-8")
    return source


def responses(sheets: Path, folder: Path) -> Path:
    """Two learners' answers on each form of the CME talk's pre/post-test, with the form codes as printed."""
    rows = ["id,form,code,1,2"]
    for form in "AB":
        text = subprocess.run(
            ["pdftotext", str(sheets / f"cme-talk-quiz-{form}.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
        code = re.search(rf"form {form} code (\w{{4}})", text).group(1)  # type: ignore[union-attr]
        rows += [f"L1,{form},{code},A,B", f"L2,{form},{code},B,A"]
    path = folder / "responses.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_every_kind_of_pdf_is_checked(pdfs: dict[str, Path]) -> None:
    assert set(pdfs) >= {
        "ipt/ipt-handout.pdf",
        "ipt/ipt-slides.pdf",
        "ipt/ipt-quiz.pdf",
        "ipt/ipt-answer-key.pdf",
        "3-up/ipt-handout.pdf",
        "6-up/ipt-handout.pdf",
        "kinds/quiz-kinds-quiz-A.pdf",
        "kinds/quiz-kinds-answer-key-B.pdf",
        "bad/inaccessible-handout.pdf",
        "bad/inaccessible-slides.pdf",
        "cme/cme-talk-handout.pdf",
        "cme/cme-talk-sign-in.pdf",
        "cme/cme-talk-evaluation.pdf",
        "cme/cme-talk-certificate.pdf",
        "cme-out/cme-talk-certificates.pdf",
        "cme-out/cme-talk-outcomes.pdf",
        "long/long-answer-key-A.pdf",
        "long/long-quiz-B.pdf",
    }


def test_page_validation_finds_nothing(pdfs: dict[str, Path]) -> None:
    failing = {}
    for label, path in pdfs.items():
        report = page.validate_pdf(str(path), profile="ua1")
        if not report.is_compliant or report.failures:
            failing[label] = [str(f) for f in report.failures]
    assert failing == {}


def test_pdfua_finds_nothing(pdfs: dict[str, Path]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", "--format", "json", *map(str, pdfs.values())],
        capture_output=True,
        text=True,
        timeout=120,
    )
    text = result.stdout.strip()
    reports = json.loads(text) if text.startswith("[") else [json.loads(t) for t in re.split(r"(?m)^(?=\{)", text) if t]
    assert len(reports) == len(pdfs)
    for report in reports:
        assert report["findings"] == [], report["file"]
        assert {s["rule_id"] for s in report["skipped"]} <= PDFUA_BROKEN, report["file"]
    assert result.returncode == 0, result.stdout


def structure(path: Path) -> list[tuple[int, str, str]]:
    """The structure tree as a screen reader walks it: (depth, role, the text directly under it)."""
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is not installed; .ci/run installs it")
    lines = subprocess.run(
        ["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    out: list[tuple[int, str, str]] = []
    for line in lines:
        depth = (len(line) - len(line.lstrip())) // 2
        item = line.strip()
        if item.startswith('"'):
            # A text run belongs to the nearest element above it.
            for i in range(len(out) - 1, -1, -1):
                if out[i][0] < depth:
                    d, role, text = out[i]
                    out[i] = (d, role, text + item.strip('"'))
                    break
        elif item:
            out.append((depth, item.split()[0], ""))
    return out


def text_under(tree: list[tuple[int, str, str]], index: int) -> str:
    depth = tree[index][0]
    parts = [tree[index][2]]
    for d, _, text in tree[index + 1 :]:
        if d <= depth:
            break
        parts.append(text)
    return "".join(parts)


def test_headings_have_text_and_never_skip_a_level(pdfs: dict[str, Path]) -> None:
    for label, path in pdfs.items():
        tree = structure(path)
        levels = [(int(r[1]), text_under(tree, i)) for i, (_, r, _) in enumerate(tree) if re.fullmatch(r"H\d", r)]
        assert levels, f"{label} has no heading"
        assert levels[0][0] == 1, label
        for (before, _), (after, text) in itertools.pairwise(levels):
            assert after <= before + 1, f"{label}: H{before} then H{after} ({text})"
        assert all(text.strip() for _, text in levels), label


def test_the_quiz_reads_as_a_list_of_questions_each_with_its_lettered_options(pdfs: dict[str, Path]) -> None:
    tree = structure(pdfs["ipt/ipt-quiz.pdf"])
    lists = [i for i, (_, role, _) in enumerate(tree) if role == "L"]
    outer = lists[0]
    depth = tree[outer][0]
    # The questions: the outer list's own items, numbered as printed.
    items = [i for i in range(outer + 1, len(tree)) if tree[i][0] == depth + 1 and tree[i][1] == "LI"]
    assert len(items) == 5
    first = text_under(tree, items[0])
    # Its number, then its lead-in (text_under joins the tagged spans as they come, as with "A.Role" below).
    assert first.startswith("1.Problem areas for focus in IPT include all but which one of the following:")
    # Its options: a nested list, each item read with its letter first.
    options = [
        text_under(tree, i) for i in range(items[0], items[1]) if tree[i][1] == "LI" and tree[i][0] > tree[items[0]][0]
    ]
    assert options == ["A.Role transitions", "B.Grief and loss", "C.Interpersonal deficits", "D.Interpersonal disputes"]


def test_each_document_shows_its_own_title_in_its_language(pdfs: dict[str, Path]) -> None:
    from pypdf import PdfReader

    expected = {
        "ipt/ipt-handout.pdf": "The Geezer’s Dirty Dozen on Interpersonal Psychotherapy",
        "ipt/ipt-quiz.pdf": "IPT Quiz",
        "ipt/ipt-answer-key.pdf": "IPT Quiz: answer key",
        "kinds/quiz-kinds-quiz-B.pdf": "Sleep Quiz, form B",
    }
    for label, title in expected.items():
        reader = PdfReader(str(pdfs[label]))
        assert reader.metadata.title == title
        root = reader.trailer["/Root"]
        assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
        assert root["/Lang"] == "en-US"
    assert PdfReader(str(pdfs["bad/inaccessible-handout.pdf"])).trailer["/Root"]["/Lang"] == "en-GB"


def test_a_decorative_picture_is_no_figure_and_one_without_alt_text_still_says_it_is_there(
    pdfs: dict[str, Path],
) -> None:
    import pikepdf

    with pikepdf.open(pdfs["bad/inaccessible-slides.pdf"]) as pdf:
        figures = []
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if node.get("/S") == "/Figure":
                figures.append(str(node.get("/Alt", "")))
            kids = node.get("/K")
            kids = kids if isinstance(kids, pikepdf.Array) else [kids]
            stack.extend(k for k in kids if isinstance(k, pikepdf.Dictionary))
    # Slide 3's picture has no alt text (the report warns); slide 4's is decorative, drawn as an artifact.
    assert figures == ["picture (the source gives no description)"]


def test_slide_titles_are_headings_and_their_bullets_a_list(pdfs: dict[str, Path]) -> None:
    tree = structure(pdfs["ipt/ipt-slides.pdf"])
    headings = [text_under(tree, i) for i, (_, role, _) in enumerate(tree) if role == "H1"]
    assert headings[1] == "Where IPT Comes From"  # slide 2, as the deck's outline has it
    start = next(i for i, (_, role, _) in enumerate(tree) if role == "H1" and text_under(tree, i) == headings[1])
    first_list = next(i for i in range(start, len(tree)) if tree[i][1] == "L")
    items = [text_under(tree, i) for i in range(first_list + 1, len(tree)) if tree[i][1] == "LI"][:5]
    # The seed post's slide 2 bullets, each read as one list item after its bullet sign.
    assert [item.lstrip("•") for item in items] == [
        "Developed by Klerman and Weissman (1984)1",
        "Effective and acceptable for postpartum depression2",
        "Many women prefer psychotherapy over antidepressants",
        "Dr. Stuart’s Iowa trial: IPT, sertraline or placebo for PPD",
        "IPT as a work of fine culinary art3",
    ]


# Operators that put marks on a page (ISO 32000-1 tables 59, 60, 77, 87, 92, 107), as pypdf names them.
PAINTING = {b"Tj", b"TJ", b"'", b'"', b"Do", b"sh", b"INLINE IMAGE", b"S", b"s", b"f", b"F", b"f*", b"B", b"B*"}
PAINTING |= {b"b", b"b*"}
SHOWING = {b"Tj", b"TJ", b"'", b'"'}


def tree_mcids(reader: object) -> dict[int, set[int]]:
    """Per page (by object number), the MCIDs that elements reachable from the structure root claim:
    read from the tree itself, as a screen reader walks it, not from the parent tree."""
    from pypdf.generic import ArrayObject, DictionaryObject

    claimed: dict[int, set[int]] = {}
    stack = [(reader.trailer["/Root"]["/StructTreeRoot"], None)]  # type: ignore[attr-defined]
    while stack:
        node, on = stack.pop()
        on = node.get("/Pg", on)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            kid = kid.get_object() if kid is not None else None
            if isinstance(kid, int) and on is not None:
                claimed.setdefault(on.indirect_reference.idnum, set()).add(int(kid))
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                owner = kid.get("/Pg", on)
                claimed.setdefault(owner.indirect_reference.idnum, set()).add(int(kid["/MCID"]))
            elif isinstance(kid, DictionaryObject) and "/S" in kid:
                stack.append((kid, on))
    return claimed


def content_marks(path: Path) -> tuple[list[str], list[list[tuple[str, int]]]]:
    """Walks every page's content stream. Gives the painting operators that are neither inside an MCID
    sequence whose MCID a reachable element claims nor inside an artifact, and per page the pagination
    artifacts in drawing order, each as (subtype, how many text-showing operators it holds)."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream, DictionaryObject

    reader = PdfReader(str(path))
    claimed = tree_mcids(reader)
    loose: list[str] = []
    pagination: list[list[tuple[str, int]]] = []
    for number, sheet in enumerate(reader.pages, 1):
        mine = claimed.get(sheet.indirect_reference.idnum, set())
        stack: list[tuple[bool, str | None]] = []  # (covers its content, pagination subtype or None)
        furniture: list[tuple[str, int]] = []
        for operands, operator in ContentStream(sheet.get_contents(), reader).operations:
            if operator in (b"BDC", b"BMC"):
                tag = operands[0]
                properties = operands[1] if len(operands) > 1 else None
                mcid = properties.get("/MCID") if isinstance(properties, DictionaryObject) else None
                is_pagination = tag == "/Artifact" and isinstance(properties, DictionaryObject)
                is_pagination = is_pagination and properties.get("/Type") == "/Pagination"
                stack.append((tag == "/Artifact" or (mcid is not None and int(mcid) in mine), None))
                if is_pagination:
                    stack[-1] = (True, str(properties.get("/Subtype", "")))
                    furniture.append((str(properties.get("/Subtype", "")), 0))
            elif operator == b"EMC":
                stack.pop()
            elif operator in PAINTING:
                if not any(covers for covers, _ in stack):
                    loose.append(f"page {number}: {operator.decode()}")
                if operator in SHOWING and any(kind for _, kind in stack):
                    furniture[-1] = (furniture[-1][0], furniture[-1][1] + 1)
        pagination.append(furniture)
    return loose, pagination


def test_all_content_is_tagged_or_an_artifact_and_the_page_margins_are_pagination(pdfs: dict[str, Path]) -> None:
    loose = {label: found for label, path in pdfs.items() if (found := content_marks(path)[0])}
    assert loose == {}
    # templates/base.css draws the running title at the top (not on the handout's cover), the stamp and
    # "page X of Y" at the bottom; the answer key's own top line replaces the running title.
    furniture = {label: content_marks(pdfs[label])[1] for label in ("ipt/ipt-handout.pdf", "ipt/ipt-answer-key.pdf")}
    handout = furniture["ipt/ipt-handout.pdf"]
    assert [kind for kind, _ in handout[0]] == ["/Footer", "/Footer"]
    assert all([kind for kind, _ in page] == ["/Header", "/Footer", "/Footer"] for page in handout[1:])
    assert all(shown for page in handout for _, shown in page)  # each holds text
    key = furniture["ipt/ipt-answer-key.pdf"]
    assert all([kind for kind, _ in page] == ["/Header", "/Footer", "/Footer"] for page in key)


def test_a_screen_reader_does_not_hear_the_page_margins_and_the_page_still_shows_them(pdfs: dict[str, Path]) -> None:
    path = pdfs["ipt/ipt-handout.pdf"]
    read = "".join(text for _, _, text in structure(path))
    shown = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"page 1 of (\d+)", shown).group(1))  # type: ignore[union-attr]
    stamp = re.search(r"Version \S+ · source \w+", shown).group(0)  # type: ignore[union-attr]
    assert shown.count(stamp) == pages + 1  # the cover's own version line, and the footer of every page
    assert shown.count(" of " + str(pages)) >= pages
    # Read once, from the cover; no page number at all.
    assert read.count(stamp) == 1
    assert not re.search(r"page \d+ of \d+", read)


def form_fields(path: Path) -> list[tuple[str, str, str]]:
    """Each widget as (its field type, its tooltip TU, the role of the structure element that holds it),
    the element found by walking the tree from the root to an OBJR naming the widget; read with pypdf."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject

    reader = PdfReader(str(path))
    holders: dict[int, str] = {}
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            kid = kid.get_object() if kid is not None else None
            if isinstance(kid, DictionaryObject) and kid.get("/Type") == "/OBJR":
                holders[kid.raw_get("/Obj").idnum] = str(node["/S"])
            elif isinstance(kid, DictionaryObject) and "/S" in kid:
                stack.append(kid)
    found = []
    for sheet in reader.pages:
        for annotation in sheet.get("/Annots", []):
            widget = annotation.get_object()
            if widget["/Subtype"] == "/Widget":
                found.append((str(widget["/FT"]), str(widget["/TU"]), holders.get(annotation.idnum, "no element")))
    return found


def test_name_date_and_id_are_labelled_form_fields_under_form_elements(pdfs: dict[str, Path]) -> None:
    fields = [("/Tx", "Name", "/Form"), ("/Tx", "Date", "/Form"), ("/Tx", "ID", "/Form")]
    assert form_fields(pdfs["ipt/ipt-quiz.pdf"]) == fields
    assert form_fields(pdfs["kinds/quiz-kinds-quiz-A.pdf"]) == fields  # large print, with bubbles
    assert form_fields(pdfs["ipt/ipt-answer-key.pdf"]) == []  # the key asks nobody's name
    # The sign-in sheet: name, degree and ID of each row; the signature is for the hand.
    sign_in = form_fields(pdfs["cme/cme-talk-sign-in.pdf"])
    rows = len(sign_in) // 3
    assert rows >= 15
    columns = ("Name", "Degree or profession", "ID or email")
    assert sign_in == [("/Tx", f"{c}, row {r}", "/Form") for r in range(1, rows + 1) for c in columns]
    # A screen reader meets each field right after its label, in the order printed.
    tree = structure(pdfs["ipt/ipt-quiz.pdf"])
    order = [text or role for _, role, text in tree if role == "Form" or text in ("Name", "Date", "ID")]
    assert order == ["Name", "Form", "Date", "Form", "ID", "Form"]
