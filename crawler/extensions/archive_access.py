"""One engine on the archive per crawl, shared by the run tracker, the fetch log and the
spider's view of what is archived (the store pipeline keeps its own, with its busy timeout).

Opened lazily on first use (schema checked and upgraded once), disposed when the engine stops.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from scrapy import signals
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from archive.schema.engine import open_archive_engine, session_factory

_SHARED: WeakKeyDictionary[Any, ArchiveAccess] = WeakKeyDictionary()


class ArchiveAccess:
    def __init__(self, db_url: str | None) -> None:
        self.db_url = db_url
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None

    @classmethod
    def of(cls, crawler: Any) -> ArchiveAccess:
        """The crawl's shared access (created on first call, closed when the engine stops)."""
        access = _SHARED.get(crawler)
        if access is None:
            access = _SHARED[crawler] = cls(crawler.settings.get("ARCHIVE_DB_URL"))
            crawler.signals.connect(access.close, signal=signals.engine_stopped)
        return access

    def sessions(self) -> sessionmaker[Session]:
        """Open (and upgrade) the archive on first use; raises ArchiveError when unusable."""
        if self._sessions is None:
            self._engine = open_archive_engine(self.db_url, upgrade=True, write=True)
            self._sessions = session_factory(self._engine)
        return self._sessions

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        self._engine = None
        self._sessions = None
