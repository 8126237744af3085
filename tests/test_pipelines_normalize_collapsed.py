"""The chrome pipeline vouches for a collapsed body only when normalize's long way agrees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from crawler.items import ArticleItem
from crawler.pages.article import parse_article
from pipelines.chrome import COLLAPSED_BODY, ChromePipeline
from pipelines.normalize import NormalizePipeline, clean_body_text

HARD = Path(__file__).parent / "fixtures" / "hard"
SPECIMEN = Path(__file__).parent / "fixtures" / "specimen" / "specimen-article.html"
CASES = sorted(path.name.removesuffix(".expected.json") for path in HARD.glob("*.expected.json"))


def chrome_item(html: bytes, url: str) -> ArticleItem:
    item = parse_article(HtmlResponse(url=url, body=html, encoding="utf-8"))
    assert item is not None
    return ChromePipeline().process_item(item)


def hard_case(name: str) -> tuple[bytes, str]:
    spec = json.loads((HARD / f"{name}.expected.json").read_text("utf-8"))
    return (HARD / f"{name}.html").read_bytes(), spec["url"]


@pytest.mark.parametrize("name", CASES)
def test_a_vouched_body_is_what_the_long_way_gives(name: str) -> None:
    item = chrome_item(*hard_case(name))
    assert item.body
    if item.raw.get(COLLAPSED_BODY) is item.body:
        assert clean_body_text(item.body, collapsed=True) == clean_body_text(item.body)


def test_the_specimen_body_is_vouched_for() -> None:
    item = chrome_item(SPECIMEN.read_bytes(), "https://asianlite.com/x")
    assert item.raw.get(COLLAPSED_BODY) is item.body


def test_a_table_with_an_empty_cell_is_not_vouched_for() -> None:
    item = ArticleItem(
        url="https://asianlite.com/2024/uk-news/t",
        fetched_url="https://asianlite.com/2024/uk-news/t",
    )
    item.raw["body_html"] = (
        "<p>The figures for the week follow below.</p>"
        "<table><tr><td></td><td>Total</td></tr><tr><td>A</td><td>1</td></tr></table>"
    )
    item = ChromePipeline().process_item(item)
    assert COLLAPSED_BODY not in item.raw
    assert item.body is not None and " | Total" in item.body
    normal = NormalizePipeline().process_item(item)
    assert normal.body is not None and "\n\n| Total\n\n" in normal.body


def test_a_body_changed_after_chrome_is_normalised_in_full() -> None:
    item = chrome_item(SPECIMEN.read_bytes(), "https://asianlite.com/x")
    assert item.body
    item.body = "  Changed   after\n\n\n\nchrome  "
    assert NormalizePipeline().process_item(item).body == "Changed after\n\nchrome"
