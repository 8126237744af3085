"""The crawl against a real PostgreSQL archive (started by the test setup): the shared archive
of several crawler machines."""

from __future__ import annotations

from pathlib import Path

from tests.crawling import exported_records, query, run_crawl, without_page_time_links
from tests.e2e.test_runs import _hold_lock


def test_backfill_then_incremental_into_postgresql(
    make_replica, postgres_url: str, tmp_path: Path
) -> None:
    server = make_replica(articles=80, seed=31, include_specimen=True)
    warcs = str(tmp_path / "warcs")  # no SQLite file to sit next to: the default is ./warcs

    result = run_crawl(server.base_url, postgres_url, "mode=backfill", WARC_DIR=warcs)

    assert result.returncode == 0, result.output[-3000:]
    site = server.site
    records = exported_records(postgres_url)
    assert set(records) == {site.article_url(pid) for pid in site.post_ids}
    assert all(
        without_page_time_links(records[site.article_url(pid)]) == without_page_time_links(site.truth(pid))
        for pid in site.post_ids
    )
    new = site.publish(3)
    again = run_crawl(server.base_url, postgres_url, WARC_DIR=warcs)
    assert again.returncode == 0, again.output[-3000:]
    assert "3 new" in again.summary()
    assert {site.article_url(pid) for pid in new} <= set(exported_records(postgres_url))
    assert [row[0] for row in query(postgres_url, "SELECT status FROM crawl_runs ORDER BY id")] == [
        "finished", "finished"]


def test_a_lock_held_by_another_machine_refuses_the_run(
    make_replica, postgres_url: str, tmp_path: Path
) -> None:
    server = make_replica(articles=20, seed=32)
    _hold_lock(postgres_url, "crawler-2.example:777:beef")

    result = run_crawl(server.base_url, postgres_url, "mode=backfill",
                       WARC_DIR=str(tmp_path / "warcs"))

    assert result.returncode == 75
    assert "crawler-2.example:777:beef" in result.stderr
    assert exported_records(postgres_url) == {}
