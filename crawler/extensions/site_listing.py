"""What the site publishes, into ``site_urls``: every article URL the post sitemaps and the
feed list (the spider sends ``site_listed``), written in batches and at the end.

Completeness (``archive health --gaps``, ``mode=repair``) compares the archive with it.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from archive.crawl.listing import ListedUrl, record_listing
from archive.errors import ArchiveError
from crawler import signals as our_signals
from crawler.extensions.archive_access import ArchiveAccess

logger = logging.getLogger(__name__)


class SiteListing:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.batch_size = crawler.settings.getint("SITE_LISTING_BATCH", 1000)
        self.pending: list[ListedUrl] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteListing:
        listing = cls(crawler)
        crawler.signals.connect(listing.site_listed, signal=our_signals.site_listed)
        crawler.signals.connect(listing.spider_closed, signal=signals.spider_closed)
        return listing

    def site_listed(self, url: str, source: str, lastmod: datetime | None = None) -> None:
        self.pending.append(ListedUrl(url, source, lastmod))
        if len(self.pending) >= self.batch_size:
            self.flush()

    def spider_closed(self, spider: Any, reason: str) -> None:
        self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        rows, self.pending = self.pending, []
        run_id = self.crawler.stats.get_value("archive/run_id") if self.crawler.stats else None
        try:
            with ArchiveAccess.of(self.crawler).sessions().begin() as session:
                record_listing(session, rows, run_id=run_id)
        except ArchiveError as exc:
            logger.error("could not record %d listed URLs: %s", len(rows), exc)
