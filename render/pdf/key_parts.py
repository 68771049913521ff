"""A long answer key laid out in parts and joined, its page margins drawn over the joined pages.

WeasyPrint holds every laid-out page of a document until it writes it: a 1000-question key
(253 pages) took 541 MB laid out whole, the largest process of a 1000-slide build. A key of
more than `SIZE` questions is therefore cut into parts: the first holds the heading, the
compact key table and the first `SIZE` questions, each later one the next `SIZE`. Each part is
laid out on its own and let go once written (render.pdf.chunks joins them with their
bookmarks and tags), and each part after the first starts a page (a question never breaks
across pages, so only the page before a part may end earlier than it would have).

The key's margins are the same on every page but for the page number: the banner, the form
letter, the version stamp and "page X of Y". The parts are laid out without them and
render.pdf.margins draws them over the joined pages, from the key's own @page rules
(templates/answer-key-margins.html.j2), once the total is known.

Cut by count, never by the number of cores: the same bytes on any machine.
"""

from __future__ import annotations

SIZE = 60  # questions a part: about 15 pages of key, small enough that no part holds much


def cut(context: dict[str, object]) -> list[dict[str, object]]:
    """The contexts of the parts, in order; one, the whole key, when it has at most SIZE questions."""
    count = len(context["questions"])  # type: ignore[arg-type]
    if count <= SIZE:
        return [context]
    starts = range(0, count, SIZE)
    return [
        {**context, "part": {"head": start == 0, "margins": False, "first": start, "last": start + SIZE}}
        for start in starts
    ]
