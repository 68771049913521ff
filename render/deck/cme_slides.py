"""The CME slides of a talk with `cme:`: disclosures and objectives after the title, QR codes at the close.

Made from the source on the template's own layouts (content, and its text box), with notes for the
presenter; the QR codes are drawn by segno and placed below the links they stand for.
"""

from __future__ import annotations

import io
from pathlib import Path

from render.cme import statements
from render.deck.fit import Para, height
from render.deck.fonts import Font
from render.deck.plan import (
    BODY_FLOOR,
    EMU_PER_PT,
    PicturePlan,
    PlanError,
    SlidePlan,
    TextPlan,
    _fit_title,
    _flow,
    _footers,
)
from render.deck.template import Template
from render.source.model import Slide, Source
from render.source.resolved import Texts
from render.source.text import Run

QR_GAP = 18 * EMU_PER_PT  # between the links and the codes, and between two codes


def _slides(
    source: Source, template: Template, family: Font, sid: str, title: str, paras: list[Para], notes: str
) -> list[SlidePlan]:
    layout = template.layouts["content"]
    if not layout.texts:
        raise PlanError(f"the content layout '{layout.name}' has no text placeholder for the {title.lower()}")
    slide = Slide(id=sid, title=title)
    chunks = _flow(slide, layout.texts[0], paras, family)
    out = []
    for part, chunk in enumerate(chunks):
        label = (Run(title if part == 0 else f"{title} (cont.)"),)
        out.append(
            SlidePlan(
                layout=layout.name,
                title=label,
                title_size=_fit_title(sid, label, layout.title, template.heading)[0],
                texts=(chunk,),
                notes=((Run(notes),),) if part == 0 else (),
                footers=_footers(source, layout, family),
            )
        )
    return out


def opening(source: Source, template: Template, family: Font, resolved: Texts) -> list[SlidePlan]:
    """The disclosure slide (everyone in control of content, "none" too, and the mitigation), then the objectives."""
    cme = source.cme
    assert cme is not None
    paras = [Para((Run(d.text),)) for d in statements.disclosures(cme)]
    mitigation = statements.mitigation(cme)
    if mitigation:
        paras.append(Para((Run(mitigation),), bullet=False))
    if cme.commercial_support:
        paras.append(Para((Run(statements.support(cme)),), bullet=False))
    plans = _slides(
        source,
        template,
        family,
        "cme-disclosures",
        "Disclosures",
        paras,
        "Show this slide before the talk begins: learners must be told of every relevant financial relationship "
        "(and of none) before the activity (ACCME Standard 3).",
    )
    objectives = source.talk.objectives
    if objectives:
        paras = [Para((Run("After this talk, participants will be able to:"),), bullet=False)]
        paras += [Para(resolved.runs(o.text)) for o in objectives]
        plans += _slides(
            source,
            template,
            family,
            "cme-objectives",
            "Learning objectives",
            paras,
            "What learners will be able to do afterwards; the evaluation form asks whether each was met.",
        )
    return plans


def closing(source: Source, template: Template, family: Font) -> list[SlidePlan]:
    """A last slide with a QR code for each link given (evaluation, attendance); none without links."""
    import segno

    cme = source.cme
    assert cme is not None
    links = [
        (what, url) for what, url in (("Evaluation", cme.links.evaluation), ("Attendance", cme.links.attendance)) if url
    ]
    if not links:
        return []
    layout = template.layouts["content"]
    box = layout.texts[0]
    # With two codes, which is which: they stand left to right in the order of the links.
    sides = [" (left)", " (right)"] if len(links) == 2 else [""]
    paras = [
        Para((Run(f"{what}{side}: ", bold=True), Run(url, href=url)), bullet=False)
        for (what, url), side in zip(links, sides, strict=True)
    ]
    # The links at the smallest body size: the room below is for the codes, which are what people use.
    sizes = {0: float(BODY_FLOOR), 1: float(BODY_FLOOR)}
    used_pt = height(paras, sizes, box.width, box.style, family)
    if used_pt > box.height:
        raise PlanError(f"the links do not fit the content layout '{layout.name}' even at {BODY_FLOOR} pt")
    text = TextPlan(box.idx, tuple(paras), (BODY_FLOOR, BODY_FLOOR))
    used = round(used_pt * EMU_PER_PT)
    top = box.top + used + QR_GAP
    side = min(box.height_emu - used - QR_GAP, (box.width_emu - QR_GAP * (len(links) - 1)) // len(links))
    if side < 72 * EMU_PER_PT:
        raise PlanError(f"the QR codes need an inch of room below the links on the content layout '{layout.name}'")
    pictures = []
    width = side * len(links) + QR_GAP * (len(links) - 1)
    left = box.left + (box.width_emu - width) // 2
    for n, (what, url) in enumerate(links):
        png = io.BytesIO()
        segno.make(url, error="m").save(png, kind="png", scale=10, border=4)
        pictures.append(
            PicturePlan(
                Path(f"qr-{what.lower()}.png"),
                f"QR code: {what.lower()} form, {url}",
                False,
                (left + n * (side + QR_GAP), top, side, side),
                png.getvalue(),
            )
        )
    title = (Run("Evaluation and attendance"),)
    return [
        SlidePlan(
            layout=layout.name,
            title=title,
            title_size=_fit_title("cme-links", title, layout.title, template.heading)[0],
            texts=(text,),
            notes=(
                (
                    Run(
                        "Leave this slide up while people scan the codes: the evaluation and the attendance record "
                        "are what the CME office needs to award credit."
                    ),
                ),
            ),
            footers=_footers(source, layout, family),
            pictures=tuple(pictures),
        )
    ]
