"""Keep every request on the configured site address (base_url), redirects included.

With ``base_url`` set (a mirror or the local replica) a redirect answering
``Location: https://asianlite.com/...`` must not send the crawler to the real site: this
middleware rewrites any site URL to its fetch address before the offsite check runs.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest

from crawler.routing import Router
from crawler.urls import is_site_host

logger = logging.getLogger(__name__)


class RebaseMiddleware:
    def __init__(self, spider: Spider) -> None:
        self.spider = spider

    @classmethod
    def from_crawler(cls, crawler: Any) -> RebaseMiddleware:
        return cls(crawler.spider)

    def process_request(self, request: Request) -> Request | None:
        router: Router | None = getattr(self.spider, "router", None)
        if router is None or not (router.base_url or router.old_base_url):
            return None
        host = request.url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
        if request.url.endswith("/robots.txt") or not is_site_host(host):
            return None
        target = router.target(request.url)
        if target.url == request.url:
            return None
        if not target.url.startswith(("http://", "https://")):
            raise IgnoreRequest(f"cannot rebase {request.url}")
        logger.debug("Rebased %s -> %s", request.url, target.url)
        rebased = request.replace(url=target.url)
        if target.host_header:
            rebased.headers["Host"] = target.host_header
        else:
            rebased.headers.pop("Host", None)
        return rebased
