"""How long the talk runs: the speaker notes' words at a speaking rate, per slide and in all.

For every talk, with or without `cme:`. The AMA counts 60 minutes of a live activity as one
credit, designated in quarter steps (15 minutes = 0.25): `supported` is what `duration` allows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from render.source.length import WORDS_PER_MINUTE, words
from render.source.model import Source
from render.source.resolved import Texts

RATE = WORDS_PER_MINUTE  # unless the source (cme.speaking_rate) or --speaking-rate says otherwise


@dataclass(frozen=True)
class Length:
    rate: int
    words: tuple[tuple[str, int], ...]  # (slide id, words in its notes), in slide order

    @property
    def total_words(self) -> int:
        return sum(n for _, n in self.words)

    @property
    def minutes(self) -> float:
        return self.total_words / self.rate

    def slide_minutes(self, words: int) -> float:
        return words / self.rate

    @property
    def summary(self) -> str:
        return f"talk length: about {self.minutes:.0f} min ({self.total_words} words of notes at {self.rate} a minute)"

    def compact(self) -> str:
        """Every slide's share on one line, for the build summary: "per slide (min): intro 1.2, ..."."""
        return "per slide (min): " + ", ".join(f"{sid} {self.slide_minutes(n):.1f}" for sid, n in self.words)

    def per_slide(self) -> list[str]:
        return [f"  {sid}: {n} words, {self.slide_minutes(n):.1f} min" for sid, n in self.words]


def rate(source: Source, override: int | None = None) -> int:
    if override is not None:
        return override
    return (source.cme.speaking_rate if source.cme else None) or RATE


def estimate(source: Source, resolved: Texts, override: int | None = None) -> Length:
    # Counted as the preview counts them (render.source.length): the words spoken, not the citations.
    counts = tuple((s.id, words(resolved.runs(n) for n in s.notes)) for s in source.slides)
    return Length(rate(source, override), counts)


def supported(duration: int) -> float:
    """The credit `duration` minutes support: one an hour, in quarter steps, rounded down."""
    return math.floor(duration / 15) / 4
