"""Issue 16, finding 5: a page cut short is never stored as the article nor as its new version.

The replica's ``cut`` fault sends part of the page without a Content-Length and closes the
connection: nothing at the HTTP level says the page is incomplete.
"""

from __future__ import annotations

from pathlib import Path

from tests.crawling import exported_records, query, run_crawl


def _sqlite(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'archive.db'}"


def _errors(db: str, url: str) -> list[str]:
    return [r[0] for r in query(db, "SELECT error FROM fetches WHERE url = :u AND error IS NOT NULL", u=url)]


def test_a_page_cut_without_length_is_retried_then_recorded_not_stored(make_replica, tmp_path: Path) -> None:
    server = make_replica(articles=20, seed=51)
    site, db = server.site, _sqlite(tmp_path)
    victim, other = site.post_ids[4], site.post_ids[5]
    server.faults.add("cut", path=site.path(victim), keep=0.7)

    result = run_crawl(server.base_url, db, f"url={site.article_url(victim)},{site.article_url(other)}",
                       RETRY_TIMES="2")

    stored = exported_records(db)
    assert site.article_url(other) in stored
    assert site.article_url(victim) not in stored
    assert server.log.count(site.path(victim)) == 3, "tried, then retried twice"
    (error,) = _errors(db, site.article_url(victim))
    assert "TruncatedPage" in error and "</html>" in error
    assert result.returncode == 1  # 1 of 2 articles lost


def test_a_cut_refetch_leaves_the_archived_version_current(make_replica, tmp_path: Path) -> None:
    server = make_replica(articles=20, seed=52)
    site, db = server.site, _sqlite(tmp_path)
    victim = site.post_ids[6]
    url = site.article_url(victim)
    assert run_crawl(server.base_url, db, f"url={url}").returncode == 0
    before = query(db, "SELECT version, content_hash, body FROM articles WHERE url = :u", u=url)
    assert len(before) == 1
    server.faults.add("cut", path=site.path(victim), keep=0.8)

    result = run_crawl(server.base_url, db, f"url={url}", RETRY_TIMES="1")

    assert query(db, "SELECT version, content_hash, body FROM articles WHERE url = :u", u=url) == before
    assert query(db, "SELECT count(*) FROM article_revisions")[0][0] == 0
    assert len(_errors(db, url)) == 1
    assert result.returncode == 1


def test_a_page_far_shorter_than_the_archived_one_is_not_a_new_version(make_replica, tmp_path: Path) -> None:
    """A cut page whose closing tags were put back (a proxy "repairing" it) is caught by size."""
    server = make_replica(articles=20, seed=53)
    site, db = server.site, _sqlite(tmp_path)
    victim = site.post_ids[2]
    url = site.article_url(victim)
    assert run_crawl(server.base_url, db, f"url={url}").returncode == 0
    before = query(db, "SELECT version, content_hash FROM articles WHERE url = :u", u=url)
    server.faults.add("cut", path=site.path(victim), keep=0.4, close=1)

    result = run_crawl(server.base_url, db, f"url={url}", RETRY_TIMES="0")

    assert query(db, "SELECT version, content_hash FROM articles WHERE url = :u", u=url) == before
    (error,) = _errors(db, url)
    assert "archived version" in error
    assert result.returncode == 1
