"""A chart plan -> the marks of an SVG drawing (bars, lines, slices, axis labels), in deck points.

The deck carries an editable PowerPoint chart; the handout and slides PDF draw the
same data with these marks (templates/card.html.j2 writes them as inline SVG).
Only geometry is decided here; colours and fonts come from the card's CSS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from render.deck.plan import ChartPlan

LABEL = 14.0  # points: axis and legend labels, as PowerPoint's default chart text (about 13.3 pt at 16:9)


@dataclass(frozen=True)
class Mark:
    kind: str  # rect, polyline, path, line, text
    series: int = 0  # which series (or pie slice): picks its colour
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0  # a line's x2
    height: float = 0.0  # a line's y2
    points: str = ""  # polyline points, or a path's d
    text: str = ""
    anchor: str = "middle"  # text-anchor


@dataclass(frozen=True)
class Drawing:
    width: float
    height: float
    marks: tuple[Mark, ...]
    alt: str


def _fmt(value: float) -> str:
    return f"{value:g}" if abs(value) >= 0.01 or value == 0 else f"{value:.2g}"


def _scale(values: list[float]) -> tuple[float, float, list[float]]:
    """Axis from min to max (zero included) with about five round ticks."""
    low, high = min([0.0, *values]), max([0.0, *values])
    if high == low:
        high = low + 1
    raw = (high - low) / 5
    step = 10 ** math.floor(math.log10(raw))
    step = next(m * step for m in (1, 2, 2.5, 5, 10) if m * step >= raw)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    ticks = [low + i * step for i in range(round((high - low) / step) + 1)]
    return low, high, ticks


def draw(plan: ChartPlan, width: float, height: float) -> Drawing:
    """The chart's marks in a box of `width` x `height` points."""
    marks: list[Mark] = []
    names = [name for name, _ in plan.series]
    legend = plan.kind == "pie" or len(names) > 1
    bottom = height - (LABEL * 2 if legend else 0)
    if legend:
        entries = names
        if plan.kind == "pie":  # each slice's share beside its name, as PowerPoint's data labels say
            total = sum(max(v, 0.0) for v in plan.series[0][1]) or 1.0
            entries = [
                f"{c} {max(v, 0.0) / total:.0%}" for c, v in zip(plan.categories, plan.series[0][1], strict=True)
            ]
        x = 0.0
        for i, name in enumerate(entries):
            marks.append(Mark("rect", i, x, height - LABEL * 1.2, LABEL * 0.8, LABEL * 0.8))
            marks.append(Mark("text", i, x + LABEL, height - LABEL * 0.45, text=name, anchor="start"))
            x += LABEL * 2 + len(name) * LABEL * 0.5
    if plan.kind == "pie":
        _pie(plan, marks, width, bottom)
    else:
        _axes(plan, marks, width, bottom)
    return Drawing(width, height, tuple(marks), plan.alt)


def _pie(plan: ChartPlan, marks: list[Mark], width: float, bottom: float) -> None:
    values = [max(v, 0.0) for v in plan.series[0][1]]
    total = sum(values) or 1.0
    r = min(width, bottom) / 2 - LABEL
    cx, cy = width / 2, bottom / 2
    angle = -math.pi / 2  # PowerPoint starts at twelve o'clock
    for i, value in enumerate(values):
        sweep = 2 * math.pi * value / total
        end = angle + sweep
        if sweep >= 2 * math.pi - 1e-9:
            d = f"M {cx - r:.2f} {cy:.2f} a {r:.2f} {r:.2f} 0 1 0 {2 * r:.2f} 0 a {r:.2f} {r:.2f} 0 1 0 {-2 * r:.2f} 0"
        else:
            x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
            x2, y2 = cx + r * math.cos(end), cy + r * math.sin(end)
            large = 1 if sweep > math.pi else 0
            d = f"M {cx:.2f} {cy:.2f} L {x1:.2f} {y1:.2f} A {r:.2f} {r:.2f} 0 {large} 1 {x2:.2f} {y2:.2f} Z"
        if value:
            marks.append(Mark("path", i, points=d))
        angle = end


def _axes(plan: ChartPlan, marks: list[Mark], width: float, bottom: float) -> None:
    values = [v for _, vs in plan.series for v in vs]
    low, high, ticks = _scale(values)
    horizontal = plan.kind == "bar"
    gutter = LABEL * 0.6 * max(len(_fmt(t)) for t in ticks) + 6  # room for the value labels
    if horizontal:
        gutter = max(gutter, LABEL * 0.5 * max(len(c) for c in plan.categories) + 6)
    left, top, plot_bottom = gutter, LABEL / 2, bottom - LABEL * 1.6
    plot_w, plot_h = width - left - LABEL, plot_bottom - top
    count, groups = len(plan.series), len(plan.categories)

    def along(v: float) -> float:  # a value's distance along the value axis
        return (v - low) / (high - low) * (plot_w if horizontal else plot_h)

    for t in ticks:
        if horizontal:
            x = left + along(t)
            marks.append(Mark("line", -1, x, top, x, plot_bottom))
            marks.append(Mark("text", -1, x, plot_bottom + LABEL * 1.1, text=_fmt(t)))
        else:
            y = plot_bottom - along(t)
            marks.append(Mark("line", -1, left, y, left + plot_w, y))
            marks.append(Mark("text", -1, left - 4, y + LABEL * 0.35, text=_fmt(t), anchor="end"))
    band = (plot_h if horizontal else plot_w) / groups
    for g, category in enumerate(plan.categories):
        # PowerPoint lists a bar chart's first category at the bottom.
        start = (plot_bottom - (g + 1) * band) if horizontal else left + g * band
        middle = start + band / 2
        if horizontal:
            marks.append(Mark("text", -1, left - 4, middle + LABEL * 0.35, text=category, anchor="end"))
        else:
            marks.append(Mark("text", -1, middle, plot_bottom + LABEL * 1.1, text=category))
        if plan.kind == "line":
            continue
        bar = band * 0.7 / count
        for s, (_, vs) in enumerate(plan.series):
            zero, end = along(max(low, 0.0)), along(vs[g])
            lo, extent = min(zero, end), abs(end - zero)
            offset = start + band * 0.15 + s * bar
            if horizontal:
                marks.append(Mark("rect", s, left + lo, offset, extent, bar))
            else:
                marks.append(Mark("rect", s, offset, plot_bottom - lo - extent, bar, extent))
    if plan.kind == "line":
        for s, (_, vs) in enumerate(plan.series):
            points = " ".join(f"{left + (g + 0.5) * band:.2f},{plot_bottom - along(v):.2f}" for g, v in enumerate(vs))
            marks.append(Mark("polyline", s, points=points))
