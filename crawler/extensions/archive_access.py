"""A small shared helper: an extension's own engine on the archive, opened lazily."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from archive.db import open_archive_engine, session_factory


class ArchiveAccess:
    def __init__(self, db_url: str | None) -> None:
        self.db_url = db_url
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None

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
