"""Hard cases, one small saved page each (tests/fixtures/hard/NAME.html + NAME.expected.json).

Each expected file lists the fields that case is about; every listed field must match exactly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse

from crawler.pages.article import parse_article
from crawler.pages.process import extract_item, extract_record

HARD = Path(__file__).parents[1] / "fixtures" / "hard"
CASES = sorted(path.name.removesuffix(".expected.json") for path in HARD.glob("*.expected.json"))
CHROME = (
    "Share this",
    "Sponsored",
    "adsbygoogle",
    "Previous Story",
    "Next Story",
    "min read",
    "ALSO READ",
    "Asian Lite is the UK",
)


def load(name: str) -> tuple[HtmlResponse, dict[str, Any]]:
    spec = json.loads((HARD / f"{name}.expected.json").read_text("utf-8"))
    response = HtmlResponse(url=spec["url"], body=(HARD / f"{name}.html").read_bytes())
    return response, spec["expected"]


def test_there_are_hard_cases() -> None:
    assert len(CASES) >= 14


@pytest.mark.parametrize("name", CASES)
def test_hard_case(name: str) -> None:
    response, expected = load(name)
    record = extract_record(response)
    for key, value in expected.items():
        assert record[key] == value, key
    for chrome in CHROME:
        assert chrome not in record["body"]


@pytest.mark.parametrize("name", CASES)
def test_hard_case_body_comes_from_the_theme(name: str) -> None:
    response, _ = load(name)
    assert extract_item(response).extraction == "theme"


def test_visible_date_ignores_the_top_bar_date() -> None:
    response, _ = load("visible-date-only")
    item = extract_item(response)
    assert item.layers["published_at"] == "anchor"
    assert (
        item.published_at == "2023-05-04T00:00:00+00:00"
    )  # not the top bar's "Friday, May 3, 2023"


def test_broken_json_ld_is_reported_not_fatal() -> None:
    response, _ = load("broken-json-ld")
    item = extract_item(response)
    assert item.warnings and item.warnings[0].startswith("invalid JSON-LD")
    assert item.layers["title"] == "structured"  # from og:title


@pytest.mark.parametrize(
    ("name", "url", "status"),
    [
        ("not-article-category", "https://asianlite.com/category/uk-news", 200),
        ("not-article-404", "https://asianlite.com/2023/uk-news/gone", 404),
        ("not-article-404", "https://asianlite.com/2023/uk-news/gone", 200),
    ],
)
def test_pages_that_are_not_articles_give_no_item(name: str, url: str, status: int) -> None:
    response = HtmlResponse(url=url, body=(HARD / f"{name}.html").read_bytes(), status=status)
    assert parse_article(response) is None


def test_a_binary_response_is_not_an_article() -> None:
    from scrapy.http import Response

    response = Response(
        url="https://asianlite.com/wp-content/uploads/2023/05/a.jpg", body=b"\xff\xd8"
    )
    assert parse_article(response) is None


def test_page_object_gives_the_spider_every_article_link_before_the_pipelines() -> None:
    response, expected = load("also-read-forms")
    page = parse_article(response)
    assert page is not None
    assert [link.kind for link in page.to_item().links] == ["previous_story", "next_story"]
    final = extract_record(response)["links"]
    assert final == expected["links"]
    assert {link["url"] for link in final} <= set(page.article_links())
