"""Retries with exponential backoff that honour ``Retry-After`` (429 and 503 answers)."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response

logger = logging.getLogger(__name__)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry rules, but each retry waits: Retry-After if the server said, else
    ``RETRY_BACKOFF_BASE * 2**(n-1)`` seconds, never more than ``RETRY_BACKOFF_MAX``."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retries = request.meta.get("retry_times", 0) + 1
        retry = self._retry(request, f"HTTP {response.status}")
        if retry is None:
            return response
        delay = self.delay_for(response, retries)
        if delay > 0:
            logger.debug("Waiting %.2fs before retry %d of %s", delay, retries, request.url)
            await asyncio.sleep(delay)
        return retry

    def delay_for(self, response: Response, retries: int) -> float:
        told = retry_after_seconds(response.headers.get(b"Retry-After"))
        wait = told if told is not None else self.backoff_base * 2 ** (retries - 1)
        return max(0.0, min(wait, self.backoff_max))


def retry_after_seconds(value: bytes | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
