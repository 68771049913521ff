"""`podium preview` in a real browser: Debian's Chromium, headless, driven by Playwright.

Never a browser Playwright downloads: the system's /usr/bin/chromium (.ci/run installs it).
PODIUM_SCREENSHOTS=folder keeps a screenshot of each state the tests reach, to look at.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from preview_talk import TITLES, line_of, save, write_talk
from test_preview import served

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)"),
]
playwright_api = pytest.importorskip("playwright.sync_api")

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    opened = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    opened.close()
    assert not errors, f"the page's script failed: {errors}"


def shot(page: object, name: str, full: bool = False) -> None:
    folder = os.environ.get("PODIUM_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full)  # type: ignore[attr-defined]


def titles(page: object) -> list[str]:
    return page.locator("article.slide .slide-title").all_inner_texts()  # type: ignore[attr-defined]


def card_titles(page: object) -> list[str]:
    """The titles drawn on the slide cards themselves (what the deck shows), not the captions beside them."""
    return [t.strip() for t in page.locator("main .card .card-title").all_inner_texts()]  # type: ignore[attr-defined]


def test_the_page_shows_every_slide_and_follows_saves_without_a_reload(page: object, tmp_path: Path) -> None:
    source = write_talk(tmp_path)
    with served(source) as (_, port):
        page.goto(f"http://127.0.0.1:{port}/")  # type: ignore[attr-defined]
        assert titles(page) == [f"{n}. {t}" for n, t in enumerate(TITLES, start=1)]
        assert card_titles(page) == TITLES
        assert page.locator("main .card img").count() == 1  # type: ignore[attr-defined]
        assert page.evaluate("document.querySelector('main .card img').naturalWidth") == 320  # type: ignore[attr-defined]
        shot(page, "1-start")
        page.evaluate("window.notReloaded = true")  # type: ignore[attr-defined]
        # The reader is at slide 8; slide 3's title changes above them.
        page.evaluate("window.scrollTo(0, document.getElementById('slide-s7').offsetTop - 80)")  # type: ignore[attr-defined]
        page.wait_for_timeout(100)  # type: ignore[attr-defined]
        before = page.evaluate("document.getElementById('slide-s7').getBoundingClientRect().top")  # type: ignore[attr-defined]
        text = source.read_text(encoding="utf-8")
        save(source, text.replace(f"title: {TITLES[2]}", "title: How Little Sleep Patients Get"))
        saved = time.monotonic()
        page.locator("#slide-s2 .card-title", has_text="How Little Sleep Patients Get").wait_for(timeout=1000)  # type: ignore[attr-defined]
        took = time.monotonic() - saved
        assert took < 1.0
        assert page.evaluate("window.notReloaded") is True  # type: ignore[attr-defined]
        assert card_titles(page)[2] == "How Little Sleep Patients Get"
        after = page.evaluate("document.getElementById('slide-s7').getBoundingClientRect().top")  # type: ignore[attr-defined]
        assert abs(after - before) < 2, "the reader stays where they were"
        shot(page, "2-after-save")

        # A save that does not validate: its file:line at the top, the last good slides below.
        broken = source.read_text(encoding="utf-8").replace("    title: Noise at Night", "    titel: Noise at Night")
        save(source, broken)
        problems = page.locator("#problems")  # type: ignore[attr-defined]
        problems.wait_for(timeout=1000)
        line = line_of(source, "titel: Noise at Night")
        assert f"{source}:{line}:5" in problems.inner_text()
        assert "titel" in problems.inner_text() and "last good slides" in problems.inner_text()
        assert card_titles(page)[2:4] == ["How Little Sleep Patients Get", "Noise at Night"]
        assert len(titles(page)) == 12
        shot(page, "3-bad-save")

        # Fixed: the problems go, the new slides come.
        save(source, broken.replace("titel: Noise at Night", "title: Noise on the Night Shift"))
        page.locator("#slide-s3 .card-title", has_text="Noise on the Night Shift").wait_for(timeout=1000)  # type: ignore[attr-defined]
        assert page.locator("#problems").count() == 0  # type: ignore[attr-defined]
        assert page.evaluate("window.notReloaded") is True  # type: ignore[attr-defined]


def test_an_invalid_source_at_start_shows_its_problems_then_the_slides(page: object, tmp_path: Path) -> None:
    source = write_talk(tmp_path)
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("answer: C", "answer: E"), encoding="utf-8")
    with served(source) as (_, port):
        page.goto(f"http://127.0.0.1:{port}/")  # type: ignore[attr-defined]
        line = line_of(source, "answer: E")
        assert f"{source}:{line}:" in page.locator("#problems").inner_text()  # type: ignore[attr-defined]
        assert titles(page) == []
        shot(page, "4-invalid-at-start")
        save(source, good)
        page.locator("article.slide").first.wait_for(timeout=5000)  # type: ignore[attr-defined]
        assert len(titles(page)) == 12


def test_arrows_step_through_slides_and_p_opens_the_presenter_view(page: object, tmp_path: Path) -> None:
    source = write_talk(tmp_path)
    with served(source) as (_, port):
        page.goto(f"http://127.0.0.1:{port}/")  # type: ignore[attr-defined]
        current = "article.slide.current .slide-title"
        assert page.locator(current).inner_text().endswith(TITLES[0])  # type: ignore[attr-defined]
        for _ in range(3):
            page.keyboard.press("ArrowRight")  # type: ignore[attr-defined]
        page.wait_for_timeout(200)  # type: ignore[attr-defined]
        assert page.locator(current).inner_text() == f"4. {TITLES[3]}"  # type: ignore[attr-defined]
        page.keyboard.press("ArrowLeft")  # type: ignore[attr-defined]
        page.wait_for_timeout(200)  # type: ignore[attr-defined]
        assert page.locator(current).inner_text() == f"3. {TITLES[2]}"  # type: ignore[attr-defined]
        page.keyboard.press("p")  # type: ignore[attr-defined]
        presenter = page.locator("#presenter")  # type: ignore[attr-defined]
        assert presenter.is_visible()
        assert presenter.locator(".now .card-title").inner_text().strip() == TITLES[2]
        assert presenter.locator(".next .card-title").inner_text().strip() == TITLES[3]
        page.keyboard.press("ArrowRight")  # type: ignore[attr-defined]
        assert presenter.locator(".now .card-title").inner_text().strip() == TITLES[3]
        assert "patients sleep poorly" in presenter.locator(".notes").inner_text()  # slide 4's notes
        clock = "document.querySelector('#presenter .elapsed').textContent"
        deadline = time.monotonic() + 3  # (wait_for_function would need eval, which the page's policy forbids)
        while page.evaluate(clock) == "0:00" and time.monotonic() < deadline:  # type: ignore[attr-defined]
            time.sleep(0.1)
        assert page.evaluate(clock).startswith("0:0")  # type: ignore[attr-defined]
        shot(page, "5-presenter")
        page.keyboard.press("Escape")  # type: ignore[attr-defined]
        assert not presenter.is_visible()


def test_the_quiz_sheet_and_key_show_as_printed(page: object, tmp_path: Path) -> None:
    source = write_talk(tmp_path)
    with served(source) as (_, port):
        page.goto(f"http://127.0.0.1:{port}/")  # type: ignore[attr-defined]
        sheet = page.frame_locator("iframe.sheet")  # type: ignore[attr-defined]
        key = page.frame_locator("iframe.key")  # type: ignore[attr-defined]
        assert "Which light at night shifts the body clock most?" in sheet.locator("body").inner_text()
        assert "ANSWER KEY" in key.locator("body").inner_text()
        # The sheet's own style sheet reached it (the quiz.css numbering), fonts from templates/ only.
        family = sheet.locator("body").evaluate("b => getComputedStyle(b).fontFamily")
        assert "Carlito" in family
        warning = page.locator("#question-noise .warnings")  # type: ignore[attr-defined]
        assert f"{source}:{line_of(source, 'does NOT wake')}:7" in warning.inner_text()
        page.locator("#quiz").scroll_into_view_if_needed()  # type: ignore[attr-defined]
        shot(page, "6-quiz")


def test_an_image_outside_the_talk_is_not_served_to_the_browser(page: object, tmp_path: Path) -> None:
    source = write_talk(tmp_path)
    shutil.copy(tmp_path / "demo" / "ward.png", tmp_path / "outside.png")
    with served(source) as (_, port):
        response = page.goto(f"http://127.0.0.1:{port}/../outside.png")  # type: ignore[attr-defined]
        assert response.status in (403, 404)
        response = page.goto(f"http://127.0.0.1:{port}/talk/demo/ward.png")  # type: ignore[attr-defined]
        assert response.status in (403, 404)
