"""store_article on SQLite and PostgreSQL: round trip, idempotence, revisions, links, mirrors."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from archive.crawl.known import archived_id, known_articles
from archive.errors import InvalidRecord, StoreConflict
from archive.research.export import iter_records, records_for
from archive.research.search import search_articles
from archive.research.show import find_article
from archive.schema.models import Article, ArticleRevision, Base, Link
from archive.write.store import StoreOutcome, store_article, store_articles


def store(sessions: sessionmaker[Session], record: dict[str, Any]) -> StoreOutcome:
    with sessions.begin() as session:
        return store_article(session, record)


def row_counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        return {
            name: session.scalar(select(func.count()).select_from(table)) or 0
            for name, table in Base.metadata.tables.items()
        }


def exported(sessions: sessionmaker[Session]) -> list[dict[str, Any]]:
    with sessions() as session:
        return list(iter_records(session))


def test_specimen_round_trip(sessions, specimen):
    assert store(sessions, specimen) is StoreOutcome.NEW
    assert exported(sessions) == [specimen]
    assert list(exported(sessions)[0]) == list(specimen)  # same keys, same order


def test_restore_is_idempotent(sessions, specimen):
    store(sessions, {**specimen, "fetched_at": "2025-01-01T00:00:00+00:00"})
    before = row_counts(sessions)
    outcome = store(sessions, {**specimen, "fetched_at": "2025-01-02T00:00:00+00:00",
                               "etag": '"v2"'})
    assert outcome is StoreOutcome.UNCHANGED
    assert row_counts(sessions) == before
    assert before["articles"] == 1 and before["links"] == 8 and before["tags"] == 3
    with sessions() as session:
        article = session.scalars(select(Article)).one()
        assert article.version == 1
        assert article.last_fetched.isoformat() == "2025-01-02T00:00:00+00:00"
        assert article.last_changed.isoformat() == "2025-01-01T00:00:00+00:00"
        assert article.etag == '"v2"'
    assert exported(sessions) == [specimen]


def test_changed_content_keeps_a_revision(sessions, specimen):
    store(sessions, {**specimen, "fetched_at": "2025-01-01T00:00:00+00:00"})
    changed = {**specimen, "title": specimen["title"] + " (updated)",
               "body": specimen["body"].replace("Lavrov also said", "Lavrov later insisted"),
               "tags": ["Russia", "Ukraine"], "fetched_at": "2025-02-01T00:00:00+00:00"}
    assert store(sessions, changed) is StoreOutcome.UPDATED
    assert exported(sessions) == [_record(changed)]
    with sessions() as session:
        article = session.scalars(select(Article)).one()
        assert article.version == 2
        revision = session.scalars(select(ArticleRevision)).one()
        assert (revision.version, revision.title, revision.body) == (
            1, specimen["title"], specimen["body"])
        assert revision.fetched_at.isoformat() == "2025-01-01T00:00:00+00:00"
        assert revision.superseded_at.isoformat() == "2025-02-01T00:00:00+00:00"
        # the full-text index follows the change
        assert [hit.article_id for hit in search_articles(session, "insisted")] == [article.id]
        assert search_articles(session, '"Lavrov also said"') == []
    assert store(sessions, changed) is StoreOutcome.UNCHANGED
    assert row_counts(sessions)["article_revisions"] == 1


def _record(data: dict[str, Any]) -> dict[str, Any]:
    from archive.contract import to_record

    return to_record(data)


def test_page_time_links_keep_first_and_last_seen(sessions, specimen):
    first = {**specimen, "fetched_at": "2025-01-01T00:00:00+00:00"}
    store(sessions, first)
    kept = specimen["links"][3]  # latest_from, shown again
    new_latest = {"kind": "latest_from", "url": "https://asianlite.com/2025/top-news/new-one",
                  "text": "New one"}
    links = [link for link in specimen["links"] if link["kind"] not in ("latest_from",)]
    links.insert(3, kept)
    links.insert(4, new_latest)
    second = {**specimen, "links": links, "fetched_at": "2025-01-05T00:00:00+00:00"}
    assert store(sessions, second) is StoreOutcome.UNCHANGED  # page-time chrome is not content
    assert exported(sessions)[0]["links"] == links
    with sessions() as session:
        rows = {(row.target_url, row.current): row for row in session.scalars(
            select(Link).where(Link.kind == "latest_from"))}
    again = rows[(kept["url"], True)]
    assert again.first_seen.isoformat() == "2025-01-01T00:00:00+00:00"
    assert again.last_seen.isoformat() == "2025-01-05T00:00:00+00:00"
    gone = rows[(specimen["links"][4]["url"], False)]
    assert gone.last_seen.isoformat() == "2025-01-01T00:00:00+00:00"
    assert rows[(new_latest["url"], True)].first_seen.isoformat() == "2025-01-05T00:00:00+00:00"
    assert len(rows) == 4


def _linked_pair() -> tuple[dict[str, Any], dict[str, Any]]:
    target = {"post_id": 2, "url": "https://asianlite.com/2022/asia-news/target",
              "shortlink": "https://asianlite.com/?p=2", "title": "Target", "body": "Target body.",
              "published_at": "2022-03-19T10:00:00+00:00"}
    source = {"post_id": 1, "url": "https://asianlite.com/2022/top-news/source", "title": "Source",
              "body": "Source body.", "published_at": "2022-03-20T10:00:00+00:00",
              "links": [{"kind": "also_read", "url": target["url"], "text": "Target"},
                        {"kind": "body", "url": "https://asianlite.com/?p=2", "text": "short"},
                        {"kind": "next_story", "url": "https://asianlite.com/2022/x/unknown",
                         "text": "Unknown"}]}
    return source, target


@pytest.mark.parametrize("target_first", [False, True], ids=["target-later", "target-earlier"])
def test_links_resolve_in_either_order(sessions, target_first):
    source, target = _linked_pair()
    for record in ([target, source] if target_first else [source, target]):
        store(sessions, record)
    with sessions() as session:
        target_id = find_article(session, target["url"])
        resolved = dict(session.execute(select(Link.target_url, Link.target_article_id)).all())
    assert resolved == {target["url"]: target_id, "https://asianlite.com/?p=2": target_id,
                        "https://asianlite.com/2022/x/unknown": None}


def test_mirror_and_shortlink_fetches_land_on_one_article(sessions, specimen):
    mirror_url = specimen["url"].replace("asianlite.com", "asianlite.uk") + "/"
    store(sessions, {**specimen, "fetched_url": specimen["shortlink"]})
    assert store(sessions, {**specimen, "fetched_url": mirror_url}) is StoreOutcome.UNCHANGED
    # a record that kept the mirror as its URL is still the same post
    assert store(sessions, {**specimen, "url": mirror_url}) is StoreOutcome.UPDATED
    assert store(sessions, specimen) is StoreOutcome.UPDATED
    assert row_counts(sessions)["articles"] == 1
    with sessions() as session:
        article_id = archived_id(session, post_id=specimen["post_id"])
        assert article_id is not None
        for ref in (specimen["url"], specimen["shortlink"], mirror_url):
            assert archived_id(session, url=ref) == article_id
        assert archived_id(session, url="https://asianlite.com/2022/top-news/other") is None
        assert find_article(session, mirror_url) == find_article(session, specimen["url"])
    assert exported(sessions) == [specimen]


def test_url_of_another_post_is_a_conflict(sessions, specimen):
    store(sessions, specimen)
    with pytest.raises(StoreConflict, match="archived as post 226758"):
        store(sessions, {**specimen, "post_id": 999})
    assert row_counts(sessions)["articles"] == 1


@pytest.mark.parametrize("change, message", [
    ({"url": None}, "url: missing"),
    ({"url": "/2022/top-news/x"}, "url: not an absolute http"),
    ({"title": "  "}, "title: missing"),
    ({"body": None}, "body: missing"),
    ({"published_at": "20 March 2022"}, "published_at: not an ISO 8601"),
    ({"post_id": "p226758"}, "post_id: expected an integer"),
    ({"tags": "China"}, "tags: expected a list"),
    ({"links": [{"kind": "sidebar", "url": "https://asianlite.com/x"}]}, r"links\[0\].kind: .sidebar. is not one of"),
    ({"images": [{"caption": "no url"}]}, r"images\[0\].url: missing"),
])
def test_invalid_records_are_refused_with_the_field(sessions, specimen, change, message):
    with pytest.raises(InvalidRecord, match=message):
        store(sessions, {**specimen, **change})
    assert row_counts(sessions)["articles"] == 0


def test_times_are_stored_in_utc(sessions, specimen):
    store(sessions, {**specimen, "published_at": "2022-03-20T15:11:12+05:30"})
    assert exported(sessions)[0]["published_at"] == "2022-03-20T09:41:12+00:00"


def test_known_articles_for_incremental_crawls(sessions, specimen):
    source, target = _linked_pair()
    store(sessions, {**specimen, "etag": '"abc"', "last_modified": "Sun, 20 Mar 2022 09:43:50 GMT"})
    store(sessions, source)
    with sessions() as session:
        known = {item.url: item for item in known_articles(session)}
    assert set(known) == {specimen["url"], source["url"]}
    item = known[specimen["url"]]
    assert (item.post_id, item.etag, item.last_modified) == (
        226758, '"abc"', "Sun, 20 Mar 2022 09:43:50 GMT")
    assert item.modified_at.isoformat() == specimen["modified_at"]


def test_records_for_keeps_requested_order(sessions):
    source, target = _linked_pair()
    store(sessions, source)
    store(sessions, target)
    with sessions() as session:
        ids = [find_article(session, target["url"]), find_article(session, source["url"])]
        assert [r["url"] for r in records_for(session, ids)] == [target["url"], source["url"]]


def test_stored_record_is_not_mutated(sessions, specimen):
    original = copy.deepcopy(specimen)
    store(sessions, specimen)
    assert specimen == original


def test_store_articles_matches_one_by_one_and_handles_repeats(sessions, specimen):
    source, target = _linked_pair()
    store(sessions, target)
    changed = {**specimen, "title": "Changed title"}
    with sessions.begin() as session:
        outcomes = store_articles(session, [specimen, source, target, changed, specimen])
    assert outcomes == [StoreOutcome.NEW, StoreOutcome.NEW, StoreOutcome.UNCHANGED,
                        StoreOutcome.UPDATED, StoreOutcome.UPDATED]
    assert row_counts(sessions)["articles"] == 3
    assert row_counts(sessions)["article_revisions"] == 2
    with sessions() as session:
        target_id = find_article(session, target["url"])
        resolved = dict(session.execute(select(Link.target_url, Link.target_article_id)
                                        .where(Link.kind != "latest_from")).all())
    assert resolved[target["url"]] == target_id
    assert {r["url"]: r for r in exported(sessions)}[specimen["url"]] == specimen


def test_store_articles_refuses_a_bad_batch_before_writing(sessions, specimen):
    with pytest.raises(InvalidRecord, match="title"), sessions.begin() as session:
        store_articles(session, [specimen, {**specimen, "url": "https://a.b/c", "title": ""}])
    assert row_counts(sessions)["articles"] == 0


@pytest.mark.parametrize("bulk", [True, False], ids=["store_articles", "store_article"])
def test_times_are_stored_alike_in_every_table(sessions, bulk):
    """Rows written through the driver's executemany store times exactly as SQLAlchemy does
    (on SQLite times are text: '2025-01-02 03:04:05' and '...05.000000' would compare unequal)."""
    from tests.servers.records import make_record

    records = [{**make_record(i, total=3), "fetched_at": "2025-01-02T03:04:05+00:00"}
               for i in range(3)]
    with sessions.begin() as session:
        if bulk:
            store_articles(session, records)
        else:
            for record in records:
                store_article(session, record)
    with sessions() as session:
        links = session.scalar(select(func.count()).select_from(Link))
        assert links == 30
        same = session.scalar(
            select(func.count()).select_from(Link).join(Article, Article.id == Link.article_id)
            .where(Link.first_seen == Article.first_seen, Link.last_seen == Article.last_fetched))
        assert same == links
