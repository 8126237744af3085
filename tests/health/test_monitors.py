"""Monitors on real crawls of the replica: a healthy run passes, a 5xx storm fails the error
monitor with exit code 3, the notifications reach local SMTP and HTTP receivers."""

from __future__ import annotations

import json
from pathlib import Path

from tests.crawling import run_crawl
from tests.health.common import last_health, monitor
from tests.health.receivers import SmtpReceiver, WebhookReceiver

EXIT_UNHEALTHY = 3


def test_a_healthy_backfill_passes_every_monitor_and_writes_the_report(make_replica, sqlite_url, tmp_path: Path) -> None:
    server = make_replica(articles=25, seed=21)

    result = run_crawl(server.base_url, sqlite_url, "mode=backfill", HEALTH_REPORT_DIR=str(tmp_path))

    assert result.returncode == 0, result.output[-3000:]
    assert "asianlite health: ok" in result.stdout
    report = last_health(sqlite_url)
    assert report["passed"] is True
    assert {m["status"] for m in report["monitors"]} <= {"passed", "skipped"}
    assert len(report["monitors"]) >= 8
    assert report["profile"]["items"] == len(server.site.main_post_ids)  # the old site is not profiled
    assert report["profile"]["fields"]["title"].get("missing", 0) == 0
    written = json.loads((tmp_path / f"run-{report['run_id']}.json").read_text())
    assert written == report


def test_a_5xx_storm_fails_the_error_monitor_and_the_exit_code_says_so(make_replica, sqlite_url, tmp_path: Path) -> None:
    """Every article answers 503 twice before it comes: the retries save every article, so
    the run itself finished, but the storm is what the error monitor is there to see."""
    server = make_replica(articles=30, seed=22)
    server.faults.add("status", page_kind="article", status=503, times=2)

    result = run_crawl(server.base_url, sqlite_url, "mode=backfill", HEALTH_REPORT_DIR=str(tmp_path))

    assert result.returncode == EXIT_UNHEALTHY, result.output[-3000:]
    assert " 30 new," in result.summary() and "crawl finished" in result.summary()
    report = last_health(sqlite_url)
    assert report["passed"] is False
    storm = monitor(report, "errors/HTTP 5xx answers")
    assert storm["status"] == "failed" and "were HTTP 5xx" in storm["reason"]
    assert monitor(report, "errors/fetches that failed for good")["status"] == "passed"
    assert monitor(report, "finish reason/the spider finished normally")["status"] == "passed"
    health_line = next(line for line in result.stdout.splitlines() if line.startswith("asianlite health:"))
    assert health_line.startswith("asianlite health: FAILED (") and "errors/HTTP 5xx answers" in health_line


def test_notifications_reach_the_local_smtp_server_and_webhook(make_replica, sqlite_url, tmp_path: Path, free_port: int) -> None:
    server = make_replica(articles=20, seed=23)
    server.faults.add("status", page_kind="article", status=500, times=2)

    with SmtpReceiver(free_port) as smtp, WebhookReceiver() as hook:
        result = run_crawl(
            server.base_url, sqlite_url, "mode=backfill", HEALTH_REPORT_DIR=str(tmp_path), HEALTH_SMTP_HOST="127.0.0.1",
            HEALTH_SMTP_PORT=str(smtp.port), HEALTH_EMAIL_TO="editor@example.org",
            HEALTH_WEBHOOK_URL=hook.url,
        )
        messages, posts = list(smtp.messages), list(hook.posts)

    assert result.returncode == EXIT_UNHEALTHY, result.output[-3000:]
    run_id = last_health(sqlite_url)["run_id"]
    assert len(messages) == 1
    assert messages[0]["To"] == "editor@example.org"
    assert messages[0]["Subject"] == f"[asianlite-archive] crawl run {run_id} health FAILED"
    assert "failed  errors/HTTP 5xx answers:" in messages[0].get_payload(decode=True).decode()
    assert len(posts) == 1
    assert posts[0]["report"]["run_id"] == run_id and posts[0]["report"]["passed"] is False
    assert posts[0]["text"].startswith("asianlite health: FAILED")


def test_no_notification_when_every_monitor_passed(make_replica, sqlite_url, tmp_path: Path, free_port: int) -> None:
    server = make_replica(articles=20, seed=24)

    with SmtpReceiver(free_port) as smtp, WebhookReceiver() as hook:
        result = run_crawl(
            server.base_url, sqlite_url, "mode=backfill", HEALTH_REPORT_DIR=str(tmp_path),
            HEALTH_SMTP_HOST="127.0.0.1", HEALTH_SMTP_PORT=str(smtp.port),
            HEALTH_EMAIL_TO="editor@example.org", HEALTH_WEBHOOK_URL=hook.url,
        )
        messages, posts = list(smtp.messages), list(hook.posts)

    assert result.returncode == 0, result.output[-3000:]
    assert messages == [] and posts == []
