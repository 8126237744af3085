"""Hand each article to the archive in its own transaction; record every dropped item.

Settings: ``ARCHIVE_DB_URL`` (default ``sqlite:///archive.db``), ``ARCHIVE_BUSY_TIMEOUT``
(seconds a locked SQLite database is waited for, default 30).

- The schema is created/upgraded when the spider opens.
- An item the archive refuses (invalid, conflicting) is dropped with the reason; like every drop
  (``DropItem`` from any pipeline) it becomes a row in ``rejects`` and the crawl goes on.
- An unreachable, read-only or locked database stops the crawl at once with reason
  ``archive_unavailable`` and an error naming the database and the cause.
- Stats: ``archive/new``, ``archive/updated``, ``archive/unchanged``, ``archive/rejected``.
  Rejects carry the run id found in the stat ``archive/run_id`` (set by the run tracker).
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from archive.db import (
    DEFAULT_BUSY_TIMEOUT,
    as_unavailable,
    open_archive_engine,
    resolve_url,
    safe_url,
    session_factory,
)
from archive.errors import ArchiveError, ArchiveUnavailable
from archive.store import record_reject, store_article

logger = logging.getLogger(__name__)

CLOSE_REASON = "archive_unavailable"
#: Item fields that are working material of the pipelines, never stored.
NOT_STORED = ("raw",)


class StorePipeline:
    def __init__(self, crawler: Crawler, db_url: str, busy_timeout: float) -> None:
        self.crawler = crawler
        self.db_url = db_url
        self.busy_timeout = busy_timeout
        self.engine: Engine | None = None
        self.sessions: sessionmaker[Session] | None = None
        self.unavailable: ArchiveUnavailable | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        settings = crawler.settings
        pipeline = cls(
            crawler,
            resolve_url(settings.get("ARCHIVE_DB_URL")),
            settings.getfloat("ARCHIVE_BUSY_TIMEOUT", DEFAULT_BUSY_TIMEOUT),
        )
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    def open_spider(self) -> None:
        try:
            self.engine = open_archive_engine(
                self.db_url, upgrade=True, write=True, busy_timeout=self.busy_timeout
            )
        except ArchiveError as exc:
            logger.error("cannot open the archive, stopping the crawl: %s", exc)
            self._note_unavailable(exc)
            raise CloseSpider(CLOSE_REASON) from exc
        self.sessions = session_factory(self.engine)
        logger.info("archiving into %s", safe_url(self.db_url))

    def close_spider(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None

    def process_item(self, item: Any) -> Any:
        if self.sessions is None or self.unavailable is not None:
            raise DropItem(f"not stored: archive unavailable ({self._unavailable_cause()})")
        record = {k: v for k, v in ItemAdapter(item).asdict().items() if k not in NOT_STORED}
        try:
            with self.sessions.begin() as session:
                outcome = store_article(session, record)
        except ArchiveError as exc:
            raise DropItem(f"not stored: {exc}") from exc
        except SQLAlchemyError as exc:
            unavailable = as_unavailable(exc, self.db_url)
            if unavailable is not None:
                self._stop(unavailable)
                raise DropItem(f"not stored: {unavailable}") from exc
            raise DropItem(f"not stored: the database refused it: {_first_line(exc)}") from exc
        self._stats().inc_value(f"archive/{outcome}")
        return item

    def item_dropped(self, item: Any, exception: BaseException, response: Any = None) -> None:
        """Record a dropped item (from any pipeline) as a reject with the drop's reason."""
        adapter = ItemAdapter(item)
        url = adapter.get("url") or adapter.get("fetched_url") or getattr(response, "url", None)
        reason = str(exception) or type(exception).__name__
        self._stats().inc_value("archive/rejected")
        if self.sessions is None or self.unavailable is not None:
            logger.error("rejected %s (%s) but the archive is unavailable to record it", url, reason)
            self._stats().inc_value("archive/rejected_unrecorded")
            return
        try:
            with self.sessions.begin() as session:
                record_reject(session, url, reason, run_id=self._run_id(),
                              detail=type(exception).__name__)
        except SQLAlchemyError as exc:
            self._stats().inc_value("archive/rejected_unrecorded")
            unavailable = as_unavailable(exc, self.db_url)
            if unavailable is not None:
                self._stop(unavailable)
            else:
                logger.error("could not record the reject of %s (%s): %s", url, reason, exc)

    def _stop(self, exc: ArchiveUnavailable) -> None:
        """Stop the crawl once: the database cannot take writes any more."""
        if self.unavailable is not None:
            return
        self._note_unavailable(exc)
        logger.error("stopping the crawl: %s", exc)
        engine = self.crawler.engine
        if engine is not None:
            deferred_from_coro(engine.close_spider_async(reason=CLOSE_REASON))

    def _note_unavailable(self, exc: ArchiveError) -> None:
        self.unavailable = exc if isinstance(exc, ArchiveUnavailable) else ArchiveUnavailable(
            safe_url(self.db_url), str(exc))
        self._stats().set_value("archive/error", str(exc))

    def _unavailable_cause(self) -> str:
        return self.unavailable.cause if self.unavailable is not None else "not opened"

    def _run_id(self) -> int | None:
        value = self._stats().get_value("archive/run_id")
        return int(value) if value is not None else None

    def _stats(self) -> Any:
        return self.crawler.stats


def _first_line(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
