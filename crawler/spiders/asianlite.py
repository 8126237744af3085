"""The asianlite spider: routing only (which URL, which callback). Extraction: crawler.pages.

Run ``scrapy crawl asianlite -a help=1`` for the arguments (crawler/spider_args.py).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from archive.crawl.gaps import find_gaps
from crawler import signals as our_signals
from crawler.discovery import (
    is_post_sitemap,
    listing_last_page,
    listing_links,
    listing_page_numbers,
    listing_post_count,
    parse_lastmod,
    read_sitemap,
    rss_entries,
    sitemap_number,
)
from crawler.distributed.run import seeds_run
from crawler.distributed.settings import is_distributed
from crawler.extensions.archive_access import ArchiveAccess
from crawler.items import LinkItem
from crawler.known import KnownArticles
from crawler.known_loader import load_known_articles
from crawler.listing_walk import ListingWalk, Trail
from crawler.pages.article import parse_article
from crawler.routing import Router
from crawler.spider_args import HELP, SpiderArgs, parse_spider_args
from crawler.urls import (
    MAIN_HOST,
    OLD_SITE_HOST,
    Aliases,
    UrlKind,
    aliases_for,
    canonical_url,
    classify_url,
    post_id_from_url,
    site_host,
)

logger = logging.getLogger(__name__)

FIRST_YEAR = 2014
CHAIN_KINDS = frozenset({"previous_story", "next_story"})
LISTING_KINDS = frozenset({UrlKind.HOME, UrlKind.CATEGORY, UrlKind.MONTH, UrlKind.YEAR})
#: story links that waited, turned into requests per idle turn of the spider (at most)
WAITING_BATCH = 1000


def queue_in_memory(settings: BaseSettings) -> bool:
    """True when Scrapy's queue lives in this process's memory: no JOBDIR (a disk queue that
    survives a kill) and no REDIS_URL (the shared queue of a distributed run)."""
    return not settings.get("JOBDIR") and not is_distributed(settings)


class AsianliteSpider(scrapy.Spider):
    name = "asianlite"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args: SpiderArgs = parse_spider_args(kwargs)
        super().__init__(*args)
        self.router = Router(self.args.base_url, self.args.old_base_url)
        self.allowed_domains = self.router.allowed_domains()
        self.known = KnownArticles()
        self.cutoff: datetime | None = None
        #: canonical article URLs already requested in this process: most story links repeat
        #: (menus, Latest from, the chain), and a Request costs more than a set lookup
        self.requested: set[str] = set()
        self.walk = ListingWalk(counts_apply=not (self.args.since or self.args.until))
        #: articles first requested from a listing page that no sitemap has named (yet)
        self.listing_only: set[str] = set()
        #: story links found on article pages that wait as plain URLs until the queue runs dry
        #: (when it lives in this process's memory: see ``links_wait``)
        self.waiting: dict[str, None] = {}
        self.links_wait = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> AsianliteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.walk.per_page = crawler.settings.getint("LISTING_PER_PAGE", 10)
        spider.links_wait = queue_in_memory(crawler.settings)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    # -- seeds ------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        if self.args.help:
            print(HELP)
            return
        self.known = load_known_articles(ArchiveAccess.of(self.crawler).sessions())
        for host, count in self.known.count_by_host().items():
            self.walk.count_article(host, count)
        if not seeds_run(self.crawler):
            return  # joined a distributed run: the requests come from the shared queue
        if self.args.urls:
            for url in self.args.urls:
                yield self._article_request(url, force=True)
            return
        if self.args.mode == "refresh":
            for request in self._refresh_requests():
                yield request
            return
        if self.args.mode == "repair":
            for request in self._repair_requests():
                yield request
            return
        if self.args.mode == "incremental" and not len(self.known):
            self.cutoff = datetime.now(UTC) - timedelta(days=self.args.days)
            logger.warning(
                "The archive is empty: this incremental run covers only the last %s days. "
                "For the whole history run: scrapy crawl asianlite -a mode=backfill",
                self.args.days,
            )
        for request in self._seed_requests():
            yield request

    def _seed_requests(self) -> Iterator[scrapy.Request]:
        yield self._request(self.router.main_site("/feed"), self.parse_feed, seed=True)
        if self.args.mode != "repair":
            yield self._walk_request(Trail(MAIN_HOST), 1, seed=True)
        yield self._request(self.router.main_site("/wp-sitemap.xml"), self.parse_sitemap, seed=True)
        if self.args.mode == "repair":
            yield self._request(self.router.old_site("/wp-sitemap.xml"), self.parse_sitemap)
        if self.args.mode != "backfill":
            return
        yield self._walk_request(Trail(OLD_SITE_HOST), 1)
        yield self._request(self.router.old_site("/wp-sitemap.xml"), self.parse_sitemap)
        if not self.walks_everything:
            return
        for year, month in self._backfill_months():
            yield self._request(self.router.main_site(f"/{year}/{month:02d}/"), self.parse_listing)

    def _backfill_months(self) -> Iterator[tuple[int, int]]:
        first = self.args.since or date(FIRST_YEAR, 1, 1)
        last = self.args.until or datetime.now(UTC).date()
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            yield year, month
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    def _refresh_requests(self) -> Iterator[scrapy.Request]:
        for known in self.known.longest_unchecked(self.args.limit):
            headers = {}
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
            request = self._article_request(known.url, force=True)
            request.headers.update(headers)
            request.meta["handle_httpstatus_list"] = [304]
            yield request

    def _repair_requests(self) -> Iterator[scrapy.Request]:
        """The gaps ``archive health --gaps`` lists, then the sitemaps and the feed (read
        whole, they lead only to articles not archived or changed since)."""
        with ArchiveAccess.of(self.crawler).sessions()() as session:
            gaps = find_gaps(session)
        logger.info("repair: %d gaps in the archive", len(gaps))
        for gap in gaps:
            if self._first_time(gap.url):
                yield self._article_request(gap.url, force=True)
        yield from self._seed_requests()

    # -- callbacks --------------------------------------------------------------------------

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        aliases = self._aliases(response)
        for url, _published in rss_entries(response):
            canonical = canonical_url(url, aliases=aliases)
            self._listed(canonical, "feed")
            yield from self._maybe_article(canonical)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        sitemap = read_sitemap(response.body)
        if sitemap is None:
            self._unreadable_sitemap(response)
            yield from self._sitemap_chain(response.meta.get("next_sitemaps", ()))
            return
        aliases = self._aliases(response)
        entries = [
            (canonical_url(e["loc"], aliases=aliases), parse_lastmod(e.get("lastmod")))
            for e in sitemap
            if e.get("loc")
        ]
        if sitemap.type == "sitemapindex":
            yield from self._sitemap_chain(self._post_sitemaps_to_read(entries))
            return
        self._named_by_sitemap(loc for loc, _ in entries)
        for loc, lastmod in entries:
            self._listed(loc, "sitemap", lastmod)
            if self._year_in_range(loc):
                yield from self._maybe_article(loc, lastmod=lastmod, check_lastmod=True)
        yield from self._sitemap_chain(response.meta.get("next_sitemaps", ()))

    def _unreadable_sitemap(self, response: Response) -> None:
        """A 200 that is no sitemap (empty, not XML, an error page) is a failed fetch."""
        url = self._site_url(response)
        reason = f"not a sitemap ({len(response.body)} bytes)"
        logger.error("Fetch failed for good: %s (%s)", url, reason)
        self.crawler.stats.inc_value("fetch/failed")
        self.crawler.signals.send_catch_log(
            our_signals.fetch_failed, url=url, status=response.status, reason=reason,
            request=response.request,
        )

    def _sitemap_chain(self, locs: Iterable[str]) -> Iterator[scrapy.Request]:
        """One post sitemap at a time: the next is requested when this one is read, and waits
        behind its articles (they have a higher priority), so the sitemaps add at most one
        sitemap's worth of article requests to the queue (links found on pages wait: see
        ``_follow_links``)."""
        locs = list(locs)
        if not locs:
            return
        request = self._request(self.router.target(locs[0]), self.parse_sitemap)
        request.meta["next_sitemaps"] = locs[1:]
        yield request

    def _post_sitemaps_to_read(self, entries: list[tuple[str, datetime | None]]) -> list[str]:
        """Backfill: every post sitemap. Incremental: those whose lastmod is newer than the
        archive, and the last one (new posts land there; WordPress core gives no lastmod)."""
        posts = [(loc, lastmod) for loc, lastmod in entries if is_post_sitemap(loc)]
        if self.args.mode in ("backfill", "repair"):
            return [loc for loc, _ in posts]
        wanted = [loc for loc, lastmod in posts if lastmod is not None and self._sitemap_changed(lastmod)]
        newest = max(posts, key=lambda entry: sitemap_number(entry[0]), default=None)
        if newest is not None and newest[0] not in wanted:
            wanted.append(newest[0])
        return wanted

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        new = 0
        for url in listing_links(response, self._site_url(response), self._aliases(response)):
            kind = classify_url(url)
            if kind in (UrlKind.ARTICLE, UrlKind.SHORTLINK):
                if not self._year_in_range(url):  # since/until: as in the sitemaps
                    continue
                for request in self._maybe_article(url):
                    new += 1
                    self._found_on_listing(request.meta["site_url"])
                    yield request
            elif self.walks_everything and kind in LISTING_KINDS and self._first_time(url):
                yield self._request(self.router.target(url), self.parse_listing, keep_slash=url)
        yield from self._walk_on(response, new)

    @property
    def walks_everything(self) -> bool:
        """``mode=backfill -a listings=all``: every category and month archive, all paging."""
        return self.args.mode == "backfill" and self.args.listings == "all"

    @property
    def walks_new(self) -> bool:
        """``mode=backfill`` (listings=new): homepage paging after the sitemaps, while it adds."""
        return self.args.mode == "backfill" and self.args.listings == "new"

    def _walk_on(self, response: Response, new: int) -> Iterator[scrapy.Request]:
        """Page 1 of a homepage tells its page count; a walked page may lead to the next."""
        trail, page = response.meta.get("trail"), response.meta.get("page")
        if not isinstance(trail, Trail) or not isinstance(page, int) or not self.walks_new:
            return
        posts = listing_post_count(response)
        if page == 1:
            self.walk.note_homepage(trail.host, listing_last_page(response), posts)
            return
        has_next = page + 1 in listing_page_numbers(response)
        following = self.walk.next_page(trail, page, new, has_next, posts)
        if following is not None:
            yield self._walk_request(trail, following)

    def walk_requests(self) -> list[scrapy.Request]:
        """The first pages of the listing walk (once per run; none outside listings=new)."""
        if not self.walks_new:
            return []
        return [self._walk_request(trail, page) for trail, page in self.walk.first_pages()]

    def waiting_requests(self) -> list[scrapy.Request]:
        """Up to ``WAITING_BATCH`` requests for story links that waited (newest first); those
        requested or archived meanwhile are dropped by the usual decision."""
        requests: list[scrapy.Request] = []
        while self.waiting and len(requests) < WAITING_BATCH:
            url, _ = self.waiting.popitem()
            requests.extend(self._maybe_article(url))
        return requests

    def on_idle(self) -> None:
        """When the queue runs dry: the story links that waited, and once none is left (and
        the sitemaps, articles and chain are done) the listing walk."""
        requests = self.waiting_requests() or self.walk_requests()
        for request in requests:
            self.crawler.engine.crawl(request)
        if requests:
            raise DontCloseSpider

    def parse_article(self, response: Response) -> Iterator[Any]:
        self.crawler.stats.inc_value("articles/fetched")
        if response.status == 304:
            self.crawler.signals.send_catch_log(
                our_signals.article_not_modified, url=self._site_url(response), response=response
            )
            return
        site_url = self._site_url(response)
        page = parse_article(response, site_url)
        if page is None:
            logger.info("Not an article, read as a listing: %s", response.url)
            yield from self.parse_listing(response)
            return
        item = page.to_item()
        item.fetched_url = response.meta.get("site_url") or site_url
        item.warc_file, item.warc_offset, item.warc_length = response.meta.get("warc_record") or (None, None, None)
        published = _parse_time(item.published_at)
        # links first: the item waits for its batch to be stored, and with CONCURRENT_ITEMS=1
        # (settings.py) whatever comes after it waits too
        if self.follows_links:
            yield from self._follow_links(item.links, page.article_links(), published)
        if self._in_range(published):
            yield item

    @property
    def follows_links(self) -> bool:
        """url=, refresh and repair runs fetch exactly the articles asked for; the others explore."""
        return not self.args.urls and self.args.mode not in ("refresh", "repair")

    def _follow_links(
        self, story_links: Iterable[LinkItem], article_urls: Iterable[str], published: datetime | None
    ) -> Iterator[scrapy.Request]:
        """The Previous/Next chain within the run's dates, then every other article link.

        With the queue in memory the other links wait as plain URLs until it runs dry: each
        page names a few stories not reached yet, and queued as requests (about 1 KB each)
        they made a backfill's queue hold some two thirds of the site. A JOBDIR's disk queue
        or the shared Redis queue takes them at once (they must survive a kill).
        """
        chain = {link.url for link in story_links if link.kind in CHAIN_KINDS}
        for link in story_links:
            if link.kind in CHAIN_KINDS and self._chain_continues(link.kind, published):
                yield from self._maybe_article(link.url)
        for url in article_urls:
            if url in chain:
                continue
            if not self.links_wait:
                yield from self._maybe_article(url)
            elif url not in self.requested and url not in self.waiting:
                self.waiting[url] = None
                self.crawler.stats.inc_value("discovery/links_waited")

    def on_error(self, failure: Failure) -> Iterator[scrapy.Request]:
        """A fetch failed for good: record it; a failed post sitemap still hands on its chain."""
        request = failure.request  # type: ignore[attr-defined]
        self._record_failure(failure, request)
        yield from self._sitemap_chain(request.meta.get("next_sitemaps", ()))

    def _record_failure(self, failure: Failure, request: scrapy.Request) -> None:
        response = getattr(failure.value, "response", None)
        status = response.status if response is not None else None
        reason = _failure_reason(failure, status)
        url = request.meta.get("site_url") or request.url
        if request.meta.get("listing") and status == 404:
            logger.debug("No such listing page: %s", request.url)
            return
        logger.error("Fetch failed for good: %s (%s)", url, reason)
        self.crawler.stats.inc_value("fetch/failed")
        if request.meta.get("article"):
            self.crawler.stats.inc_value("articles/failed")
        if request.meta.get("seed"):
            self.crawler.stats.inc_value("fetch/failed_seeds")
        self.crawler.signals.send_catch_log(
            our_signals.fetch_failed, url=url, status=status, reason=reason, request=request
        )

    # -- decisions --------------------------------------------------------------------------

    def _maybe_article(self, url: str, *, lastmod: datetime | None = None, check_lastmod: bool = False) -> Iterator[scrapy.Request]:
        canonical = canonical_url(url)
        kind = classify_url(canonical)
        if kind is UrlKind.SHORTLINK:
            post_id = post_id_from_url(canonical)
            if post_id is not None and self.known.has_post(post_id) and self.args.mode != "refresh":
                return
        elif kind is not UrlKind.ARTICLE:
            return
        elif canonical in self.known:
            if not check_lastmod or not self.known.is_stale(canonical, lastmod):
                return
        elif self.cutoff and lastmod is not None and lastmod < self.cutoff:
            return
        if self._first_time(canonical):
            if kind is UrlKind.ARTICLE and canonical not in self.known:
                self.walk.count_article(site_host(urlsplit(canonical).hostname))
            yield self._article_request(canonical)

    def _listed(self, url: str, source: str, lastmod: datetime | None = None) -> None:
        """Tell the site-listing extension the site publishes this article URL (a spider
        built without a crawler, as in unit tests, tells no one)."""
        if getattr(self, "crawler", None) is not None and classify_url(url) is UrlKind.ARTICLE:
            self.crawler.signals.send_catch_log(
                our_signals.site_listed, url=url, source=source, lastmod=lastmod
            )

    def _first_time(self, url: str) -> bool:
        """True once per URL and process (Scrapy's dupefilter stays the safety net)."""
        if url in self.requested:
            return False
        self.requested.add(url)
        self.waiting.pop(url, None)  # a sitemap or the chain got to it first
        return True

    def _found_on_listing(self, url: str) -> None:
        self.listing_only.add(url)
        self._count_listing_only()

    def _named_by_sitemap(self, urls: Iterable[str]) -> None:
        if self.listing_only:
            self.listing_only.difference_update(urls)
            self._count_listing_only()

    def _count_listing_only(self) -> None:
        crawler = getattr(self, "crawler", None)
        if crawler is not None and crawler.stats is not None:
            crawler.stats.set_value("discovery/listing_only", len(self.listing_only))

    def _sitemap_changed(self, lastmod: datetime | None) -> bool:
        if self.args.mode == "backfill" or lastmod is None:
            return True
        if self.cutoff is not None:
            return lastmod >= self.cutoff
        return self.known.is_newer_than_archive(lastmod)

    def _chain_continues(self, kind: str, published: datetime | None) -> bool:
        if published is None:
            return True
        if self.cutoff and published < self.cutoff:
            return False
        if kind == "previous_story" and self.args.since_datetime and published < self.args.since_datetime:
            return False
        return not (kind == "next_story" and self.args.until_datetime and published > self.args.until_datetime)

    def _in_range(self, published: datetime | None) -> bool:
        if published is None or self.args.mode != "backfill":
            return True
        since, until = self.args.since_datetime, self.args.until_datetime
        return not ((since and published < since) or (until and published > until))

    def _year_in_range(self, url: str) -> bool:
        path = url.split("://", 1)[-1].split("/")
        year = int(path[1]) if len(path) > 1 and path[1].isdigit() else None
        if year is None:
            return True
        since, until = self.args.since, self.args.until
        return not ((since and year < since.year) or (until and year > until.year))

    # -- requests ---------------------------------------------------------------------------

    def _article_request(self, canonical: str, *, force: bool = False) -> scrapy.Request:
        target = self.router.target(canonical)
        return scrapy.Request(
            target.url,
            callback=self.parse_article,
            errback=self.on_error,
            headers=target.headers,
            dont_filter=force,
            meta={"site_url": canonical, "site_host": target.host_header, "article": True},
            priority=10,
        )

    def _walk_request(self, trail: Trail, page: int, *, seed: bool = False) -> scrapy.Request:
        url = f"https://{trail.host}{trail.path(page)}"
        request = self._request(self.router.target(url), self.parse_listing, seed=seed, keep_slash=url)
        request.meta.update(trail=trail, page=page)
        if page == 1:
            # read again when a JOBDIR run resumes (its page count starts the walk), once a run
            self._first_time(canonical_url(url))
            request = request.replace(dont_filter=True)
        return request

    def _request(self, target: Any, callback: Any, *, seed: bool = False, keep_slash: str | None = None) -> scrapy.Request:
        url = target.url
        if keep_slash and keep_slash.endswith("/") and not url.endswith("/"):
            url += "/"
        # seeds are never "seen": a JOBDIR's persisted dupefilter must not swallow a run's start
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            headers=target.headers,
            dont_filter=seed,
            meta={"site_host": target.host_header, "seed": seed, "listing": True},
        )

    def _site_url(self, response: Response) -> str:
        host = response.meta.get("site_host") if response.request is not None else None
        return self.router.site_url_of(response.url, host)

    def _aliases(self, response: Response) -> Aliases:
        """The host a response came from counts as the site for the URLs in it (a mirror, a
        staging copy or the replica links to its own address)."""
        return aliases_for(response.url, self._site_url(response))


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _failure_reason(failure: Failure, status: int | None) -> str:
    if status is not None:
        return f"HTTP {status}"
    return f"{type(failure.value).__name__}: {failure.getErrorMessage()}"[:500]
