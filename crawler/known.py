"""What the archive already holds, loaded once at the start of a crawl.

The spider asks it whether an article needs fetching; it never writes. Memory: one small
tuple per archived article (about 150 bytes), so 300,000 articles cost some 50 MB.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class KnownArticle:
    url: str
    post_id: int | None
    modified_at: datetime | None
    last_fetched: datetime | None
    etag: str | None
    last_modified: str | None
    published_at: datetime | None = None

    @property
    def site_time(self) -> datetime | None:
        """When the site last changed this article, by the site's own clock."""
        return _aware(self.modified_at) or _aware(self.published_at)


class KnownArticles:
    """Canonical URLs and post ids of archived articles, with their freshness."""

    def __init__(self, articles: Iterable[KnownArticle] = (), last_success: datetime | None = None) -> None:
        self._by_url: dict[str, KnownArticle] = {}
        self._post_ids: set[int] = set()
        #: the newest change of any archived article, by the site's clock: sitemaps whose
        #: lastmod is not newer hold nothing new (our own clock may disagree with the site's)
        self.high_water: datetime | None = None
        for article in articles:
            self.add(article)
        self.last_success = _aware(last_success)

    def add(self, article: KnownArticle) -> None:
        self._by_url[article.url] = article
        if article.post_id is not None:
            self._post_ids.add(article.post_id)
        changed = article.site_time
        if changed is not None and (self.high_water is None or changed > self.high_water):
            self.high_water = changed

    def __len__(self) -> int:
        return len(self._by_url)

    def __contains__(self, url: object) -> bool:
        return url in self._by_url

    def count_by_host(self) -> Counter[str]:
        """Archived articles per host of their canonical URL."""
        return Counter(urlsplit(url).hostname or "" for url in self._by_url)

    def has_post(self, post_id: int) -> bool:
        return post_id in self._post_ids

    def get(self, url: str) -> KnownArticle | None:
        return self._by_url.get(url)

    def is_stale(self, url: str, lastmod: datetime | None) -> bool:
        """True when the site says (``lastmod``, site clock) the article changed after the
        version we archived."""
        known = self._by_url.get(url)
        if known is None:
            return True
        if lastmod is None:
            return False
        archived = known.site_time
        return archived is None or _aware(lastmod) > archived  # type: ignore[operator]

    def is_newer_than_archive(self, lastmod: datetime | None) -> bool:
        """True when a sitemap's lastmod may hold changes the archive has not seen."""
        return lastmod is None or self.high_water is None or _aware(lastmod) > self.high_water  # type: ignore[operator]

    def longest_unchecked(self, limit: int | None) -> list[KnownArticle]:
        """Archived articles ordered by last fetch, oldest first (never-fetched first)."""
        floor = datetime.min.replace(tzinfo=UTC)
        ordered = sorted(self._by_url.values(), key=lambda a: _aware(a.last_fetched) or floor)
        return ordered[:limit] if limit else ordered


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value
