"""What the archive already holds, loaded once at the start of a crawl.

The spider asks it whether an article needs fetching; it never writes. Memory: one small
tuple per archived article (about 150 bytes), so 300,000 articles cost some 50 MB.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class KnownArticle:
    url: str
    post_id: int | None
    modified_at: datetime | None
    last_fetched: datetime | None
    etag: str | None
    last_modified: str | None


class KnownArticles:
    """Canonical URLs and post ids of archived articles, with their freshness."""

    def __init__(self, articles: Iterable[KnownArticle] = (), last_success: datetime | None = None):
        self._by_url: dict[str, KnownArticle] = {}
        self._post_ids: set[int] = set()
        for article in articles:
            self.add(article)
        self.last_success = _aware(last_success)

    def add(self, article: KnownArticle) -> None:
        self._by_url[article.url] = article
        if article.post_id is not None:
            self._post_ids.add(article.post_id)

    def __len__(self) -> int:
        return len(self._by_url)

    def __contains__(self, url: object) -> bool:
        return url in self._by_url

    def has_post(self, post_id: int) -> bool:
        return post_id in self._post_ids

    def get(self, url: str) -> KnownArticle | None:
        return self._by_url.get(url)

    def is_stale(self, url: str, lastmod: datetime | None) -> bool:
        """True when the site says the article changed after we last fetched it."""
        known = self._by_url.get(url)
        if known is None:
            return True
        if lastmod is None:
            return False
        seen = _aware(known.last_fetched) or _aware(known.modified_at)
        return seen is None or _aware(lastmod) > seen  # type: ignore[operator]

    def longest_unchecked(self, limit: int | None) -> list[KnownArticle]:
        """Archived articles ordered by last fetch, oldest first (never-fetched first)."""
        floor = datetime.min.replace(tzinfo=UTC)
        ordered = sorted(self._by_url.values(), key=lambda a: _aware(a.last_fetched) or floor)
        return ordered[:limit] if limit else ordered


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value
