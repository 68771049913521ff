"""The page furniture of a tagged PDF marked as pagination artifacts, on the finished file's bytes.

WeasyPrint tags the running header, "page X of Y" and the version stamp (CSS page-margin
boxes) as spans with marked-content ids, but hangs their elements under no part of the
structure tree: the content belongs to nothing a screen reader walks, and is not marked
as an artifact either, which PDF/UA-1 (ISO 14289-1 7.1, 7.8) asks for. Here each such
sequence becomes `/Artifact <</Type /Pagination /Subtype /Header>>` (or `/Footer`, by where
on the page it is drawn; ISO 32000-1 14.8.2.2), its parent-tree entry is emptied, and any
painting that lies outside every marked-content sequence is wrapped in an `/Artifact` mark.

`mark` takes and gives a whole file's bytes, so it serves a PDF joined from parts as well as
one WeasyPrint wrote (render/pdf/writer.py marks each file it writes; a join of marked parts
keeps their marks, since it copies content streams and parent tree as they are). A file with
nothing to mark is returned as it came (the same bytes); marking twice changes nothing. The
output is deterministic: qpdf writes it with an identifier computed from its content, never
from the clock.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import pikepdf

# Operators that put marks on the page (ISO 32000-1 tables 59, 60, 77, 87, 92, 107).
TEXT = {"Tj", "TJ", "'", '"'}
# A path ends by painting it or, with `n`, painting nothing (a clipping path). veraPDF, which cannot run
# here, is said to count the latter as content too (pdf-a11y wraps them for it), so both are marked.
PAINT_PATH = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"}
PATH = {"m", "l", "c", "v", "y", "h", "re", "W", "W*"}
PAINT_OTHER = {"Do", "sh", "INLINE IMAGE"}

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def mark(data: bytes) -> bytes:
    """The PDF with its unowned marked content made pagination artifacts and its unmarked painting
    made artifacts; the same bytes when there is neither (an untagged PDF is left alone)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is None or "/ParentTree" not in tree:
            return data
        reachable = _reachable(tree)
        parents = pikepdf.NumberTree(tree.ParentTree)
        changed = False
        for page in pdf.pages:
            owners = _owners(parents, page)
            owned = {i for i, owner in enumerate(owners) if _objgen(owner) in reachable}
            emptied = False
            for i in range(len(owners)):
                if i not in owned and owners[i] is not None:
                    owners[i] = None
                    emptied = True
            _trim(owners)
            marked, page_changed = _mark_page(pikepdf.parse_content_stream(page), owned, float(page.mediabox[3]))
            if page_changed:
                page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(marked))
            changed = changed or page_changed or emptied
        if not changed:
            return data
        out = io.BytesIO()
        # The unowned elements, now named by nothing, are not written; objects packed as WeasyPrint does.
        pdf.save(
            out,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            fix_metadata_version=False,
        )
        return out.getvalue()


def _reachable(tree: pikepdf.Object) -> set[tuple[int, int]]:
    """The structure elements a screen reader reaches from the root, by object number."""
    seen: set[tuple[int, int]] = set()
    stack = list(_kids(tree))
    while stack:
        node = stack.pop()
        key = _objgen(node)
        if key in seen:
            continue
        seen.add(key)
        stack.extend(_kids(node))
    return seen


def _kids(node: pikepdf.Object) -> Iterable[pikepdf.Object]:
    kids = node.get("/K")
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    # Elements only: MCIDs (integers), marked-content and object references are leaves.
    return [k for k in items if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _objgen(item: Any) -> tuple[int, int] | None:
    if isinstance(item, pikepdf.Dictionary) and item.is_indirect:
        return item.objgen
    return None


def _owners(parents: pikepdf.NumberTree, page: pikepdf.Page) -> pikepdf.Array | list[Any]:
    """The page's MCID -> structure element array from the parent tree (empty when it has none)."""
    key = page.obj.get("/StructParents")
    if key is None or int(key) not in parents:
        return []
    owners = parents[int(key)]
    return owners if isinstance(owners, pikepdf.Array) else []


def _trim(owners: pikepdf.Array | list[Any]) -> None:
    # An emptied entry at the end says nothing: the array stops at the last MCID a structure element owns.
    while len(owners) and _objgen(owners[len(owners) - 1]) is None:
        del owners[len(owners) - 1]


def _mark_page(operations: Iterable[Any], owned: set[int], height: float) -> tuple[list[Any], bool]:
    """The page's operators with each unowned MCID sequence re-marked and each unmarked painting wrapped."""
    out: list[Any] = []
    changed = False
    stack: list[tuple[str, int, float | None]] = []  # each open sequence: its kind, where its BDC is, its text's height
    covering = 0  # how many open sequences are tagged or artifacts (not "other"): painting inside one is marked
    ctm: list[Matrix] = [IDENTITY]
    path_start: int | None = None  # where in `out` the path being built began
    for instruction in operations:
        op = str(instruction.operator)
        # Operands are read only where they matter: turning every operator's into Python objects
        # was most of the time this loop took.
        if op in ("BDC", "BMC"):
            kind = _kind(list(instruction.operands), owned)
            stack.append((kind, len(out), None))
            covering += kind != "other"
        elif op == "EMC" and stack:
            kind, at, y = stack.pop()
            covering -= kind != "other"
            if kind == "unowned":
                out[at] = _pagination(y, height)
                changed = True
        elif op == "q":
            ctm.append(ctm[-1])
        elif op == "Q" and len(ctm) > 1:
            ctm.pop()
        elif op == "cm":
            ctm[-1] = _times(_matrix(list(instruction.operands)), ctm[-1])
        elif op == "Tm" and stack and stack[-1][0] == "unowned" and stack[-1][2] is None:
            # Where the sequence's text starts, on the page: the text matrix's origin through the CTM.
            stack[-1] = (*stack[-1][:2], _times(_matrix(list(instruction.operands)), ctm[-1])[5])
        if op in PATH and path_start is None:
            path_start = len(out)
        if not covering and (op in TEXT or op in PAINT_PATH or op in PAINT_OTHER):
            # Painting outside every tagged or artifact sequence: an artifact, wrapped whole (a path from
            # its first segment, since a marked-content sequence may not interrupt a path object).
            start = path_start if op in PAINT_PATH and path_start is not None else len(out)
            out.insert(start, pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC")))
            out.append(instruction)
            out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
            changed = True
        else:
            out.append(instruction)
        if op not in PATH:
            path_start = None
    return out, changed


def _pagination(y: float | None, height: float) -> pikepdf.ContentStreamInstruction:
    """The BDC of a pagination artifact: a header above the page's middle, a footer below it."""
    properties = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)
    if y is not None:
        properties.Subtype = pikepdf.Name.Header if y > height / 2 else pikepdf.Name.Footer
    return pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact, properties], pikepdf.Operator("BDC"))


def _kind(operands: list[Any], owned: set[int]) -> str:
    """A sequence is an artifact, owned (its MCID is an element's), unowned (an MCID no reachable element
    claims), or other (a tag without an MCID, which claims nothing)."""
    if operands and operands[0] == pikepdf.Name.Artifact:
        return "artifact"
    properties = operands[1] if len(operands) > 1 else None
    if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
        return "owned" if int(properties.MCID) in owned else "unowned"
    return "other"


def _matrix(operands: list[Any]) -> Matrix:
    a, b, c, d, e, f = (float(x) for x in operands)
    return (a, b, c, d, e, f)


def _times(m: Matrix, n: Matrix) -> Matrix:
    """m × n, PDF's row-vector order: m applied first."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)
