"""The health report: every monitor's outcome, the field profile and the drift alarms, into
the run's ``crawl_runs.health`` and ``HEALTH_REPORT_DIR/run-<id>.json``.

A failed monitor sets the ``health/failed`` stat, which ``scrapy crawl`` turns into exit
code 3 (crawler/commands/crawl.py).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from spidermon.core.actions import Action

from archive.crawl.runs import record_health
from archive.errors import ArchiveError
from crawler.extensions.archive_access import ArchiveAccess
from crawler.monitors.profile import DRIFT_STAT
from crawler.monitors.profile import STAT as PROFILE_STAT

logger = logging.getLogger(__name__)

FAILED_STAT = "health/failed"
REPORT_STAT = "health/report_file"
STATUSES = {"OK": "passed", "FAIL": "failed", "ERROR": "error", "SKIPPED": "skipped"}


class HealthReport(Action):
    def __init__(self, report_dir: str = "") -> None:
        super().__init__()
        self.report_dir = report_dir

    @classmethod
    def from_crawler_kwargs(cls, crawler: Any) -> dict[str, Any]:
        return {"report_dir": crawler.settings.get("HEALTH_REPORT_DIR", "")}

    def run_action(self) -> None:
        crawler = self.data.crawler
        report = build_report(self.result, crawler.stats.get_stats())
        crawler.stats.set_value(FAILED_STAT, not report["passed"])
        crawler.stats.set_value("health/summary", summary_line(report))
        run_id = report["run_id"]
        if run_id is not None:
            self._record(crawler, int(run_id), report)
            self._write(crawler, int(run_id), report)
        print(summary_line(report), flush=True)

    def _record(self, crawler: Any, run_id: int, report: dict[str, Any]) -> None:
        try:
            with ArchiveAccess.of(crawler).sessions().begin() as session:
                record_health(session, run_id, report)
        except ArchiveError as exc:
            logger.error("could not store the health report of run %s: %s", run_id, exc)

    def _write(self, crawler: Any, run_id: int, report: dict[str, Any]) -> None:
        if not self.report_dir:
            return
        path = Path(self.report_dir) / f"run-{run_id}.json"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
        except OSError as exc:
            logger.error("could not write the health report %s: %s", path, exc)
            return
        crawler.stats.set_value(REPORT_STAT, str(path))
        logger.info("health report written to %s", path)


def build_report(result: Any, stats: dict[str, Any]) -> dict[str, Any]:
    """The report as JSON-ready data (what ``crawl_runs.health`` holds)."""
    monitors = [monitor_outcome(item) for item in result.monitor_results]
    return {
        "run_id": stats.get("archive/run_id"),
        "passed": all(m["status"] not in ("failed", "error") for m in monitors),
        "monitors": monitors,
        "profile": stats.get(PROFILE_STAT) or {"items": 0, "fields": {}, "examples": {}},
        "drift": stats.get(DRIFT_STAT) or [],
    }


def monitor_outcome(item: Any) -> dict[str, Any]:
    """One monitor's name, status (passed/failed/error/skipped) and, unless passed, why."""
    status = STATUSES.get(item.status, str(item.status).lower())
    return {"name": item.monitor.name, "status": status, "reason": _reason(item)}


def _reason(item: Any) -> str | None:
    if item.reason:
        return str(item.reason)
    if not item.error:
        return None
    last = str(item.error).strip().splitlines()[-1]
    return last.removeprefix("AssertionError: ")


def summary_line(report: dict[str, Any]) -> str:
    """``asianlite health: ok (12 monitors)`` or ``asianlite health: FAILED: errors/...: ...``."""
    failed = [m for m in report["monitors"] if m["status"] in ("failed", "error")]
    if not failed:
        return f"asianlite health: ok ({len(report['monitors'])} monitors)"
    reasons = "; ".join(f"{m['name']}: {m['reason']}" for m in failed)
    return f"asianlite health: FAILED ({len(failed)} of {len(report['monitors'])} monitors): {reasons}"
