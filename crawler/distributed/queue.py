"""The run's priority queue in Redis, with a lease on every request a worker takes.

scrapy-redis's ``PriorityQueue`` pops with ZRANGE + ZREMRANGEBYRANK: a worker killed after the
pop loses the request. Here the pop copies the request into the worker's lease hash in the same
script; the lease is released when the request's callback is done (:mod:`.leases`) and a dead
worker's leases are re-queued (:mod:`.idle`). Requests are serialised as scrapy-redis does
(``Request.to_dict`` + pickle): Redis must be reachable by the crawl hosts only.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy_redis.queue import Base

from crawler.distributed.run import DistributedRun

LEASE_META = "distributed_lease"


class LeasedPriorityQueue(Base):  # type: ignore[misc]
    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.run = DistributedRun.of(spider.crawler)

    def __len__(self) -> int:
        keys = self.run.keys
        return 0 if keys is None else int(self.server.zcard(keys.queue))

    def push_unseen(self, request: Request, fingerprint: str) -> bool:
        """Queue ``request`` unless ``fingerprint`` was seen in this run ("" = always)."""
        keys = self.run.keys
        assert keys is not None, "request scheduled before the run was seeded or joined"
        old_lease = request.meta.pop(LEASE_META, "")
        data = self._encode_request(request)
        added = self.run.enqueue(
            keys=[keys.seen, keys.queue, keys.leases(self.run.worker)],
            args=[fingerprint, -request.priority, data, old_lease],
        )
        return bool(added)

    def push(self, request: Request) -> None:
        self.push_unseen(request, "")

    def pop(self, timeout: int = 0) -> Request | None:
        keys = self.run.keys
        if keys is None:
            return None
        taken = self.run.pop_leased(keys=[keys.queue, keys.leases(self.run.worker)])
        if not taken:
            return None
        data, lease = taken
        request = self._decode_request(data)
        request.meta[LEASE_META] = lease.decode() if isinstance(lease, bytes) else lease
        return request

    def clear(self) -> None:
        """Nothing: the run's keys are deleted by the last worker (:mod:`.coordination`)."""
