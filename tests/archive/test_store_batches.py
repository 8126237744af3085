"""store_articles writes archived articles in batches: the archive ends as one by one would leave it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.contract import PAGE_TIME_KINDS
from archive.research.export import iter_records
from archive.schema.engine import open_archive_engine, session_factory
from archive.schema.models import Article, ArticleRevision, ArticleUrl, Link
from archive.write.store import StoreOutcome, store_article, store_articles
from tests.servers.records import make_record

T1 = "2025-01-01T00:00:00+00:00"
T2 = "2025-02-01T00:00:00+00:00"


def _first_fetch() -> list[dict[str, Any]]:
    return [{**make_record(i, total=8), "fetched_at": T1} for i in range(6)]


def _second_fetch(first: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Changed, unchanged, moved, repeated and new articles, links between them."""
    moved_url = first[2]["url"] + "-renamed"
    changed = {**first[0], "title": "Changed title", "tags": ["Tag 1", "Brand new tag"],
               "links": first[0]["links"][::-1][:6], "fetched_at": T2}
    chrome_only = {**first[1], "fetched_at": T2, "etag": '"e2"', "warc_file": "a.warc.gz",
                   "warc_offset": 10, "warc_length": 20,
                   "links": [link for link in first[1]["links"] if link["kind"] != "dont_miss"]
                   + [{"kind": "dont_miss", "url": moved_url, "text": "New chrome"}]}
    moved = {**first[2], "url": moved_url, "body": first[2]["body"] + " More.", "fetched_at": T2,
             "revision_reason": "reprocess: test"}
    new = {**make_record(6, total=8), "fetched_at": T2,
           "links": [{"kind": "body", "url": moved_url, "text": "to the moved one"}]}
    return [changed, chrome_only, moved, {**changed, "body": "Second change."}, new,
            {**first[3], "fetched_at": T2}, {**first[4], "summary": "New summary", "fetched_at": T2}]


def _dump(sessions: sessionmaker[Session]) -> dict[str, Any]:
    """Everything stored, with article ids replaced by canonical URLs (ids may differ)."""
    with sessions() as session:
        url_of = {article_id: url for article_id, url in session.execute(select(Article.id, Article.url))}
        return {
            "records": sorted(iter_records(session), key=lambda r: r["url"]),
            "articles": sorted(session.execute(select(
                Article.url, Article.version, Article.first_seen, Article.last_fetched,
                Article.last_changed, Article.etag, Article.warc_file, Article.warc_offset,
                Article.content_hash))),
            "revisions": sorted((url_of[r.article_id], r.version, r.title, r.body, r.fetched_at,
                                 r.superseded_at, r.reason or "")
                                for r in session.scalars(select(ArticleRevision))),
            "urls": sorted((u.url, url_of[u.article_id], u.kind)
                           for u in session.scalars(select(ArticleUrl))),
            "links": sorted((url_of[k.article_id], k.kind, k.target_url, k.text or "", k.position,
                             url_of.get(k.target_article_id or 0, ""), k.first_seen, k.last_seen,
                             k.current) for k in session.scalars(select(Link))),
        }


def _fresh_sqlite(path: Path) -> sessionmaker[Session]:
    return session_factory(open_archive_engine(f"sqlite:///{path}"))


def test_a_batch_of_archived_articles_ends_as_one_by_one(sessions, tmp_path):
    first = _first_fetch()
    second = _second_fetch(first)
    one_by_one = _fresh_sqlite(tmp_path / "one-by-one.db")
    outcomes = []
    for record in first + second:
        with one_by_one.begin() as session:
            outcomes.append(store_article(session, record))
    with sessions.begin() as session:
        store_articles(session, first)
    with sessions.begin() as session:
        batched = store_articles(session, second)
    assert batched == outcomes[len(first):] == [
        StoreOutcome.UPDATED, StoreOutcome.UNCHANGED, StoreOutcome.UPDATED,
        StoreOutcome.UPDATED, StoreOutcome.NEW, StoreOutcome.UNCHANGED, StoreOutcome.UPDATED]
    got, expected = _dump(sessions), _dump(one_by_one)
    for table in expected:
        assert got[table] == expected[table], table
    assert len(got["revisions"]) == 4 and ("reprocess: test" in
                                           {r[-1] for r in got["revisions"]})
    moved_from = (first[2]["url"], second[2]["url"], "former")
    assert moved_from in got["urls"]
    moved_url = second[2]["url"]
    chrome = {k[1]: k for k in got["links"] if k[0] == first[1]["url"] and k[1] in PAGE_TIME_KINDS
              and k[2] != moved_url}
    assert chrome["latest_from"][-3:] == (_at(T1), _at(T2), True)  # shown again
    assert chrome["dont_miss"][-3:] == (_at(T1), _at(T1), False)  # gone from the page
    new_chrome = [k for k in got["links"] if k[0] == first[1]["url"] and k[2] == moved_url]
    assert [k[-4:] for k in new_chrome] == [(moved_url, _at(T2), _at(T2), True)]


def _at(iso: str) -> datetime:
    return datetime.fromisoformat(iso)
