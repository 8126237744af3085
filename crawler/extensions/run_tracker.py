"""One crawl, one row in ``crawl_runs``; never two crawls at once; a clear verdict at the end.

- spider_opened: open a ``crawl_runs`` row, take the archive's ``crawl`` lock (refused -> the
  run does nothing, stat ``run/status`` = ``refused``, exit code 75), start the heartbeat. A lock
  held by a dead process on this host is taken over at once, a lock whose heartbeat is older
  than ``CRAWL_LOCK_STALE_SECONDS`` from anywhere; the dead holder's run becomes ``crashed``.
- spider_closed: decide the status (``finished``, ``failed``, ``cancelled``), write counts and
  stats, release the lock, print the one-line summary.
- :meth:`CrawlRunTracker.close_abandoned`: the ``crawl`` command calls it when the reactor
  stopped without spider_closed (a second Ctrl-C): the row is closed and the lock released.

A run fails when the spider closed for any reason but ``finished`` (e.g. ``archive_unavailable``),
when more than ``CRAWL_ARTICLE_FAILURE_LIMIT`` of the articles attempted failed for good, or
when more than ``CRAWL_ERROR_SHARE_LIMIT`` of all fetches (sitemaps, listings, feed, articles)
failed for good.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
import uuid
from datetime import timedelta
from typing import Any
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from archive.crawl.locks import LockOwner, Takeover, heartbeat, lock_info, release_lock, take_lock
from archive.crawl.runs import finish_run, mark_crashed, start_run
from archive.errors import ArchiveError
from crawler.extensions.archive_access import ArchiveAccess

logger = logging.getLogger(__name__)

LOCK_NAME = "crawl"
COUNT_STATS = {
    "new": "archive/new",
    "updated": "archive/updated",
    "unchanged": "archive/unchanged",
    "rejected": "archive/rejected",
    "failed": "fetch/failed",
}
#: deliberate stops (Ctrl-C, a CLOSESPIDER_* limit): the run is "cancelled", not "failed"
NORMAL_STOPS = frozenset({
    "shutdown", "cancelled", "closespider_itemcount", "closespider_pagecount", "closespider_timeout",
    "shutdown_forced",
})
#: spider stats of article outcomes (counted by the spider)
ARTICLES_FETCHED = "articles/fetched"
ARTICLES_FAILED = "articles/failed"


class CrawlRunTracker:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.archive = ArchiveAccess.of(crawler)
        self.error_share_limit = settings.getfloat("CRAWL_ERROR_SHARE_LIMIT", 0.2)
        self.article_failure_limit = settings.getfloat("CRAWL_ARTICLE_FAILURE_LIMIT", 0.05)
        self.stale_after = timedelta(seconds=settings.getfloat("CRAWL_LOCK_STALE_SECONDS", 7200))
        self.heartbeat_every = settings.getfloat("CRAWL_LOCK_HEARTBEAT_SECONDS", 60)
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.run_id: int | None = None
        self.locked = False
        self.closed = False
        self.beat: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRunTracker:
        tracker = cls(crawler)
        _TRACKERS[crawler] = tracker
        crawler.signals.connect(tracker.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(tracker.spider_closed, signal=signals.spider_closed)
        return tracker

    # -- opening ------------------------------------------------------------------------------

    def spider_opened(self, spider: Any) -> None:
        if getattr(getattr(spider, "args", None), "help", False):
            return
        stats = self.crawler.stats
        assert stats is not None
        try:
            sessions = self.archive.sessions()
            with sessions.begin() as session:
                self.run_id = start_run(session, self._mode(spider))
                owner = LockOwner.here(self.holder, self.run_id)
                outcome = take_lock(session, LOCK_NAME, owner, self.stale_after)
                self.locked = outcome.acquired
                holder = None if self.locked else lock_info(session, LOCK_NAME)
                if outcome.previous is not None:
                    _close_taken_over(session, outcome)
                if not self.locked:
                    finish_run(session, self.run_id, "refused")
        except ArchiveError as exc:
            stats.set_value("run/status", "failed")
            stats.set_value("run/error", str(exc))
            raise CloseSpider("archive_unavailable") from exc
        stats.set_value("archive/run_id", self.run_id)
        if not self.locked:
            message = _refusal(holder)
            print(message, file=sys.stderr, flush=True)
            logger.error(message)
            stats.set_value("run/status", "refused")
            raise CloseSpider("already_running")
        self.beat = task.LoopingCall(self._heartbeat)
        self.beat.start(self.heartbeat_every, now=False)

    def _heartbeat(self) -> None:
        try:
            with self.archive.sessions().begin() as session:
                still_ours = heartbeat(session, LOCK_NAME, self.holder)
        except ArchiveError as exc:
            logger.warning("could not refresh the crawl lock: %s", exc)
            return
        if not still_ours:
            logger.error("another crawl took over the crawl lock; stopping this one")
            self.locked = False
            engine = self.crawler.engine
            if engine is not None:
                deferred_from_coro(engine.close_spider_async(reason="lock_lost"))

    # -- closing ------------------------------------------------------------------------------

    def spider_closed(self, spider: Any, reason: str) -> None:
        stats = self.crawler.stats
        assert stats is not None
        self.closed = True
        if self.beat is not None and self.beat.running:
            self.beat.stop()
        if getattr(getattr(spider, "args", None), "help", False):
            return
        if stats.get_value("run/status") == "refused":
            return
        status = self._status(reason)
        stats.set_value("run/status", status)
        counts = {name: int(stats.get_value(key, 0)) for name, key in COUNT_STATS.items()}
        self._record(status, counts)
        summary = _summary(self._mode(spider), status, reason, counts, stats.get_stats())
        print(summary, flush=True)
        (logger.info if status == "finished" else logger.error)(summary)

    def _status(self, reason: str) -> str:
        stats = self.crawler.stats
        assert stats is not None
        if stats.get_value("run/status") == "failed":
            return "failed"
        if reason in NORMAL_STOPS:
            return "cancelled"
        if reason != "finished":
            return "failed"
        if self._too_many_articles_failed() or self._too_many_fetches_failed():
            return "failed"
        return "finished"

    def _too_many_articles_failed(self) -> bool:
        """Articles lost for good over articles attempted (none attempted: nothing to judge)."""
        stats = self.crawler.stats
        assert stats is not None
        failed = int(stats.get_value(ARTICLES_FAILED, 0))
        attempted = failed + int(stats.get_value(ARTICLES_FETCHED, 0))
        return attempted > 0 and failed / attempted > self.article_failure_limit

    def _too_many_fetches_failed(self) -> bool:
        """Every fetch counts here (sitemaps, listings, feed, articles); none at all fails."""
        stats = self.crawler.stats
        assert stats is not None
        failed = int(stats.get_value("fetch/failed", 0))
        attempted = failed + int(stats.get_value("downloader/response_status_count/200", 0))
        attempted += int(stats.get_value("downloader/response_status_count/304", 0))
        return attempted == 0 or failed / attempted > self.error_share_limit

    def _record(self, status: str, counts: dict[str, int]) -> None:
        stats = self.crawler.stats
        assert stats is not None
        try:
            with self.archive.sessions().begin() as session:
                if self.run_id is not None:
                    finish_run(session, self.run_id, status, counts=counts, stats=stats.get_stats())
                if self.locked:
                    release_lock(session, LOCK_NAME, self.holder)
        except ArchiveError as exc:
            logger.error("could not record the end of the run: %s", exc)

    @staticmethod
    def _mode(spider: Any) -> str:
        args = getattr(spider, "args", None)
        if args is not None and args.urls:
            return "url"
        return getattr(args, "mode", "incremental")

    # -- a run the reactor left behind -----------------------------------------------------------

    @classmethod
    def of(cls, crawler: Crawler) -> CrawlRunTracker | None:
        """The tracker of ``crawler`` (None when the extension is disabled)."""
        return _TRACKERS.get(crawler)

    def close_abandoned(self) -> bool:
        """Close the run when the reactor stopped before spider_closed (a forced shutdown):
        status ``cancelled``, lock released. False when there was nothing to close."""
        spider = self.crawler.spider
        if self.closed or self.run_id is None or spider is None:
            return False
        logger.warning("the crawl was stopped by force; closing its run and releasing the lock")
        self.spider_closed(spider, "shutdown_forced")
        return True


_TRACKERS: WeakKeyDictionary[Crawler, CrawlRunTracker] = WeakKeyDictionary()


def _close_taken_over(session: Any, outcome: Takeover) -> None:
    """Log the takeover and mark the dead holder's run ``crashed`` (it can no longer say)."""
    previous = outcome.previous
    assert previous is not None
    why = f"its process {previous.pid} is gone" if outcome.dead_pid else "its heartbeat is stale"
    logger.warning(
        "took over the crawl lock from %s (%s; last heartbeat %s UTC)",
        previous.holder, why, f"{previous.heartbeat_at:%Y-%m-%d %H:%M:%S}",
    )
    if previous.run_id is not None and mark_crashed(session, previous.run_id):
        logger.warning("crawl run %s of that holder is marked crashed", previous.run_id)


def _refusal(holder: Any) -> str:
    if holder is None:
        return "asianlite crawl refused: another crawl holds the archive's crawl lock"
    return (
        f"asianlite crawl refused: another crawl is running ({holder.holder}, since "
        f"{holder.acquired_at:%Y-%m-%d %H:%M:%S} UTC, last heartbeat "
        f"{holder.heartbeat_at:%H:%M:%S}); it is taken over when its process is gone (same "
        f"host) or its heartbeat is stale"
    )


def _summary(mode: str, status: str, reason: str, counts: dict[str, int], stats: dict[str, Any]) -> str:
    elapsed = stats.get("elapsed_time_seconds")
    requests = stats.get("downloader/request_count", 0)
    why = "" if reason == "finished" else f" (closed: {reason})"
    took = f" in {elapsed:.1f}s" if isinstance(elapsed, int | float) else ""
    failed_articles = int(stats.get(ARTICLES_FAILED, 0))
    attempted = failed_articles + int(stats.get(ARTICLES_FETCHED, 0))
    listing_only = stats.get("discovery/listing_only")
    from_listings = "" if listing_only is None else f"; {listing_only} articles from listings only"
    return (
        f"asianlite crawl {status}{why} [{mode}]: {counts['new']} new, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged, {counts['rejected']} rejected, {counts['failed']} failed; "
        f"{requests} requests{took}; articles: {failed_articles} of {attempted} failed{from_listings}"
    )
