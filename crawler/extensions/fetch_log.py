"""Every fetch of the crawl in the archive's ``fetches`` table, failures with their reason.

Heard signals: ``response_received`` (status, size, validators), our ``fetch_failed`` (after
retries: the reason) and ``article_not_modified`` (a 304: the article's ``last_fetched``
moves). Rows are written in batches of ``FETCH_LOG_BATCH`` (default 200), one statement each,
and at the end.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from archive.crawl.fetches import FetchRecord, mark_not_modified, record_fetches
from archive.errors import ArchiveError
from archive.times import utcnow
from crawler import signals as our_signals
from crawler.extensions.archive_access import ArchiveAccess

logger = logging.getLogger(__name__)


class FetchLog:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.archive = ArchiveAccess.of(crawler)
        self.batch_size = crawler.settings.getint("FETCH_LOG_BATCH", 200)
        self.pending: list[FetchRecord] = []
        #: articles answered 304 Not Modified, with when: their ``last_fetched`` moves
        self.unchanged: list[tuple[str, datetime]] = []
        self.enabled = True

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FetchLog:
        log = cls(crawler)
        crawler.signals.connect(log.response_received, signal=signals.response_received)
        crawler.signals.connect(log.fetch_failed, signal=our_signals.fetch_failed)
        crawler.signals.connect(log.not_modified, signal=our_signals.article_not_modified)
        crawler.signals.connect(log.spider_closed, signal=signals.spider_closed)
        return log

    def response_received(self, response: Response, request: Any, spider: Any) -> None:
        if response.url.endswith("/robots.txt") or response.status == 304:
            return
        url = request.meta.get("site_url") or response.url
        self._add(FetchRecord(
            url=url,
            status=response.status,
            fetched_at=utcnow(),
            bytes=len(response.body),
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
        ))

    def fetch_failed(self, url: str, status: int | None, reason: str, request: Any) -> None:
        self._add(FetchRecord(url=url, status=status, fetched_at=utcnow(), error=reason))

    def not_modified(self, url: str, response: Response) -> None:
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("archive/unchanged")
        fetched_at = utcnow()
        if self.enabled:
            self.unchanged.append((url, fetched_at))
        self._add(FetchRecord(
            url=url, status=304, fetched_at=fetched_at, bytes=0, etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
        ))

    def spider_closed(self, spider: Any, reason: str) -> None:
        self.flush()

    def _add(self, row: FetchRecord) -> None:
        if not self.enabled:
            return
        self.pending.append(row)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.pending or not self.enabled:
            return
        rows, self.pending = self.pending, []
        unchanged, self.unchanged = self.unchanged, []
        run_id = self.crawler.stats.get_value("archive/run_id") if self.crawler.stats else None
        try:
            with self.archive.sessions().begin() as session:
                record_fetches(session, rows, run_id=run_id)
                mark_not_modified(session, unchanged)
        except ArchiveError as exc:
            logger.error("fetch log disabled, the archive is unavailable: %s", exc)
            self.enabled = False
        except Exception as exc:  # noqa: BLE001 - the fetch log must never stop the crawl
            logger.error("could not write %d fetch rows: %s", len(rows), exc)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
