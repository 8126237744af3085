"""Signals of our own, sent by the spider and heard by the fetch log and the run tracker."""

from __future__ import annotations

#: sent with (url, status, reason, request) when a fetch failed for good (after retries)
fetch_failed = object()
#: sent with (url, response) when a conditional request answered 304 Not Modified
article_not_modified = object()
#: sent with (url, source, lastmod) for every article URL a post sitemap or the feed lists
site_listed = object()
