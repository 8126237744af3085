"""The fetch log's batched writer on a real archive (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from archive.crawl.fetches import FetchRecord, last_good_fetch_size, record_fetches
from archive.crawl.runs import start_run
from archive.schema.models import Fetch

SITE = "https://asianlite.com/2024/uk-news/"
AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def test_a_batch_is_stored_row_for_row_with_its_run(sessions) -> None:
    batch = [
        FetchRecord(SITE + "a", 200, AT, bytes=5120, etag='"e1"', last_modified="Wed, 01 May 2024"),
        FetchRecord(SITE + "b", 503, AT, error="HTTP 503"),
        FetchRecord(SITE + "c", None, AT, error="TimeoutError: took too long"),
        FetchRecord(SITE + "a", 304, AT, bytes=0),
    ]
    with sessions.begin() as session:
        run_id = start_run(session, "backfill")
        written = record_fetches(session, batch, run_id=run_id)
    with sessions() as session:
        rows = session.execute(
            select(Fetch.url, Fetch.status, Fetch.bytes, Fetch.etag, Fetch.last_modified,
                   Fetch.error, Fetch.run_id).order_by(Fetch.id)
        ).all()
        size = last_good_fetch_size(session, SITE + "a")

    assert written == 4
    assert [tuple(row) for row in rows] == [
        (f.url, f.status, f.bytes, f.etag, f.last_modified, f.error, run_id) for f in batch
    ]
    assert size == 5120


def test_an_empty_batch_writes_nothing(sessions) -> None:
    with sessions.begin() as session:
        assert record_fetches(session, []) == 0
    with sessions() as session:
        assert session.scalar(select(Fetch.id).limit(1)) is None
