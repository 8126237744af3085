"""The run's seen-set in Redis, keyed by our own request fingerprints.

scrapy-redis's ``RFPDupeFilter`` hashes method + canonicalised URL + body itself and ignores
``REQUEST_FINGERPRINTER_CLASS``: two sites behind one address (told apart by ``Host``) would
collide. Here the crawler's fingerprinter (crawler/fingerprint.py) is used, hex-encoded.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter

from crawler.distributed.run import DistributedRun


class RunDupeFilter(RFPDupeFilter):  # type: ignore[misc]
    def __init__(self, crawler: Any) -> None:
        run = DistributedRun.of(crawler)
        super().__init__(run.redis, key="", debug=crawler.settings.getbool("DUPEFILTER_DEBUG"))
        self.run = run
        self.fingerprinter = crawler.request_fingerprinter

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunDupeFilter:
        return cls(crawler)

    def request_fingerprint(self, request: Request) -> str:
        return str(self.fingerprinter.fingerprint(request).hex())

    def request_seen(self, request: Request) -> bool:
        keys = self.run.keys
        assert keys is not None
        return not self.server.sadd(keys.seen, self.request_fingerprint(request))

    def clear(self) -> None:
        """Nothing: the seen-set lives as long as the run, not as one worker."""

    def close(self, reason: str = "") -> None:
        """Nothing (scrapy-redis deletes the set here, under the feet of the other workers)."""
