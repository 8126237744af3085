"""End to end (issue 18): a backfill reads the sitemaps first and walks listings only where
they add something; ``-a listings=all`` keeps the exhaustive walk."""

from __future__ import annotations

from collections import Counter

from tests.crawling import exported_records, last_run_stats, run_crawl
from tests.replica.router import classify
from tests.replica.server import ReplicaServer
from tests.replica.site import Site


def _kinds(server: ReplicaServer) -> Counter[str]:
    return Counter(classify(entry["path"]) for entry in server.log)


def _everything(site: Site) -> set[str]:
    return {site.article_url(pid) for pid in site.post_ids}


def test_backfill_with_gaps_in_the_sitemaps_archives_everything_at_about_one_request_each(
    make_replica, sqlite_url: str
) -> None:
    site = Site(articles=600, seed=8, sitemap_gaps=0.1)
    server = make_replica(site=site)

    result = run_crawl(server.base_url, sqlite_url, "mode=backfill")

    assert result.returncode == 0, result.output[-3000:]
    assert set(exported_records(sqlite_url)) == _everything(site)
    kinds = _kinds(server)
    assert not kinds["month"] and not kinds["category"] and not kinds["tag"], kinds
    assert kinds["home"] <= 4, kinds
    stats = last_run_stats(sqlite_url)
    assert stats["downloader/request_count"] <= 1.05 * len(site), kinds
    assert stats["gc/frozen_objects"] > 1000  # the collector set for a long crawl
    # story links found on pages waited as URLs (the queue lives in memory), yet all came
    assert stats["discovery/links_waited"] > 0


def test_with_a_jobdir_story_links_are_queued_at_once_and_nothing_is_missed(
    make_replica, sqlite_url: str, tmp_path
) -> None:
    """A JOBDIR's disk queue keeps what a kill would otherwise lose: no link waits in memory."""
    site = Site(articles=200, seed=9, sitemap_gaps=0.1)
    server = make_replica(site=site)

    result = run_crawl(server.base_url, sqlite_url, "mode=backfill", JOBDIR=str(tmp_path / "job"))

    assert result.returncode == 0, result.output[-3000:]
    assert set(exported_records(sqlite_url)) == _everything(site)
    assert "discovery/links_waited" not in last_run_stats(sqlite_url)
    assert "articles from listings only" in result.summary()


def test_listings_all_walks_every_month_and_category(make_replica, sqlite_url: str) -> None:
    site = Site(articles=150, seed=8, sitemap_gaps=0.1)
    server = make_replica(site=site)

    result = run_crawl(server.base_url, sqlite_url, "mode=backfill", "listings=all")

    assert result.returncode == 0, result.output[-3000:]
    assert set(exported_records(sqlite_url)) == _everything(site)
    kinds = _kinds(server)
    assert kinds["month"] > 100 and kinds["category"] > 10, kinds


def test_a_bad_listings_value_is_a_one_line_error(sqlite_url: str) -> None:
    result = run_crawl(None, sqlite_url, "mode=backfill", "listings=some")

    assert result.returncode != 0
    assert "listings='some' is not one of new, all" in result.output
    assert "Traceback" not in result.output
