"""The handout laid out in parts and joined: each part a WeasyPrint document of its own, kept by its content.

A long handout laid out as one document is the longest job of a build (about 20 s of CPU at
200 slides), holds every laid-out page until it is written (1.1 GB at 1000 slides), and a
one-slide edit lays it all out again. So a handout of more than `SIZE` slides is cut into
parts: the cover, runs of `SIZE` slides (in the 3-up and 6-up styles, runs of whole sheets),
and the references. Each part is laid out on its own, its PDF kept by the hash of its HTML
(render.pdf.chunks keeps them), and the parts are joined in order with their bookmarks,
named destinations and tags.

A part boundary must be a place where a page break falls anyway: the cover ends with one,
the references begin with one, and every sheet of the n-up styles is a page. In the `notes`
style slides share pages and notes flow across them, so each run of `SIZE` slides starts on
a new page (once every `SIZE` slides; the README says so). Page breaks never depend on the
page margins' text, so the parts are laid out without it, and the running title, the version
stamp and "page X of Y" are drawn over the joined pages afterwards (render.pdf.margins),
once the total is known.

Cut by count, never by the number of cores, and joined in order: the same bytes on any machine.
A handout of at most `SIZE` slides is one document, laid out whole as before.
"""

from __future__ import annotations

SIZE = 16  # slides a part: a warm one-slide edit lays out about this many again; a forced page break this often
kept: dict[str, bytes] = {}  # part HTML hash -> its PDF: the parts of the last handout written (chunks.write)
WHOLE = {"cover": True, "references": True, "margins": True}  # what a handout laid out whole shows


def cut(context: dict[str, object]) -> list[dict[str, object]]:
    """The contexts of the parts, in order; one, the whole handout, when it has at most SIZE slides."""
    slides: list[object] = list(context["slides"])  # type: ignore[call-overload]
    sheets: list[object] = list(context["pages"])  # type: ignore[call-overload]
    if len(slides) <= SIZE:
        return [{**context, "part": WHOLE}]
    none: dict[str, object] = {"cover": False, "references": False, "margins": False}
    out: list[dict[str, object]] = [{**context, "slides": [], "pages": [], "part": {**none, "cover": True}}]
    if context["style"] == "notes":
        runs = [slides[i : i + SIZE] for i in range(0, len(slides), SIZE)]
        out += [{**context, "slides": run, "pages": [], "part": none} for run in runs]
    else:
        per_sheet = max(len(sheet) for sheet in sheets)  # type: ignore[arg-type]
        step = max(1, SIZE // per_sheet)
        runs = [sheets[i : i + step] for i in range(0, len(sheets), step)]
        out += [{**context, "slides": [], "pages": run, "part": none} for run in runs]
    references = context["references"] or context["resources"]
    if references:
        out.append({**context, "slides": [], "pages": [], "part": {**none, "references": True}})
    return out
