"""The deck as PowerPoint opens it: slides, placeholders, notes, citation numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.presentation import Presentation as Deck
from pptx.util import Emu

from render.deck.plan import plan_deck
from render.deck.template import read
from render.source.load import parse
from render.source.resolved import resolve

# Written by hand from the seed: slide 1 is the title; slide 2's quotation follows it on slide 3 (its own,
# on the Quote layout); the references and resources take slides 13 and 14 at 24 pt.
TITLE = "The Geezer’s Dirty Dozen on Interpersonal Psychotherapy"
TITLE_TYPES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}


@pytest.fixture(scope="module")
def deck(built: Path) -> Deck:
    return Presentation(str(built / "ipt-deck.pptx"))


def test_fourteen_slides_in_16_by_9(deck: Deck) -> None:
    assert len(deck.slides) == 14
    assert (deck.slide_width, deck.slide_height) == (Emu(12192000), Emu(6858000))


def test_every_title_is_in_a_title_placeholder_and_unique(deck: Deck) -> None:
    titles = []
    for slide in deck.slides:
        title = slide.shapes.title
        assert title is not None and title.is_placeholder
        assert title.placeholder_format.type in TITLE_TYPES
        titles.append(title.text_frame.text)
    assert titles[0] == TITLE
    assert titles[2] == "Where IPT Comes From (cont.)"
    assert titles[12:] == ["References and Resources", "References and Resources (cont.)"]
    assert len(set(titles)) == 14


def test_text_is_only_in_placeholders(deck: Deck) -> None:
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            assert shape.is_placeholder, f"slide {number} has a free shape '{shape.name}'"


def test_bullets_sit_in_the_body_placeholder(deck: Deck) -> None:
    slide = deck.slides[9]  # slide 10: problem areas, with sub-bullets
    body = slide.placeholders[1]
    levels = [(p.level, p.text) for p in body.text_frame.paragraphs]
    assert (1, "Interpersonal conflict") in levels
    assert all(level in (0, 1) for level, _ in levels)
    assert 3 <= sum(1 for level, _ in levels if level == 0) <= 6


def test_the_talks_slides_have_notes_and_the_title_and_cont_slides_invent_none(deck: Deck) -> None:
    for number, slide in enumerate(deck.slides, start=1):
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        if number == 2 or 4 <= number <= 12:
            assert len(notes) > 100, f"slide {number} has no notes"
        else:
            assert notes == "", f"slide {number} has notes the seed does not give"


def test_citations_are_superscript_numbers_matching_the_references_slide(deck: Deck) -> None:
    references = "\n".join(s.placeholders[1].text_frame.text for s in list(deck.slides)[12:])
    # The references slide, numbered in order of first citation (hand-checked against the source).
    assert "1. Klerman GL, Weissman MM." in references
    assert "2. Stuart S. Interpersonal Psychotherapy for Postpartum Depression." in references
    assert "3. Stuart S. Interpersonal Psychotherapy: A Guide to the Basics." in references
    assert "4. Stuart S, Robertson M." in references and "in press (October 2012)" in references
    for resource in ("Public Access | International Society for Interpersonal Psychotherapy", "About IPT"):
        assert resource in references
    sups = [
        run.text
        for p in deck.slides[1].placeholders[1].text_frame.paragraphs
        for run in p.runs
        if run.font._rPr is not None and run.font._rPr.get("baseline") == "30000"
    ]
    assert sups == ["1", "2", "3"]


def test_core_properties_name_the_talk(deck: Deck) -> None:
    assert deck.core_properties.title == TITLE


def test_a_long_list_continues_on_a_cont_slide() -> None:
    bullets = "\n".join(f"      - Bullet number {i} says something long enough to need a whole line" for i in range(30))
    source = parse(
        f"talk:\n  title: Long\nslides:\n  - id: long\n    title: Many Points\n    bullets:\n{bullets}\n",
        "long.yaml",
    )
    plans = plan_deck(source, read(), [], resolve(source))
    # Too long for one slide at any size, it continues: as few slides as any size within 4 pt of the
    # template's 28 allows. A one-line bullet at 24 pt takes 24 x 1.22 + 20 % before = 34 pt, ten of
    # them fill the 342 pt box; at 25 pt and above only nine do. So three slides of ten at 24 pt.
    assert len(plans) == 3
    assert "".join(r.text for r in plans[1].title) == "Many Points (cont.)"
    assert [(p.texts[0].sizes, len(p.texts[0].paras)) for p in plans] == [((24, 20), 10)] * 3
    assert sum(len(p.texts[0].paras) for p in plans) == 30
