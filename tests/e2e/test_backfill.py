"""End to end: the real ``scrapy crawl asianlite`` process against the replica over HTTP."""

from __future__ import annotations

from collections import Counter

from tests.crawling import (
    exported_records,
    last_run_stats,
    query,
    run_crawl,
    without_page_time_links,
)
from tests.replica.server import ReplicaServer


def _article_paths(server: ReplicaServer) -> Counter[str]:
    site = server.site
    wanted = {site.path(pid) for pid in site.post_ids}
    return Counter(entry["path"] for entry in server.log if entry["path"] in wanted)


def test_backfill_stores_every_article_once_equal_to_truth(make_replica, sqlite_url: str) -> None:
    server = make_replica(articles=300, seed=7, include_specimen=True)
    db = sqlite_url

    result = run_crawl(server.base_url, db, "mode=backfill")

    assert result.returncode == 0, result.output[-3000:]
    records = exported_records(db)
    site = server.site
    truth = {site.article_url(pid): site.truth(pid) for pid in site.post_ids}
    assert set(records) == set(truth)
    mismatched = [
        url for url, expected in truth.items()
        if without_page_time_links(records[url]) != without_page_time_links(expected)
    ]
    assert mismatched == []
    assert query(db, "SELECT count(*) FROM articles")[0][0] == len(truth)
    # no article page was downloaded twice
    assert max(_article_paths(server).values()) == 1
    assert "300 new" in result.summary() or f"{len(truth)} new" in result.summary()


def test_every_request_went_to_the_replica_and_offsite_links_were_not_followed(
    make_replica, sqlite_url: str) -> None:
    server = make_replica(articles=40, seed=3)
    db = sqlite_url

    result = run_crawl(server.base_url, db, "mode=backfill")

    assert result.returncode == 0, result.output[-3000:]
    stats = last_run_stats(db)
    # every request the crawler made arrived here: none went to asianlite.com, twitter, ...
    assert stats["downloader/request_count"] == len(server.log)
    assert all(entry["host"].startswith(("127.0.0.1", "archive.asianlite.com")) for entry in server.log)
    assert stats.get("offsite/filtered", 0) == 0


def test_chain_alone_reaches_every_article(make_replica, sqlite_url: str) -> None:
    """With feed, sitemaps, categories and month archives gone, the Next/Previous chain
    from the two homepages still reaches every article."""
    server = make_replica(articles=120, seed=11)
    for page_kind in ("feed", "sitemap", "category", "month", "tag"):
        server.faults.add("status", page_kind=page_kind, status=404)
    server.faults.add("status", pattern=r"^/page/", status=404)
    db = sqlite_url

    result = run_crawl(server.base_url, db, "mode=backfill")

    assert result.returncode == 0, result.output[-3000:]
    site = server.site
    assert set(exported_records(db)) == {site.article_url(pid) for pid in site.post_ids}


def test_robots_txt_disallow_is_respected(make_replica, sqlite_url: str) -> None:
    server = make_replica(articles=60, seed=5, robots_disallow=("/wp-admin/", "/2019/"))
    db = sqlite_url

    result = run_crawl(server.base_url, db, "mode=backfill")

    assert result.returncode == 0, result.output[-3000:]
    assert not [e["path"] for e in server.log if e["path"].startswith("/2019/")]
    stored = exported_records(db)
    assert stored, "the allowed part of the site was archived"
    assert not [url for url in stored if url.startswith("https://asianlite.com/2019/")]
