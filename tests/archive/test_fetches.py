"""The fetch log's batched writer on a real archive (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from archive.crawl.fetches import (
    FetchRecord,
    last_good_fetch_size,
    mark_not_modified,
    record_fetches,
)
from archive.crawl.runs import start_run
from archive.schema.models import Article, Fetch
from archive.write.store import store_articles

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


def test_not_modified_articles_move_only_their_last_fetched_in_one_call(sessions, specimen) -> None:
    other = {**specimen, "post_id": 1, "url": SITE + "other-story", "shortlink": "https://asianlite.com/?p=1",
             "title": "Another story"}
    with sessions.begin() as session:
        store_articles(session, [specimen, other])
    with sessions() as session:
        before = {row.url: row._asdict() for row in session.execute(select(Article.__table__))}
    later, latest = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC)

    with sessions.begin() as session:  # the specimen by its canonical URL, the other by its shortlink
        mark_not_modified(session, [(specimen["url"], later), (other["shortlink"], latest),
                                    (SITE + "never-archived", latest)])

    with sessions() as session:
        after = {row.url: row._asdict() for row in session.execute(select(Article.__table__))}
    assert set(after) == {specimen["url"], other["url"]}
    assert after[specimen["url"]]["last_fetched"] == later
    assert after[other["url"]]["last_fetched"] == latest
    for url, row in after.items():  # nothing else moved
        assert {**row, "last_fetched": None} == {**before[url], "last_fetched": None}
