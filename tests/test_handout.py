"""The handout as a reader holds it: cover, slides in order with notes, references numbered as in the deck."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pytest
from conftest import IPT, ROOT
from helpers import pdf_pages, seed_commentary, sentences, squash
from pypdf import PageObject, PdfReader

TITLE = "The Geezer’s Dirty Dozen on Interpersonal Psychotherapy"
# Hand-written AMA strings for the IPT references (AMA Manual of Style, 11th ed.).
AMA = [
    "1. Klerman GL, Weissman MM. Interpersonal Psychotherapy for Depression. 1984.",
    "2. Stuart S. Interpersonal Psychotherapy for Postpartum Depression. Clinical Psychology & Psychotherapy. "
    "2012;19(2):134-140.",
    "3. Stuart S. Interpersonal Psychotherapy: A Guide to the Basics. Psychiatric Annals. 2006;36.",
    "4. Stuart S, Robertson M. Interpersonal Psychotherapy: A Clinician’s Guide. 2nd ed. Oxford University Press; "
    "in press (October 2012).",
]
SLIDE_TITLES = [  # the deck's titles, read independently in test_deck; here in deck order
    TITLE,
    "Where IPT Comes From",
    "What IPT Is",
    "The Evidence for IPT",
    "Key Features of IPT",
    "Core Premises of IPT",
    "IPT, CBT and Psychodynamic Therapy",
    "Theoretical Basis of IPT",
    "Problem Areas for Focus",
    "Three Phases of IPT",
    "Techniques: Communication Analysis",
    "References and Resources",
]


@pytest.fixture(scope="module")
def pages(built: Path) -> list[str]:
    return pdf_pages(built / "ipt-handout.pdf")


def test_cover_comes_first_with_what_the_source_has(pages: list[str]) -> None:
    cover = pages[0]
    assert squash(TITLE) in squash(cover)
    assert "The University of Iowa" in cover
    assert "Learning objectives" in cover
    assert "Define IPT and describe its main features" in cover
    assert "Disclosures" not in cover  # the source has none: nothing is invented


def test_slides_follow_in_order_then_references(pages: list[str]) -> None:
    text = squash("".join(pages[1:]))
    position = 0
    for number, title in enumerate(SLIDE_TITLES, start=1):
        found = text.find(squash(title), position)
        assert found >= 0, f"slide {number} '{title}' missing or out of order"
        position = found + len(squash(title))
    assert text.find("References", position) > position  # the reference list follows the last card


def test_every_page_says_page_x_of_y(pages: list[str]) -> None:
    for number, page in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in page


def test_references_are_numbered_and_formatted(pages: list[str]) -> None:
    text = squash("".join(pages))
    for entry in AMA:
        assert squash(entry) in text, entry
    assert squash("Key Practitioner Message") in text  # the annotation under its reference


def test_the_handouts_citation_numbers_match_the_deck(pages: list[str]) -> None:
    # Slide 2's card: "Developed by Klerman and Weissman (1984)" carries reference 1, as on the deck.
    card = next(p for p in pages if "Where IPT Comes From" in p)
    assert re.search(r"Weissman \(1984\)\s*1", card)
    assert re.search(r"postpartum depression\s*2", card)
    assert re.search(r"culinary art\s*3", card)


def test_metadata_and_bookmarks(built: Path) -> None:
    reader = PdfReader(str(built / "ipt-handout.pdf"))
    assert reader.metadata.title == TITLE
    assert reader.metadata.subject == "Handout"

    def titles(outline: list) -> list[str]:  # type: ignore[type-arg]
        out: list[str] = []
        for item in outline:
            out.extend(titles(item) if isinstance(item, list) else [item.title])
        return out

    marks = titles(reader.outline)
    assert marks[0] == "Cover"
    # Every slide, by number and title, in deck order, between the cover and the references.
    slide_marks = [m for m in marks if re.match(r"\d+\. ", m)]
    # Numbered as the deck numbers them: slide 2's quotation takes slide 3 of the deck.
    assert slide_marks == [f"{n}. {t}" for n, t in zip([1, 2, *range(4, 14)], SLIDE_TITLES, strict=True)]
    assert marks.index("References") > marks.index(slide_marks[-1])
    assert reader.trailer["/Root"]["/Lang"] == "en-US"  # talk.language, by default


def test_every_pdf_embeds_only_the_shipped_font(built: Path) -> None:
    import io

    from fontTools.ttLib import TTFont

    for name in ("ipt-handout.pdf", "ipt-slides.pdf", "ipt-quiz.pdf", "ipt-answer-key.pdf"):
        fonts = set()
        for page in PdfReader(str(built / name)).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descendant = font["/DescendantFonts"][0].get_object()
                descriptor = descendant["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor, f"{name}: {font} not embedded"
                program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
                fonts.add((str(font["/BaseFont"]).split("+")[-1], program["name"].getDebugName(1)))
        text = {(f"Carlito{s}", "Carlito") for s in ("", "-Bold", "-Italic", "-BoldItalic")}
        # The sheet's Name, Date and ID form fields are set in the shipped Caladea (templates/base.css).
        fields = {("Field", "Caladea")} if name == "ipt-quiz.pdf" else set()
        assert fonts <= text | fields, (name, fonts)


def test_each_slides_notes_follow_its_card_in_order(built: Path) -> None:
    # The seed's commentary (independent of the source) must sit after slide N's title, before slide N+1's.
    text = squash("".join(pdf_pages(built / "ipt-handout.pdf", min_size=9.5, body_only=True)[1:]))
    for number, paragraph in seed_commentary().items():
        start = text.find(squash(SLIDE_TITLES[number - 1]))
        end = text.find(squash(SLIDE_TITLES[number]), start)
        for sentence in sentences(paragraph):
            found = text.find(squash(sentence), start)
            assert start < found < end, f"slide {number}: notes out of place: {sentence}"


def test_every_page_carries_the_version_stamp(pages: list[str]) -> None:
    digest = hashlib.sha256(IPT.read_bytes()).hexdigest()[:8]
    for number, page in enumerate(pages, start=1):
        assert f"source {digest}" in page, f"page {number} has no version stamp"


def top_margin_text(page: PageObject, inches: float = 0.75) -> str:
    """The text a page sets in its top margin (where a running header stands), as pypdf places it."""
    top = float(page.mediabox.top) - inches * 72
    found: list[str] = []

    def keep(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if tm[5] * cm[3] + cm[5] > top:
            found.append(text)

    page.extract_text(visitor_text=keep)
    return "".join(found)


def test_running_header_names_the_talk_after_the_cover(built: Path) -> None:
    # Only the top margin counts: the title also stands on the cards and would match anywhere on the page.
    for number, page in enumerate(PdfReader(str(built / "ipt-handout.pdf")).pages, start=1):
        found = squash(TITLE) in squash(top_margin_text(page))
        assert found == (number > 1), f"page {number}: running header {'missing' if number > 1 else 'on the cover'}"


def test_the_handout_is_a_tagged_pdf(built: Path) -> None:
    root = PdfReader(str(built / "ipt-handout.pdf")).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root


def test_cards_wear_the_deck_templates_theme(built: Path) -> None:
    # accent1 read straight from the template's theme XML, not through podium's code.
    with zipfile.ZipFile(ROOT / "templates" / "podium.pptx") as deck:
        theme = deck.read("ppt/theme/theme1.xml").decode()
    accent = re.search(r"<a:accent1><a:srgbClr val=\"(\w{6})\"", theme).group(1)  # type: ignore[union-attr]
    rgb = " ".join(f"{int(accent[i : i + 2], 16) / 255:.6f}".rstrip("0").rstrip(".") for i in (0, 2, 4))
    pages = PdfReader(str(built / "ipt-handout.pdf")).pages
    stream = "".join(p.get_contents().get_data().decode("latin-1") for p in pages[1:])
    assert f"{rgb} rg" in stream, f"no card frame in accent1 #{accent}"


def test_a_slides_earlier_card_stays_on_the_page_before_and_its_last_card_with_its_notes(pages: list[str]) -> None:
    # Slide 2 is drawn as two cards (its bullets, then the quotation on a "(cont.)" slide). The
    # bullets card fits under the title card, so page 2 holds both and is not two thirds empty;
    # the quotation's card stays with the notes it leads into, on page 3.
    def page_of(text: str) -> list[int]:
        return [n for n, page in enumerate(pages, start=1) if squash(text).lower() in squash(page).lower()]

    # (The notes quote both again, further on: the first page that shows each is the card's.)
    assert page_of("IPT as a work of fine culinary art")[0] == 2  # the bullets card's last line
    assert page_of("Where IPT Comes From (cont.)") == [3]
    assert page_of("Harry Stack Sullivan, Conceptions of Modern Psychiatry")[0] == 3
    assert page_of("Slide 2 · speaker notes") == [3]
    assert 2 in page_of("The University of Iowa")  # the title slide's card (also on the cover)
