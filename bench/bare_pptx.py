"""The floor for a deck: python-pptx alone writing 12 title-and-bullets slides with notes."""

import sys
from pathlib import Path

from pptx import Presentation

prs = Presentation()
for i in range(12):
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = f"Slide {i}"
    body = slide.placeholders[1].text_frame
    body.text = "First point"
    for b in range(3):
        body.add_paragraph().text = f"Point {b}"
    slide.notes_slide.notes_text_frame.text = "Speaker notes " * 20
prs.save(str(Path(sys.argv[1]) / "bare.pptx"))
