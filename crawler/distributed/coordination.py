"""Seed or join a distributed run; the last worker out finishes it.

The crawl lock is held by the *run*: its holder string is published in Redis with the run id,
and every worker of the run heartbeats the lock under that holder, so the run survives the loss
of the process that seeded it. A process that finds a published run whose holder still holds
the lock joins it (no seeding, no new ``crawl_runs`` row); otherwise it takes the lock, opens
the run and seeds. When the last worker leaves it writes the summed counts and the list of
workers into the run's row, releases the lock and deletes the run's Redis keys.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy.exceptions import CloseSpider
from twisted.internet import task

from archive.crawl.locks import acquire_lock, lock_info, release_lock
from archive.crawl.runs import finish_run, start_run
from archive.errors import ArchiveError
from crawler.distributed.run import DistributedRun
from crawler.extensions.run_tracker import LOCK_NAME, CrawlRunTracker

logger = logging.getLogger(__name__)


class DistributedRunTracker(CrawlRunTracker):
    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.run = DistributedRun.of(crawler)
        self.join_wait = crawler.settings.getfloat("DISTRIBUTED_JOIN_WAIT_SECONDS", 30)
        self.dead_after = crawler.settings.getfloat("DISTRIBUTED_DEAD_AFTER_SECONDS", 30)

    def spider_opened(self, spider: Any) -> None:
        if getattr(getattr(spider, "args", None), "help", False):
            return
        stats = self.crawler.stats
        try:
            role = self._seed_or_join(spider)
        except ArchiveError as exc:
            stats.set_value("run/status", "failed")
            stats.set_value("run/error", str(exc))
            raise CloseSpider("archive_unavailable") from exc
        if role is None:
            super().spider_opened(spider)  # the lock is not ours: the usual refusal
            return
        assert self.run_id is not None
        self.locked = True
        self.run.seeds = role == "seed"
        self.run.take_part(self.run_id, self.dead_after)
        stats.set_value("archive/run_id", self.run_id)
        stats.set_value("distributed/role", role)
        stats.set_value("distributed/worker", self.run.worker)
        logger.info("%s run %s as worker %s", role, self.run_id, self.run.worker)
        self.beat = task.LoopingCall(self._heartbeat)
        self.beat.start(self.heartbeat_every, now=False)

    def _seed_or_join(self, spider: Any) -> str | None:
        deadline = time.monotonic() + self.join_wait
        while True:
            if self._join_published():
                return "join"
            with self.archive.sessions().begin() as session:
                if acquire_lock(session, LOCK_NAME, self.holder, self.stale_after):
                    self.run_id = start_run(session, self._mode(spider))
                    self.run.publish(self.run_id, self.holder)
                    return "seed"
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.5)  # another process is seeding: its run appears in Redis shortly

    def _join_published(self) -> bool:
        current = self.run.current()
        if current is None:
            return False
        with self.archive.sessions().begin() as session:
            info = lock_info(session, LOCK_NAME)
        if info is None or info.holder != current["holder"]:
            return False
        self.holder, self.run_id = current["holder"], int(current["run_id"])
        return True

    def _record(self, status: str, counts: dict[str, int]) -> None:
        if self.run.keys is None or self.run_id is None:
            super()._record(status, counts)
            return
        left = self.run.leave(counts)
        if left:
            logger.info("left run %s; %s workers still at it", self.run_id, left)
            return
        totals, members = self.run.totals()
        stats = {**self.crawler.stats.get_stats(), "distributed/workers": members}
        try:
            with self.archive.sessions().begin() as session:
                finish_run(session, self.run_id, status, counts=totals, stats=stats)
                release_lock(session, LOCK_NAME, self.holder)
        except ArchiveError as exc:
            logger.error("could not record the end of the run: %s", exc)
        self.run.forget_run()
