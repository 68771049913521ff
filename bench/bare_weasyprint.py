"""The floor for a PDF: WeasyPrint alone writing 8 pages of plain paragraphs (the issue's figure)."""

import sys
from pathlib import Path

import weasyprint

words = "Interpersonal psychotherapy focuses on relationships, communication and support. " * 12
pages = "".join(f'<h1>Page {i}</h1>{f"<p>{words}</p>" * 2}<div style="break-after: page"></div>' for i in range(8))
html = f"<!DOCTYPE html><html lang='en'><body style='font-family: sans-serif'>{pages}</body></html>"
weasyprint.HTML(string=html).write_pdf(str(Path(sys.argv[1]) / "bare.pdf"))
