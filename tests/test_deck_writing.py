"""The deck writer's shortcuts through python-pptx change nothing: the same bytes as python-pptx's own
slide adding and placeholder cloning, and each layout's placeholders cloned once a write."""

from __future__ import annotations

import contextlib

import pytest
from conftest import IPT
from pptx.shapes.shapetree import SlideShapes
from pptx.slide import NotesSlide

from render.build import pipeline
from render.build.pipeline import Options
from render.deck import pptx
from render.deck.plan import properties
from render.source.load import load
from render.source.resolved import resolve


def deck() -> tuple[bytes, int]:
    """The IPT deck's bytes, and how many slide layouts its slides use."""
    source = load(IPT)
    plans, template = pipeline._plan(source, IPT, Options(), resolve(source), None)
    return pptx.write(plans, properties(source), template, 1700000000), len({p.layout for p in plans})


def test_the_same_bytes_as_python_pptx_adding_slides_and_cloning_placeholders_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ours, _ = deck()
    monkeypatch.setattr(pptx, "_placeholders_cloned_once", contextlib.nullcontext)
    monkeypatch.setattr(pptx, "_add_slide", lambda prs, layout, slide_id: prs.slides.add_slide(layout))
    theirs, _ = deck()
    assert ours == theirs


def test_each_layout_and_the_notes_master_are_cloned_once(monkeypatch: pytest.MonkeyPatch) -> None:
    cloned: list[str] = []
    layouts, notes = SlideShapes.clone_layout_placeholders, NotesSlide.clone_master_placeholders

    def layout_clone(self: SlideShapes, layout: object) -> None:
        cloned.append("layout")
        layouts(self, layout)

    def notes_clone(self: NotesSlide, master: object) -> None:
        cloned.append("notes")
        notes(self, master)

    monkeypatch.setattr(SlideShapes, "clone_layout_placeholders", layout_clone)
    monkeypatch.setattr(NotesSlide, "clone_master_placeholders", notes_clone)
    _, used = deck()
    assert cloned.count("layout") == used and cloned.count("notes") == 1
    assert SlideShapes.clone_layout_placeholders is layout_clone  # put back after the write
