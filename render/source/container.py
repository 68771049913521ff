"""Zip containers from other people (.pptx and .potx to import or to use as a template): bounded
before any library reads a part.

python-pptx reads every part whole into memory, and a zip's declared sizes are
only what the archive says, so a 2 MB file can unpack to gigabytes. Here the
entry count and the declared sizes are checked first, then every part is
decompressed in chunks and counted, stopping at the limit; XML parts may not
declare a DOCTYPE (entities: the "billion laughs"), which no Office file does.
A refusal names the file and the limit.
"""

from __future__ import annotations

import io
import zipfile
import zlib

MB = 1_000_000
MAX_PART = 200 * MB  # one part (a picture, a slide's XML)
MAX_TOTAL = 1000 * MB  # everything unpacked
MAX_ENTRIES = 10_000
_CHUNK = 1 << 20


class ContainerRefused(ValueError):
    """The container may not be read; the message names the file and the limit."""


def check(data: bytes, shown: str) -> None:
    """Refuse `data` (a zip package, named `shown` in messages) unless every part is within the limits."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ContainerRefused(f"{shown}: this is not a PowerPoint file (.pptx or .potx) that can be read") from None
    with package:
        entries = package.infolist()
        if len(entries) > MAX_ENTRIES:
            raise ContainerRefused(f"{shown}: holds {len(entries):,} parts; a PowerPoint file may hold {MAX_ENTRIES:,}")
        for entry in entries:
            if entry.file_size > MAX_PART:
                raise ContainerRefused(_part_too_large(shown, entry.filename, "declares"))
        if sum(entry.file_size for entry in entries) > MAX_TOTAL:
            raise ContainerRefused(_too_large_in_all(shown))
        total = 0
        for entry in entries:
            try:
                total = _count(package, entry, shown, total)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, RuntimeError):
                raise ContainerRefused(f"{shown}: its part {entry.filename} is damaged and cannot be read") from None


def _count(package: zipfile.ZipFile, entry: zipfile.ZipInfo, shown: str, total: int) -> int:
    """Decompress one part in chunks, counting what it really holds (the declared size may lie)."""
    size = 0
    with package.open(entry) as part:
        while chunk := part.read(_CHUNK):
            if size == 0 and entry.filename.endswith((".xml", ".rels")) and _declares_entities(chunk):
                raise ContainerRefused(
                    f"{shown}: its part {entry.filename} declares a DOCTYPE or entities, which no Office file does"
                )
            size += len(chunk)
            total += len(chunk)
            if size > MAX_PART:
                raise ContainerRefused(_part_too_large(shown, entry.filename, "holds"))
            if total > MAX_TOTAL:
                raise ContainerRefused(_too_large_in_all(shown))
    return total


def _declares_entities(head: bytes) -> bool:
    # A DOCTYPE must come before the root element, so the first chunk shows it; UTF-16 XML is rare
    # in Office files but allowed, so it is looked at in both encodings.
    lowered = head.upper()
    return any(mark in lowered for mark in (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le")))


def _part_too_large(shown: str, part: str, says: str) -> str:
    return f"{shown}: its part {part} {says} more than {MAX_PART // MB} MB unpacked, the limit for one part"


def _too_large_in_all(shown: str) -> str:
    return f"{shown}: unpacks to more than {MAX_TOTAL // MB} MB in all, the limit for a PowerPoint file"
