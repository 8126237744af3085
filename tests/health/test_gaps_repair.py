"""Bar (b): an article deleted from the archive and one never archived because of a permanent
500 are listed by ``archive health --gaps`` with their reason, and ``mode=repair`` fetches
exactly those."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import delete, select

from archive.schema.engine import open_archive_engine, session_factory
from archive.schema.models import Article
from tests.crawling import exported_records, run_crawl


def _delete_article(db_url: str, url: str) -> None:
    """Delete through the archive's engine (its foreign-key rules apply, as for any user)."""
    engine = open_archive_engine(db_url, upgrade=False, write=True)
    try:
        with session_factory(engine).begin() as session:
            article_id = session.scalar(select(Article.id).where(Article.url == url))
            assert article_id is not None
            session.execute(delete(Article).where(Article.id == article_id))
    finally:
        engine.dispose()


def test_gaps_are_listed_with_their_reason_and_repair_fetches_exactly_them(make_replica, sqlite_url, tmp_path: Path, cli) -> None:
    server = make_replica(articles=50, seed=41)
    site = server.site
    broken, deleted = site.main_post_ids[15], site.main_post_ids[30]
    server.faults.add("status", path=site.path(broken), status=500)
    first = run_crawl(server.base_url, sqlite_url, "mode=backfill", RETRY_TIMES="1",
                      HEALTH_REPORT_DIR=str(tmp_path))
    assert first.returncode == 0, first.output[-3000:]
    _delete_article(sqlite_url, site.article_url(deleted))

    listed = cli("health", "--db", sqlite_url, "--gaps", "--json")

    assert listed.exit_code == 0, listed.output
    gaps = {gap["url"]: gap for gap in json.loads(listed.stdout)}
    assert set(gaps) == {site.article_url(broken), site.article_url(deleted)}
    assert gaps[site.article_url(broken)]["reason"] == "failed"
    assert gaps[site.article_url(broken)]["detail"] == "HTTP 500"
    assert gaps[site.article_url(deleted)]["reason"] == "lost"
    assert {gap["source"] for gap in gaps.values()} == {"sitemap"}

    server.faults.clear()
    server.log.clear()
    repair = run_crawl(server.base_url, sqlite_url, "mode=repair", HEALTH_REPORT_DIR=str(tmp_path))

    assert repair.returncode == 0, repair.output[-3000:]
    article_paths = {site.path(p) for p in site.post_ids}
    fetched = {path.rstrip("/") for path in server.log.paths() if path.rstrip("/") in article_paths}
    assert fetched == {site.path(broken), site.path(deleted)}
    assert set(exported_records(sqlite_url)) == {site.article_url(pid) for pid in site.post_ids}
    assert " 2 new," in repair.summary()
    after = cli("health", "--db", sqlite_url, "--gaps", "--json")
    assert json.loads(after.stdout) == []


def test_a_chain_link_to_an_article_not_archived_is_a_gap(make_replica, sqlite_url, tmp_path: Path, cli) -> None:
    """Without the sitemaps (never read by url= runs), the Previous/Next chain still shows
    the hole: the neighbour of an archived article that was never fetched."""
    server = make_replica(articles=20, seed=42)
    site = server.site
    pid = site.main_post_ids[5]
    result = run_crawl(server.base_url, sqlite_url, f"url={site.article_url(pid)}",
                       HEALTH_REPORT_DIR=str(tmp_path))
    assert result.returncode == 0, result.output[-3000:]

    listed = cli("health", "--db", sqlite_url, "--gaps", "--json")

    gaps = json.loads(listed.stdout)
    neighbours = {site.article_url(p) for p in (site.main_post_ids[4], site.main_post_ids[6])}
    assert {gap["url"] for gap in gaps} == neighbours
    assert {(gap["reason"], gap["source"]) for gap in gaps} == {("never fetched", "chain")}
