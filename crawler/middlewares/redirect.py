"""Redirects as Scrapy follows them, except that a redirect loop is a failure with its reason.

Scrapy's RedirectMiddleware hands the redirected request back to the scheduler, whose
dupefilter drops a request for a URL already seen. A loop (``/a`` -> ``/a?x`` -> ``/a``) thus
ends in a silent drop: no response, no errback, the article vanishes. Here a redirect whose
target is already in the request's own chain (``redirect_urls``, kept by Scrapy) raises
:class:`RedirectLoop`, so the request's errback records it. Too many redirects still end in
Scrapy's ``IgnoreRequest("max redirections reached")``, which reaches the errback too.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from w3lib.url import canonicalize_url

logger = logging.getLogger(__name__)


class RedirectLoop(IgnoreRequest):
    """A redirect leads back to a URL of its own chain."""


class LoopAwareRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirects, with loops turned into a :class:`RedirectLoop` failure."""

    def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request) and result is not request:
            self._refuse_loop(result)
        return result

    @staticmethod
    def _refuse_loop(redirected: Request) -> None:
        chain = redirected.meta.get("redirect_urls", [])
        target = canonicalize_url(redirected.url)
        if any(canonicalize_url(url) == target for url in chain):
            hops = " -> ".join([*chain, redirected.url])
            logger.warning("Redirect loop: %s", hops)
            raise RedirectLoop(f"redirect loop after {len(chain)} redirect(s): {hops}"[:480])
