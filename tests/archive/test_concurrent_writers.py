"""Several processes store overlapping articles into one PostgreSQL archive at the same time,
as the workers of a distributed crawl do: no duplicate, no lost article or link, no deadlock,
and the archive ends up exactly as one process storing them one after another would leave it."""

from __future__ import annotations

import multiprocessing
import random
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.crawling import exported_records, query
from tests.replica.site import Site
from tests.servers.postgres import PostgresServer

WRITERS = 4
BATCH = 8
JOIN_SECONDS = 240


@pytest.fixture
def two_archives(postgres_server: PostgresServer, _postgres_archive_template: str) -> Iterator[tuple[str, str]]:
    names = [f"test_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    for name in names:
        postgres_server.execute(f"CREATE DATABASE {name} TEMPLATE {_postgres_archive_template}")
    yield postgres_server.url(names[0]), postgres_server.url(names[1])
    for name in names:
        postgres_server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _records(seed: int = 41, articles: int = 48) -> list[dict[str, Any]]:
    site = Site(articles, seed, True)
    return [site.truth(pid) for pid in site.post_ids]


def _store_all(db_url: str, order_seed: int, start: Any) -> None:
    """One writer: every record, in its own order, in batches as the store pipeline does."""
    from archive.schema.engine import open_archive_engine, session_factory
    from archive.write.store import store_articles

    records = _records()
    random.Random(order_seed).shuffle(records)
    engine = open_archive_engine(db_url, upgrade=False, write=True)
    sessions = session_factory(engine)
    start.wait(30)
    for i in range(0, len(records), BATCH):
        with sessions.begin() as session:
            store_articles(session, records[i : i + BATCH])
    engine.dispose()


def test_concurrent_writers_leave_the_archive_as_one_writer_would(two_archives) -> None:
    concurrent_url, sequential_url = two_archives
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    writers = [context.Process(target=_store_all, args=(concurrent_url, n, start)) for n in range(WRITERS)]
    for writer in writers:
        writer.start()
    start.set()
    for writer in writers:
        writer.join(JOIN_SECONDS)
    assert [writer.exitcode for writer in writers] == [0] * WRITERS
    _store_all(sequential_url, 0, _Set())

    expected = exported_records(sequential_url)
    assert len(expected) == 48
    assert exported_records(concurrent_url) == expected
    for sql in ("SELECT count(*) FROM articles", "SELECT count(*) FROM links",
                "SELECT count(*) FROM links WHERE target_article_id IS NOT NULL",
                "SELECT count(*) FROM article_revisions"):
        assert query(concurrent_url, sql) == query(sequential_url, sql), sql


class _Set:
    """An already-set event for the sequential writer."""

    def wait(self, timeout: float) -> bool:
        return True
