"""A long quiz sheet or answer key laid out in parts and joined, its page margins drawn over the joined pages.

WeasyPrint holds every laid-out page of a document until it writes it, and a long document
costs it more per page than a short one: a 1000-question key (253 pages) took 541 MB laid out
whole, the largest process of a 1000-slide build, and the 250-item bank's key 8.8 s of CPU.
A sheet or key of more than `SIZE` questions is therefore cut into parts: the first holds the
heading (and on the sheet the Name, Date and ID fields, the instructions and the bubble grid;
on the key its compact table) and the first `SIZE` questions, each later one the next `SIZE`.
Each part is laid out on its own and let go once written (render.pdf.chunks joins them with
their bookmarks and tags; the first part is the joined file's base, so the sheet's form fields
stay its own), and each part after the first starts a page (a question never breaks across
pages, so only the page before a part may end earlier than it would have).

The margins are the same on every page but for the page number: the quiz's title (the key's
banner), the form letter, the version stamp and "page X of Y". The parts are laid out without
them and render.pdf.margins draws them over the joined pages, from the quiz's own @page rules
(templates/quiz-margins.html.j2), once the total is known.

Cut by count, never by the number of cores: the same bytes on any machine.
"""

from __future__ import annotations

SIZE = 60  # questions a part: about 15 pages of key, 10 of sheet; small enough that no part holds much


def cut(context: dict[str, object]) -> list[dict[str, object]]:
    """The contexts of the parts, in order; one, the whole sheet or key, when it has at most SIZE questions."""
    count = len(context["questions"])  # type: ignore[arg-type]
    if count <= SIZE:
        return [context]
    starts = range(0, count, SIZE)
    return [
        {**context, "part": {"head": start == 0, "margins": False, "first": start, "last": start + SIZE}}
        for start in starts
    ]
