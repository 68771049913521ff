"""render/pdf/artifacts.py on small hand-made tagged PDFs, read back with pypdf.

Each file has one page, 200 units high, whose structure tree claims MCID 0 (a paragraph); the
content streams are written here by hand, so what the marks must become is known in advance.
"""

from __future__ import annotations

import io

import pikepdf
from pypdf import PdfReader
from pypdf.generic import ContentStream

from render.pdf.artifacts import mark

TAGGED = b"/P <</MCID 0>> BDC BT 1 0 0 1 10 100 Tm /F1 12 Tf (body) Tj ET EMC\n"
# WeasyPrint's margin boxes: spans with MCIDs whose elements hang under nothing the root reaches.
HEADER = b"/Span <</MCID 1>> BDC BT 1 0 0 1 10 190 Tm (running title) Tj ET EMC\n"
FOOTER = b"q 1 0 0 1 0 -180 cm /Span <</MCID 2>> BDC BT 1 0 0 1 10 190 Tm (page 1 of 1) Tj ET EMC Q\n"


def tagged_pdf(content: bytes, orphans: int = 0) -> bytes:
    """A one-page tagged PDF: Document > P owning MCID 0; `orphans` more MCIDs owned by spans under a
    NonStruct that the Document does not list (as WeasyPrint leaves its margin boxes)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(300, 200))
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(content)
    page.obj.StructParents = 0
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root))
    paragraph = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.P, P=document, Pg=page.obj, K=0)
    )
    lost = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.NonStruct, P=document))
    spans = [
        pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Span, P=lost, Pg=page.obj, K=i + 1)
        )
        for i in range(orphans)
    ]
    lost.K = pikepdf.Array(spans)
    document.K = pikepdf.Array([paragraph])
    root.K = pikepdf.Array([document])
    root.ParentTree = pikepdf.Dictionary(Nums=[0, pikepdf.Array([paragraph, *spans])])
    root.ParentTreeNextKey = 1
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    out = io.BytesIO()
    pdf.save(out, static_id=True)
    return out.getvalue()


def marks(data: bytes) -> list[tuple[str, ...]]:
    """The page's marked-content operators and text-showing ones, as pypdf reads them."""
    reader = PdfReader(io.BytesIO(data))
    found: list[tuple[str, ...]] = []
    for operands, operator in ContentStream(reader.pages[0].get_contents(), reader).operations:
        if operator in (b"BDC", b"BMC"):
            properties = operands[1] if len(operands) > 1 else {}
            found.append((operator.decode(), str(operands[0]), *(f"{k}={v}" for k, v in sorted(properties.items()))))
        elif operator in (b"EMC", b"Tj", b"f", b"n"):
            found.append((operator.decode(),))
    return found


def test_margin_spans_become_a_header_and_a_footer_by_where_they_are_drawn() -> None:
    out = mark(tagged_pdf(TAGGED + HEADER + FOOTER, orphans=2))
    assert marks(out) == [
        ("BDC", "/P", "/MCID=0"),
        ("Tj",),
        ("EMC",),
        ("BDC", "/Artifact", "/Subtype=/Header", "/Type=/Pagination"),  # drawn at y = 190 of 200
        ("Tj",),
        ("EMC",),
        ("BDC", "/Artifact", "/Subtype=/Footer", "/Type=/Pagination"),  # y = 190 - 180 through the cm
        ("Tj",),
        ("EMC",),
    ]
    reader = PdfReader(io.BytesIO(out))
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    # The parent tree names only the paragraph now, and the lost spans are gone from the file.
    assert [owner.get_object()["/S"] for owner in tree["/ParentTree"]["/Nums"][1]] == ["/P"]
    with pikepdf.open(io.BytesIO(out)) as written:
        roles = {str(obj.get("/S")) for obj in written.objects if isinstance(obj, pikepdf.Dictionary)}
    assert roles == {"/Document", "/P", "None"}


def test_painting_outside_every_sequence_is_wrapped_as_an_artifact_whole() -> None:
    content = TAGGED + b"0 0 m 10 10 l 5 5 re f BT (loose) Tj ET 0 0 300 200 re W n\n"
    assert marks(mark(tagged_pdf(content))) == [
        ("BDC", "/P", "/MCID=0"),
        ("Tj",),
        ("EMC",),
        ("BMC", "/Artifact"),  # before the path's first segment: a mark may not interrupt a path
        ("f",),
        ("EMC",),
        ("BMC", "/Artifact"),  # inside the text object, around the showing operator
        ("Tj",),
        ("EMC",),
        ("BMC", "/Artifact"),  # a clipping path paints nothing, but is content to some checkers
        ("n",),
        ("EMC",),
    ]
    wrapped = pikepdf.open(io.BytesIO(mark(tagged_pdf(content))))
    ops = [str(i.operator) for i in pikepdf.parse_content_stream(wrapped.pages[0])]
    assert ops[ops.index("BMC") : ops.index("BMC") + 6] == ["BMC", "m", "l", "re", "f", "EMC"]


def test_a_file_with_nothing_to_mark_comes_back_as_the_same_bytes_and_marking_twice_changes_nothing() -> None:
    clean = tagged_pdf(TAGGED + b"/Artifact BMC 0 0 5 5 re f EMC\n")
    assert mark(clean) == clean
    once = mark(tagged_pdf(TAGGED + HEADER, orphans=1))
    assert mark(once) == once
    assert mark(tagged_pdf(TAGGED + HEADER, orphans=1)) == once  # deterministic: no clock, no random id


def test_an_untagged_pdf_is_left_alone() -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].obj.Contents = pdf.make_stream(b"0 0 5 5 re f")
    out = io.BytesIO()
    pdf.save(out, static_id=True)
    assert mark(out.getvalue()) == out.getvalue()
