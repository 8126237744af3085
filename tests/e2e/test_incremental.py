"""Incremental, refresh and single-URL runs: fetch only what is new or changed."""

from __future__ import annotations

from tests.crawling import backfill, exported_records, query, run_crawl, without_page_time_links


def test_incremental_after_publishing_fetches_at_most_k_plus_10(make_replica, sqlite_url: str) -> None:
    server = make_replica(articles=200, seed=2)
    db = sqlite_url
    backfill(server, db)
    k = 12
    new_ids = server.site.publish(k)
    server.log.clear()

    result = run_crawl(server.base_url, db)  # incremental is the default

    assert result.returncode == 0, result.output[-3000:]
    assert len(server.log) <= k + 10, [e["path"] for e in server.log]
    records = exported_records(db)
    for pid in new_ids:
        url = server.site.article_url(pid)
        assert without_page_time_links(records[url]) == without_page_time_links(server.site.truth(pid))
    assert f"{k} new" in result.summary()
    assert query(db, "SELECT count(*) FROM articles")[0][0] == 200 + k


def test_incremental_with_nothing_new_fetches_no_article(make_replica, sqlite_url: str) -> None:
    server = make_replica(articles=80, seed=4)
    db = sqlite_url
    backfill(server, db)
    server.log.clear()

    result = run_crawl(server.base_url, db)

    assert result.returncode == 0, result.output[-3000:]
    article_paths = {server.site.path(pid) for pid in server.site.post_ids}
    assert not [e["path"] for e in server.log if e["path"] in article_paths]
    assert "0 new, 0 updated" in result.summary()


def test_incremental_reads_only_newer_sitemaps_and_picks_up_an_edit(make_replica, sqlite_url: str) -> None:
    server = make_replica(articles=120, seed=8, include_specimen=False)
    db = sqlite_url
    backfill(server, db)
    server.log.clear()
    assert run_crawl(server.base_url, db).returncode == 0
    # the index has no lastmod (WordPress core): only the newest post sitemap is read
    assert [e["path"] for e in server.log if e["path"].startswith("/wp-sitemap")] == [
        "/wp-sitemap.xml", "/wp-sitemap-posts-post-1.xml"]

    edited = server.site.main_post_ids[10]  # an old post: not in the feed or on the homepage
    server.site.edit(edited)
    server.log.clear()
    result = run_crawl(server.base_url, db)

    assert result.returncode == 0, result.output[-3000:]
    assert [e["path"] for e in server.log if e["path"].startswith("/wp-sitemap-posts")]
    assert server.log.count(server.site.path(edited)) == 1
    assert "0 new, 1 updated" in result.summary()
    record = exported_records(db)[server.site.article_url(edited)]
    assert without_page_time_links(record) == without_page_time_links(server.site.truth(edited))


def test_incremental_on_an_empty_archive_says_how_to_backfill(make_replica, sqlite_url: str) -> None:
    server = make_replica(articles=60, seed=4)
    db = sqlite_url

    result = run_crawl(server.base_url, db, "days=7")

    assert result.returncode == 0, result.output[-3000:]
    assert "mode=backfill" in result.output
    assert exported_records(db), "the newest posts (feed, homepage) were archived"


def test_refresh_after_an_edit_stores_a_revision(make_replica, sqlite_url: str) -> None:
    server = make_replica(articles=30, seed=6, include_specimen=False)
    db = sqlite_url
    backfill(server, db)
    edited = server.site.post_ids[5]
    old_body = exported_records(db)[server.site.article_url(edited)]["body"]
    server.site.edit(edited)
    server.log.clear()

    result = run_crawl(server.base_url, db, "mode=refresh")

    assert result.returncode == 0, result.output[-3000:]
    record = exported_records(db)[server.site.article_url(edited)]
    assert without_page_time_links(record) == without_page_time_links(server.site.truth(edited))
    assert record["body"] != old_body
    revisions = query(db, "SELECT r.body FROM article_revisions r JOIN articles a ON a.id = r.article_id WHERE a.url = :u", u=record["url"])
    assert [row[0] for row in revisions] == [old_body]
    # conditional requests: unchanged articles answered 304 and cost no body
    statuses = [e["status"] for e in server.log if e["path"] != "/robots.txt"]
    assert statuses.count(200) == 1 and statuses.count(304) == len(server.site.post_ids) - 1
    assert "1 updated" in result.summary()


def test_refresh_limit_takes_the_longest_unchecked_first(make_replica, sqlite_url: str) -> None:
    server = make_replica(articles=30, seed=6, include_specimen=False)
    db = sqlite_url
    backfill(server, db)
    assert run_crawl(server.base_url, db, "mode=refresh", "limit=10").returncode == 0
    first = {e["path"] for e in server.log[-10:]}
    server.log.clear()

    assert run_crawl(server.base_url, db, "mode=refresh", "limit=10").returncode == 0

    second = {e["path"] for e in server.log if e["path"] != "/robots.txt"}
    assert len(second) == 10 and not (second & first)


def test_url_argument_fetches_one_article_even_if_archived(make_replica, sqlite_url: str) -> None:
    server = make_replica(articles=20, seed=1)
    db = sqlite_url
    pid = server.site.post_ids[3]
    url = server.site.article_url(pid)

    for _ in range(2):
        result = run_crawl(server.base_url, db, f"url={url}")
        assert result.returncode == 0, result.output[-3000:]

    assert list(exported_records(db)) == [url]
    assert sum(1 for e in server.log if e["path"] == server.site.path(pid)) == 2


def test_mirror_and_shortlink_urls_land_on_one_record(make_replica, sqlite_url: str) -> None:
    server = make_replica(articles=20, seed=1, include_specimen=True)
    db = sqlite_url
    variants = ",".join([
        "https://asianlite.com/?p=226758",
        "https://asianlite.uk/2022/top-news/moscow-beijing-ties-will-get-stronger-despite-sanctions-lavrov/",
        "https://asianlite.ae/2022/top-news/moscow-beijing-ties-will-get-stronger-despite-sanctions-lavrov?utm_source=x",
    ])

    result = run_crawl(server.base_url, db, f"url={variants}")

    assert result.returncode == 0, result.output[-3000:]
    assert list(exported_records(db)) == [
        "https://asianlite.com/2022/top-news/moscow-beijing-ties-will-get-stronger-despite-sanctions-lavrov"
    ]
