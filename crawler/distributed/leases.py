"""Release a request's lease once everything it led to is safe: its callback's output was taken
(new requests are in Redis) and every item it yielded left the item pipelines (stored,
dropped or failed). The store pipeline holds items for a batch, so releasing at the end of the
callback would lose the batch if the worker died before writing it.

A lease never released (an error path this misses) costs nothing while the worker lives: the
worker's leases are dropped when it leaves the run; only if it dies are they fetched again,
which the archive's upserts absorb.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request, signals
from scrapy.http import Response

from crawler.distributed.queue import LEASE_META
from crawler.distributed.run import DistributedRun

logger = logging.getLogger(__name__)


class LeaseReleaseMiddleware:
    """Spider middleware; the item signals count items down, ``request_dropped`` covers
    requests dropped before a callback."""

    def __init__(self, crawler: Any) -> None:
        self.run = DistributedRun.of(crawler)
        self.items_out: Counter[str] = Counter()  # lease -> its items still in the pipelines
        self.output_done: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> LeaseReleaseMiddleware:
        middleware = cls(crawler)
        connect = crawler.signals.connect
        connect(middleware.request_dropped, signal=signals.request_dropped)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            connect(middleware.item_done, signal=signal)
        return middleware

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        lease = _lease(response.request)
        for output in result:
            self._count(lease, output)
            yield output
        self._output_done(lease)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        lease = _lease(response.request)
        async for output in result:
            self._count(lease, output)
            yield output
        self._output_done(lease)

    def _count(self, lease: str | None, output: Any) -> None:
        if lease and not isinstance(output, Request):
            self.items_out[lease] += 1

    def _output_done(self, lease: str | None) -> None:
        if lease:
            self.output_done.add(lease)
            self._release_if_done(lease)

    def item_done(self, item: Any, response: Response | None = None, **_: Any) -> None:
        lease = _lease(None if response is None else response.request)
        if lease and self.items_out[lease] > 0:
            self.items_out[lease] -= 1
            self._release_if_done(lease)

    def request_dropped(self, request: Request) -> None:
        lease = _lease(request)
        if lease:
            self.release(lease)

    def _release_if_done(self, lease: str) -> None:
        if lease in self.output_done and self.items_out[lease] <= 0:
            self.output_done.discard(lease)
            del self.items_out[lease]
            self.release(lease)

    def release(self, lease: str) -> None:
        keys = self.run.keys
        if keys is not None:
            self.run.redis.hdel(keys.leases(self.run.worker), lease)


def _lease(request: Request | None) -> str | None:
    return None if request is None else request.meta.get(LEASE_META)
