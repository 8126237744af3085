"""Bad input from the site: the run goes on, every article lands, permanent failures are recorded."""

from __future__ import annotations

from tests.crawling import exported_records, query, run_crawl, without_page_time_links


def test_transient_faults_end_with_every_article_archived(make_replica, sqlite_url: str) -> None:
    server = make_replica(articles=80, seed=12)
    server.faults.add("status", share=0.15, page_kind="article", status=503, times=2)
    server.faults.add("status", share=0.05, page_kind="article", status=429, retry_after=1, times=1)
    server.faults.add("truncate", share=0.1, page_kind="article", keep=0.4, times=1)
    server.faults.add("drop", share=0.05, page_kind="article", times=1)
    server.faults.add("delay", share=0.05, page_kind="article", seconds=3, times=1)
    db = sqlite_url

    result = run_crawl(server.base_url, db, "mode=backfill", DOWNLOAD_TIMEOUT="2")

    # every article archived, the run finished; the health monitors still tell cron that the
    # site answered with a storm of 5xx (exit 3, README "Monitoring")
    assert result.returncode == 3, result.output[-3000:]
    assert "asianlite crawl finished [backfill]" in result.output
    assert "HTTP 5xx answers" in result.output
    site = server.site
    assert set(exported_records(db)) == {site.article_url(pid) for pid in site.post_ids}
    faulted = [e for e in server.log if e["fault"]]
    assert len({e["path"] for e in faulted}) >= 10, "the faults really fired"
    assert query(db, "SELECT count(*) FROM articles")[0][0] == len(site.post_ids)


def test_permanent_failures_are_recorded_and_the_run_goes_on(make_replica, sqlite_url: str) -> None:
    server = make_replica(articles=60, seed=13)
    site = server.site
    broken = [site.post_ids[10], site.post_ids[20]]
    for pid in broken:
        server.faults.add("status", path=site.path(pid), status=500)
    db = sqlite_url

    result = run_crawl(server.base_url, db, "mode=backfill", RETRY_TIMES="2")

    assert result.returncode == 0, result.output[-3000:]
    stored = exported_records(db)
    assert len(stored) == len(site.post_ids) - 2
    failures = query(db, "SELECT url, status, error FROM fetches WHERE error IS NOT NULL")
    assert {row[0] for row in failures} == {site.article_url(pid) for pid in broken}
    assert all(row[1] == 500 and row[2] == "HTTP 500" for row in failures)
    assert " 2 failed;" in result.summary()


def test_a_half_written_page_is_never_archived_as_an_article(make_replica, sqlite_url: str) -> None:
    """A page cut short on every try (the server closes early each time) is a failure, not a
    truncated article."""
    server = make_replica(articles=30, seed=14)
    site = server.site
    victim = site.post_ids[7]
    server.faults.add("truncate", path=site.path(victim), keep=0.5)
    db = sqlite_url

    result = run_crawl(server.base_url, db, "mode=backfill", RETRY_TIMES="1")

    assert result.returncode == 0, result.output[-3000:]
    assert site.article_url(victim) not in exported_records(db)
    assert query(db, "SELECT count(*) FROM fetches WHERE url = :u AND error IS NOT NULL", u=site.article_url(victim))[0][0] == 1


def test_a_wrong_charset_still_gives_the_true_record(make_replica, sqlite_url: str) -> None:
    server = make_replica(articles=20, seed=15, include_specimen=True)
    site = server.site
    victims = site.post_ids[3:6]
    for pid in victims:
        server.faults.add("wrong_charset", path=site.path(pid))
    db = sqlite_url

    result = run_crawl(server.base_url, db, "url=" + ",".join(site.article_url(p) for p in victims))

    assert result.returncode == 0, result.output[-3000:]
    records = exported_records(db)
    for pid in victims:
        got, want = records[site.article_url(pid)], site.truth(pid)
        assert without_page_time_links(got) == without_page_time_links(want)


def test_malformed_html_still_gives_the_true_record(make_replica, sqlite_url: str) -> None:
    """Closing tags dropped, stray closers, an unclosed tag, </html> cut off: an unclosed <p>
    swallows the table or list after it, and the record must still come out whole."""
    server = make_replica(articles=40, seed=15, include_specimen=True)
    site = server.site
    victims = site.post_ids[:12]
    for pid in victims:
        server.faults.add("malformed", path=site.path(pid))
    db = sqlite_url

    result = run_crawl(server.base_url, db, "url=" + ",".join(site.article_url(p) for p in victims))

    assert result.returncode == 0, result.output[-3000:]
    records = exported_records(db)
    assert len([e for e in server.log if e["fault"] == "malformed"]) == len(victims)
    for pid in victims:
        got, want = records[site.article_url(pid)], site.truth(pid)
        assert without_page_time_links(got) == without_page_time_links(want)


def test_an_enormous_page_is_refused_by_size(make_replica, sqlite_url: str) -> None:
    server = make_replica(articles=20, seed=16)
    site = server.site
    victim = site.post_ids[2]
    server.faults.add("enormous", path=site.path(victim), size=3_000_000)
    db = sqlite_url

    result = run_crawl(server.base_url, db, f"url={site.article_url(victim)}", DOWNLOAD_MAXSIZE="1000000")

    assert exported_records(db) == {}
    (row,) = query(db, "SELECT error FROM fetches WHERE url = :u", u=site.article_url(victim))
    assert row[0]
    assert result.returncode == 1  # the only fetch failed: the run failed
