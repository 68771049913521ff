"""The JSON Schema of the source format, generated from the model, for editors.

Editors with the YAML language server (VS Code, Neovim, JetBrains…) read the
`# yaml-language-server: $schema=…` line at the top of a source and then
complete field names and flag mistakes as the author types. The schema is
made from `render.source.model` at `podium schema` time, so it never drifts from
what podium accepts; a test compares the shipped file with a fresh one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from render.source.model import Source

SHIPPED = Path("schema") / "source.schema.json"  # relative to the project folder
MODELINE = "# yaml-language-server: $schema="

# What each field means, in the author's words. A description given in the model
# itself (Field(description=...)) wins; every field must have one or the other.
DESCRIPTIONS = {
    "Source.talk": "The talk as a whole: title, presenter, objectives, disclosures.",
    "Source.slides": "The slides, in order; at least one.",
    "Source.references": "References written out here; cite them in any text as [@id].",
    "Source.resources": "Further reading and links, listed after the references.",
    "Source.quiz": "An optional quiz: printed as a sheet, with a separate answer key.",
    "Source.bibliography": "A reference manager's export (.bib BibTeX, or .json CSL JSON from Zotero), or a "
    "list of them, relative to this file. Only the entries the talk cites are used.",
    "Source.cme": "Continuing medical education: makes the disclosure and objectives slides, the statements on "
    "the handout's cover, the sign-in sheet, evaluation form and certificate. Leave out for a talk without credit.",
    "Talk.title": "The talk's title, as it should print.",
    "Talk.subtitle": "A subtitle under the title.",
    "Talk.presenter": "Who gives the talk.",
    "Talk.event": "Where the talk is given, e.g. Department of Psychiatry Grand Rounds.",
    "Talk.date": "The date, written exactly as it should print.",
    "Talk.objectives": "Learning objectives, printed on the handout's cover.",
    "Talk.disclosures": "Disclosure statements, one paragraph each (a talk with `cme:` uses cme.disclosures).",
    "Presenter.name": "The presenter's name.",
    "Presenter.credentials": "Degrees and credentials, e.g. MD, PhD.",
    "Presenter.affiliation": "Institution or department.",
    "Objective.id": "A short name for the objective: a letter, then letters, digits, - or _.",
    "Objective.text": "The objective, e.g. Define IPT and describe its main features.",
    "Objective.slides": "Ids of the slides that teach this objective.",
    "Slide.id": "A short name for the slide, unique in the talk: a letter, then letters, digits, - or _.",
    "Slide.layout": "title, section, content (the default), two-content, comparison, quote, image, "
    "image-text (a picture beside bullets), table, chart, or references (lists the references).",
    "Slide.title": "The slide's title. Inline Markdown and [@id] citations work here.",
    "Slide.subtitle": "A subtitle, shown on title and section slides.",
    "Slide.bullets": "The bullet points: a line of text each, or text with sub-bullets.",
    "Slide.quote": "A quotation shown on the slide.",
    "Slide.notes": "Speaker notes: shown in PowerPoint's notes pane and printed in the handout. "
    "Blank lines separate paragraphs.",
    "Slide.cite": "Ids of references that support the whole slide; their numbers follow the title.",
    "Bullet.text": "The bullet's text. Inline Markdown: *emphasis*, **strong**, [link](https://…), `code`, "
    "x^2^, H~2~O, and [@id] citations.",
    "Bullet.sub": "Sub-bullets under this bullet (one level).",
    "Quote.text": "The quoted words.",
    "Quote.attribution": "Who said or wrote it.",
    "Reference.id": "The key that texts cite as [@id]: a letter, then letters, digits, - or _.",
    "Reference.type": "article, book, chapter or web.",
    "Reference.authors": "Authors in order, each with a family name and given names or initials.",
    "Reference.title": "The title of the article, book, chapter or page.",
    "Reference.container": "The journal, or for a chapter the book, it appears in.",
    "Reference.publisher": "The publisher.",
    "Reference.place": "Where it was published.",
    "Reference.edition": "The edition, as a number: 2 prints as 2nd ed.",
    "Reference.year": "The year of publication.",
    "Reference.status": "Printed where the date would be, e.g. in press.",
    "Reference.month": "The month of publication, 1 to 12.",
    "Reference.volume": "The journal volume.",
    "Reference.issue": "The journal issue.",
    "Reference.pages": "The page range, e.g. 134-140.",
    "Reference.doi": "The DOI, e.g. 10.1002/cpp.1778.",
    "Reference.url": "A web address for the reference.",
    "Reference.annotation": "A note printed under the reference in the handout; blank lines separate paragraphs.",
    "Author.family": "Family name, or an organisation's full name.",
    "Author.given": "Given names or initials.",
    "Resource.title": "The resource's name, as it should print.",
    "Resource.url": "Its web address.",
    "Quiz.title": "The quiz's title, e.g. IPT Quiz.",
    "Quiz.instructions": "What the reader should do, e.g. Circle the one best answer.",
    "Quiz.questions": "The questions, in order; at least one.",
    "Question.id": "A short name for the question, unique in the quiz.",
    "Question.type": "single (one best answer, the default), true-false (options are A True, B False), "
    "select-all or short-answer.",
    "Question.stem": "The question itself.",
    "Question.options": "Two to ten options, lettered A, B, C… in this order.",
    "Question.answer": "The correct option's letter (C), True/False, or the correct option's text; "
    "for select-all, a list of them, e.g. [A, C].",
    "Question.image": "A picture the question asks about (an ECG, a radiograph): {path, alt}; shown on the "
    "sheet, the key and the deck's quiz slides, and carried into the exports.",
    "Question.rationale": "Why that answer is right; printed in the answer key only.",
    "Question.slides": "Ids of the slides that teach this question.",
    "Question.objectives": "Ids of the objectives this question tests.",
    "Question.model_answer": "Short-answer questions: what a good answer says; printed in the answer key only.",
    "Question.lines": "Short-answer questions: how many ruled lines to leave for the answer (default 4).",
    "Question.points": "Points the question is worth (default 1); the sheet prints them and the total.",
    "Question.lint": "Silence item-writing warnings for this question: the rules to ignore and why.",
    "Option.text": "The option's text.",
    "Option.pinned": "true keeps this option in its place when forms shuffle the others; All/None of the "
    "above stay in place anyway.",
    "LintIgnore.ignore": "The item-writing rules to silence, e.g. negative-stem, all-of-the-above.",
    "LintIgnore.why": "Why the rule does not apply here; recorded with the source.",
    "Quiz.forms": "How many forms (A, B, ...) to print, each with its own shuffled order and key.",
    "Quiz.seed": "The number the forms are shuffled from: the same seed gives the same forms.",
    "Quiz.large_print": "true prints the quiz sheet in 16 pt and up.",
    "Quiz.bubbles": "true adds an answer-bubble grid on the sheet's first page.",
    "Quiz.lint": "Silence item-writing warnings for the whole quiz: the rules to ignore and why.",
    "Talk.language": "The talk's language as a BCP 47 tag (default en-US; e.g. en-GB, fr-CA): "
    "screen readers pick their voice from it; the deck and every PDF carry it.",
    "Talk.keywords": "Keywords for the deck's document properties (search in libraries and intranets).",
    "Source.template": "Your institution's PowerPoint template, and which of its layouts serve ours.",
    "Source.deck": "Deck options: quiz: true adds the quiz as question and reveal slides at the end.",
    "Source.handout": "Handout options: style, paper, grayscale, citation style.",
    "TemplateChoice.file": "The .pptx or .potx file, relative to this file.",
    "TemplateChoice.layouts": "Our layout name -> the template's layout name, where Office's standard "
    "names do not fit (e.g. content: Body Text).",
    "DeckOptions.quiz": "true adds each quiz question and its answer as slides after the last slide.",
    "Handout.style": "notes (each slide with its notes, the default), 3-up (three slides a page with lines "
    "for notes) or 6-up (six slides a page).",
    "Handout.paper": "letter (the default) or a4.",
    "Handout.grayscale": "true prints the handout in shades of gray, for black-and-white printers.",
    "Handout.citation_style": "ama (the default) or vancouver.",
    "Slide.left": "The left column of a two-content or comparison slide.",
    "Slide.right": "The right column of a two-content or comparison slide.",
    "Slide.image": "The picture of an image slide: its file, alt text and credit line.",
    "Slide.table": "The table of a table slide: a header row and the rows.",
    "Column.heading": "The column's heading (comparison slides).",
    "Column.bullets": "The column's bullet points.",
    "Image.path": "The picture file (PNG, JPEG, GIF, BMP or TIFF), relative to this file and inside its folder.",
    "Image.alt": "What the picture shows, for people who cannot see it.",
    "Image.decorative": "true when the picture shows nothing that matters (then no alt text is needed).",
    "Image.credit": "A credit line shown under the picture.",
    "Table.header": "The header row's cells.",
    "Table.rows": "The rows, each a list of cells as many as the header's.",
}

# The loader accepts friendlier forms than the model's own types: the schema must not flag them.
_TEXT_OR_LIST = {("Slide", "notes"), ("Reference", "annotation"), ("Source", "bibliography")}
_TEXT = {"type": ["string", "number", "boolean"], "minLength": 1}  # `True` or `2013` in a text field is text


def generate() -> dict[str, Any]:
    """The schema as a JSON-ready dict (draft 2020-12)."""
    schema = Source.model_json_schema()
    defs = schema.setdefault("$defs", {})
    models = {name: defs[name] for name in defs} | {"Source": schema}
    for model_name, model_schema in models.items():
        for field_name, prop in model_schema.get("properties", {}).items():
            own = _model(model_name).model_fields[field_name].description if _model(model_name) else None
            description = own or DESCRIPTIONS.get(f"{model_name}.{field_name}")
            if description:
                prop["description"] = description
            if (model_name, field_name) in _TEXT_OR_LIST:
                list_form = {k: prop.pop(k) for k in ("items", "type") if k in prop}
                prop["anyOf"] = [dict(_TEXT), list_form]
    _loosen_text(schema)
    if "Bullet" in defs:  # a bullet written as a plain line of text
        defs["Bullet"] = {"anyOf": [dict(_TEXT), defs["Bullet"]], "description": "A line of text, or text and sub."}
    if "Option" in defs:  # an option written as a plain line of text
        defs["Option"] = {"anyOf": [dict(_TEXT), defs["Option"]], "description": "A line of text, or text and pinned."}
    answer = defs.get("Question", {}).get("properties", {}).get("answer")
    if answer is not None:  # `answer: C` is one letter written without a list
        answer["anyOf"] = [{"type": "string"}, *answer.get("anyOf", [])]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "podium talk source",
        "description": "One talk: the source of its deck, handout, quiz and answer key.",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def _model(name: str) -> type[BaseModel] | None:
    import render.source.model

    found = getattr(render.source.model, name, None)
    return found if isinstance(found, type) and issubclass(found, BaseModel) else None


def _loosen_text(node: Any) -> None:
    """Every text field ({type: string, minLength: 1}, no pattern) also takes a number or true/false."""
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("minLength") == 1 and "pattern" not in node:
            node["type"] = list(_TEXT["type"])
        for value in node.values():
            _loosen_text(value)
    elif isinstance(node, list):
        for value in node:
            _loosen_text(value)


def text() -> str:
    """The schema as the shipped file holds it: stable key order, UTF-8, final newline."""
    return json.dumps(generate(), indent=2, ensure_ascii=False) + "\n"


def modeline(source: Path, schema_file: Path = SHIPPED) -> str:
    """The first line of a source, pointing editors at the schema relative to the source's folder."""
    relative = os.path.relpath(schema_file.resolve(), source.resolve().parent)
    return MODELINE + Path(relative).as_posix()
