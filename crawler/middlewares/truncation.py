"""Article pages cut short are retried, then fail with their reason: never stored as articles.

A server that closes the connection early without a Content-Length sends what looks like a
whole response; Scrapy cannot tell (declared lengths are checked by Scrapy itself). The page
tells: a complete HTML document ends with ``</body>`` or ``</html>``. A page is truncated when

* Scrapy flagged it ``dataloss`` (with ``DOWNLOAD_FAIL_ON_DATALOSS = False``), or
* it is HTML and has neither ``</body>`` nor ``</html>`` (a page whose ``</html>`` alone is
  missing, as malformed themes produce, still counts as whole), or
* it is shorter than ``TRUNCATED_MIN_SHARE`` (default 0.5) of the last good fetch of the same
  archived article (``fetches.bytes``): an article page does not lose half its bytes.

A truncated page is retried like a network error (up to ``RETRY_TIMES``), then the request
fails with :class:`TruncatedPage`, whose errback writes the ``fetches`` row; the archived
version stays current because no item is made from the page.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from archive.crawl.fetches import last_good_fetch_size
from archive.errors import ArchiveError
from crawler.extensions.archive_access import ArchiveAccess

logger = logging.getLogger(__name__)

DOCUMENT_END = re.compile(rb"</(?:body|html)\s*>", re.IGNORECASE)


class TruncatedPage(IgnoreRequest):
    """The page ended before the document did."""


class TruncatedPageMiddleware:
    """Checks article responses (``meta["article"]``) for truncation; see the module docstring."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.min_share = crawler.settings.getfloat("TRUNCATED_MIN_SHARE", 0.5)
        self.archive = ArchiveAccess.of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TruncatedPageMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if not request.meta.get("article") or response.status != 200:
            return response
        reason = self.truncation(request, response)
        if reason is None:
            return response
        spider = self.crawler.spider
        assert spider is not None
        retry = get_retry_request(request, spider=spider, reason="truncated page")
        if retry is not None:
            logger.info("Truncated page (%s), retrying: %s", reason, request.url)
            return retry
        raise TruncatedPage(reason)

    def truncation(self, request: Request, response: Response) -> str | None:
        """Why ``response`` is cut short, or None when it looks whole."""
        if "dataloss" in response.flags:
            return "the connection closed before the declared length"
        if not _is_html(response):
            return None
        if DOCUMENT_END.search(response.body) is None:
            return f"the page ends before </body></html> ({len(response.body)} bytes)"
        return self._shorter_than_archived(request.meta.get("site_url"), len(response.body))

    def _shorter_than_archived(self, url: str | None, size: int) -> str | None:
        spider: Any = self.crawler.spider
        known = getattr(spider, "known", None)
        if url is None or known is None or url not in known:
            return None
        try:
            with self.archive.sessions()() as session:
                archived = last_good_fetch_size(session, url)
        except ArchiveError as exc:
            logger.warning("could not read the archived size of %s: %s", url, exc)
            return None
        if archived is None or size >= archived * self.min_share:
            return None
        return f"{size} bytes, the archived version's page had {archived}"


def _is_html(response: Response) -> bool:
    content_type = (response.headers.get(b"Content-Type") or b"").lower()
    return b"html" in content_type or not content_type
