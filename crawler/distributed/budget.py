"""The site's politeness budget, shared by every worker through Redis.

``SHARED_RATE_LIMIT`` requests per second (0 = no limit; default ``1 / DOWNLOAD_DELAY``) and
``SHARED_CONCURRENCY`` requests in flight (default ``CONCURRENT_REQUESTS_PER_DOMAIN``) hold for
all processes together, whatever their number. A request waits in ``process_request`` until the
budget lets it go; its in-flight token is returned with the response or the error, and expires
after ``DOWNLOAD_TIMEOUT`` + 30 s if its worker died holding it.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

from scrapy import Request
from scrapy.http import Response

from crawler.distributed import keys
from crawler.distributed.run import DistributedRun

logger = logging.getLogger(__name__)

TOKEN_META = "budget_token"


class SharedBudgetMiddleware:
    def __init__(self, run: DistributedRun, rate: float, concurrency: int, lease_seconds: float) -> None:
        self.run = run
        self.interval_ms = int(1000 / rate) if rate > 0 else 0
        self.concurrency = concurrency
        self.lease_ms = int(lease_seconds * 1000)

    @classmethod
    def from_crawler(cls, crawler: Any) -> SharedBudgetMiddleware:
        settings = crawler.settings
        delay = settings.getfloat("DOWNLOAD_DELAY")
        rate = settings.getfloat("SHARED_RATE_LIMIT", 1 / delay if delay > 0 else 0)
        concurrency = settings.getint(
            "SHARED_CONCURRENCY", settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))
        lease = settings.getfloat("DOWNLOAD_TIMEOUT") + 30
        logger.info("shared budget: %s requests/s, %s in flight (0 = unlimited)", rate, concurrency)
        return cls(DistributedRun.of(crawler), rate, concurrency, lease)

    async def process_request(self, request: Request) -> None:
        token = uuid.uuid4().hex
        for _ in range(1_000_000):  # bounded; a wait is at most the interval
            wait_ms = self.run.budget_acquire(
                keys=[keys.BUDGET_INFLIGHT, keys.BUDGET_NEXT],
                args=[token, self.concurrency, self.interval_ms, self.lease_ms],
            )
            if int(wait_ms) == 0:
                request.meta[TOKEN_META] = token
                return
            await asyncio.sleep(int(wait_ms) / 1000)

    def process_response(self, request: Request, response: Response) -> Response:
        self._give_back(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._give_back(request)

    def _give_back(self, request: Request) -> None:
        token = request.meta.pop(TOKEN_META, None)
        if token:
            self.run.redis.zrem(keys.BUDGET_INFLIGHT, token)
