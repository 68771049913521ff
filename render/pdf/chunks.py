"""A PDF of one card a page, laid out in chunks and joined: the chunks in parallel, each kept by its content.

The slides PDF has one card a page and nothing that runs across pages (no page numbers,
no running header), so its pages can be laid out as separate WeasyPrint documents of
`SIZE` cards and joined afterwards. That lets other cores lay out chunks at the same
time, frees each chunk's laid-out pages once it is written (WeasyPrint holds a whole
document's pages until it writes), and lets a warm process (`podium watch`) lay out again
only the chunks a save changed: each chunk's PDF is kept, keyed by the hash of its HTML.

Chunks are cut by count, never by the number of cores, and joined in order, so the file is
the same bytes on every machine. Joining keeps what the whole document had: every page, the
bookmarks, the structure tree (each chunk's elements under one Document element, the parent
tree renumbered), the language, the title shown in the window and the metadata. A document
of one chunk is written directly, as before.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from collections.abc import Callable, Sequence

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    Fit,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from render.pdf.writer import Metadata, Pdf

SIZE = 24  # cards a chunk: small enough to spread over cores, large enough that each PDF's fixed costs stay small
# Chunks are written with this date and the joined file gets the build's: a kept chunk is then reusable
# whatever the date (watch dates a build by the source's modification time, which every save changes).
PLACEHOLDER = "2000-01-01T00:00:00Z"

_kept: dict[str, bytes] = {}  # chunk HTML hash -> its PDF: the chunks of the last document written


def cut(items: Sequence[object]) -> list[Sequence[object]]:
    """The chunks, in order: SIZE items each, the last one shorter."""
    return [items[i : i + SIZE] for i in range(0, len(items), SIZE)] or [items]


Decorate = Callable[[PdfWriter, list[int]], None]  # the joined pages (and each chunk's page count) -> drawn on


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
    """The chunks' pages in one tagged PDF, with their bookmarks, named destinations and structure trees joined."""
    writer = PdfWriter()
    readers = [PdfReader(io.BytesIO(data)) for data in chunks]
    first = readers[0].trailer["/Root"]
    tree = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    tree_ref = writer._add_object(tree)
    document = DictionaryObject(
        {NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/Document")}
    )
    document[NameObject("/P")] = tree_ref
    document_ref = writer._add_object(document)
    tree[NameObject("/K")] = ArrayObject([document_ref])
    kids, nums = ArrayObject(), ArrayObject()
    counts: list[int] = []  # each chunk's pages
    dests: dict[str, object] = {}  # the named destinations (the handout's "#slide-12"), from every chunk
    offset = 0  # the first struct-parent key free in the joined parent tree
    for reader in readers:
        start = len(writer.pages)
        old_tree = reader.trailer["/Root"]["/StructTreeRoot"]
        old_document = old_tree["/K"][0]
        # The chunk's own root and Document element become the joined ones, so copying an element
        # (whose /P leads up to them) never copies the chunk's tree again.
        translated = writer._id_translated.setdefault(id(reader), {"PreventGC": reader})
        translated[old_tree.indirect_reference.idnum] = tree_ref.idnum
        translated[old_document.indirect_reference.idnum] = document_ref.idnum
        for page in reader.pages:
            writer.add_page(page)
        highest = -1
        for old, page in zip(reader.pages, writer.pages[start:], strict=True):
            if "/StructParents" in old:  # pypdf leaves it out of a copied page: set here, renumbered
                highest = max(highest, int(old["/StructParents"]))
                page[NameObject("/StructParents")] = NumberObject(int(old["/StructParents"]) + offset)
            for annotation in page.get("/Annots", []):
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    highest = max(highest, int(annotation["/StructParent"]))
                    annotation[NameObject("/StructParent")] = NumberObject(int(annotation["/StructParent"]) + offset)
        kids.extend(kid.clone(writer) for kid in old_document["/K"])
        old_nums = old_tree["/ParentTree"]["/Nums"]
        for i in range(0, len(old_nums), 2):
            nums.append(NumberObject(int(old_nums[i]) + offset))
            nums.append(old_nums[i + 1].clone(writer))
        _bookmarks(writer, reader, reader.outline, start, None)
        _destinations(writer, reader, start, dests)
        offset += highest + 1
        counts.append(len(reader.pages))
        # What was copied is the writer's now: the chunk's parsed objects can go (at 1000 slides, kept
        # until the end, they were about half the join's memory).
        reader.resolved_objects.clear()
        reader.flattened_pages = None
    if decorate is not None:
        decorate(writer, counts)
    document[NameObject("/K")] = kids
    tree[NameObject("/ParentTree")] = writer._add_object(DictionaryObject({NameObject("/Nums"): nums}))
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(offset)
    root = writer._root_object
    root[NameObject("/StructTreeRoot")] = tree_ref
    if dests:  # one flat name tree, sorted by name as the PDF wants (and WeasyPrint writes it)
        names = ArrayObject()
        for name in sorted(dests):
            names += [TextStringObject(name), dests[name]]
        tree_of_names = writer._add_object(DictionaryObject({NameObject("/Names"): names}))
        root[NameObject("/Names")] = DictionaryObject({NameObject("/Dests"): tree_of_names})
    for key in ("/Lang", "/ViewerPreferences", "/MarkInfo"):
        if key in first:
            root[NameObject(key)] = first[key].clone(writer)
    if "/Metadata" in first:  # the XMP packet: the chunk's, dated as the build
        stream = first["/Metadata"].get_object()
        xmp = stream.get_data().replace(PLACEHOLDER.encode(), meta.date.encode())
        copy = stream.clone(writer)
        copy.set_data(xmp)
        root[NameObject("/Metadata")] = writer._add_object(copy)
    info = dict(readers[0].metadata or {})
    pdf_date = "D:" + meta.date.replace("-", "").replace("T", "").replace(":", "")
    info.update({"/CreationDate": pdf_date, "/ModDate": pdf_date})
    writer.add_metadata({k: TextStringObject(str(v)) for k, v in info.items()})
    identifier = readers[0].trailer.get("/ID")
    if identifier is not None:  # WeasyPrint's fixed identifier, not pypdf's random one
        writer._ID = ArrayObject(identifier)
    writer._resolve_links()  # what pypdf's own write does first
    # No artifacts.mark here: each chunk comes marked from write_pdf (in parallel, and kept marked), and
    # joining copies its content streams and parent tree as they are; tests/test_chunks.py checks it.
    pdf = Pdf(_packed(writer))
    pdf.pages = len(writer.pages)
    return pdf


def _packed(writer: PdfWriter) -> bytes:
    """The file, written as WeasyPrint writes its own: every object that is not a stream packed into
    one compressed object stream, with a cross-reference stream. pypdf writes each object apart, in
    plain text: for a tagged file of thousands of structure elements, four times the size."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xf0\x9f\x96\xa4\n")
    entries: list[tuple[int, int, int]] = [(0, 0, 65535)]  # object 0, the head of the free list
    packed: list[bytes] = []
    packed_numbers: list[int] = []
    stream_number = len(writer._objects) + 1
    for number, obj in enumerate(writer._objects, 1):
        if obj is None:
            entries.append((0, 0, 0))
        elif isinstance(obj, StreamObject):
            entries.append((1, out.tell(), 0))
            out.write(f"{number} 0 obj\n".encode())
            obj.write_to_stream(out)
            out.write(b"\nendobj\n")
        else:
            entries.append((2, stream_number, len(packed)))
            data = io.BytesIO()
            obj.write_to_stream(data)
            packed.append(data.getvalue())
            packed_numbers.append(number)
    offsets, position = [], 0
    for number, data in zip(packed_numbers, packed, strict=True):
        offsets.append(f"{number} {position}")
        position += len(data) + 1
    head = " ".join(offsets).encode()
    body = zlib.compress(head + b"\n" + b"\n".join(packed))
    entries.append((1, out.tell(), 0))
    out.write(
        f"{stream_number} 0 obj\n<< /Type /ObjStm /N {len(packed)} /First {len(head) + 1} /Filter /FlateDecode "
        f"/Length {len(body)} >>\nstream\n".encode()
        + body
        + b"\nendstream\nendobj\n"
    )
    xref_number = stream_number + 1
    entries.append((1, out.tell(), 0))
    # The third field is an object's index in the object stream: two bytes, or four past 65,535 objects
    # (a tagged handout of 1000 slides has more).
    third = 2 if max(b for _, _, b in entries) < 1 << 16 else 4
    table = zlib.compress(
        b"".join(t.to_bytes(1, "big") + a.to_bytes(4, "big") + b.to_bytes(third, "big") for t, a, b in entries)
    )
    trailer = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/XRef"),
            NameObject("/Size"): NumberObject(xref_number + 1),
            NameObject("/W"): ArrayObject([NumberObject(1), NumberObject(4), NumberObject(third)]),
            NameObject("/Root"): writer.root_object.indirect_reference,
            NameObject("/Filter"): NameObject("/FlateDecode"),
            NameObject("/Length"): NumberObject(len(table)),
        }
    )
    if writer._info is not None:
        trailer[NameObject("/Info")] = writer._info.indirect_reference
    if writer._ID is not None:
        trailer[NameObject("/ID")] = writer._ID
    xref_at = out.tell()
    out.write(f"{xref_number} 0 obj\n".encode())
    trailer.write_to_stream(out)
    out.write(b"\nstream\n" + table + b"\nendstream\nendobj\n")
    out.write(f"startxref\n{xref_at}\n%%EOF\n".encode())
    return out.getvalue()


def _destinations(writer: PdfWriter, reader: PdfReader, start: int, into: dict[str, object]) -> None:
    """A chunk's named destinations, each pointing at its page in the joined file."""
    names = reader.trailer["/Root"].get("/Names")
    if names is None or "/Dests" not in names:
        return
    for name, target in reader.named_destinations.items():
        page = writer.pages[start + reader.get_destination_page_number(target)]
        into[name] = ArrayObject([page.indirect_reference, NameObject(target.typ), *_view(target)])


def _view(target: object) -> list[object]:
    """The destination's view after its page: /XYZ left top zoom, or nothing for /Fit."""
    from pypdf.generic import NullObject

    if target.typ == "/XYZ":  # type: ignore[attr-defined]
        return [NullObject() if v is None else FloatObject(v) for v in (target.left, target.top, target.zoom)]  # type: ignore[attr-defined]
    return []


def _bookmarks(writer: PdfWriter, reader: PdfReader, items: list[object], start: int, parent: object) -> None:
    """A chunk's bookmarks into the joined file, nested as they were, each at the same page."""
    last = None
    for item in items:
        if isinstance(item, list):  # the bookmarks under the one before
            _bookmarks(writer, reader, item, start, last)
            continue
        page = reader.get_destination_page_number(item)  # type: ignore[arg-type]
        fit = Fit.xyz(item.left, item.top, item.zoom) if item.typ == "/XYZ" else Fit.fit()  # type: ignore[attr-defined]
        last = writer.add_outline_item(title=item.title, page_number=start + page, parent=parent, fit=fit)  # type: ignore[attr-defined]
