"""The CME packet read back as its readers see it: pdftotext, pypdf's fonts, pdfinfo, the pages as pictures."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import IPT, podium
from PIL import Image
from pypdf import PdfReader
from test_cme import ACCME, CME_TALK, DESIGNATION

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
CREDIT = "AMA PRA Category 1 Credit(s)™"


@pytest.fixture(scope="module")
def packet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cme")
    result = podium("build", CME_TALK, "--out", out, "--only", "handout", "--only", "cme")
    assert result.returncode == 0, result.stderr
    return out


def text(pdf: Path) -> str:
    """pdftotext's reading, with its line breaks and spacing made single spaces."""
    read = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", " ", read.stdout)


def italic_runs(pdf: Path) -> list[str]:
    found: list[str] = []

    def visit(chunk: str, cm: object, tm: object, font: dict | None, size: float) -> None:
        if font and "Italic" in str(font.get("/BaseFont")) and chunk.strip():
            found.append(chunk.strip())

    for page in PdfReader(str(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return found


def test_a_build_of_a_cme_talk_writes_the_three_packet_files_tagged(packet: Path) -> None:
    made = sorted(p.name for p in packet.glob("*.pdf"))
    assert made == [
        "cme-talk-certificate.pdf",
        "cme-talk-evaluation.pdf",
        "cme-talk-handout.pdf",
        "cme-talk-sign-in.pdf",
        "cme-talk-slides.pdf",
    ]
    for name in ("certificate", "evaluation", "sign-in"):
        info = subprocess.run(["pdfinfo", str(packet / f"cme-talk-{name}.pdf")], capture_output=True, text=True)
        assert re.search(r"^Tagged:\s+yes$", info.stdout, re.M), name


def test_the_handout_cover_prints_the_statements_word_for_word(packet: Path) -> None:
    cover = text(packet / "cme-talk-handout.pdf")
    for expected in (
        ACCME,
        DESIGNATION,
        "A. Presenter (faculty) has no relevant financial relationships with ineligible companies.",
        "B. Planner (planner): Acme Pharma (consultant).",
        "All relevant financial relationships listed for these individuals have been mitigated.",
        "This activity is supported by: Example Foundation (educational grant).",
        "Nurses may claim 1.0 contact hour for attending this activity, as stated by the nursing provider.",
    ):
        assert expected in cover, expected
    assert CREDIT in italic_runs(packet / "cme-talk-handout.pdf")


def test_the_certificate_states_accreditation_and_designation_with_the_credit_in_italics(packet: Path) -> None:
    pdf = packet / "cme-talk-certificate.pdf"
    read = text(pdf)
    assert ACCME in read and DESIGNATION in read
    assert "Certificate of Attendance" in read and "Credits claimed:" in read and "(at most 1.0)" in read
    assert italic_runs(pdf) == [CREDIT, CREDIT]  # the claim line and the designation statement
    page = PdfReader(str(pdf)).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape


def test_the_evaluation_asks_each_objective_on_a_likert_scale_and_the_cme_questions(packet: Path) -> None:
    read = text(packet / "cme-talk-evaluation.pdf")
    for expected in (
        "Screen pregnant and postpartum patients for depression",
        "Choose a first-line treatment for mild to moderate perinatal depression",
        "Strongly disagree",
        "Disagree",
        "Neutral",
        "Agree",
        "Strongly agree",
        "The content was free of commercial bias.",
        "What will you change in your practice as a result of this activity?",
        "What barriers might keep you from making these changes?",
        "Comments",
        "https://cme.example.org/evaluate/2026-03-04",
    ):
        assert expected in read, expected


def rules(png: Path) -> list[int]:
    """The rows of the picture where a long horizontal rule is drawn (a group of dark rows counts once)."""
    image = Image.open(png).convert("L")
    width, height = image.size
    pixels = image.load()
    dark = [y for y in range(height) if sum(pixels[x, y] < 200 for x in range(width)) > 0.7 * width]
    return [y for i, y in enumerate(dark) if i == 0 or dark[i - 1] != y - 1]


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs pdftoppm (poppler-utils)")
@pytest.mark.parametrize(("paper", "rows"), [("letter", 19), ("a4", 20)])
def test_the_sign_in_sheet_has_its_columns_and_rows_that_fill_one_page(tmp_path: Path, paper: str, rows: int) -> None:
    result = podium("build", CME_TALK, "--out", tmp_path, "--only", "cme", "--paper", paper)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "cme-talk-sign-in.pdf"
    assert len(PdfReader(str(pdf)).pages) == 1
    read = text(pdf)
    assert all(head in read for head in ("Name", "Degree or profession", "ID or email", "Signature"))
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(tmp_path / "page")], check=True)
    (png,) = tmp_path.glob("page*.png")
    found = rules(png)
    height = Image.open(png).size[1]
    assert len(found) == rows + 1  # the rule under the column heads, then one under each row
    assert found[-1] > 0.8 * height  # down to the foot of the page


def test_a_talk_without_cme_makes_no_cme_outputs(tmp_path: Path) -> None:
    listed = podium("outputs", IPT, "--out", "o")
    assert not any(n in listed.stdout for n in ("sign-in", "evaluation", "certificate"))
    result = podium("build", IPT, "--out", tmp_path, "--only", "cme")
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.glob("*.pdf")) == []


def test_certificates_one_page_per_attendee_with_the_credit_claimed(tmp_path: Path) -> None:
    attendees = tmp_path / "attendees.csv"
    attendees.write_text("name,degree,credits\nJane Doe,MD,1.0\nJohn Roe,RN,\nAl Smith,DO,0.75\n", encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    result = podium("certificates", CME_TALK, attendees, "--out", tmp_path / "a", env=env)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "a" / "cme-talk-certificates.pdf"
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(str(pdf)).pages]
    assert len(pages) == 3
    assert "Certificate of Credit" in pages[0] and "Jane Doe, MD" in pages[0] and "claimed 1.0 AMA PRA" in pages[0]
    assert "Certificate of Attendance" in pages[1] and "John Roe, RN" in pages[1]
    assert "designated for a maximum of 1.0 AMA PRA" in pages[1]
    assert "claimed 0.75 AMA PRA" in pages[2]
    assert all(ACCME.split(" (ACCME)")[0] in p for p in pages)
    again = podium("certificates", CME_TALK, attendees, "--out", tmp_path / "b", env=env)
    assert again.returncode == 0 and (tmp_path / "b" / pdf.name).read_bytes() == pdf.read_bytes()


def test_a_bad_attendee_row_is_reported_with_its_row_and_column(tmp_path: Path) -> None:
    attendees = tmp_path / "attendees.csv"
    attendees.write_text("name,degree,credits\n,MD,1.0\nJohn Roe,RN,2\nAl,DO,x\n", encoding="utf-8")
    result = podium("certificates", CME_TALK, attendees, "--out", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{attendees}:2:1: row 2: the attendee's name is missing",
        f"{attendees}:3:3: row 3, credits: 2 is out of range; expected more than 0 and at most the 1.0 designated",
        f"{attendees}:4:3: row 4, credits: 'x' is not a number",
        "3 problems; nothing was written.",
    ]
    assert not (tmp_path / "out").exists()


def test_the_packet_is_byte_identical_from_build_to_build(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONHASHSEED": "1"}
    first = podium("build", CME_TALK, "--out", tmp_path / "a", "--only", "cme", "--only", "deck", env=env)
    env["PYTHONHASHSEED"] = "2"
    second = podium("build", CME_TALK, "--out", tmp_path / "b", "--only", "cme", "--only", "deck", env=env)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    names = sorted(p.name for p in (tmp_path / "a").iterdir() if not p.name.startswith("."))
    kinds = ["certificate.pdf", "deck.pptx", "evaluation.pdf", "sign-in.pdf"]
    assert names == [f"cme-talk-{kind}" for kind in kinds]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
