"""The QTI 1.2 package for Canvas: checked against the specification's content model and read back.

`tests/qti/ims_qtiasiv1p2p1_subset.dtd` is written from the IMS QTI ASI 1.2.1 specification (lxml
validates the assessment against it); the package is then read back here, with lxml alone, into
questions, options, keys and pictures, and compared with the source as written.
"""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import IPT, podium
from lxml import etree
from PIL import Image
from test_quiz_forms import seed_key
from test_quiz_items import SOURCE

HERE = Path(__file__).parent
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"


def export(source: Path, out: Path) -> zipfile.ZipFile:
    result = podium("export", source, "--format", "qti", "--out", out)
    assert result.returncode == 0, result.stderr
    path = out / f"{source.stem}-quiz-qti.zip"
    assert result.stdout.strip() == f"wrote {path}"
    return zipfile.ZipFile(io.BytesIO(path.read_bytes()))


@pytest.fixture(scope="module")
def cardio(tmp_path_factory: pytest.TempPathFactory) -> tuple[zipfile.ZipFile, Path]:
    folder = tmp_path_factory.mktemp("cardio")
    Image.new("RGB", (40, 20), (200, 40, 40)).save(folder / "ecg.png")
    (folder / "cardio.yaml").write_text(SOURCE, encoding="utf-8")
    return export(folder / "cardio.yaml", folder / "out"), folder


def plain(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html)).strip()


def read_back(package: zipfile.ZipFile) -> list[dict[str, object]]:
    """Each item as an LMS would import it: type, stem, options by answer id, keyed ids, picture sources."""
    manifest = etree.fromstring(package.read("imsmanifest.xml"))
    test = manifest.find(f"{CP}resources/{CP}resource[@type='imsqti_xmlv1p2']")
    assert test is not None
    root = etree.fromstring(package.read(test.find(f"{CP}file").get("href")))  # type: ignore[union-attr]
    items = []
    for item in root.iter(f"{QTI}item"):
        fields = {
            f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry") for f in item.iter(f"{QTI}qtimetadatafield")
        }
        stem_html = item.findtext(f"{QTI}presentation/{QTI}material/{QTI}mattext") or ""
        labels = item.findall(f".//{QTI}response_label")
        keyed = [
            v.text
            for c in item.findall(f"{QTI}resprocessing/{QTI}respcondition")
            if c.find(f"{QTI}setvar") is not None
            for v in c.iter(f"{QTI}varequal")
            if v.getparent().tag != f"{QTI}not"  # type: ignore[union-attr]
        ]
        items.append(
            {
                "id": item.get("ident"),
                "type": fields["question_type"],
                "points": fields["points_possible"],
                "tags": fields.get("tags", ""),
                "stem": plain(stem_html),
                "images": re.findall(r'<img src="([^"]+)" alt="([^"]*)"', stem_html),
                "options": [(label.get("ident"), plain(label.findtext(f".//{QTI}mattext") or "")) for label in labels],
                "keys": keyed,
            }
        )
    return items


def test_the_package_has_what_canvas_reads(cardio: tuple[zipfile.ZipFile, Path]) -> None:
    package, _ = cardio
    names = package.namelist()
    assert names[0] == "imsmanifest.xml"
    manifest = etree.fromstring(package.read("imsmanifest.xml"))
    resources = {r.get("identifier"): r for r in manifest.iter(f"{CP}resource")}
    # Every file the manifest names is in the zip, and every dependency names a resource.
    for resource in resources.values():
        for file in resource.iter(f"{CP}file"):
            assert file.get("href") in names
        for dependency in resource.iter(f"{CP}dependency"):
            assert dependency.get("identifierref") in resources
    types = sorted(r.get("type") for r in resources.values())
    assert types == [
        "associatedcontent/imscc_xmlv1p1/learning-application-resource",
        "imsqti_xmlv1p2",
        "webcontent",
    ]
    assert any(n.endswith("/assessment_meta.xml") for n in names)


def test_the_assessment_follows_the_qti_1_2_1_content_model(cardio: tuple[zipfile.ZipFile, Path]) -> None:
    package, _ = cardio
    dtd = etree.DTD(str(HERE / "qti" / "ims_qtiasiv1p2p1_subset.dtd"))
    (name,) = [n for n in package.namelist() if n.endswith(".xml") and "/" in n and "meta" not in n]
    document = etree.fromstring(package.read(name))
    assert dtd.validate(document), dtd.error_log.filter_from_errors()
    # The check can fail: a key condition without its outcomes declared breaks the content model.
    broken = etree.fromstring(package.read(name))
    outcomes = next(broken.iter(f"{QTI}outcomes"))
    outcomes.getparent().remove(outcomes)  # type: ignore[union-attr]
    assert not dtd.validate(broken)
    # Every key names one of its item's answer ids (the DTD cannot say so).
    for item in document.iter(f"{QTI}item"):
        labels = {label.get("ident") for label in item.iter(f"{QTI}response_label")}
        responses = {r.get("ident") for r in item.iter(f"{QTI}response_lid")}
        for value in item.iter(f"{QTI}varequal"):
            assert value.text in labels and value.get("respident") in responses


def test_questions_keys_and_pictures_read_back_as_written(cardio: tuple[zipfile.ZipFile, Path]) -> None:
    package, folder = cardio
    items = read_back(package)
    # Written by hand from SOURCE in test_quiz_items.
    assert [(i["id"], i["type"], i["keys"]) for i in items] == [
        ("ecg", "multiple_choice_question", ["ecg_A"]),
        ("emq", "multiple_choice_question", ["emq_B"]),
        ("tf", "true_false_question", ["tf_B"]),
        ("tf2", "true_false_question", ["tf2_A"]),
    ]
    assert items[0]["stem"] == "A 60-year-old man has chest pain. Which diagnosis does the ECG show?"
    assert items[0]["tags"] == "cardiology,ecg,acute-coronary"
    assert [text for _, text in items[1]["options"]][-1] == "Nitroglycerin"  # type: ignore[index]
    assert len(items[1]["options"]) == 10  # type: ignore[arg-type]
    assert items[2]["stem"] == "Aspirin ~5-~10 mg a day is the usual dose for secondary prevention."
    ((src, alt),) = items[0]["images"]  # type: ignore[misc]
    assert alt == "Twelve-lead ECG with ST elevation in II, III and aVF"
    inside = unquote(src).removeprefix("$IMS-CC-FILEBASE$/")
    assert package.read(inside) == (folder / "ecg.png").read_bytes()


def test_the_ipt_quiz_reads_back_with_the_seed_keys(tmp_path: Path) -> None:
    items = read_back(export(IPT, tmp_path))
    letters = [str(keys[0]).rsplit("_", 1)[1] for keys in (i["keys"] for i in items)]  # type: ignore[index]
    assert letters == seed_key()


def test_the_same_source_gives_the_same_package(tmp_path: Path) -> None:
    first = podium("export", IPT, "--format", "qti", "--out", tmp_path / "a")
    second = podium("export", IPT, "--format", "qti", "--out", tmp_path / "b")
    assert first.returncode == second.returncode == 0
    assert (tmp_path / "a" / "ipt-quiz-qti.zip").read_bytes() == (tmp_path / "b" / "ipt-quiz-qti.zip").read_bytes()
