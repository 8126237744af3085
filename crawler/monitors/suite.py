"""The monitors Spidermon runs when the spider closes (``SPIDERMON_SPIDER_CLOSE_MONITORS``).

Each monitor is a test of the run's stats against a :class:`~.thresholds.Thresholds` value;
its assertion message is what the report, the run's row and the notifications show.
"""

from __future__ import annotations

from typing import Any

from spidermon import Monitor, MonitorSuite, monitors

from archive.crawl.drift import drift_alarms, previous_profiles
from archive.crawl.runs import rejects_by_reason
from archive.errors import ArchiveError
from crawler.extensions.archive_access import ArchiveAccess
from crawler.monitors.notify import EmailNotification, WebhookNotification
from crawler.monitors.profile import DRIFT_STAT, MISSING
from crawler.monitors.profile import STAT as PROFILE_STAT
from crawler.monitors.report import HealthReport
from crawler.monitors.thresholds import Thresholds


class RunMonitor(Monitor):
    """Shared reading of the run; a refused run (another crawl held the lock) is not judged."""

    longMessage = False  # the report shows our message alone, not "0.6 not less than ... : "

    def setUp(self) -> None:
        if self.stat("run/status") == "refused":
            self.skipTest("the run was refused (another crawl held the lock)")

    def stat(self, name: str, default: Any = 0) -> Any:
        return self.data.stats.get(name, default)

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds.from_settings(self.data.crawler.settings)

    @property
    def mode(self) -> str:
        args = getattr(self.data.spider, "args", None)
        return "url" if args is not None and args.urls else getattr(args, "mode", "incremental")

    @property
    def profile(self) -> dict[str, Any]:
        return self.stat(PROFILE_STAT, None) or {"items": 0, "fields": {}, "examples": {}}

    def status_count(self, prefix: str) -> int:
        key = "downloader/response_status_count/"
        return sum(int(v) for k, v in self.data.stats.items() if k.startswith(key + prefix))


@monitors.name("items")
class ItemsMonitor(RunMonitor):
    @monitors.name("enough items for the mode")
    def test_enough_items(self) -> None:
        expected = self.thresholds.min_items.get(self.mode, 0)
        items = int(self.stat("item_scraped_count"))
        self.assertGreaterEqual(items, expected, f"{items} articles archived, a {self.mode} run expects at least {expected}")


@monitors.name("field coverage")
class FieldCoverageMonitor(RunMonitor):
    @monitors.name("contract fields present")
    def test_field_coverage(self) -> None:
        profile = self.profile
        items = int(profile["items"])
        if not items:
            self.skipTest("no articles to judge")
        low = []
        for field, wanted in sorted(self.thresholds.field_coverage.items()):
            missing = int(profile["fields"].get(field, {}).get(MISSING, 0))
            coverage = 1 - missing / items
            if coverage < wanted:
                low.append(f"{field} {coverage:.0%} < {wanted:.0%}")
        self.assertFalse(low, "field coverage too low: " + "; ".join(low))


@monitors.name("finish reason")
class FinishReasonMonitor(RunMonitor):
    @monitors.name("the spider finished normally")
    def test_finish_reason(self) -> None:
        reason = self.stat("finish_reason", "unknown")
        allowed = self.thresholds.finish_reasons
        self.assertIn(reason, allowed, f"the spider closed with {reason!r}, expected one of {', '.join(allowed)}")


@monitors.name("errors")
class ErrorMonitor(RunMonitor):
    @monitors.name("fetches that failed for good")
    def test_failed_fetches(self) -> None:
        """Share of the article fetches (archived, rejected, not modified, failed) that failed
        after every retry; listing pages are many and would hide an article storm."""
        # a request robots.txt forbids reaches the errback too, but is our choice, not an error
        failed = max(0, int(self.stat("fetch/failed")) - int(self.stat("robotstxt/forbidden")))
        outcomes = ("item_scraped_count", "archive/rejected", "archive/unchanged")
        attempted = failed + sum(int(self.stat(name)) for name in outcomes)
        share = failed / attempted if attempted else 0.0
        limit = self.thresholds.max_error_share
        self.assertLessEqual(share, limit, f"{failed} of {attempted} fetches failed for good ({share:.0%} > {limit:.0%})")

    @monitors.name("HTTP 5xx answers")
    def test_server_errors(self) -> None:
        errors, answers = self.status_count("5"), int(self.stat("downloader/response_count"))
        share = errors / answers if answers else 0.0
        limit = self.thresholds.max_5xx_share
        self.assertLessEqual(share, limit, f"{errors} of {answers} answers were HTTP 5xx ({share:.0%} > {limit:.0%})")

    @monitors.name("retries")
    def test_retries(self) -> None:
        retries, requests = int(self.stat("retry/count")), int(self.stat("downloader/request_count"))
        share = retries / requests if requests else 0.0
        limit = self.thresholds.max_retry_share
        self.assertLessEqual(share, limit, f"{retries} retries for {requests} requests ({share:.0%} > {limit:.0%})")


@monitors.name("rejects")
class RejectMonitor(RunMonitor):
    @monitors.name("rejected items")
    def test_rejects(self) -> None:
        rejected, items = int(self.stat("archive/rejected")), int(self.stat("item_scraped_count"))
        total = rejected + items
        share = rejected / total if total else 0.0
        limit = self.thresholds.max_reject_share
        self.assertLessEqual(share, limit, f"{rejected} of {total} items rejected ({share:.0%} > {limit:.0%}): {self._reasons()}")

    def _reasons(self) -> str:
        run_id = self.stat("archive/run_id", None)
        if run_id is None:
            return "reasons unknown"
        try:
            with ArchiveAccess.of(self.data.crawler).sessions()() as session:
                reasons = rejects_by_reason(session, int(run_id))
        except ArchiveError as exc:
            return f"reasons unknown ({exc})"
        return ", ".join(f"{reason}: {count}" for reason, count in sorted(reasons.items()))


@monitors.name("drift")
class DriftMonitor(RunMonitor):
    @monitors.name("fields extracted as in earlier runs")
    def test_drift(self) -> None:
        t = self.thresholds
        run_id = self.stat("archive/run_id", None)
        with ArchiveAccess.of(self.data.crawler).sessions()() as session:
            previous = previous_profiles(session, before_run=run_id, runs=t.drift_runs)
        alarms = drift_alarms(self.profile, previous, share_drop=t.drift_share_drop,
                              missing_rise=t.drift_missing_rise, min_items=t.drift_min_items)
        self.data.crawler.stats.set_value(DRIFT_STAT, [alarm.as_dict() for alarm in alarms])
        self.assertFalse(alarms, "extraction drift (a redesign?): " + "; ".join(a.message() for a in alarms))


class HealthSuite(MonitorSuite):
    """Every monitor, then the report (run row + JSON file) and the notifications."""

    monitors = [ItemsMonitor, FieldCoverageMonitor, FinishReasonMonitor, ErrorMonitor,
                RejectMonitor, DriftMonitor]
    monitors_finished_actions = [HealthReport, EmailNotification, WebhookNotification]
