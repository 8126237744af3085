"""An interrupted backfill resumes from its JOBDIR without fetching stored articles again."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.crawling import exported_records, run_crawl


def test_interrupted_backfill_resumes_without_refetching(make_replica, tmp_path: Path, sqlite_url: str) -> None:
    server = make_replica(articles=150, seed=21)
    site = server.site
    db = sqlite_url
    jobdir = tmp_path / "job"

    first = run_crawl(server.base_url, db, "mode=backfill", JOBDIR=str(jobdir), CLOSESPIDER_ITEMCOUNT="40")
    assert "closespider_itemcount" in first.output
    stored_first = set(exported_records(db))
    assert 40 <= len(stored_first) < len(site.post_ids)
    first_log_size = len(server.log)

    second = run_crawl(server.base_url, db, "mode=backfill", JOBDIR=str(jobdir))

    assert second.returncode == 0, second.output[-3000:]
    assert set(exported_records(db)) == {site.article_url(pid) for pid in site.post_ids}
    url_of_path = {site.path(pid): site.article_url(pid) for pid in site.post_ids}
    refetched = [
        e["path"] for e in list(server.log)[first_log_size:]
        if url_of_path.get(e["path"]) in stored_first
    ]
    assert refetched == []
    article_fetches = Counter(e["path"] for e in server.log if e["path"] in url_of_path)
    assert max(article_fetches.values()) == 1
