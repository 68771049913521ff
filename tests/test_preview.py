"""`podium preview`: what the page shows, how it follows saves, and what it refuses to serve.

The server runs as the presenter runs it (`podium preview --no-open`, a real process on a
free port); HTTP is spoken with http.client, which sends paths and Host headers exactly as
written. The browser tests (test_preview_browser.py) drive a real Chromium.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from preview_talk import NOTE_WORDS, TITLES, line_of, save, write_talk

from render.build.pipeline import Options
from render.build.preview_page import Page, refresh, rendering
from render.source.length import clock, seconds, words
from render.source.overrides import Overrides
from render.source.text import runs


@contextmanager
def served(source: Path, *flags: str, cwd: Path | None = None) -> Iterator[tuple[str, int]]:
    """`podium preview SOURCE --no-open` running; yields (host, port) from the line it prints."""
    process = subprocess.Popen(
        [sys.executable, "-m", "render", "preview", str(source), "--no-open", *flags],
        cwd=cwd or source.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.search(r"http://([\d.]+):(\d+)/", line)
        assert found, f"no address printed: {line!r} {process.stderr.read() if process.poll() is not None else ''}"
        host, port = found.group(1), int(found.group(2))
        deadline = time.monotonic() + 30
        while True:  # the socket is bound before the line is printed; wait for the app to answer
            try:
                if get(port, "/")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the preview did not answer"
            time.sleep(0.05)
        yield host, port
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(port: int, path: str, host: str | None = None) -> tuple[int, bytes, dict[str, str]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    # skip_host: the Host header is sent exactly as given (a DNS-rebinding page sends its own name)
    connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", host or f"127.0.0.1:{port}")
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, {k.lower(): v for k, v in response.getheaders()}


# ---- what the page shows (in-process, no server) ----


def test_words_leave_out_citation_numbers_and_markup() -> None:
    paragraph = runs("Ask **why** twice [@one], then *listen*.", {"one": 1})
    assert words([paragraph]) == 5  # Ask why twice then listen; the superscript 1 is not spoken
    assert seconds(130) == 60.0
    assert seconds(65, rate=65) == 60.0  # the rate is a parameter
    assert clock(125) == "2 min 05 s"
    assert clock(12) == "12 s"


def test_the_page_shows_every_slide_with_its_notes_length_and_the_quiz_warning(tmp_path: Path) -> None:
    source = write_talk(tmp_path)
    shown = rendering(source, Options(), Overrides()).context
    slides = shown["slides"]
    assert [s.slide.label.split(". ", 1)[1] for s in slides] == TITLES
    for index, count in NOTE_WORDS.items():
        assert slides[index].words == count  # the generator wrote exactly this many
    assert slides[3].length == "1 min 00 s"  # 130 words at 130 a minute
    assert slides[1].length == "30 s"
    assert shown["total_length"] == clock(sum(NOTE_WORDS.values()) * 60 / 130)
    (noise, light) = shown["questions"]
    line = line_of(source, "does NOT wake patients")
    assert [w.where for w in noise.warnings] == [f"{source}:{line}:7"]
    assert "negative-stem" in noise.warnings[0].text
    assert light.warnings == ()
    assert len(shown["quiz"]) == 1 and "Which light at night" in shown["quiz"][0].sheet
    assert "(correct)" in shown["quiz"][0].key and "(correct)" not in shown["quiz"][0].sheet


def test_a_bad_save_keeps_the_last_good_slides_and_says_where(tmp_path: Path) -> None:
    source = write_talk(tmp_path)
    good = refresh(Page(), source, Options(), Overrides())
    assert good.good is not None and not good.problems
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("    title: Noise at Night", "    titel: Noise at Night"), encoding="utf-8")
    bad = refresh(good, source, Options(), Overrides())
    assert bad.good is good.good  # the slides stay
    line = line_of(source, "titel: Noise at Night")
    assert (bad.problems[0].line, bad.problems[0].column) == (line, 5)
    assert bad.context()["stale"] is True
    assert bad.version == good.version + 1


def test_a_source_invalid_from_the_start_shows_its_problems_and_no_slides(tmp_path: Path) -> None:
    source = write_talk(tmp_path)
    source.write_text(source.read_text(encoding="utf-8").replace("slides:", "slidez:"), encoding="utf-8")
    page = refresh(Page(), source, Options(), Overrides())
    assert page.good is None
    assert any("slidez" in str(p) for p in page.problems)
    assert page.context()["view"] == {}


# ---- the server ----


def test_the_server_answers_on_127_0_0_1_only_and_refuses_other_host_names(tmp_path: Path) -> None:
    source = write_talk(tmp_path)
    with served(source) as (host, port):
        assert host == "127.0.0.1"
        status, body, headers = get(port, "/")
        assert status == 200 and TITLES[2].encode() in body
        assert "default-src 'none'" in headers["content-security-policy"]
        assert get(port, "/", host=f"localhost:{port}")[0] == 200
        # A page at attacker.example whose name now resolves to 127.0.0.1 sends its own name.
        for foreign in (f"attacker.example:{port}", "attacker.example", f"127.0.0.1.attacker.example:{port}"):
            status, body, _ = get(port, "/", host=foreign)
            assert status == 400 and TITLES[2].encode() not in body
        # Another site's page that asks for the preview by its address: the browser says it is cross-site.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/", headers={"Sec-Fetch-Site": "cross-site"})
        response = connection.getresponse()
        assert response.status == 403 and TITLES[2].encode() not in response.read()
        connection.close()
        # Bound to 127.0.0.1, not to every address: another loopback address finds nobody.
        with pytest.raises(OSError), socket.create_connection(("127.0.0.2", port), timeout=2):
            pass


def test_the_server_serves_nothing_outside_the_talk_and_the_look(tmp_path: Path) -> None:
    source = write_talk(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("patient list", encoding="utf-8")
    (tmp_path / "demo" / "notes.txt").write_text("patient list", encoding="utf-8")
    (tmp_path / "demo" / "link.png").symlink_to(secret)
    with served(source) as (_, port):
        page = get(port, "/")[1].decode()
        picture = re.search(r'<img src="(/talk/[^"]+)"', page)
        assert picture, "the image slide shows its picture"
        status, body, _ = get(port, picture.group(1))
        assert status == 200 and body == (tmp_path / "demo" / "ward.png").read_bytes()
        assert get(port, "/card.css")[0] == 200 and get(port, "/fonts/Carlito-Regular.ttf")[0] == 200
        refused = [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/talk/../secret.txt",
            "/talk/0/../../secret.txt",
            "/talk/demo/notes.txt",
            "/talk/demo/link.png",
            "/talk/demo.yaml",
            "/demo.yaml",
            "/podium.pptx",  # in templates/, but not the page's look
            "/preview.html.j2",
            "/new-talk.yaml",
            "/fonts/../../README.md",
            "/%2e%2e/render/cli.py",
            "/etc/passwd",
            "//etc/passwd",
        ]
        for path in refused:
            status, body, _ = get(port, path)
            assert status in (400, 403, 404), path
            assert b"patient list" not in body and b"import" not in body, path


def read_events(stream: http.client.HTTPResponse, count: int, seconds: float) -> list[dict[str, object]]:
    """The next `count` update events of an open /events stream."""
    found: list[dict[str, object]] = []
    data: list[str] = []
    deadline = time.monotonic() + seconds
    while len(found) < count and time.monotonic() < deadline:
        line = stream.readline().decode().rstrip("\r\n")
        if line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
        elif not line and data:
            found.append(json.loads("\n".join(data)))
            data = []
    return found


def test_a_save_is_pushed_to_the_page_and_nothing_is_written(tmp_path: Path) -> None:
    source = write_talk(tmp_path)
    with served(source, cwd=tmp_path) as (_, port):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/events")
        stream = connection.getresponse()
        assert stream.getheader("content-type", "").startswith("text/event-stream")
        (first,) = read_events(stream, 1, 5)
        assert TITLES[2] in str(first["html"])
        save(source, source.read_text(encoding="utf-8").replace(TITLES[2], "How Little Sleep Patients Get"))
        started = time.monotonic()
        (second,) = read_events(stream, 1, 5)
        took = time.monotonic() - started
        assert "How Little Sleep Patients Get" in str(second["html"]) and TITLES[2] not in str(second["html"])
        run, number = str(second["version"]).split(".")
        assert str(first["version"]) == f"{run}.{int(number) - 1}"  # the next rendering of this run
        assert took < 1.0, f"the save took {took:.2f} s to reach the page"
        connection.close()
    assert not (tmp_path / "output").exists()  # a preview writes no outputs unless --build


@pytest.mark.slow  # whole builds, twice
def test_with_build_a_save_also_writes_the_outputs(tmp_path: Path) -> None:
    source = write_talk(tmp_path)
    out = tmp_path / "out"
    with served(source, "--build", "--out", str(out)) as (_, port):
        deadline = time.monotonic() + 30
        while not (out / "demo-deck.pptx").is_file():  # built once at the start, as watch does
            assert time.monotonic() < deadline, "the outputs were not built"
            time.sleep(0.1)
        before = (out / "demo-deck.pptx").stat().st_mtime_ns
        save(source, source.read_text(encoding="utf-8").replace(TITLES[2], "How Little Sleep Patients Get"))
        deadline = time.monotonic() + 30
        while (out / "demo-deck.pptx").stat().st_mtime_ns == before:
            assert time.monotonic() < deadline, "the deck was not rebuilt"
            time.sleep(0.1)
        from pptx import Presentation

        deadline = time.monotonic() + 5
        titles: list[str] = []
        while "How Little Sleep Patients Get" not in titles and time.monotonic() < deadline:
            try:
                titles = [s.shapes.title.text for s in Presentation(str(out / "demo-deck.pptx")).slides]
            except Exception:  # caught mid-rename on a slow machine: read again
                time.sleep(0.1)
        assert titles[2] == "How Little Sleep Patients Get"
        assert get(port, "/")[0] == 200


def test_a_port_in_use_is_said_plainly(tmp_path: Path) -> None:
    source = write_talk(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "render", "preview", str(source), "--no-open", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ},
        )
    assert result.returncode == 2
    assert f"port {port} cannot be used" in result.stderr and "Traceback" not in result.stderr


def test_a_warning_goes_beside_what_its_field_names() -> None:
    from render.build.preview_page import _concerns

    assert _concerns("slides[3].bullets[0]") == ("slide", 3)
    assert _concerns("slides[11]") == ("slide", 11)
    assert _concerns("quiz.questions[2].options[1]") == ("question", 2)
    assert _concerns("quiz.questions") == ("quiz", 0)  # key balance: the whole quiz
    assert _concerns("talk.objectives[0]") == ("talk", 0)


def _scan_talk(tmp_path: Path, between: str = "", after: str = "") -> Path:
    """A talk whose last slide shows a picture without alt text; `between` and `after`: more YAML lines
    before that slide and after the slides."""
    from PIL import Image

    (tmp_path / "talk").mkdir()
    Image.new("RGB", (40, 30), (20, 90, 160)).save(tmp_path / "talk" / "scan.png")
    source = tmp_path / "talk.yaml"
    source.write_text(
        "talk: {title: Sleep}\nslides:\n  - {id: first, title: First, bullets: [one]}\n"
        + between
        + "  - id: scan\n    layout: image\n    title: A scan\n    image: {path: talk/scan.png}\n"
        + after,
        encoding="utf-8",
    )
    return source


def test_accessibility_and_cme_warnings_stand_beside_what_they_concern(tmp_path: Path) -> None:
    # A picture without alt text on slide 2 and a talk claiming more credit than its duration supports.
    source = _scan_talk(
        tmp_path,
        after="cme:\n"
        "  provider: Example Medical Center\n"
        "  accreditation: accme\n"
        "  credits: 2.0\n"
        "  activity: live activity\n"
        "  duration: 60\n"
        "  disclosures: [{name: A. Presenter, role: faculty, relationships: []}]\n"
        "  mitigated: true\n",
    )
    shown = rendering(source, Options(), Overrides()).context
    # The deck's own CME slide (the disclosures; the talk has no objectives) comes first, as in the deck.
    disclosures, first, scan = shown["slides"]
    assert disclosures.slide.label == "1. Disclosures" and disclosures.warnings == ()
    assert [w.where for w in scan.warnings] == [f"{source}:7:5"]
    assert "picture-alt" in scan.warnings[0].text
    assert first.warnings == ()
    # The credit claim concerns the talk as a whole: it stands among the other warnings, at its line.
    others = shown["other_warnings"]
    assert any(w.where == f"{source}:11:3" and "credit" in w.text for w in others), others


def test_the_planners_notices_stand_beside_the_slide_or_template_they_concern(tmp_path: Path) -> None:
    # A template whose title slide's title box is one inch wide (the planner falls back to the content
    # layout for the cover), themed in a font no machine has (a stand-in), with a text box on its
    # master that the PDFs cannot draw: three notices a build prints in its summary.
    from make_templates import make
    from pptx import Presentation
    from pptx.enum.shapes import PP_PLACEHOLDER
    from pptx.util import Emu

    template = make(tmp_path / "narrow.pptx", font="Rockwell", motto=True)
    prs = Presentation(str(template))
    cover = next(layout for layout in prs.slide_layouts if layout.name == "Title Slide")
    for placeholder in cover.placeholders:
        if placeholder.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
            placeholder.width = Emu(914400)
    prs.save(str(template))
    source = tmp_path / "talk.yaml"
    source.write_text(
        "talk: {title: Sleep}\n"
        "template: {file: narrow.pptx}\n"
        "slides:\n"
        "  - {id: cover, layout: title, title: Interpersonal psychotherapy}\n"
        "  - {id: first, title: First, bullets: [one]}\n",
        encoding="utf-8",
    )
    shown = rendering(source, Options(), Overrides()).context
    cover_slide, first = shown["slides"]
    assert [w.where for w in cover_slide.warnings] == [f"{source}:4:32"]  # the cover's title field
    assert "does not fit layout 'Title Slide'" in cover_slide.warnings[0].text
    assert first.warnings == ()
    others = shown["other_warnings"]
    assert {w.where for w in others} == {f"{source}:2:1"}  # the template: line
    texts = " ".join(w.text for w in others)
    assert "'Rockwell' is not on this machine" in texts and "'Institution motto'" in texts
    # A second save (the template now remembered by the process) shows them again.
    again = rendering(source, Options(), Overrides()).context
    assert [w.text for w in again["other_warnings"]] == [w.text for w in others]
    assert again["slides"][0].warnings == cover_slide.warnings


def test_a_warning_after_a_hidden_slide_stays_with_its_own_slide(tmp_path: Path) -> None:
    # Hidden slides are not drawn; the picture's warning must not slide onto the slide before it.
    source = _scan_talk(tmp_path, between="  - {id: spare, title: Spare, bullets: [two], hidden: true}\n")
    shown = rendering(source, Options(), Overrides()).context
    assert [s.slide.id for s in shown["slides"]] == ["first", "scan"]
    first, scan = shown["slides"]
    assert first.warnings == ()
    assert [w.where for w in scan.warnings] == [f"{source}:8:5"] and "picture-alt" in scan.warnings[0].text
