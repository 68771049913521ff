"""Real templates as a new user would try them: the evidence table of issue 13.

    .venv/bin/python bench/real_templates.py CORPUS [--work DIR] [--only NAME,NAME]

CORPUS is a folder of .pptx / .potx templates (collected from public repositories; not ours to
commit, so they stay outside the repository). For each template, the IPT talk and the stress deck
are built with `--template` (deck, handout and slides PDF); LibreOffice renders each deck (one
soffice run for all of them, PowerPoint's shrink-on-overflow turned off so any overflow shows) and
pdftotext says where every word landed. Printed per template and talk:

  traits     what the template is (read here from its XML, not by podium): its slide's aspect, its
             theme fonts, spcPts when its master or layouts set spacing in points, a layout name
             that is not Office's English one, artwork pictures on the master, a dark background
             (as LibreOffice draws the first slide)
  build      ok, or podium's first error line
  outside    words outside every shape's box on LibreOffice's rendering (the tests' tolerances,
             tests/test_deck_fit.py), of all words; a text box of the layout's or master's own
             artwork (a motto, a course name) counts as a box, as the template drew it
  clipped    words that run off the slide

LibreOffice renders each deck twice: with the fonts installed here ("as installed": a font this
machine lacks is drawn as fontconfig's nearest, often DejaVu Sans, so Calibri Light or Arial come
out wider than PowerPoint draws them), and given podium's own fonts ("podium's fonts": templates/fonts
added and each metric twin or stand-in aliased to the font it stands for, as on a machine with the
real fonts or fonts-crosextra-carlito and fonts-liberation installed). The second measures podium's
fitting; the first what a LibreOffice user without the fonts sees with shrink-on-overflow off.
  pages      the slides PDF's pages = the deck's slides
  bg         pages of the slides PDF whose background (sampled at the slide's edges, away from the
             text) matches LibreOffice's rendering of the deck within 24 of 255 per channel

Also the podium CPU time (user + sys of the build processes). The machine may be shared: CPU
rather than wall time is the figure to compare.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from test_deck_fit import OVERHANG, TOLERANCE, without_autofit  # noqa: E402

from render.deck.fonts import SHIPPED, STAND_INS, TWINS  # noqa: E402

TALKS = {"ipt": ROOT / "source" / "ipt.yaml", "stress": ROOT / "tests" / "fixtures" / "stress" / "stress.yaml"}
OFFICE_NAMES = {
    "title slide", "title and content", "section header", "two content", "comparison", "title only", "blank",
    "content with caption", "picture with caption", "title and vertical text", "vertical title and text",
}  # fmt: skip
# Where the background is sampled, as fractions of the slide: its edges' middles and corners, inset.
SAMPLES = ((0.01, 0.5), (0.99, 0.5), (0.5, 0.01), (0.5, 0.99), (0.01, 0.01), (0.99, 0.99))
WITHIN = 24


@dataclass
class Row:
    template: str
    talk: str
    build: str = "-"
    slides: int = 0
    words: int = 0
    outside: list[str] = field(default_factory=list)
    clipped: list[str] = field(default_factory=list)
    outside_twins: list[str] = field(default_factory=list)
    clipped_twins: list[str] = field(default_factory=list)
    pages: int = 0
    bg_match: int = 0
    cpu: float = 0.0


def traits(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        read = {n: z.read(n).decode("utf-8", "replace") for n in names if n.endswith(".xml")}
    size = re.search(r'<p:sldSz cx="(\d+)" cy="(\d+)"', read["ppt/presentation.xml"])
    ratio = int(size[1]) / int(size[2]) if size else 4 / 3
    aspect = {1.33: "4:3", 1.78: "16:9", 1.6: "16:10"}.get(round(ratio, 2), f"{ratio:.2f}:1")
    theme = next(read[n] for n in sorted(read) if re.fullmatch(r"ppt/theme/theme\d+\.xml", n))
    major = re.search(r"<a:majorFont>\s*<a:latin typeface=\"([^\"]*)\"", theme)
    minor = re.search(r"<a:minorFont>\s*<a:latin typeface=\"([^\"]*)\"", theme)
    fonts = sorted({m[1] for m in (major, minor) if m})
    masters = [read[n] for n in read if re.fullmatch(r"ppt/slideMasters/slideMaster\d+\.xml", n)]
    layouts = [read[n] for n in read if re.fullmatch(r"ppt/slideLayouts/slideLayout\d+\.xml", n)]
    out = [aspect, "/".join(fonts)]
    if any("<a:spcPts" in x for x in masters + layouts):
        out.append("spcPts")
    layout_names = [m[1] for x in layouts if (m := re.search(r'<p:cSld name="([^"]*)"', x))]
    foreign = [n for n in layout_names if n.lower() not in OFFICE_NAMES]
    if foreign:
        out.append(f"names: {foreign[0]}")
    pictures = sum(x.count("<p:pic>") for x in masters)
    if pictures:
        out.append(f"{pictures} master pic")
    return ", ".join(out)


def words(pdf: Path) -> list[tuple[float, float, list[tuple[str, float, float, float, float]]]]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", html, re.S):
        w, h = (float(v) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page)
        pages.append((w, h, [(t, float(a), float(b), float(c), float(d)) for a, b, c, d, t in found]))
    return pages


def _own_box(shape: object, always: bool = False) -> tuple[float, float, float, float] | None:
    """The shape's own box; None for a placeholder that inherits it."""
    from pptx.util import Emu

    xfrm = shape._element.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}xfrm")
    if not always and (xfrm is None or xfrm.find("{http://schemas.openxmlformats.org/drawingml/2006/main}off") is None):
        return None
    left, top = Emu(shape.left).pt, Emu(shape.top).pt
    return left, top, left + Emu(shape.width).pt, top + Emu(shape.height).pt


def _key(shape: object) -> tuple[str, str]:
    ph = shape._element.find(".//{http://schemas.openxmlformats.org/presentationml/2006/main}ph")
    kind = ph.get("type", "obj") if ph is not None else ""
    return ("body" if kind == "obj" else kind), (ph.get("idx", "0") if ph is not None else "")


def shape_boxes(deck: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Each slide's shapes as (name, left, top, right, bottom) in points. A placeholder without a box
    of its own takes its layout's placeholder of the same type and number, then its master's of the
    same type, as PowerPoint and LibreOffice do (python-pptx matches the number alone: on a template
    whose placeholders carry no numbers it puts the body in the title's box)."""
    out = []
    for slide in Presentation(str(deck)).slides:
        layout, master = slide.slide_layout, slide.slide_layout.slide_master
        boxes = []
        for shape in slide.shapes:
            box = _own_box(shape) if shape.is_placeholder else _own_box(shape, always=True)
            if box is None and shape.is_placeholder:
                kind, idx = _key(shape)
                chain = [s for s in layout.placeholders if _key(s) == (kind, idx)]
                chain += [s for s in layout.placeholders if _key(s)[0] == kind]
                chain += [s for s in master.placeholders if _key(s)[0] == kind]
                box = next((b for s in chain if (b := _own_box(s))), None)
            if box is not None:
                boxes.append((shape.name, *box))
        out.append(boxes)
    return out


def artwork_boxes(deck: Path) -> list[list[tuple[float, float, float, float]]]:
    """Per slide, the text boxes its layout and master draw themselves (not placeholders)."""
    from pptx.util import Emu

    out = []
    for slide in Presentation(str(deck)).slides:
        layout = slide.slide_layout
        shapes = list(layout.shapes)
        if layout._element.get("showMasterSp") != "0":
            shapes += list(layout.slide_master.shapes)
        boxes = []
        for shape in shapes:
            if shape.is_placeholder or not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            left, top = Emu(shape.left or 0).pt, Emu(shape.top or 0).pt
            boxes.append((left, top, left + Emu(shape.width or 0).pt, top + Emu(shape.height or 0).pt))
        out.append(boxes)
    return out


def check_words(deck: Path, rendered: Path) -> tuple[int, list[str], list[str]]:
    """(words, those outside every box, those off the slide) of LibreOffice's rendering."""
    pages, slides, artwork = words(rendered), shape_boxes(deck), artwork_boxes(deck)
    if len(pages) != len(slides):
        return 0, [f"{len(pages)} LibreOffice pages for {len(slides)} slides"], []
    count, outside, clipped = 0, [], []
    for number, ((width, height, found), boxes) in enumerate(zip(pages, slides, strict=True), start=1):
        every = [b[1:] for b in boxes] + artwork[number - 1]
        for text, x0, y0, x1, y1 in found:
            count += 1
            slack = OVERHANG * (y1 - y0) + TOLERANCE
            inside = any(
                x0 >= left - TOLERANCE and x1 <= right + TOLERANCE and y0 >= top - slack and y1 <= bottom + slack
                for left, top, right, bottom in every
            )
            if not inside:
                outside.append(f"{number}:{text}")
            if x0 < -TOLERANCE or y0 < -TOLERANCE or x1 > width + TOLERANCE or y1 > height + TOLERANCE:
                clipped.append(f"{number}:{text}")
    return count, outside, clipped


def podium_fonts(work: Path) -> Path:
    """A fontconfig configuration: the system's, templates/fonts, and each twin or stand-in offered
    for the font it stands for (what fonts-crosextra-carlito and fonts-liberation set up)."""
    shown = {"Carlito": "Carlito", "Caladea": "Caladea", "DejaVuSans": "DejaVu Sans"}
    aliases = "".join(
        f"<alias binding='same'><family>{name.title()}</family><prefer><family>"
        f"{shown.get(family, family.replace('Liberation', 'Liberation '))}</family></prefer></alias>"
        for name, family in {**TWINS, **STAND_INS}.items()
    )
    config = work / "fonts.conf"
    config.write_text(
        "<?xml version='1.0'?><fontconfig><include ignore_missing='yes'>/etc/fonts/fonts.conf</include>"
        f"<dir>{SHIPPED}</dir><cachedir>{work}/fc-cache</cachedir>{aliases}</fontconfig>",
        encoding="utf-8",
    )
    return config


def render(decks: list[Path], folder: Path, profile: Path, fonts: Path | None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts)} if fonts else None
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *(str(d) for d in decks)],
        check=True, capture_output=True, timeout=3600, env=env,
    )  # fmt: skip


def colours(pdf: Path, stem: Path) -> list[list[tuple[int, int, int]]]:
    """Each page's colours at SAMPLES, rendered by poppler into files named after `stem`."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "20", str(pdf), str(stem)], check=True)
    out = []
    for png in sorted(stem.parent.glob(f"{stem.name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        with Image.open(png) as image:
            rgb = image.convert("RGB")
            out.append([rgb.getpixel((int(x * (rgb.width - 1)), int(y * (rgb.height - 1)))) for x, y in SAMPLES])
    return out


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(row: Row, template: Path, talk: Path, out: Path, reuse: bool) -> Path | None:
    deck = out / f"{talk.stem}-deck.pptx"
    if reuse and (out / "build.txt").exists():
        row.build, row.cpu = (out / "build.txt").read_text(encoding="utf-8").split("\t")
        row.cpu = float(row.cpu)
    else:
        before = _cpu()
        result = subprocess.run(
            [sys.executable, "-m", "render", "build", str(talk), "--only", "deck", "--only", "handout",
             "--template", str(template), "--out", str(out)],
            cwd=ROOT, capture_output=True, text=True, timeout=900,
        )  # fmt: skip
        row.cpu = _cpu() - before
        problem = [line for line in result.stderr.splitlines() if line.strip()]
        row.build = (
            "ok" if result.returncode == 0 else f"exit {result.returncode}: " + (problem[0][-90:] if problem else "")
        )
        out.mkdir(parents=True, exist_ok=True)
        (out / "build.txt").write_text(f"{row.build}\t{row.cpu}", encoding="utf-8")
    if row.build != "ok":
        return None
    row.slides = len(Presentation(str(deck)).slides)
    return deck


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--work", type=Path, default=Path("/tmp/podium-real-templates"))
    parser.add_argument("--only", default="", help="template file names, comma-separated")
    parser.add_argument("--reuse", action="store_true", help="keep the builds already in --work; render again")
    args = parser.parse_args()
    templates = sorted(p for p in args.corpus.iterdir() if p.suffix.lower() in (".pptx", ".potx"))
    if args.only:
        templates = [p for p in templates if p.name in args.only.split(",")]
    if not args.reuse:
        shutil.rmtree(args.work, ignore_errors=True)
    rows: list[Row] = []
    plain: list[tuple[Row, Path, Path]] = []
    for template in templates:
        for talk, source in TALKS.items():
            row = Row(template.name, talk)
            rows.append(row)
            deck = build(row, template, source, args.work / template.stem / talk, args.reuse)
            print(f"built {template.name} {talk}: {row.build} ({row.cpu:.1f} s cpu)", file=sys.stderr, flush=True)
            if deck is not None:
                copy = args.work / "decks" / f"{template.stem}--{talk}.pptx"
                copy.parent.mkdir(parents=True, exist_ok=True)
                without_autofit(deck, copy)
                plain.append((row, deck, copy))
    if plain:  # one soffice for every deck: its start-up is most of a small deck's cost
        for kind, fonts in (("installed", None), ("twins", podium_fonts(args.work))):
            copies = [c for _, _, c in plain if not (args.reuse and (args.work / kind / f"{c.stem}.pdf").exists())]
            if copies:
                render(copies, args.work / kind, args.work / f"profile-{kind}", fonts)
    dark: dict[str, bool] = {}
    for row, deck, copy in plain:
        installed, twins = (args.work / kind / copy.with_suffix(".pdf").name for kind in ("installed", "twins"))
        row.words, row.outside, row.clipped = check_words(deck, installed)
        _, row.outside_twins, row.clipped_twins = check_words(deck, twins)
        ours_pdf = deck.with_name(f"{row.talk}-slides.pdf")
        row.pages = len(PdfReader(str(ours_pdf)).pages)
        px = args.work / "px" / copy.stem
        theirs, ours = colours(twins, px / "libreoffice"), colours(ours_pdf, px / "podium")
        row.bg_match = sum(
            all(abs(p - q) <= WITHIN for a, b in zip(t, o, strict=True) for p, q in zip(a, b, strict=True))
            for t, o in zip(theirs, ours, strict=False)
        )
        r, g, b = theirs[0][0]
        dark.setdefault(row.template, 0.2126 * r + 0.7152 * g + 0.0722 * b < 100)
    print(
        "| template | traits | talk | build | slides | outside / words (podium's fonts) | clipped "
        "| outside (as installed) | pages = slides | bg match | cpu s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        trait = traits(args.corpus / row.template) + (", dark" if dark.get(row.template) else "")
        if row.build != "ok":
            print(f"| {row.template} | {trait} | {row.talk} | {row.build} | | | | | | | {row.cpu:.1f} |")
            continue
        pages = "yes" if row.pages == row.slides else f"no ({row.pages})"
        print(
            f"| {row.template} | {trait} | {row.talk} | ok | {row.slides} | {_listed(row.outside_twins)} / {row.words} "
            f"| {len(row.clipped_twins)} | {_listed(row.outside)} | {pages} | {row.bg_match}/{row.pages} "
            f"| {row.cpu:.1f} |"
        )


def _listed(found: list[str]) -> str:
    shown = " ".join(found[:4]) + (" ..." if len(found) > 4 else "")
    return f"{len(found)}" + (f" ({shown})" if shown else "")


if __name__ == "__main__":
    main()
