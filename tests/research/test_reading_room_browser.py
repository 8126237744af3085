"""The reading room in a real browser (Debian's Chromium, headless, driven by selenium): a reader
opens the specimen, follows Next Story twice, opens a tag, searches, reads an edited article's
diff; every page fits a 390-pixel phone screen. Screenshots of the specimen's page and of a
search are saved into ``$READING_ROOM_SCREENSHOTS`` (default: the test's temporary folder)."""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.research.browser import chromium, emulate_width, horizontal_overflow
from tests.research.reading_room_site import (  # noqa: F401 (a fixture)
    SPECIMEN,
    ServedArchive,
    served_reading_room,
)

WAIT_SECONDS = 15
DESKTOP = (1000, 900)
PHONE_WIDTH = 390
SCREENSHOT_MAX_HEIGHT = 2600


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with chromium(tmp_path_factory.mktemp("chromium-profile"), *DESKTOP) as driver:
        yield driver


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("READING_ROOM_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def heading(driver: Any) -> str:
    return driver.find_element(By.TAG_NAME, "h1").text


#: what reading the heading may raise while the browser replaces the page (the old page's
#: ``<h1>`` goes stale between finding it and reading it; the new one is not there yet)
PAGE_CHANGING = (NoSuchElementException, StaleElementReferenceException)


def wait_for_heading(driver: Any, expected: str) -> None:
    WebDriverWait(driver, WAIT_SECONDS, ignored_exceptions=PAGE_CHANGING).until(
        lambda d: heading(d) == expected
    )


def full_page_screenshot(driver: Any, path: Path) -> None:
    """The whole page (up to :data:`SCREENSHOT_MAX_HEIGHT` pixels) as PNG, through the DevTools
    protocol: a window screenshot stops at the viewport."""
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "scale": 1,
            "height": min(size["height"], SCREENSHOT_MAX_HEIGHT)}
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True, "clip": clip})
    path.write_bytes(base64.b64decode(shot["data"]))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path


def test_reader_walks_the_chain_a_tag_and_a_search(reading_room: ServedArchive, browser: Any,
                                                   screenshots: Path) -> None:
    browser.get(reading_room.url(f"/article/{SPECIMEN}"))
    wait_for_heading(browser, reading_room.truth(SPECIMEN)["title"])
    full_page_screenshot(browser, screenshots / "reading-room-article.png")
    current = SPECIMEN
    for _ in range(2):
        current = reading_room.chain(current, "next_story") or 0
        assert current, "the replica's chain goes on"
        browser.find_element(By.CSS_SELECTOR, ".rr-chain a[rel=next]").click()
        wait_for_heading(browser, reading_room.truth(current)["title"])
    assert browser.current_url == reading_room.url(f"/article/{current}")

    tag = reading_room.truth(current)["tags"][0]
    chips = [el for el in browser.find_elements(By.CSS_SELECTOR, "a.rr-tag") if el.text == tag]
    assert len(chips) == 1, tag
    chips[0].click()
    wait_for_heading(browser, f"Tag: {tag}")
    titles = [el.text for el in browser.find_elements(By.CSS_SELECTOR, ".rr-teaser-title")]
    assert reading_room.truth(current)["title"] in titles

    box = browser.find_element(By.CSS_SELECTOR, ".rr-search input[name=q]")
    box.send_keys("sanctions", Keys.ENTER)
    wait_for_heading(browser, "Search: sanctions")
    marks = [mark.text.lower() for mark in browser.find_elements(By.CSS_SELECTOR, ".rr-snippet mark")]
    assert len(marks) > 1 and all(mark.startswith("sanction") for mark in marks), marks
    full_page_screenshot(browser, screenshots / "reading-room-search.png")
    browser.find_element(By.LINK_TEXT, reading_room.truth(SPECIMEN)["title"]).click()
    wait_for_heading(browser, reading_room.truth(SPECIMEN)["title"])


def test_an_edited_article_shows_the_diff(reading_room: ServedArchive, browser: Any) -> None:
    browser.get(reading_room.url(f"/article/{reading_room.edited}"))
    wait_for_heading(browser, reading_room.truth(reading_room.edited)["title"])
    version = browser.find_element(By.CSS_SELECTOR, ".rr-version[data-version='1']")
    browser.execute_script("arguments[0].scrollIntoView()", version)
    removed = version.find_elements(By.CSS_SELECTOR, ".rr-diff del")
    added = version.find_elements(By.CSS_SELECTOR, ".rr-diff ins")
    assert removed and added and removed[0].is_displayed() and added[0].is_displayed()
    assert removed[0].text in reading_room.before_edit["body"]
    style = browser.execute_script(
        "const s = getComputedStyle(arguments[0]); return [s.textDecorationLine, s.backgroundColor]",
        removed[0])
    assert "line-through" in style[0] and style[1] not in ("rgba(0, 0, 0, 0)", "transparent")


@pytest.mark.parametrize("path", [
    f"/article/{SPECIMEN}", "/read", "/tag/China", "/search?q=sanctions", "/month/2022-03",
    "edited",
])
def test_pages_fit_a_phone(reading_room: ServedArchive, browser: Any, path: str) -> None:
    path = f"/article/{reading_room.edited}" if path == "edited" else path
    emulate_width(browser, PHONE_WIDTH)
    try:
        browser.get(reading_room.url(path))
        WebDriverWait(browser, WAIT_SECONDS, ignored_exceptions=PAGE_CHANGING).until(lambda d: heading(d))
        assert browser.execute_script("return window.innerWidth") == PHONE_WIDTH
        assert horizontal_overflow(browser) <= 0, path
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
