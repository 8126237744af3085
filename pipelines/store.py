"""Hand the articles to the archive in batches; record every dropped item.

Settings: ``ARCHIVE_DB_URL`` (default ``sqlite:///archive.db``), ``ARCHIVE_BUSY_TIMEOUT``
(seconds a locked SQLite database is waited for, default 30), ``ARCHIVE_BATCH_SIZE`` (default
50) and ``ARCHIVE_BATCH_SECONDS`` (default 2): one transaction per batch, one savepoint per
article when the archive refuses one of them (measured: ~10x faster than a transaction each).

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
from dataclasses import dataclass
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from twisted.internet import task
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from archive.crawl.runs import record_reject
from archive.errors import ArchiveError, ArchiveUnavailable
from archive.schema.engine import (
    DEFAULT_BUSY_TIMEOUT,
    as_unavailable,
    open_archive_engine,
    resolve_url,
    safe_url,
    session_factory,
)
from archive.write.store import store_article, store_articles
from pipelines.records import item_record

logger = logging.getLogger(__name__)

CLOSE_REASON = "archive_unavailable"
#: Item fields that are working material of the pipelines, never stored.
@dataclass(frozen=True, slots=True)
class Pending:
    record: dict[str, Any]
    item: Any
    done: Deferred[Any]


class StorePipeline:
    def __init__(
        self,
        crawler: Crawler,
        db_url: str,
        busy_timeout: float,
        batch_size: int = 50,
        batch_seconds: float = 2.0,
    ) -> None:
        self.crawler = crawler
        self.db_url = db_url
        self.busy_timeout = busy_timeout
        self.engine: Engine | None = None
        self.sessions: sessionmaker[Session] | None = None
        self.unavailable: ArchiveUnavailable | None = None
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds
        self.pending: list[Pending] = []
        self.flusher: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        settings = crawler.settings
        pipeline = cls(
            crawler,
            resolve_url(settings.get("ARCHIVE_DB_URL")),
            settings.getfloat("ARCHIVE_BUSY_TIMEOUT", DEFAULT_BUSY_TIMEOUT),
            max(1, settings.getint("ARCHIVE_BATCH_SIZE", 50)),
            settings.getfloat("ARCHIVE_BATCH_SECONDS", 2.0),
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
        self.flusher = task.LoopingCall(self.flush)
        self.flusher.start(self.batch_seconds, now=False)

    def close_spider(self) -> None:
        if self.flusher is not None and self.flusher.running:
            self.flusher.stop()
        self.flush()
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None

    async def process_item(self, item: Any) -> Any:
        """Queue the item for the next batch; returns the item once it is stored, or raises
        DropItem (recorded as a reject) when the archive refuses it.

        Batches are flushed every ``ARCHIVE_BATCH_SIZE`` items, every ``ARCHIVE_BATCH_SECONDS``
        and when the spider closes.
        """
        if self.sessions is None or self.unavailable is not None:
            raise DropItem(f"not stored: archive unavailable ({self._unavailable_cause()})")
        record = item_record(item)  # nested items (links, images) become dicts too
        done: Deferred[Any] = Deferred()
        self.pending.append(Pending(record, item, done))
        if len(self.pending) >= self.batch_size:
            self.flush()
        return await maybe_deferred_to_future(done)

    def flush(self) -> None:
        """Store the pending records in one transaction, each refused record in a savepoint of
        its own so that the others are stored all the same."""
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        if self.sessions is None or self.unavailable is not None:
            self._fail(batch, f"not stored: archive unavailable ({self._unavailable_cause()})")
            return
        try:
            with self.sessions.begin() as session:
                results = self._store_batch(session, batch)
        except SQLAlchemyError as exc:
            unavailable = as_unavailable(exc, self.db_url)
            if unavailable is not None:
                self._stop(unavailable)
                self._fail(batch, f"not stored: {unavailable}")
            else:
                self._fail(batch, f"not stored: the database refused it: {_first_line(exc)}")
            return
        for pending, result in zip(batch, results, strict=True):
            if isinstance(result, DropItem):
                pending.done.errback(Failure(result))
            else:
                self._stats().inc_value(f"archive/{result}")
                pending.done.callback(pending.item)

    def _store_batch(self, session: Session, batch: list[Pending]) -> list[str | DropItem]:
        try:
            with session.begin_nested():
                return [
                    str(outcome) for outcome in store_articles(session, [p.record for p in batch])
                ]
        except ArchiveError:
            pass  # a record the archive refuses: store them one by one
        results: list[str | DropItem] = []
        for pending in batch:
            try:
                with session.begin_nested():
                    results.append(str(store_article(session, pending.record)))
            except ArchiveError as exc:
                results.append(DropItem(f"not stored: {exc}"))
        return results

    @staticmethod
    def _fail(batch: list[Pending], reason: str) -> None:
        for pending in batch:
            pending.done.errback(Failure(DropItem(reason)))

    def item_dropped(self, item: Any, exception: BaseException, response: Any = None) -> None:
        """Record a dropped item (from any pipeline) as a reject with the drop's reason."""
        adapter = ItemAdapter(item)
        url = adapter.get("url") or adapter.get("fetched_url") or getattr(response, "url", None)
        reason = str(exception) or type(exception).__name__
        self._stats().inc_value("archive/rejected")
        if self.sessions is None or self.unavailable is not None:
            logger.error(
                "rejected %s (%s) but the archive is unavailable to record it", url, reason
            )
            self._stats().inc_value("archive/rejected_unrecorded")
            return
        try:
            with self.sessions.begin() as session:
                record_reject(
                    session, url, reason, run_id=self._run_id(), detail=type(exception).__name__
                )
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
        self.unavailable = (
            exc
            if isinstance(exc, ArchiveUnavailable)
            else ArchiveUnavailable(safe_url(self.db_url), str(exc))
        )
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
