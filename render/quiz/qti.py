"""Quiz -> an IMS QTI 1.2 content package, as Canvas Classic Quizzes imports it (and Blackboard, Brightspace as pools).

The zip holds `imsmanifest.xml` (an IMS content package naming every file), `QUIZ/QUIZ.xml` (the
assessment: one `<item>` per question, with the key in `<resprocessing>`), `QUIZ/assessment_meta.xml`
(Canvas's quiz settings) and the questions' pictures under `Quiz Files/`. Questions keep the source's
order and lettering; answer ids are `<item id>_<letter>`, so a package can be read back to keys. Text is
HTML made by `runs_html` (escaped once, there) and serialised by lxml, which escapes it again as XML.
Zip entries have fixed times and a fixed order: the same source gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from render.source.model import LETTERS, Question, Quiz, Source
from render.source.resolved import Texts
from render.source.text import runs_html

QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CANVAS = "http://canvas.instructure.com/xsd/cccv1p0"
FILES = "Quiz Files"
_WHEN = (1980, 1, 1, 0, 0, 0)  # zip's earliest time: entries carry no build date
_TYPES = {
    "single": "multiple_choice_question",
    "true-false": "true_false_question",
    "select-all": "multiple_answers_question",
    "short-answer": "essay_question",
}


def identifier(quiz: Quiz) -> str:
    """The package's id: stable for one quiz (from its title and item ids), an XML NCName."""
    digest = hashlib.sha256("\n".join([quiz.title, *(q.id for q in quiz.questions)]).encode()).hexdigest()
    return "g" + digest[:31]


def package(source: Source, quiz: Quiz, resolved: Texts, folder: Path) -> bytes:
    """The whole zip, every file the quiz names inside it."""
    ident = identifier(quiz)
    pictures = {q.image.path: source.file(q.image.path) for q in quiz.questions if q.image}
    names = {written: f"{FILES}/{path.name}" for written, path in pictures.items()}
    files = {
        "imsmanifest.xml": _manifest(ident, quiz, sorted(names.values())),
        f"{ident}/{ident}.xml": assessment(quiz, resolved, ident, names),
        f"{ident}/assessment_meta.xml": _meta(ident, quiz),
        **{names[written]: path.read_bytes() for written, path in pictures.items()},
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files, key=lambda n: (n != "imsmanifest.xml", n)):
            info = zipfile.ZipInfo(name, _WHEN)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return out.getvalue()


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _manifest(ident: str, quiz: Quiz, pictures: list[str]) -> bytes:
    root = etree.Element(f"{{{CP}}}manifest", nsmap={None: CP}, identifier=f"{ident}_manifest")
    metadata = etree.SubElement(root, f"{{{CP}}}metadata")
    etree.SubElement(metadata, f"{{{CP}}}schema").text = "IMS Content"
    etree.SubElement(metadata, f"{{{CP}}}schemaversion").text = "1.1.3"
    etree.SubElement(root, f"{{{CP}}}organizations")
    resources = etree.SubElement(root, f"{{{CP}}}resources")
    test = etree.SubElement(resources, f"{{{CP}}}resource", identifier=ident, type="imsqti_xmlv1p2")
    etree.SubElement(test, f"{{{CP}}}file", href=f"{ident}/{ident}.xml")
    etree.SubElement(test, f"{{{CP}}}dependency", identifierref=f"{ident}_meta")
    meta = etree.SubElement(
        resources,
        f"{{{CP}}}resource",
        identifier=f"{ident}_meta",
        type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
        href=f"{ident}/assessment_meta.xml",
    )
    etree.SubElement(meta, f"{{{CP}}}file", href=f"{ident}/assessment_meta.xml")
    for n, name in enumerate(pictures, start=1):
        picture = etree.SubElement(
            resources, f"{{{CP}}}resource", identifier=f"{ident}_file{n}", type="webcontent", href=name
        )
        etree.SubElement(picture, f"{{{CP}}}file", href=name)
    return _xml(root)


def _meta(ident: str, quiz: Quiz) -> bytes:
    root = etree.Element(f"{{{CANVAS}}}quiz", nsmap={None: CANVAS}, identifier=ident)
    etree.SubElement(root, f"{{{CANVAS}}}title").text = quiz.title
    etree.SubElement(root, f"{{{CANVAS}}}description").text = quiz.instructions or ""
    etree.SubElement(root, f"{{{CANVAS}}}quiz_type").text = "assignment"
    etree.SubElement(root, f"{{{CANVAS}}}points_possible").text = f"{sum(q.points for q in quiz.questions):.1f}"
    # The LMS may shuffle only when no item pins an option (it cannot pin one option).
    shuffle = not any(any(q.pinned) for q in quiz.questions)
    etree.SubElement(root, f"{{{CANVAS}}}shuffle_answers").text = "true" if shuffle else "false"
    etree.SubElement(root, f"{{{CANVAS}}}assignment_group_identifierref").text = ""
    return _xml(root)


def assessment(quiz: Quiz, resolved: Texts, ident: str, pictures: dict[str, str]) -> bytes:
    def html(text: str | None) -> str:
        return str(runs_html(resolved.runs(text))) if text else ""

    root = etree.Element(f"{{{QTI}}}questestinterop", nsmap={None: QTI})
    test = etree.SubElement(root, f"{{{QTI}}}assessment", ident=ident, title=quiz.title)
    _fields(test, "qtimetadata", [("cc_maxattempts", "1")])
    section = etree.SubElement(test, f"{{{QTI}}}section", ident="root_section")
    for q in quiz.questions:
        _item(section, q, html, pictures)
    return _xml(root)


def _fields(parent: etree._Element, tag: str, fields: list[tuple[str, str]]) -> None:
    block = etree.SubElement(parent, f"{{{QTI}}}{tag}")
    for label, entry in fields:
        field = etree.SubElement(block, f"{{{QTI}}}qtimetadatafield")
        etree.SubElement(field, f"{{{QTI}}}fieldlabel").text = label
        etree.SubElement(field, f"{{{QTI}}}fieldentry").text = entry


def _material(parent: etree._Element, html: str) -> None:
    material = etree.SubElement(parent, f"{{{QTI}}}material")
    etree.SubElement(material, f"{{{QTI}}}mattext", texttype="text/html").text = html


def _item(section: etree._Element, q: Question, html: Callable[[str | None], str], pictures: dict[str, str]) -> None:
    item = etree.SubElement(section, f"{{{QTI}}}item", ident=q.id, title=q.id)
    meta = etree.SubElement(item, f"{{{QTI}}}itemmetadata")
    fields = [("question_type", _TYPES[q.type]), ("points_possible", f"{q.points:.1f}")]
    labels = [f"{q.id}_{LETTERS[j]}" for j in range(len(q.options))]
    if labels:
        fields.append(("original_answer_ids", ",".join(labels)))
    tags = item_tags(q)
    if tags:
        fields.append(("tags", ",".join(tags)))
    _fields(meta, "qtimetadata", fields)
    stem = html(q.stem)
    if q.image:
        src = quote(f"$IMS-CC-FILEBASE$/{pictures[q.image.path]}", safe="$/-_.")
        alt = q.image.alt if not q.image.decorative else ""
        stem += etree.tostring(etree.Element("img", src=src, alt=alt or ""), encoding="unicode")
    presentation = etree.SubElement(item, f"{{{QTI}}}presentation")
    _material(presentation, f"<div>{stem}</div>")
    if q.type == "short-answer":
        response = etree.SubElement(presentation, f"{{{QTI}}}response_str", ident="response1", rcardinality="Single")
        fib = etree.SubElement(response, f"{{{QTI}}}render_fib")
        etree.SubElement(fib, f"{{{QTI}}}response_label", ident="answer1", rshuffle="No")
        processing = etree.SubElement(item, f"{{{QTI}}}resprocessing")
        outcomes = etree.SubElement(processing, f"{{{QTI}}}outcomes")
        _score(outcomes)
        condition = etree.SubElement(processing, f"{{{QTI}}}respcondition", {"continue": "No"})
        etree.SubElement(etree.SubElement(condition, f"{{{QTI}}}conditionvar"), f"{{{QTI}}}other")
    else:
        cardinality = "Multiple" if q.type == "select-all" else "Single"
        response = etree.SubElement(presentation, f"{{{QTI}}}response_lid", ident="response1", rcardinality=cardinality)
        choice = etree.SubElement(response, f"{{{QTI}}}render_choice")
        for label, option in zip(labels, q.options, strict=True):
            node = etree.SubElement(choice, f"{{{QTI}}}response_label", ident=label)
            _material(node, html(option.text))
        processing = etree.SubElement(item, f"{{{QTI}}}resprocessing")
        _score(etree.SubElement(processing, f"{{{QTI}}}outcomes"))
        keyed = {f"{q.id}_{a}" for a in q.answers}
        condition = etree.SubElement(processing, f"{{{QTI}}}respcondition", {"continue": "No"})
        test = etree.SubElement(condition, f"{{{QTI}}}conditionvar")
        if q.type == "select-all":
            # All-or-nothing, as on paper: every key marked and nothing else.
            test = etree.SubElement(test, f"{{{QTI}}}and")
            for label in labels:
                parent = test if label in keyed else etree.SubElement(test, f"{{{QTI}}}not")
                etree.SubElement(parent, f"{{{QTI}}}varequal", respident="response1").text = label
        else:
            (key,) = keyed
            etree.SubElement(test, f"{{{QTI}}}varequal", respident="response1").text = key
        etree.SubElement(condition, f"{{{QTI}}}setvar", action="Set", varname="SCORE").text = "100"
    feedback = q.rationale or q.model_answer
    if feedback:
        etree.SubElement(
            etree.SubElement(processing, f"{{{QTI}}}respcondition", {"continue": "Yes"}), f"{{{QTI}}}conditionvar"
        ).append(etree.Element(f"{{{QTI}}}other"))
        processing[-1].append(
            etree.Element(f"{{{QTI}}}displayfeedback", feedbacktype="Response", linkrefid="general_fb")
        )
        node = etree.SubElement(item, f"{{{QTI}}}itemfeedback", ident="general_fb")
        _material(etree.SubElement(node, f"{{{QTI}}}flow_mat"), html(feedback))


def _score(outcomes: etree._Element) -> None:
    etree.SubElement(outcomes, f"{{{QTI}}}decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")


def item_tags(q: Question) -> list[str]:
    """The tags an LMS gets for a question: its topic, its tags, the objectives it tests (in that order)."""
    out: dict[str, None] = {}
    for tag in ([q.topic] if q.topic else []) + list(q.tags) + list(q.objectives):
        out.setdefault(tag, None)
    return list(out)
