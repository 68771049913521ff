"""A PDF of one card a page, laid out in chunks and joined: the chunks in parallel, each kept by its content.

The slides PDF has one card a page and nothing that runs across pages (no page numbers,
no running header), so its pages can be laid out as separate WeasyPrint documents of
`SIZE` cards and joined afterwards. That lets other cores lay out chunks at the same
time, frees each chunk's laid-out pages once it is written (WeasyPrint holds a whole
document's pages until it writes), and lets a warm process (`podium watch`) lay out again
only the chunks a save changed: each chunk's PDF is kept, keyed by the hash of its HTML.

Chunks are cut by count, never by the number of cores, and joined in order, so the file is
the same bytes on every machine. qpdf (through pikepdf) joins them: it copies objects in C++,
about a ninth of the CPU time pypdf took (3.8 s for a 200-slide handout's 15 parts). Joining
keeps what the whole document had: every page, the bookmarks, the structure tree (each chunk's
elements under one Document element, the parent tree renumbered), the language, the title
shown in the window and the metadata. A document of one chunk is written directly, as before.
"""

from __future__ import annotations

import hashlib
import io
import itertools
from collections.abc import Callable, Sequence

import pikepdf
from pikepdf import Name

from render.pdf.writer import Metadata, Pdf

SIZE = 24  # cards a chunk: small enough to spread over cores, large enough that each PDF's fixed costs stay small
# Chunks are written with this date and the joined file gets the build's: a kept chunk is then reusable
# whatever the date (watch dates a build by the source's modification time, which every save changes).
PLACEHOLDER = "2000-01-01T00:00:00Z"

_kept: dict[str, bytes] = {}  # chunk HTML hash -> its PDF: the chunks of the last document written


def cut(items: Sequence[object]) -> list[Sequence[object]]:
    """The chunks, in order: SIZE items each, the last one shorter."""
    return [items[i : i + SIZE] for i in range(0, len(items), SIZE)] or [items]


Decorate = Callable[[pikepdf.Pdf, list[int]], None]  # the joined pages (and each chunk's page count) -> drawn on


def write(
    htmls: list[str],
    meta: Metadata,
    render: Callable[[str, Metadata], Pdf],
    map_: Callable[[Callable[[str], bytes], list[str]], list[bytes]],
    kept: dict[str, bytes] = _kept,
    decorate: Decorate | None = None,
) -> Pdf:
    """One PDF from the chunks' HTML. `render` writes one HTML as a PDF; `map_` applies a function to
    the chunks not in `kept` from before (in parallel when it can), giving the results in order;
    `decorate` draws on the joined pages (the handout's margins)."""
    if len(htmls) == 1:
        return render(htmls[0], meta)
    keys = [hashlib.sha256(html.encode("utf-8")).hexdigest() for html in htmls]
    placeholder = Metadata(meta.title, meta.author, meta.subject, PLACEHOLDER, meta.language)
    missing = [i for i, key in enumerate(keys) if key not in kept]
    made = map_(lambda html: bytes(render(html, placeholder)), [htmls[i] for i in missing])
    fresh = dict(kept)
    fresh.update({keys[i]: data for i, data in zip(missing, made, strict=True)})
    kept.clear()
    kept.update({key: fresh[key] for key in keys})  # only the current document's chunks are kept
    return join([fresh[key] for key in keys], meta, decorate)


def join(chunks: list[bytes], meta: Metadata, decorate: Decorate | None = None) -> Pdf:
    """The chunks' pages in one tagged PDF, with their bookmarks, named destinations and structure trees joined.

    qpdf (through pikepdf) does the copying, in C++: the first chunk is the base, the others' pages,
    structure elements, bookmarks and destinations are copied into it, each chunk's references to its
    own pages leading to their copies."""
    sources = [pikepdf.open(io.BytesIO(data)) for data in chunks]
    try:
        return _join(sources, meta, decorate)
    finally:
        for source in sources:
            if source is not None:
                source.close()


def _join(sources: list[pikepdf.Pdf], meta: Metadata, decorate: Decorate | None) -> Pdf:
    pdf = sources[0]  # the base: its root, language, viewer preferences, tree and metadata are the joined file's
    root = pdf.Root
    tree = root.StructTreeRoot
    document = tree.K[0]
    nums = list(tree.ParentTree.Nums)
    counts = [len(pdf.pages)]  # each chunk's pages
    offset = _next_key(pdf)  # the first struct-parent key free in the joined parent tree
    dests = _destinations(pdf)  # the named destinations (the handout's "#slide-12"), from every chunk
    outline = _outline_items(pdf)
    for index in range(1, len(sources)):
        first = _next_number(pdf)
        offset = _append(pdf, sources[index], document, nums, dests, outline, offset)
        counts.append(len(sources[index].pages))
        # qpdf copies a stream's data from its chunk only when the joined file is written, keeping every
        # chunk open and parsed till then: the data is taken now, as encoded, and the chunk let go.
        _own_streams(pdf, first, _next_number(pdf))
        sources[index].close()
        sources[index] = None  # type: ignore[call-overload]
    if decorate is not None:
        decorate(pdf, counts)
    tree.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
    tree.ParentTreeNextKey = offset
    if dests:  # one flat name tree, sorted by name as the PDF wants (and WeasyPrint writes it)
        names = pikepdf.Array()
        for name in sorted(dests):
            names.extend([pikepdf.String(name), dests[name]])
        root.Names = pikepdf.Dictionary(Dests=pdf.make_indirect(pikepdf.Dictionary(Names=names)))
    if outline:
        _chain(pdf, outline)
    if Name.Metadata in root:  # the XMP packet: the chunk's, dated as the build
        xmp = root.Metadata.read_bytes().replace(PLACEHOLDER.encode(), meta.date.encode())
        root.Metadata.write(xmp)
    pdf_date = "D:" + meta.date.replace("-", "").replace("T", "").replace(":", "")
    pdf.docinfo[Name.CreationDate] = pdf_date
    pdf.docinfo[Name.ModDate] = pdf_date
    out = io.BytesIO()
    # Streams are passed through as the chunks compressed them (decoding and compressing them again
    # would be most of the work); everything else is packed in object streams, as WeasyPrint writes.
    # The identifier's first half is the chunk's, the second a digest of the file: the same bytes each time.
    pdf.save(
        out,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        compress_streams=True,
        deterministic_id=True,
    )
    # No artifacts.mark here: each chunk comes marked from write_pdf (in parallel, and kept marked), and
    # joining copies its content streams and parent tree as they are; tests/test_chunks.py checks it.
    joined = Pdf(out.getvalue())
    joined.pages = sum(counts)
    return joined


def _append(
    pdf: pikepdf.Pdf,
    source: pikepdf.Pdf,
    document: pikepdf.Object,
    nums: list[object],
    dests: dict[str, pikepdf.Object],
    outline: list[pikepdf.Object],
    offset: int,
) -> int:
    """One chunk's pages, structure elements, parent tree entries, destinations and bookmarks copied into
    the joined file, its struct-parent keys moved on by `offset`; the next chunk's offset."""
    old_tree = source.Root.StructTreeRoot
    kids = list(old_tree.K[0].K)
    for kid in kids:  # cut from the chunk's Document, so copying an element never copies its whole tree
        del kid[Name.P]
    start = len(pdf.pages)
    pdf.pages.extend(source.pages)
    for page in pdf.pages[start:]:
        if Name.StructParents in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annotation in page.obj.get(Name.Annots, []):
            if Name.StructParent in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset
    for kid in kids:
        copied = pdf.copy_foreign(kid)
        copied.P = document
        document.K.append(copied)
    old_nums = list(old_tree.ParentTree.Nums)
    for i in range(0, len(old_nums), 2):
        value = old_nums[i + 1]
        nums.append(int(old_nums[i]) + offset)
        nums.append(pdf.copy_foreign(value) if value.is_indirect else pikepdf.Array(pdf.copy_foreign(e) for e in value))
    dests.update(_destinations(source, pdf))
    outline += _outline_items(source, pdf)
    return offset + _next_key(source)


def _next_number(pdf: pikepdf.Pdf) -> int:
    """The object number the next new object of `pdf` gets (an unreferenced probe, never written)."""
    return pdf.make_indirect(pikepdf.Dictionary()).objgen[0]


def _own_streams(pdf: pikepdf.Pdf, first: int, end: int) -> None:
    """The streams among objects first..end-1 get their data, as it was encoded, from their chunk now."""
    for number in range(first, end):
        stream = pdf.get_object((number, 0))
        if isinstance(stream, pikepdf.Stream):
            filters = stream.get(Name.Filter)
            stream.write(stream.read_raw_bytes(), filter=filters, decode_parms=stream.get(Name.DecodeParms))


def _next_key(pdf: pikepdf.Pdf) -> int:
    """One past the highest struct-parent key of the chunk's pages and annotations."""
    highest = -1
    for page in pdf.pages:
        if Name.StructParents in page.obj:
            highest = max(highest, int(page.obj.StructParents))
        for annotation in page.obj.get(Name.Annots, []):
            if Name.StructParent in annotation:
                highest = max(highest, int(annotation.StructParent))
    return highest + 1


def _destinations(source: pikepdf.Pdf, into: pikepdf.Pdf | None = None) -> dict[str, pikepdf.Object]:
    """A chunk's named destinations (WeasyPrint writes one flat /Names array), copied `into` the joined file."""
    names = source.Root.get(Name.Names)
    if names is None or Name.Dests not in names:
        return {}
    flat = list(names.Dests.Names)
    out = {}
    for i in range(0, len(flat), 2):
        target = flat[i + 1]
        out[str(flat[i])] = target if into is None else into.copy_foreign(source.make_indirect(target))
    return out


def _outline_items(source: pikepdf.Pdf, into: pikepdf.Pdf | None = None) -> list[pikepdf.Object]:
    """A chunk's top-level bookmarks (each with those nested under it), copied `into` the joined file."""
    outlines = source.Root.get(Name.Outlines)
    if outlines is None or Name.First not in outlines:
        return []
    items, item = [], outlines.First
    while True:
        items.append(item)
        if Name.Next not in item:
            break
        item = item.Next
    if into is None:
        return items
    for item in items:  # their links to the chunk's own list are made again in the joined one
        for key in (Name.Parent, Name.Prev, Name.Next):
            if key in item:
                del item[key]
    return [into.copy_foreign(item) for item in items]


def _chain(pdf: pikepdf.Pdf, items: list[pikepdf.Object]) -> None:
    """The top-level bookmarks under the joined file's outline root, in order; the root counts them
    and the open ones' descendants, as each chunk's own root did."""
    if Name.Outlines not in pdf.Root:  # the first chunk had no bookmarks, a later one has
        pdf.Root.Outlines = pdf.make_indirect(pikepdf.Dictionary(Type=Name.Outlines))
    outlines = pdf.Root.Outlines
    for before, after in itertools.pairwise(items):
        before.Next, after.Prev = after, before
    for item in items:
        item.Parent = outlines
    outlines.First, outlines.Last = items[0], items[-1]
    outlines.Count = sum(1 + max(0, int(item.get(Name.Count, 0))) for item in items)
