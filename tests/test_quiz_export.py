"""LMS exports parsed back (Moodle XML with ElementTree, GIFT with a reader written here) and held to the seed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

from conftest import IPT, podium
from helpers import squash
from test_quiz import seed_quiz
from test_quiz_forms import seed_key

from render.source.load import load


def plain(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def export(kind: str, out: Path) -> Path:
    result = podium("export", IPT, "--format", kind, "--out", out)
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.split("wrote ", 1)[1].strip())


def test_moodle_xml_holds_the_five_questions_with_their_keys(tmp_path: Path) -> None:
    root = ET.parse(export("moodle-xml", tmp_path)).getroot()
    questions = [q for q in root.findall("question") if q.get("type") != "category"]
    assert [q.get("type") for q in questions] == ["multichoice", "truefalse", "multichoice", "multichoice", "truefalse"]
    for q, (stem, options), key in zip(questions, seed_quiz(), seed_key(), strict=True):
        assert squash(plain(q.findtext("questiontext/text", ""))) == squash(stem)
        answers = q.findall("answer")
        texts = [plain(a.findtext("text", "")) for a in answers]
        right = [t for a, t in zip(answers, texts, strict=True) if a.get("fraction") == "100"]
        if q.get("type") == "truefalse":
            assert right == [options["ABCDE".index(key)].lower()]
        else:
            assert [squash(t) for t in texts] == [squash(o) for o in options]
            assert [squash(t) for t in right] == [squash(options["ABCDE".index(key)])]
        assert q.findtext("generalfeedback/text", "").startswith("Slide ")  # the rationale
        assert q.findtext("defaultgrade") == "1"
    # "All of the above" must stay last, so that question is not shuffled by Moodle.
    assert [q.findtext("shuffleanswers") for q in questions if q.get("type") == "multichoice"] == [
        "true",
        "false",
        "true",
    ]


def read_gift(text: str) -> list[dict[str, object]]:
    """A small GIFT reader: // [id:…] [tag:…] comment, then ::title::[html]stem{answers}, honouring escapes."""
    out = []
    for raw in re.split(r"\n\s*\n", text):
        comments = [line for line in raw.splitlines() if line.startswith("//")]
        block = "\n".join(line for line in raw.splitlines() if not line.startswith("//"))
        if not block.strip().startswith("::"):
            continue
        marks = re.findall(r"\[(id|tag):((?:\\\]|[^\]])+)\]", " ".join(comments))
        chars, escaped = [], []
        i = 0
        while i < len(block):
            if block[i] == "\\" and i + 1 < len(block):
                chars.append(block[i + 1])
                escaped.append(True)
                i += 2
                continue
            chars.append(block[i])
            escaped.append(False)
            i += 1

        def special(c: str, chars: list[str] = chars, escaped: list[bool] = escaped) -> list[int]:
            return [j for j, ch in enumerate(chars) if ch == c and not escaped[j]]

        colons = special(":")
        title = "".join(chars[colons[1] + 1 : colons[2]])
        open_, close = special("{")[0], special("}")[-1]
        stem = "".join(chars[colons[3] + 1 : open_]).removeprefix("[html]")
        body = "".join(chars[open_ + 1 : close])
        body_marks = [(j - open_ - 1, chars[j]) for j in range(open_ + 1, close) if not escaped[j]]
        feedback = ""
        hashes = [j for j, c in body_marks if c == "#"]
        if len(hashes) >= 4:
            feedback = body[hashes[0] + 4 :].strip()
            body = body[: hashes[0]]
            body_marks = [(j, c) for j, c in body_marks if j < hashes[0]]
        starts = [(j, c) for j, c in body_marks if c in "=~"]
        answers = []
        for k, (j, c) in enumerate(starts):
            end = starts[k + 1][0] if k + 1 < len(starts) else len(body)
            answers.append((c == "=", body[j + 1 : end].strip()))
        out.append(
            {
                "title": title,
                "stem": plain(stem),
                "answers": answers,
                "feedback": body if not starts else "",
                "general": plain(feedback),
                "idnumber": next((v for k, v in marks if k == "id"), None),
                "tags": [v for k, v in marks if k == "tag"],
            }
        )
    return out


def test_gift_holds_the_five_questions_with_their_keys(tmp_path: Path) -> None:
    questions = read_gift(export("gift", tmp_path).read_text(encoding="utf-8"))
    assert [q["title"] for q in questions] == ["q1", "q2", "q3", "q4", "q5"]
    assert [q["idnumber"] for q in questions] == ["q1", "q2", "q3", "q4", "q5"]
    for q, (stem, options), key in zip(questions, seed_quiz(), seed_key(), strict=True):
        assert squash(str(q["stem"])) == squash(stem)
        assert str(q["general"]).startswith("Slide ")
        if options == ["True", "False"]:
            assert q["feedback"].strip() == ("TRUE" if key == "A" else "FALSE")
            continue
        assert [squash(plain(t)) for _, t in q["answers"]] == [squash(o) for o in options]
        assert [squash(plain(t)) for right, t in q["answers"] if right] == [squash(options["ABCDE".index(key)])]


def test_gift_escapes_what_would_break_it(tmp_path: Path) -> None:
    source = load(IPT)
    assert source.quiz is not None
    questions = read_gift(export("gift", tmp_path).read_text(encoding="utf-8"))
    # q1's stem ends in a colon, GIFT's own delimiter; it must survive whole.
    assert str(questions[0]["stem"]).endswith("following:")
    assert squash(str(questions[0]["general"])) == squash(source.quiz.questions[0].rationale or "")


def test_moodle_carries_tags_and_the_picture_gift_warns_it_loses_it(tmp_path: Path) -> None:
    import base64

    from PIL import Image
    from test_quiz_items import SOURCE

    Image.new("RGB", (40, 20), (200, 40, 40)).save(tmp_path / "ecg.png")
    source = tmp_path / "cardio.yaml"
    source.write_text(SOURCE, encoding="utf-8")
    result = podium("export", source, "--format", "moodle-xml", "--out", tmp_path / "out")
    assert result.returncode == 0 and result.stderr == ""
    root = ET.parse(tmp_path / "out" / "cardio-quiz-moodle.xml").getroot()
    ecg = next(q for q in root.findall("question") if q.findtext("idnumber") == "ecg")
    assert [t.findtext("text") for t in ecg.findall("tags/tag")] == ["cardiology", "ecg", "acute-coronary"]
    text = ecg.findtext("questiontext/text", "")
    assert '<img src="@@PLUGINFILE@@/ecg.png" alt="Twelve-lead ECG with ST elevation in II, III and aVF"' in text
    picture = ecg.find("questiontext/file")
    assert picture is not None and picture.get("name") == "ecg.png"
    assert base64.b64decode(picture.text or "") == (tmp_path / "ecg.png").read_bytes()

    result = podium("export", source, "--format", "gift", "--out", tmp_path / "out")
    assert result.returncode == 0
    assert f"{source}: warning: ecg: GIFT cannot carry pictures; 'ecg.png' is left out" in result.stderr
    assert result.stderr.count("warning:") == 1  # only the question that has a picture
    questions = read_gift((tmp_path / "out" / "cardio-quiz-gift.txt").read_text(encoding="utf-8"))
    assert questions[0]["idnumber"] == "ecg" and questions[0]["tags"] == ["cardiology", "ecg", "acute-coronary"]
