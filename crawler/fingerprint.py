"""Request fingerprints that tell sites apart when one address serves several.

With ``base_url`` the old site is fetched from the same address as the main site, told apart
only by its ``Host`` header; Scrapy's default fingerprint ignores headers, so
``archive.asianlite.com/`` would be dropped as a duplicate of ``asianlite.com/``.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.utils.request import RequestFingerprinter, fingerprint


class HostAwareFingerprinter:
    def __init__(self, crawler: Any = None) -> None:
        self._default = RequestFingerprinter(crawler)

    @classmethod
    def from_crawler(cls, crawler: Any) -> HostAwareFingerprinter:
        return cls(crawler)

    def fingerprint(self, request: Request) -> bytes:
        if b"Host" in request.headers:
            return fingerprint(request, include_headers=("Host",))
        return self._default.fingerprint(request)
