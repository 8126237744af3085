"""scrapy-redis's scheduler on the run's keys: "seen" and "queued" in one atomic step, a lease
on every request taken, nothing flushed when one worker closes."""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy_redis.scheduler import Scheduler

from crawler.distributed.dupefilter import RunDupeFilter
from crawler.distributed.queue import LeasedPriorityQueue
from crawler.distributed.run import DistributedRun


class RunScheduler(Scheduler):  # type: ignore[misc]
    """``SCHEDULER_PERSIST`` is forced on: scrapy-redis's ``close()`` would otherwise delete the
    shared queue and seen-set as soon as the first worker stops. ``idle_before_close`` stays 0:
    a blocking pop would block the reactor; :mod:`.idle` decides when the run is over."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunScheduler:
        run = DistributedRun.of(crawler)
        scheduler = cls(
            server=run.redis,
            persist=True,
            queue_cls="crawler.distributed.queue.LeasedPriorityQueue",
            dupefilter=RunDupeFilter.from_crawler(crawler),
        )
        scheduler.stats = crawler.stats
        return scheduler

    def enqueue_request(self, request: Request) -> bool:
        queue: LeasedPriorityQueue = self.queue
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        if not queue.push_unseen(request, fingerprint):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        """Never blocks (scrapy-redis 0.9.1 also passes the ``spider`` argument Scrapy 2.19
        deprecated to ``inc_value`` here)."""
        request: Request | None = self.queue.pop()
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request
