"""Handout styles, paper, grayscale and citation style, from the source or the command line; long notes flow."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import podium
from helpers import pdf_pages, squash
from pptx import Presentation
from pypdf import PdfReader

TITLES = ["Where IPT Comes From", "What IPT Is", "The Evidence for IPT", "Key Features of IPT"]
# Hand-written Vancouver (NLM) strings: journal titles plain, page ranges shortened, place before publisher.
VANCOUVER = [
    "1. Klerman GL, Weissman MM. Interpersonal Psychotherapy for Depression. 1984.",
    "2. Stuart S. Interpersonal Psychotherapy for Postpartum Depression. Clinical Psychology & Psychotherapy. "
    "2012;19(2):134-40.",
    "3. Stuart S. Interpersonal Psychotherapy: A Guide to the Basics. Psychiatric Annals. 2006;36.",
    "4. Stuart S, Robertson M. Interpersonal Psychotherapy: A Clinician’s Guide. 2nd ed. London: Oxford University "
    "Press; in press (October 2012).",
]
AMA_ONLY = ["2012;19(2):134-140.", "2nd ed. Oxford University Press; in press"]


def build(source: Path, out: Path, *flags: str) -> Path:
    result = podium("build", source, "--only", "handout", "--out", out, *flags)
    assert result.returncode == 0, result.stderr
    return out / f"{source.stem}-handout.pdf"


def titles_per_page(path: Path) -> list[int]:
    all_titles = ["Dozen on Interpersonal", *TITLES, "Core Premises of IPT", "Theoretical Basis of IPT"]
    all_titles += ["Problem Areas for Focus", "Three Phases of IPT", "Techniques: Communication", "References and Res"]
    all_titles += ["IPT, CBT and Psychodynamic Therapy"]
    return [sum(squash(t) in squash(page) for t in all_titles) for page in pdf_pages(path, body_only=True)]


def test_three_up_puts_three_cards_on_a_page(talk_copy: Path, tmp_path: Path) -> None:
    pages = titles_per_page(build(talk_copy, tmp_path, "--style", "3-up"))
    # Fourteen cards after the cover, then the references; the first page's third card is slide 2's
    # quotation, "Where IPT Comes From (cont.)", whose title that page already counts.
    assert pages[1:5] == [2, 3, 3, 3]
    text = pdf_pages(tmp_path / "ipt-handout.pdf")
    assert all(f"page {n} of {len(text)}" in page for n, page in enumerate(text, start=1))


def test_six_up_puts_six_cards_on_a_page_without_notes(talk_copy: Path, tmp_path: Path) -> None:
    path = build(talk_copy, tmp_path, "--style", "6-up")
    assert titles_per_page(path)[1:3] == [5, 6]  # the first page's third card: slide 2's quotation
    assert "speaker notes" not in "".join(pdf_pages(path)).lower()


def test_the_style_can_be_chosen_in_the_source(talk_copy: Path, tmp_path: Path) -> None:
    talk_copy.write_text(talk_copy.read_text(encoding="utf-8") + "\nhandout:\n  style: 3-up\n", encoding="utf-8")
    assert titles_per_page(build(talk_copy, tmp_path))[1] == 2  # title, slide 2 and its quotation
    # ... and the command line wins over the source.
    assert titles_per_page(build(talk_copy, tmp_path / "b", "--style", "6-up"))[1] == 5


def test_a4_and_letter(talk_copy: Path, tmp_path: Path, built: Path) -> None:
    a4 = PdfReader(str(build(talk_copy, tmp_path, "--paper", "a4"))).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    letter = PdfReader(str(built / "ipt-handout.pdf")).pages[0].mediabox  # the default: the run's shared build
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)


def colours(path: Path) -> set[tuple[float, ...]]:
    found = set()
    for page in PdfReader(str(path)).pages:
        stream = page.get_contents().get_data().decode("latin-1")
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b", stream):
            found.add((float(r), float(g), float(b)))
    return found


def test_grayscale_prints_only_grays(talk_copy: Path, tmp_path: Path, built: Path) -> None:
    assert any(len(set(c)) > 1 for c in colours(built / "ipt-handout.pdf"))  # the colour handout has colour
    gray = colours(build(talk_copy, tmp_path / "g", "--grayscale"))
    assert gray and all(len(set(c)) == 1 for c in gray), gray


def test_vancouver_changes_the_references_in_handout_and_deck(talk_copy: Path, tmp_path: Path) -> None:
    result = podium(
        "build", talk_copy, "--only", "handout", "--only", "deck", "--out", tmp_path, "--citation-style", "vancouver"
    )
    assert result.returncode == 0, result.stderr
    text = squash("".join(pdf_pages(tmp_path / "ipt-handout.pdf")))
    for entry in VANCOUVER:
        assert squash(entry) in text, entry
    for ama in AMA_ONLY:
        assert squash(ama) not in text, ama
    slide = Presentation(str(tmp_path / "ipt-deck.pptx")).slides[12]  # the references' first slide
    deck = squash(" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame))
    assert squash("London: Oxford University Press") in deck  # the deck's references slide agrees


def test_long_notes_flow_onto_the_next_page_intact(talk_copy: Path, tmp_path: Path) -> None:
    # Slide 3's notes grow to forty numbered sentences, about two pages.
    extra = "\n\n".join(
        " ".join(f"Sentence {p * 5 + s:02d} of the long notes ends here intact." for s in range(5)) for p in range(8)
    )
    source = talk_copy.read_text(encoding="utf-8")
    anchor = "      This is a basic definition of IPT."
    talk_copy.write_text(source.replace(anchor, extra.replace("\n\n", "\n\n      ").join(["      ", "\n\n"]) + anchor))
    path = build(talk_copy, tmp_path)
    pages = pdf_pages(path, min_size=9.5, body_only=True)
    holding = [i for i, page in enumerate(pages) if "Sentence" in page]
    assert len(holding) >= 2, "the notes should run over a page break"
    text = squash("".join(pages))
    positions = [text.find(squash(f"Sentence {n:02d} of the long notes ends here intact.")) for n in range(40)]
    assert all(p >= 0 for p in positions), "a sentence was cut"
    assert positions == sorted(positions)
    # The card stays whole on the page where its notes begin.
    assert "What IPT Is" in pages[holding[0]]
    assert "Fosters awareness and moves the patient toward change" in pages[holding[0]]


def test_dois_and_urls_are_live_links_and_authors_in_metadata(talk_copy: Path, tmp_path: Path) -> None:
    source = talk_copy.read_text(encoding="utf-8")
    source = source.replace('    volume: "36"\n', '    volume: "36"\n    doi: 10.3928/00485713-20060101-08\n')
    source = source.replace("  presenter:\n", "  presenter:\n    name: A. Presenter\n    credentials: MD\n")
    talk_copy.write_text(source, encoding="utf-8")
    reader = PdfReader(str(build(talk_copy, tmp_path)))
    links = [
        a.get_object()["/A"]["/URI"]
        for page in reader.pages
        for a in page.get("/Annots", [])
        if "/A" in a.get_object() and "/URI" in a.get_object()["/A"]
    ]
    assert "https://doi.org/10.3928/00485713-20060101-08" in links
    assert reader.metadata.author == "A. Presenter"
    assert "A. Presenter, MD" in reader.pages[0].extract_text()


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("style: 4-up", "handout.style: '4-up' is not allowed here; expected one of: 'notes', '3-up' or '6-up'"),
        ("grayscale: maybe", "handout.grayscale: expected true or false, found 'maybe'"),
    ],
)
def test_a_bad_handout_option_is_reported(talk_copy: Path, tmp_path: Path, option: str, message: str) -> None:
    lines = len(talk_copy.read_text(encoding="utf-8").splitlines())
    talk_copy.write_text(talk_copy.read_text(encoding="utf-8") + f"\nhandout:\n  {option}\n", encoding="utf-8")
    result = podium("build", talk_copy, "--out", tmp_path / "out")
    assert result.returncode == 2
    assert f"{talk_copy}:{lines + 3}:3: {message}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
