"""Makes the files of tests/fixtures/inaccessible.yaml: a deck template whose colours fail and a photo.

`low-contrast.pptx` is templates/podium.pptx with its theme's text colours (dk1, dk2, hlink) set to
light greys and blues, and a mid-grey picture as the Title Slide layout's background: the
equivalent of an institution's template whose colours fail WCAG, made here so CI needs no
fetched file. Run `.venv/bin/python tests/make_inaccessible.py` to remake them (the tests do).
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from lxml import etree
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "tests" / "fixtures" / "inaccessible"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# What each theme slot becomes: the body text, the titles and links, all too faint on white.
FAINT = {"dk1": "ABABAB", "dk2": "BCBCBC", "hlink": "B0C8E8"}
GREY = (0x8C, 0x8C, 0x8C)  # the Title Slide's picture background: light grey text on it fails too


def png(colour: tuple[int, int, int], size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG", optimize=True)
    return out.getvalue()


def low_contrast(template: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "ppt/theme/theme1.xml":
                root = etree.fromstring(data)
                for slot, value in FAINT.items():
                    holder = root.find(f".//{{{A}}}clrScheme/{{{A}}}{slot}")
                    for child in list(holder):
                        holder.remove(child)
                    etree.SubElement(holder, f"{{{A}}}srgbClr", val=value)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif info.filename == "ppt/slideLayouts/slideLayout1.xml":
                root = etree.fromstring(data)
                c_sld = root.find(f"{{{P}}}cSld")
                bg = etree.Element(f"{{{P}}}bg")
                pr = etree.SubElement(bg, f"{{{P}}}bgPr")
                fill = etree.SubElement(pr, f"{{{A}}}blipFill")
                etree.SubElement(fill, f"{{{A}}}blip", {f"{{{R}}}embed": "rIdBackground"})
                etree.SubElement(etree.SubElement(fill, f"{{{A}}}stretch"), f"{{{A}}}fillRect")
                etree.SubElement(pr, f"{{{A}}}effectLst")
                c_sld.insert(0, bg)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif info.filename == "ppt/slideLayouts/_rels/slideLayout1.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdBackground" Type="http://schemas.openxmlformats.org/officeDocument/'
                    b'2006/relationships/image" Target="../media/background.png"/></Relationships>',
                )
            elif info.filename == "[Content_Types].xml" and b'Extension="png"' not in data:
                data = data.replace(b"<Default ", b'<Default Extension="png" ContentType="image/png"/><Default ', 1)
            dst.writestr(info, data)
        dst.writestr(zipfile.ZipInfo("ppt/media/background.png", (1980, 1, 1, 0, 0, 0)), png(GREY, (64, 36)))
    return out.getvalue()


def main() -> int:
    FOLDER.mkdir(parents=True, exist_ok=True)
    (FOLDER / "low-contrast.pptx").write_bytes(low_contrast(ROOT / "templates" / "podium.pptx"))
    (FOLDER / "photo.png").write_bytes(png((0x3A, 0x6E, 0x8F), (320, 200)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
