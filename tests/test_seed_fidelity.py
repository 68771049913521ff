"""The talk says what the seed says: every sentence of the post, on its slide, in deck and handout."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import deck_notes, pdf_pages, seed_commentary, seed_introduction, sentences, squash

COMMENTARY = seed_commentary()


def test_the_seed_has_nine_commentaries() -> None:
    assert sorted(COMMENTARY) == list(range(3, 12))


@pytest.mark.parametrize("number", range(3, 12))
def test_commentary_is_the_slides_notes_in_the_deck(built: Path, number: int) -> None:
    # The seed's slide 2 has its quotation on a deck slide of its own: its slide n is the deck's n + 1.
    notes = squash(deck_notes(built / "ipt-deck.pptx")[number])
    for sentence in sentences(COMMENTARY[number]):
        assert squash(sentence) in notes, f"slide {number} notes lack: {sentence}"


def test_commentary_is_in_the_handout(built: Path) -> None:
    text = squash("".join(pdf_pages(built / "ipt-handout.pdf", min_size=9.5, body_only=True)))
    for number, paragraph in COMMENTARY.items():
        for sentence in sentences(paragraph):
            assert squash(sentence) in text, f"handout lacks slide {number}: {sentence}"


def test_introduction_is_slide_twos_notes_in_order(built: Path) -> None:
    notes = squash(deck_notes(built / "ipt-deck.pptx")[1])
    position = 0
    for sentence in sentences(seed_introduction()):
        found = notes.find(squash(sentence), position)
        assert found >= 0, f"slide 2 notes lack, or misorder: {sentence}"
        position = found


def test_introduction_is_in_the_handout(built: Path) -> None:
    text = squash("".join(pdf_pages(built / "ipt-handout.pdf", min_size=9.5, body_only=True)))
    for sentence in sentences(seed_introduction()):
        assert squash(sentence) in text, sentence


def test_wordpress_residue_is_nowhere(built: Path) -> None:
    texts = ["\n".join(deck_notes(built / "ipt-deck.pptx"))]
    texts += ["".join(pdf_pages(built / name)) for name in ("ipt-handout.pdf", "ipt-quiz.pdf", "ipt-answer-key.pdf")]
    for text in texts:
        for residue in ("slideshow requires JavaScript", "bloggers like this", "[…]"):
            assert residue not in text
