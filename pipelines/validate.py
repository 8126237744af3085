"""Reject items that are not a usable article, with a specific reason.

A rejected item raises ``DropItem(reason)``; the store pipeline records drops as rejects (via
the item_dropped signal), so nothing is lost silently and the crawl goes on.
"""

from __future__ import annotations

import logging
from datetime import datetime
from urllib.parse import urlsplit

from scrapy.exceptions import DropItem

from archive.contract import EXTRACTION_LAYERS, LINK_KINDS
from crawler.items import ArticleItem

logger = logging.getLogger(__name__)

#: A body shorter than this is a stub, not an article.
MIN_BODY_CHARS = 20


def rejection_reason(item: ArticleItem) -> str | None:
    """Why an item must not be stored, or None when it is fine."""
    for check in (_required, _dates, _url, _numbers, _links, _images):
        reason = check(item)
        if reason:
            return reason
    return None


def _required(item: ArticleItem) -> str | None:
    if not item.url:
        return "missing url"
    if not item.title:
        return "missing title"
    if not item.body:
        return "missing body"
    if len(item.body) < MIN_BODY_CHARS:
        return f"body too short ({len(item.body)} chars)"
    if not item.published_at:
        return "missing published_at"
    return None


def _dates(item: ArticleItem) -> str | None:
    for name in ("published_at", "modified_at"):
        value = getattr(item, name)
        if value is None:
            continue
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return f"unparseable {name}: {value!r}"
        if parsed.tzinfo is None:
            return f"{name} without a UTC offset: {value!r}"
    return None


def _url(item: ArticleItem) -> str | None:
    parts = urlsplit(item.url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"invalid url: {item.url!r}"
    return None


def _numbers(item: ArticleItem) -> str | None:
    if item.post_id is not None and (not isinstance(item.post_id, int) or item.post_id <= 0):
        return f"invalid post_id: {item.post_id!r}"
    if item.reading_minutes is not None and not 0 <= item.reading_minutes <= 1000:
        return f"invalid reading_minutes: {item.reading_minutes!r}"
    if item.extraction is not None and item.extraction not in EXTRACTION_LAYERS:
        return f"unknown extraction layer: {item.extraction!r}"
    return None


def _links(item: ArticleItem) -> str | None:
    for link in item.links:
        if link.kind not in LINK_KINDS:
            return f"unknown link kind: {link.kind!r}"
        if not link.url:
            return f"{link.kind} link without url"
    return None


def _images(item: ArticleItem) -> str | None:
    for image in item.images:
        if not image.url:
            return "image without url"
    return None


class ValidatePipeline:
    """Drop items that fail validation, with the reason as the DropItem message."""

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if not isinstance(item, ArticleItem):
            return item
        reason = rejection_reason(item)
        if reason:
            logger.info("rejected %s: %s", item.fetched_url or item.url, reason)
            raise DropItem(reason)
        return item
