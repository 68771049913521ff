"""Readers for the outputs as their readers see them, and the seed as the tests' independent truth."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from pptx import Presentation
from pypdf import PdfReader

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed-ipt.txt"


def squash(text: str) -> str:
    """Compare text the way a reader does: quotes, dashes and spacing do not matter."""
    text = text.replace("\u00a0", " ")
    text = re.sub(r"[’‘`']", "'", text)
    text = re.sub(r"[“”\"]", "", text)
    text = re.sub(r"[–—]", "-", text)
    return re.sub(r"\s+", "", text)


def sentences(paragraph: str) -> list[str]:
    # The seed has "helpful.The": a spacing glitch the source may fix.
    paragraph = re.sub(r"([a-z])\.([A-Z][a-z])", r"\1. \2", paragraph)
    paragraph = re.sub(r"\s*\[\d+\]", "", paragraph)  # the post's own [1] citation marks
    parts = re.split(r"(?<=[.!?:])\s+|\n\s*\n", paragraph.strip())
    return [s.strip() for s in parts if len(s.strip()) > 3]


def seed_commentary() -> dict[int, str]:
    """Slide N -> the post's commentary paragraph for it (slides 3 to 11)."""
    text = SEED.read_text(encoding="utf-8")
    return {int(n): body for n, body in re.findall(r"^Slide (\d+): (.+)$", text, re.M) if 3 <= int(n) <= 11}


def seed_introduction() -> str:
    """The post's introduction: after the WordPress slideshow line, before 'Slide 3:'."""
    text = SEED.read_text(encoding="utf-8")
    start = text.index("This slideshow requires JavaScript.") + len("This slideshow requires JavaScript.")
    return text[start : text.index("Slide 3:")]


def deck_notes(path: Path) -> list[str]:
    """Each slide's notes as text, without superscript citation numbers."""
    out = []
    for slide in Presentation(str(path)).slides:
        if not slide.has_notes_slide:
            out.append("")
            continue
        paras = []
        for p in slide.notes_slide.notes_text_frame.paragraphs:
            paras.append("".join(r.text for r in p.runs if r.font._rPr is None or r.font._rPr.get("baseline") is None))
        out.append("\n".join(paras))
    return out


def pdf_pages(path: Path, min_size: float = 0.0, body_only: bool = False) -> list[str]:
    """Each page's text; optionally only text at least `min_size` points and outside the page margins."""
    pages = []
    for page in PdfReader(str(path)).pages:
        if not min_size and not body_only:
            pages.append(page.extract_text())
            continue
        height = float(page.mediabox.height)
        parts: list[str] = []

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            font: object,
            size: float,
            parts: list[str] = parts,
            height: float = height,
        ) -> None:
            scale = abs(tm[3] * cm[3]) or 1.0
            y = tm[5] * cm[3] + cm[5]
            if size * scale < min_size and text.strip():
                return
            if body_only and text.strip() and not (54 < y < height - 54):
                return
            parts.append(text)

        page.extract_text(visitor_text=visit)
        pages.append("".join(parts))
    return pages


def libreoffice_pdf(deck: Path, folder: Path) -> Path:
    """The deck as LibreOffice renders it, converted to PDF in `folder` (a private profile there)."""
    import subprocess

    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{folder}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(deck)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return folder / f"{deck.stem}.pdf"


def bboxes(pdf: Path, page: int, layout: bool = False) -> str:
    """pdftotext's XHTML of one page: each word's box (-bbox), or lines and blocks too (-bbox-layout)."""
    flag = "-bbox-layout" if layout else "-bbox"
    command = ["pdftotext", flag, "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def page_png(pdf: Path, page: int, dpi: int, stem: Path) -> Path:
    """One page as poppler draws it, a PNG at `dpi`, written as STEM.png."""
    command = ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)]
    subprocess.run(command, check=True)
    return stem.with_name(f"{stem.name}.png")
