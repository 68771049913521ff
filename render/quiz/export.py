"""Quiz -> files an LMS imports: Moodle XML, GIFT (both read by Moodle; GIFT by several others) and QTI 1.2.

Questions go out in the source's order with the source's lettering; the LMS shuffles by
itself. Rationales become general feedback (shown after the attempt), model answers of
short-answer items become the grader's information. A question with a pinned option is
exported with shuffling off, since an LMS cannot pin one option. A question's topic, tags and
objectives become its tags; its picture is embedded (Moodle XML), packaged (QTI, render.quiz.qti)
or, in GIFT, which cannot carry one, lost with a warning (`lost_pictures`).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from render.quiz import qti
from render.quiz.qti import item_tags
from render.source.model import LETTERS, Question, Quiz, Source
from render.source.resolved import Texts
from render.source.text import runs_html


def export(source: Source, quiz: Quiz, resolved: Texts, kind: str, folder: Path = Path()) -> bytes:
    """The export's bytes; `folder` is the talk's folder, where the questions' pictures are."""
    if kind == "moodle-xml":
        return moodle_xml(source, quiz, resolved, folder)
    if kind == "gift":
        return gift(resolved, quiz)
    if kind == "qti":
        return qti.package(source, quiz, resolved, folder)
    raise ValueError(f"unknown export format {kind!r}")


def lost_pictures(quiz: Quiz, kind: str) -> list[str]:
    """A warning for each question whose picture the format cannot carry (GIFT has no files)."""
    if kind != "gift":
        return []
    return [
        f"warning: {q.id}: GIFT cannot carry pictures; '{q.image.path}' is left out (use --format moodle-xml or qti)"
        for q in quiz.questions
        if q.image
    ]


def _html(resolved: Texts, text: str | None) -> str:
    # '%' as a character reference: GIFT reads "%50%" at an answer's start as its weight, and an
    # HTML-format text shows the reference as the character typed.
    return str(runs_html(resolved.runs(text))).replace("%", "&#37;") if text else ""


def _fractions(q: Question) -> list[float]:
    """Moodle's grade fraction for each option: the keys share 100; wrong picks in select-all cost the same."""
    keyed = {LETTERS.index(a) for a in q.answers}
    if q.type != "select-all":
        return [100.0 if j in keyed else 0.0 for j in range(len(q.options))]
    wrong = len(q.options) - len(keyed)
    return [100 / len(keyed) if j in keyed else (-100 / wrong if wrong else 0.0) for j in range(len(q.options))]


def _number(value: float) -> str:
    # Moodle matches fractions against its list to five decimals (33.33333).
    return f"{value:.5f}".rstrip("0").rstrip(".") or "0"


def moodle_xml(source: Source, quiz: Quiz, resolved: Texts, folder: Path = Path()) -> bytes:
    root = etree.Element("quiz")
    category = etree.SubElement(root, "question", type="category")
    _text(etree.SubElement(category, "category"), f"$course$/top/{_category(quiz.title)}")
    for q in quiz.questions:
        kind = {"single": "multichoice", "select-all": "multichoice", "true-false": "truefalse"}.get(q.type, "essay")
        node = etree.SubElement(root, "question", type=kind)
        _text(etree.SubElement(node, "name"), f"{q.id}: {q.stem[:60]}")
        question_text = etree.SubElement(node, "questiontext", format="html")
        stem = _html(resolved, q.stem)
        if q.image:
            # Moodle keeps the file inside the question: @@PLUGINFILE@@ names it.
            path = source.file(q.image.path)
            alt = "" if q.image.decorative else q.image.alt or ""
            stem += etree.tostring(etree.Element("img", src=f"@@PLUGINFILE@@/{path.name}", alt=alt), encoding="unicode")
            _text(question_text, stem)
            picture = etree.SubElement(question_text, "file", name=path.name, path="/", encoding="base64")
            picture.text = base64.b64encode(path.read_bytes()).decode("ascii")
        else:
            _text(question_text, stem)
        _text(etree.SubElement(node, "generalfeedback", format="html"), _html(resolved, q.rationale))
        etree.SubElement(node, "defaultgrade").text = str(q.points)
        etree.SubElement(node, "penalty").text = "0"
        etree.SubElement(node, "hidden").text = "0"
        etree.SubElement(node, "idnumber").text = q.id
        if q.type == "true-false":
            truth = q.answers == ("A",)  # A is True
            for word, right in (("true", truth), ("false", not truth)):
                answer = etree.SubElement(node, "answer", fraction="100" if right else "0", format="moodle_auto_format")
                etree.SubElement(answer, "text").text = word
                _text(etree.SubElement(answer, "feedback", format="html"), "")
        elif q.type == "short-answer":
            etree.SubElement(node, "responseformat").text = "editor"
            etree.SubElement(node, "responserequired").text = "1"
            etree.SubElement(node, "responsefieldlines").text = str(max(q.lines, 3))
            _text(etree.SubElement(node, "graderinfo", format="html"), _html(resolved, q.model_answer))
        else:
            etree.SubElement(node, "single").text = "true" if q.type == "single" else "false"
            etree.SubElement(node, "shuffleanswers").text = "false" if any(q.pinned) else "true"
            etree.SubElement(node, "answernumbering").text = "ABCD"
            for option, fraction in zip(q.options, _fractions(q), strict=True):
                answer = etree.SubElement(node, "answer", fraction=_number(fraction), format="html")
                _text(answer, _html(resolved, option.text))
                _text(etree.SubElement(answer, "feedback", format="html"), "")
        tags = item_tags(q)
        if tags:
            holder = etree.SubElement(node, "tags")
            for tag in tags:
                _text(etree.SubElement(holder, "tag"), tag)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _text(parent: etree._Element, value: str) -> None:
    etree.SubElement(parent, "text").text = value


_GIFT_SPECIAL = re.compile(r"([~=#{}:\\])")
# Every line break a reader may honour (Moodle splits on \r as well as \n): a break would start a new
# GIFT line, where a comment, a category or a whole question can begin.
_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


def _one_line(text: str) -> str:
    return _BREAKS.sub(" ", text)


def _g(text: str) -> str:
    """Escape GIFT's control characters; keep everything on one line."""
    return _one_line(_GIFT_SPECIAL.sub(r"\\\1", text))


def _category(title: str) -> str:
    """The quiz title as an LMS category name: one line, no GIFT signs, no '/' (which nests categories)."""
    return re.sub(r"\s+", " ", re.sub(r"[~=#{}\\]", "", _one_line(title)).replace("/", "-")).strip() or "Quiz"


def gift(resolved: Texts, quiz: Quiz) -> bytes:
    title = _category(quiz.title)
    lines = [f"// {title}: exported by podium. GIFT has no points; set them in the LMS.", ""]
    lines += [f"$CATEGORY: {title}", ""]
    for q in quiz.questions:
        lines.extend(_gift_question(resolved, q))
        lines.append("")
    return "\n".join(lines).encode("utf-8")


def _gift_question(resolved: Texts, q: Question) -> Iterable[str]:
    head = f"::{_g(q.id)}::[html]{_g(_html(resolved, q.stem))}"
    # Moodle reads an id number and tags from the comment just above a question.
    marks = [f"[id:{_bracket(q.id)}]", *(f"[tag:{_bracket(t)}]" for t in item_tags(q))]
    return [f"// {' '.join(marks)}", *_gift_body(q, head, resolved)]


def _bracket(text: str) -> str:
    return text.replace("]", "\\]").replace("\n", " ")


def _gift_body(q: Question, head: str, resolved: Texts) -> list[str]:
    feedback = f"####{_g(_html(resolved, q.rationale or q.model_answer))}" if (q.rationale or q.model_answer) else ""
    if q.type == "true-false":
        return [f"{head}{{{'TRUE' if q.answers == ('A',) else 'FALSE'}{feedback}}}"]
    if q.type == "short-answer":
        return [f"{head}{{{feedback}}}"]
    out = [head + "{"]
    for option, fraction in zip(q.options, _fractions(q), strict=True):
        text = _g(_html(resolved, option.text))
        if q.type == "single":
            out.append(f"\t{'=' if fraction == 100 else '~'}{text}")
        else:
            out.append(f"\t~%{_number(fraction)}%{text}")
    if feedback:
        out.append(f"\t{feedback}")
    out.append("}")
    return out
