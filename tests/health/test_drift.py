"""Bar (a): after a backfill, the replica's newest articles switch to the redesign theme; the
refresh that fetches them raises a drift alarm naming the fields and example URLs."""

from __future__ import annotations

import json
from pathlib import Path

from tests.crawling import backfill, run_crawl
from tests.health.common import last_health, monitor

EXIT_UNHEALTHY = 3


def test_a_redesign_of_the_newest_articles_raises_a_drift_alarm(make_replica, sqlite_url, tmp_path: Path, cli) -> None:
    server = make_replica(articles=40, seed=31)
    site = server.site
    backfill(server, sqlite_url, HEALTH_REPORT_DIR=str(tmp_path))
    assert last_health(sqlite_url)["drift"] == []
    newest = sorted(site.main_post_ids, key=site.published)[-10:]
    site.redesign(newest)

    result = run_crawl(server.base_url, sqlite_url, "mode=refresh", HEALTH_REPORT_DIR=str(tmp_path))

    assert result.returncode == EXIT_UNHEALTHY, result.output[-3000:]
    report = last_health(sqlite_url)
    assert report["profile"]["items"] == len(newest), "only the redesigned pages came back 200"
    drift = monitor(report, "drift/fields extracted as in earlier runs")
    assert drift["status"] == "failed"
    alarms = {alarm["field"]: alarm for alarm in report["drift"]}
    assert {"body", "categories", "tags", "summary"} <= set(alarms), sorted(alarms)
    redesigned = {site.article_url(pid) for pid in newest}
    for alarm in alarms.values():
        assert alarm["examples"] and set(alarm["examples"]) <= redesigned
        assert alarm["now"] < alarm["before"] or alarm["kind"] == "missing rate rose"
    assert "body" in drift["reason"] and "categories" in drift["reason"]

    table = cli("health", "--db", sqlite_url)
    assert table.exit_code == 0
    assert "FAILED drift/fields extracted as in earlier runs" in table.stdout
    assert "drift: body:" in table.stdout
    stats = json.loads(cli("stats", "--db", sqlite_url, "--json").stdout)
    body = stats["field_layers"]["body"]
    assert body.get("theme") == len(site.post_ids) - len(newest)
    assert sum(body.values()) == len(site.post_ids)
    png = tmp_path / "health.png"
    assert cli("plot", "health", "--db", sqlite_url, "--out", str(png)).exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_a_second_run_in_the_same_theme_raises_no_alarm(make_replica, sqlite_url, tmp_path: Path) -> None:
    server = make_replica(articles=30, seed=32)
    backfill(server, sqlite_url, HEALTH_REPORT_DIR=str(tmp_path))
    server.site.edit(server.site.main_post_ids[-1])
    for pid in server.site.main_post_ids[-8:-1]:
        server.site.edit(pid)

    result = run_crawl(server.base_url, sqlite_url, "mode=refresh", HEALTH_REPORT_DIR=str(tmp_path))

    assert result.returncode == 0, result.output[-3000:]
    report = last_health(sqlite_url)
    assert report["profile"]["items"] == 8
    assert report["drift"] == [] and report["passed"] is True
