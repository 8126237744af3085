"""Worker heartbeats, re-queueing a dead worker's leases, and closing when the run is done.

Every ``DISTRIBUTED_HEARTBEAT_SECONDS`` a worker writes its alive key (``busy`` or ``idle``,
expiring after ``DISTRIBUTED_DEAD_AFTER_SECONDS``). When Scrapy finds the spider idle, the
worker re-queues the leases of workers whose alive key expired, and keeps the spider open
unless the queue is empty and every live worker is idle, continuously, for
``DISTRIBUTED_IDLE_CLOSE_SECONDS``. Scrapy re-checks an idle spider every 5 seconds.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from twisted.internet import task

from crawler.distributed.run import DistributedRun, text

logger = logging.getLogger(__name__)

#: score of re-queued requests: ahead of everything else (scores are minus the priority)
REQUEUE_SCORE = -1_000_000


class IdleClose:
    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.run = DistributedRun.of(crawler)
        self.every = settings.getfloat("DISTRIBUTED_HEARTBEAT_SECONDS", 2)
        self.dead_after = settings.getfloat("DISTRIBUTED_DEAD_AFTER_SECONDS", 30)
        self.idle_close = settings.getfloat("DISTRIBUTED_IDLE_CLOSE_SECONDS", 30)
        self.idle_since: float | None = None
        self.beat = task.LoopingCall(self._beat)

    @classmethod
    def from_crawler(cls, crawler: Any) -> IdleClose:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Any) -> None:
        if self.run.keys is not None:
            self.beat.start(self.every, now=False)

    def spider_closed(self, spider: Any) -> None:
        if self.beat.running:
            self.beat.stop()

    def _beat(self) -> None:
        engine = self.crawler.engine
        try:
            busy = engine is not None and not engine.spider_is_idle()
        except RuntimeError:  # the engine is closing: its slot is gone
            busy = False
        self.run.beat(busy=busy, alive_seconds=self.dead_after)

    def spider_idle(self, spider: Any) -> None:
        if self.run.keys is None:
            return  # refused or failed before taking part: close as usual
        self._beat()
        if self.requeue_dead() or not self._all_idle():
            self.idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        self.idle_since = self.idle_since or now
        if now - self.idle_since < self.idle_close:
            raise DontCloseSpider
        logger.info("queue empty and every worker idle for %.0fs: closing", now - self.idle_since)

    def requeue_dead(self) -> int:
        """Put the leased requests of dead workers back in the queue; how many."""
        keys = self.run.keys
        assert keys is not None
        moved = int(self.run.requeue_dead_script(
            keys=[keys.workers, keys.queue],
            args=[keys.alive_prefix, keys.leases_prefix, REQUEUE_SCORE],
        ))
        if moved:
            logger.warning("re-queued %s requests a dead worker had taken", moved)
            self.crawler.stats.inc_value("distributed/requeued", moved)
        return moved

    def _all_idle(self) -> bool:
        keys = self.run.keys
        assert keys is not None
        if self.run.redis.zcard(keys.queue):
            return False
        workers = [text(w) for w in self.run.redis.smembers(keys.workers)]
        states = self.run.redis.mget([keys.alive(w) for w in workers]) if workers else []
        return all(state != b"busy" for state in states)
