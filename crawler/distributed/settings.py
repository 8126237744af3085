"""The settings that put a crawl on the shared frontier; crawler/settings.py applies them when
``REDIS_URL`` is set."""

from __future__ import annotations

from typing import Any


def is_distributed(settings: Any) -> bool:
    """True when the crawl runs on the shared frontier: ``REDIS_URL`` is set."""
    return bool(settings.get("REDIS_URL"))


def distributed_settings(
    downloader_middlewares: dict[str, int],
    extensions: dict[str, int],
    spider_middlewares: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Scheduler, dupefilter, lease/budget middlewares and the run coordination extensions,
    merged into the project's own component dicts."""
    tracker = "crawler.extensions.run_tracker.CrawlRunTracker"
    return {
        "SCHEDULER": "crawler.distributed.scheduler.RunScheduler",
        "DUPEFILTER_CLASS": "crawler.distributed.dupefilter.RunDupeFilter",
        "SPIDER_MIDDLEWARES": {
            **(spider_middlewares or {}),
            "crawler.distributed.leases.LeaseReleaseMiddleware": 1,
        },
        "DOWNLOADER_MIDDLEWARES": {
            **downloader_middlewares,
            "crawler.distributed.budget.SharedBudgetMiddleware": 990,
        },
        "EXTENSIONS": {
            **{name: order for name, order in extensions.items() if name != tracker},
            "crawler.distributed.coordination.DistributedRunTracker": extensions.get(tracker, 100),
            "crawler.distributed.idle.IdleClose": 120,
        },
    }


class DistributedAddon:
    """A Scrapy add-on: it runs after the command line's ``-s`` settings are in, so
    ``REDIS_URL`` works as an environment variable and as ``-s REDIS_URL=...``."""

    def update_settings(self, settings: Any) -> None:
        if not is_distributed(settings):
            return
        changes = distributed_settings(
            settings.getdict("DOWNLOADER_MIDDLEWARES"),
            settings.getdict("EXTENSIONS"),
            settings.getdict("SPIDER_MIDDLEWARES"),
        )
        for name, value in changes.items():
            settings.set(name, value, priority="project")
