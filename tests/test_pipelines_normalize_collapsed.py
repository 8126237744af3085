"""The chrome pipeline vouches for a collapsed body only when normalize's long way agrees."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from archive.contract import to_record
from crawler.items import ArticleItem
from crawler.pages.article import parse_article
from pipelines.chrome import CANONICAL_LINKS, COLLAPSED_BODY, ChromePipeline
from pipelines.normalize import NormalizePipeline, clean_body_text
from tests.replica.render import render_article
from tests.replica.site import Site

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


@pytest.mark.parametrize("name", [*CASES, "specimen"])
def test_normalize_shortcuts_change_nothing(name: str) -> None:
    """The page object's canonical links and chrome's collapsed body, trusted or not: same item."""
    html, url = (
        (SPECIMEN.read_bytes(), "https://asianlite.com/x")
        if name == "specimen"
        else hard_case(name)
    )
    trusted = chrome_item(html, url)
    assert trusted.raw.get(CANONICAL_LINKS) is trusted.links
    checked = copy.deepcopy(trusted)
    assert checked.raw.get(CANONICAL_LINKS) is checked.links  # deepcopy keeps the identity
    del checked.raw[CANONICAL_LINKS]
    checked.raw.pop(COLLAPSED_BODY, None)
    fast, slow = (
        NormalizePipeline().process_item(trusted),
        NormalizePipeline().process_item(checked),
    )
    assert to_record(vars(fast)) == to_record(vars(slow))


def test_links_changed_after_the_page_object_are_canonicalised() -> None:
    item = chrome_item(SPECIMEN.read_bytes(), "https://asianlite.com/x")
    item.links = [
        *item.links,
        {"kind": "body", "url": "http://www.asianlite.uk/2024/uk-news/y/", "text": "y"},
    ]
    assert (
        NormalizePipeline().process_item(item).links[-1]["url"]
        == "https://asianlite.com/2024/uk-news/y"
    )


@pytest.mark.parametrize("theme", [None, "old", "redesign"])
def test_vouched_link_texts_are_collapsed_on_replica_pages(theme: str | None) -> None:
    """What normalize trusts: the page object's links (after chrome) hold collapsed texts."""
    site = Site(articles=120, seed=5, include_specimen=True)
    vouched = 0
    for pid in site.post_ids:
        html = render_article(site, pid, theme=theme).encode("utf-8")
        item = chrome_item(html, site.article_url(pid))
        if item.raw.get(CANONICAL_LINKS) is item.links:
            vouched += 1
            texts = [link["text"] for link in item.links if link.get("text") is not None]
            assert texts == [" ".join(text.split()) for text in texts], pid
    assert vouched == len(site.post_ids)
