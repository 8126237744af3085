"""An unusable database gives a specific, clear error and loses nothing already stored."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from archive.errors import ArchiveError, ArchiveUnavailable
from archive.schema.engine import as_unavailable, open_archive_engine, session_factory
from archive.schema.models import Article
from archive.write.store import store_article
from tests.servers.postgres import start_postgres


def record(n: int) -> dict:
    return {"post_id": n, "url": f"https://asianlite.com/2022/top-news/story-{n}",
            "title": f"Story {n}", "body": f"Body of story {n}."}


def count_articles(url: str) -> int:
    engine = open_archive_engine(url, upgrade=False, write=False)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(Article)).scalar_one()
    engine.dispose()
    return total


def test_locked_sqlite_database_is_reported_and_nothing_is_lost(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    engine = open_archive_engine(url, busy_timeout=0.2)
    with session_factory(engine).begin() as session:
        store_article(session, record(1))

    blocker = sqlite3.connect(tmp_path / "archive.db", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        with pytest.raises(SQLAlchemyError) as caught, session_factory(engine).begin() as session:
            store_article(session, record(2))
        error = as_unavailable(caught.value, url)
        assert error is not None and "database is locked" in str(error)
        assert url in str(error)
        with pytest.raises(ArchiveUnavailable, match="locked"):
            open_archive_engine(url, busy_timeout=0.2)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()

    with session_factory(engine).begin() as session:  # once unlocked, writing works again
        store_article(session, record(2))
    engine.dispose()
    assert count_articles(url) == 2


def test_read_only_sqlite_database_is_refused_for_writing(tmp_path: Path):
    """A database SQLite opens read-only is refused for writing, with the cause.

    ``?mode=ro`` makes it read-only for every user, root included (a chmod'ed file would not
    stop root, and CI runs as root), and takes the same "readonly" path as a read-only file.
    """
    path = tmp_path / "archive.db"
    open_archive_engine(f"sqlite:///{path}").dispose()
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    with pytest.raises(ArchiveUnavailable) as caught:
        open_archive_engine(url)
    assert "readonly" in caught.value.cause
    assert count_articles(f"sqlite:///{path}") == 0


def test_missing_directory_is_named(tmp_path: Path):
    with pytest.raises(ArchiveUnavailable, match="does not exist"):
        open_archive_engine(f"sqlite:///{tmp_path / 'nope' / 'archive.db'}")


def test_missing_file_is_not_created_by_readers(tmp_path: Path):
    path = tmp_path / "archive.db"
    with pytest.raises(ArchiveUnavailable, match="no archive file"):
        open_archive_engine(f"sqlite:///{path}", upgrade=False, write=False)
    assert not path.exists()


def test_bad_url_is_explained():
    with pytest.raises(ArchiveError, match="not a database URL"):
        open_archive_engine("archive.db")


@pytest.mark.postgres
def test_unreachable_postgres_names_the_url_without_password(postgres_server):
    server = postgres_server
    url = "postgresql+psycopg://postgres:s3cret@127.0.0.1:1/archive?connect_timeout=2"
    with pytest.raises(ArchiveUnavailable) as caught:
        open_archive_engine(url)
    message = str(caught.value)
    assert "127.0.0.1:1/archive" in message and "s3cret" not in message and "***" in message
    assert server.port  # the real server stays untouched


@pytest.mark.postgres
def test_stopped_postgres_is_reported_and_nothing_is_lost():
    if shutil.which("runuser") is None and os.geteuid() == 0:
        pytest.skip("runuser is needed to run PostgreSQL as root")
    server = start_postgres()
    if server is None:
        pytest.skip("PostgreSQL is not installed")
    try:
        url = server.url()
        engine = open_archive_engine(url)
        with session_factory(engine).begin() as session:
            store_article(session, record(1))
        server.stop()

        with pytest.raises(SQLAlchemyError) as caught, session_factory(engine).begin() as session:
            store_article(session, record(2))
        error = as_unavailable(caught.value, url)
        assert error is not None, caught.value
        assert f"127.0.0.1:{server.port}" in str(error)
        with pytest.raises(ArchiveUnavailable, match=f"127.0.0.1:{server.port}"):
            open_archive_engine(url)
        engine.dispose()

        server.launch()
        assert count_articles(url) == 1
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)
