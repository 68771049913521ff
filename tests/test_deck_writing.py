"""The deck writer's shortcuts through python-pptx change nothing: the same bytes as python-pptx's own
slide adding and placeholder cloning, and each layout's placeholders cloned once a write; a warm
process's second write, which takes the unchanged slides' XML from the first, gives the bytes of a
first write."""

from __future__ import annotations

import contextlib
import dataclasses

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
    """The IPT deck's bytes as a first write makes them, and how many slide layouts its slides use."""
    source = load(IPT)
    plans, template = pipeline._plan(source, IPT, Options(), resolve(source), None)
    pptx._last_deck = {}  # nothing kept from an earlier write: python-pptx builds every slide
    return pptx.write(plans, properties(source), template, 1700000000), len({p.layout for p in plans})


def test_a_warm_write_after_a_one_slide_edit_gives_a_first_writes_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    source = load(IPT)
    plans, template = pipeline._plan(source, IPT, Options(), resolve(source), None)
    props = properties(source)
    pptx._last_deck = {}
    monkeypatch.setattr(pptx, "_keeping", True)  # as in a warm process (watch.rebuild turns it on)
    pptx.write(plans, props, template, 1700000000)  # the write before the save
    middle = len(plans) // 2
    edited = list(plans)
    edited[middle] = dataclasses.replace(plans[middle], title=(*plans[middle].title, *plans[middle].title[:1]))
    built = []
    real = pptx._add_slide
    monkeypatch.setattr(pptx, "_add_slide", lambda *args: built.append(1) or real(*args))
    warm = pptx.write(edited, props, template, 1700000000)
    assert 1 <= len(built) <= len(plans) // 3, f"{len(built)} of {len(plans)} slides built again"
    pptx._last_deck = {}
    assert warm == pptx.write(edited, props, template, 1700000000)
    # and a write that changes nothing, on the same template, is a first write's bytes too
    assert pptx.write(edited, props, template, 1700000000) == warm


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
