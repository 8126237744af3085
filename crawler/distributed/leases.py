"""Release a request's lease once its callback (or errback) output has been taken, and when a
request is dropped. A lease never released (an error path this misses) costs nothing while the
worker lives: the worker's leases are dropped when it leaves the run; only if it dies are they
fetched again, which the archive's upserts absorb."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request, signals
from scrapy.http import Response

from crawler.distributed.queue import LEASE_META
from crawler.distributed.run import DistributedRun

logger = logging.getLogger(__name__)


class LeaseReleaseMiddleware:
    """Spider middleware; the signal handler covers requests dropped before a callback."""

    def __init__(self, crawler: Any) -> None:
        self.run = DistributedRun.of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Any) -> LeaseReleaseMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.request_dropped, signal=signals.request_dropped)
        return middleware

    def process_spider_output(
        self, response: Response, result: Iterable[Any]
    ) -> Iterator[Any]:
        yield from result
        self.release(response.request)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for output in result:
            yield output
        self.release(response.request)

    def request_dropped(self, request: Request) -> None:
        self.release(request)

    def release(self, request: Request | None) -> None:
        lease = None if request is None else request.meta.get(LEASE_META)
        keys = self.run.keys
        if lease and keys is not None:
            self.run.redis.hdel(keys.leases(self.run.worker), lease)
