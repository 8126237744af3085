"""ValidatePipeline: a rejected item raises DropItem with a specific reason."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy.exceptions import DropItem

from crawler.items import ArticleItem, ImageItem, LinkItem
from pipelines.validate import ValidatePipeline


def good(**changes: Any) -> ArticleItem:
    fields: dict[str, Any] = {
        "url": "https://asianlite.com/2022/top-news/a-story",
        "title": "A story",
        "body": "A body long enough to be an article.",
        "published_at": "2022-03-20T09:41:12+00:00",
    }
    fields.update(changes)
    return ArticleItem(**fields)


def test_a_good_item_passes() -> None:
    item = good()
    assert ValidatePipeline().process_item(item) is item


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"title": None}, "missing title"),
        ({"title": ""}, "missing title"),
        ({"body": None}, "missing body"),
        ({"body": "Too short"}, "body too short (9 chars)"),
        ({"url": ""}, "missing url"),
        ({"url": "asianlite.com/x"}, "invalid url: 'asianlite.com/x'"),
        ({"published_at": None}, "missing published_at"),
        ({"published_at": "March 20"}, "unparseable published_at: 'March 20'"),
        ({"modified_at": "yesterday"}, "unparseable modified_at: 'yesterday'"),
        (
            {"published_at": "2022-03-20T09:41:12"},
            "published_at without a UTC offset: '2022-03-20T09:41:12'",
        ),
        ({"post_id": -3}, "invalid post_id: -3"),
        ({"reading_minutes": -1}, "invalid reading_minutes: -1"),
        ({"extraction": "magic"}, "unknown extraction layer: 'magic'"),
        (
            {"links": [LinkItem("sidebar", "https://x", None)]},
            "unknown link kind: 'sidebar'",
        ),
        ({"links": [LinkItem("body", "", "x")]}, "body link without url"),
        ({"images": [ImageItem(None, "c", None)]}, "image without url"),
    ],
)
def test_rejections_carry_a_specific_reason(changes: dict[str, Any], reason: str) -> None:
    with pytest.raises(DropItem) as raised:
        ValidatePipeline().process_item(good(**changes))
    assert str(raised.value) == reason


def test_other_items_pass_through() -> None:
    other = {"not": "an article"}
    assert ValidatePipeline().process_item(other) is other  # type: ignore[arg-type]
