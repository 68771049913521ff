"""Where a bank-sized quiz's CPU goes: the fixed costs of a process, then each document phase by phase.

    .venv/bin/python bench/quiz_phases.py [--items 250] [--large-print]

The bench's synthetic bank (bench/quiz_bank.py) in one fresh process, as one form's build does
its work: importing podium (after the interpreter's own start, not counted), reading the YAML
with positions, resolving the texts, drawing the forms, the item-writing lint, importing
WeasyPrint; then for the sheet and the key: the HTML, WeasyPrint's layout, writing the tagged
PDF, and marking its margins as artifacts (render/pdf/artifacts.py). CPU seconds of this process
(user + system). It also counts how many times WeasyPrint lays out each question
(`break-inside: avoid` lays out the question that does not fit at the foot of a page, throws it
away and lays it out again on the next): a count, the same on any machine, where the seconds
are not.
"""

from __future__ import annotations

import argparse
import collections
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quiz_bank import synthetic_quiz_yaml


def clock() -> float:
    times = os.times()
    return times.user + times.system


def counting_questions(weasyprint: Any) -> collections.Counter[int]:
    """Count the layouts of each question (the only boxes set `break-inside: avoid` in quiz.css's lists)."""
    from weasyprint.layout import block

    counts: collections.Counter[int] = collections.Counter()
    original: Callable[..., Any] = block.block_container_layout

    def counted(context: Any, box: Any, *args: Any, **kwargs: Any) -> Any:
        if box.element_tag == "li" and box.style["break_inside"] == "avoid":
            counts[id(box.element)] += 1
        return original(context, box, *args, **kwargs)

    block.block_container_layout = counted
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=250)
    parser.add_argument("--large-print", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        bank = Path(tmp) / "bank.yaml"
        text = synthetic_quiz_yaml(args.items)
        if args.large_print:
            text = text.replace("quiz:\n", "quiz:\n  large_print: true\n  bubbles: true\n", 1)
        bank.write_text(text, encoding="utf-8")
        start = clock()
        import render.cli  # what `podium build` imports before it reads the source
        from render.pdf import artifacts, longwords, writer
        from render.pdf.html import render
        from render.quiz import forms
        from render.quiz.lint import lint
        from render.source.load import load_located
        from render.source.resolved import resolve

        rows.append(("imports (command line, quiz, PDFs)", clock() - start))
        at = clock()
        located = load_located(bank)
        rows.append(("YAML with positions, validated", clock() - at))
        source = located.source
        assert source.quiz is not None
        at = clock()
        resolved = resolve(source)
        rows.append(("texts resolved", clock() - at))
        at = clock()
        drawn = forms.draw_forms(source, source.quiz, resolved)
        rows.append(("forms drawn", clock() - at))
        at = clock()
        lint(located, drawn)
        rows.append(("item-writing lint", clock() - at))
        at = clock()
        weasyprint = writer.load_weasyprint()
        rows.append(("WeasyPrint imported", clock() - at))
        counts = counting_questions(weasyprint)
        laid: list[str] = []
        for kind, template, context in (
            ("sheet", "quiz.html.j2", forms.sheet_context),
            ("key", "answer-key.html.j2", forms.key_context),
        ):
            counts.clear()
            at = clock()
            page = longwords.cut(render(template, **context(source, source.quiz, drawn[0], "stamp"), language="en"))
            rows.append((f"{kind}: HTML", clock() - at))
            at = clock()
            document = weasyprint.HTML(string=page, base_url=writer.TEMPLATES.as_uri() + "/").render()
            rows.append((f"{kind}: layout ({len(document.pages)} pages)", clock() - at))
            at = clock()
            data = document.write_pdf(pdf_identifier=b"podium", pdf_variant="pdf/ua-1")
            rows.append((f"{kind}: tagged PDF written", clock() - at))
            at = clock()
            artifacts.mark(data)
            rows.append((f"{kind}: margins marked as artifacts", clock() - at))
            layouts = sum(counts.values())
            laid.append(f"{kind}: {len(counts)} questions laid out {layouts} times ({layouts / len(counts):.2f} each)")
    total = sum(seconds for _, seconds in rows)
    print(f"quiz of {args.items} items{' (large print, bubbles)' if args.large_print else ''}, one process, CPU s")
    for label, seconds in rows:
        print(f"  {label:42} {seconds:6.2f}  {100 * seconds / total:4.1f} %")
    print(f"  {'total':42} {total:6.2f}")
    for line in laid:
        print(f"  {line}")


if __name__ == "__main__":
    main()
