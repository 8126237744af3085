"""The specimen article page yields exactly its expected export record."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse

from archive.contract import RECORD_KEYS
from crawler.pages.article import parse_article
from crawler.pages.process import extract_item, extract_record

SPECIMEN_DIR = Path(__file__).parents[1] / "fixtures" / "specimen"
SPECIMEN_HTML = SPECIMEN_DIR / "specimen-article.html"
EXPECTED: dict[str, Any] = json.loads(
    (SPECIMEN_DIR / "specimen-article.expected.json").read_text("utf-8")
)
URL = EXPECTED["url"]


def specimen_response(url: str = URL, **kwargs: Any) -> HtmlResponse:
    return HtmlResponse(url=url, body=SPECIMEN_HTML.read_bytes(), **kwargs)


@pytest.fixture(scope="module")
def record() -> dict[str, Any]:
    return extract_record(specimen_response())


@pytest.mark.parametrize("key", RECORD_KEYS)
def test_specimen_field(record: dict[str, Any], key: str) -> None:
    assert record[key] == EXPECTED[key]


def test_specimen_record_is_exactly_the_expected_json(record: dict[str, Any]) -> None:
    assert list(record) == list(EXPECTED)
    assert record == EXPECTED


@pytest.mark.parametrize(
    "fetched",
    [
        "https://asianlite.uk/2022/top-news/moscow-beijing-ties-will-get-stronger-despite-sanctions-lavrov/",
        "https://asianlite.ae/2022/top-news/moscow-beijing-ties-will-get-stronger-despite-sanctions-lavrov",
        "https://asianlite.com/?p=226758",
    ],
)
def test_specimen_fetched_elsewhere_gives_the_same_record(fetched: str) -> None:
    assert extract_record(specimen_response(fetched)) == EXPECTED


def test_specimen_provenance_and_layers() -> None:
    headers = {"ETag": '"abc123"', "Last-Modified": "Sun, 20 Mar 2022 09:43:50 GMT"}
    item = extract_item(specimen_response(headers=headers, status=200))
    assert item.extraction == "theme"
    assert (item.fetched_url, item.http_status, item.etag) == (URL, 200, '"abc123"')
    assert item.last_modified == "Sun, 20 Mar 2022 09:43:50 GMT"
    assert item.fetched_at is not None and item.fetched_at.endswith("+00:00")
    layers = item.layers
    assert layers["body"] == "theme" and layers["title"] == "structured"
    assert layers["previous_story"] == "theme" and layers["post_id"] == "shortlink"


def test_specimen_body_html_is_clean() -> None:
    item = extract_item(specimen_response())
    assert item.body_html is not None
    for chrome in ("adsbygoogle", "Share this", "ALSO READ", "figcaption", "<script", "sharedaddy"):
        assert chrome not in item.body_html
    assert item.body_html.count("<p>") == 7


def test_page_object_does_not_change_the_response_tree() -> None:
    response = specimen_response()
    page = parse_article(response)
    assert page is not None
    page.to_item()
    before = response.css(".entry-content").get()
    extract_item(response)
    assert response.css(".entry-content").get() == before
    assert response.css(".code-block script")


def test_specimen_is_an_article_page() -> None:
    assert parse_article(specimen_response()) is not None
    assert parse_article(specimen_response(status=404)) is None


def test_cli_extract_prints_the_record(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "extract", str(SPECIMEN_HTML), "--url", URL],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    assert json.loads(result.stdout) == EXPECTED


def test_cli_extract_rejects_a_non_article(tmp_path: Path) -> None:
    page = tmp_path / "category.html"
    page.write_text('<html><body class="archive category"><h1>Category: UK News</h1></body></html>')
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "crawler",
            "extract",
            str(page),
            "--url",
            "https://asianlite.com/category/uk-news",
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    assert result.returncode == 2
    assert "not an article page" in result.stderr
