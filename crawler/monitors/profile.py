"""The run's field profile: for every scraped article and contract field, the layer that
produced the field (``item.layers``) or ``missing``; a few example URLs per layer.

Kept in the stats as ``health/profile`` (a dict, see :mod:`archive.crawl.drift`). Articles of
the old site (archive.asianlite.com, its own theme, frozen since 2015) are left out: drift
watches the live site, and a run's share of old articles must not look like a redesign.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler

from crawler.urls import OLD_SITE_HOST

MISSING = "missing"
#: the contract fields worth profiling (url is always there; links are many per article)
PROFILED_FIELDS = (
    "title", "post_id", "shortlink", "summary", "body", "published_at", "modified_at",
    "authors", "category", "categories", "tags", "source", "reading_minutes", "language", "images",
)
EXAMPLES_PER_LAYER = 3
STAT = "health/profile"
#: where the drift monitor leaves its alarms for the report
DRIFT_STAT = "health/drift"


class FieldProfile:
    """Extension: counts on ``item_scraped`` (what reached the archive pipeline's end)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.profile: dict[str, Any] = {"items": 0, "fields": {}, "examples": {}}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FieldProfile:
        extension = cls(crawler)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        return extension

    def item_scraped(self, item: Any) -> None:
        adapter = ItemAdapter(item)
        layers = adapter.get("layers") or {}
        url = adapter.get("url") or adapter.get("fetched_url") or ""
        if urlsplit(url).hostname == OLD_SITE_HOST:
            return
        self.profile["items"] += 1
        for name in PROFILED_FIELDS:
            self._count(name, field_layer(adapter.get(name), layers.get(name)), url)
        if self.crawler.stats is not None:
            self.crawler.stats.set_value(STAT, self.profile)

    def _count(self, name: str, layer: str, url: str) -> None:
        counts = self.profile["fields"].setdefault(name, {})
        counts[layer] = counts.get(layer, 0) + 1
        examples = self.profile["examples"].setdefault(name, {}).setdefault(layer, [])
        if len(examples) < EXAMPLES_PER_LAYER and url:
            examples.append(url)


def field_layer(value: Any, layer: str | None) -> str:
    """``missing`` for an empty value, else the page object's layer (``pipeline`` when a
    pipeline filled the field, e.g. the language)."""
    if value is None or value == "" or value == [] or value == ():
        return MISSING
    return layer or "pipeline"
