"""This worker's view of the shared run: the Redis client, its id, the run's keys and the
scripts. One per crawler (:meth:`DistributedRun.of`), created by whichever component asks
first; the run id is known once :mod:`.coordination` has seeded or joined the run."""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from typing import Any
from weakref import WeakKeyDictionary

from crawler.distributed import keys, scripts
from crawler.distributed.keys import RunKeys
from crawler.distributed.settings import is_distributed

logger = logging.getLogger(__name__)

_SHARED: WeakKeyDictionary[Any, DistributedRun] = WeakKeyDictionary()


class DistributedRun:
    def __init__(self, redis_url: str) -> None:
        import redis  # the `distributed` extra: only a crawl with REDIS_URL needs it

        self.redis = redis.Redis.from_url(redis_url, socket_timeout=30, socket_connect_timeout=10)
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.keys: RunKeys | None = None
        self.seeds = False
        self.enqueue = self.redis.register_script(scripts.ENQUEUE)
        self.pop_leased = self.redis.register_script(scripts.POP_LEASED)
        self.requeue_dead_script = self.redis.register_script(scripts.REQUEUE_DEAD)
        self.leave_script = self.redis.register_script(scripts.LEAVE)
        self.budget_acquire = self.redis.register_script(scripts.BUDGET_ACQUIRE)

    @classmethod
    def of(cls, crawler: Any) -> DistributedRun:
        run = _SHARED.get(crawler)
        if run is None:
            run = _SHARED[crawler] = cls(crawler.settings.get("REDIS_URL"))
        return run

    # -- the run in progress ---------------------------------------------------------------

    def current(self) -> dict[str, Any] | None:
        """The published run (``run_id``, ``holder`` of the crawl lock), or None."""
        raw = self.redis.get(keys.CURRENT_RUN)
        return None if raw is None else json.loads(raw)

    def publish(self, run_id: int, holder: str) -> None:
        self.redis.set(keys.CURRENT_RUN, json.dumps({"run_id": run_id, "holder": holder}))

    def take_part(self, run_id: int, alive_seconds: float) -> None:
        """Join run ``run_id`` as a worker (its heartbeat key starts as busy)."""
        self.keys = RunKeys(run_id)
        self.redis.sadd(self.keys.workers, self.worker)
        self.redis.sadd(self.keys.members, self.worker)
        self.beat(busy=True, alive_seconds=alive_seconds)

    def beat(self, *, busy: bool, alive_seconds: float) -> None:
        if self.keys is not None:
            self.redis.set(self.keys.alive(self.worker), "busy" if busy else "idle",
                           px=int(alive_seconds * 1000))

    # -- leaving ------------------------------------------------------------------------------

    def leave(self, counts: dict[str, int]) -> int:
        """Add our counts to the run's and leave; returns how many workers remain."""
        assert self.keys is not None
        for name, value in counts.items():
            self.redis.hincrby(self.keys.counts, name, value)
        mine = [self.keys.workers, self.keys.leases(self.worker), self.keys.alive(self.worker)]
        return int(self.leave_script(keys=mine, args=[self.worker]))

    def totals(self) -> tuple[dict[str, int], list[str]]:
        """The run's summed counts and every worker that took part."""
        assert self.keys is not None
        counts = {text(k): int(v) for k, v in self.redis.hgetall(self.keys.counts).items()}
        members = sorted(text(m) for m in self.redis.smembers(self.keys.members))
        return counts, members

    def forget_run(self) -> None:
        """Delete everything Redis held for the run (seen-set, queue, leases, ...)."""
        assert self.keys is not None
        doomed = self.keys.fixed()
        for pattern in (self.keys.alive_prefix + "*", self.keys.leases_prefix + "*"):
            doomed.extend(self.redis.scan_iter(match=pattern, count=500))
        self.redis.delete(*doomed)
        current = self.current()
        if current is not None and current.get("run_id") == self.keys.run_id:
            self.redis.delete(keys.CURRENT_RUN)
        logger.info("run %s finished: its Redis keys are deleted", self.keys.run_id)


def text(value: bytes | str) -> str:
    """A Redis reply as text (the client returns bytes)."""
    return value.decode() if isinstance(value, bytes) else value


def seeds_run(crawler: Any) -> bool:
    """True unless this process joined a distributed run another process seeded."""
    if not is_distributed(crawler.settings):
        return True
    return DistributedRun.of(crawler).seeds
