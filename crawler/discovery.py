"""Link discovery on non-article pages: RSS feeds, sitemaps' dates and listing pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from lxml import etree
from scrapy.http import Response, TextResponse
from scrapy.utils.sitemap import Sitemap

from crawler.urls import Aliases, UrlKind, canonical_url, classify_url

SITEMAP_TYPES = frozenset({"urlset", "sitemapindex"})


def read_sitemap(body: bytes) -> Sitemap | None:
    """The sitemap in ``body``, or None when it is not one (empty, not XML, an HTML error page:
    scrapy's Sitemap raises or reports another root element for those)."""
    try:
        sitemap = Sitemap(body)
    except (etree.XMLSyntaxError, StopIteration, ValueError):
        return None
    return sitemap if sitemap.type in SITEMAP_TYPES else None


def rss_entries(response: Response) -> Iterator[tuple[str, datetime | None]]:
    """(link, publication time) of every item of an RSS 2.0 feed."""
    if not isinstance(response, TextResponse):
        return
    selector = response.selector
    selector.remove_namespaces()
    for item in selector.xpath("//item"):
        link = (item.xpath("link/text()").get() or item.xpath("guid/text()").get() or "").strip()
        if link:
            yield link, _rfc822(item.xpath("pubDate/text()").get())


def _rfc822(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_lastmod(value: str | None) -> datetime | None:
    """A sitemap ``lastmod`` (W3C datetime: a date, or a date and time with offset)."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


_POST_SITEMAP_RE = re.compile(r"/(?:wp-sitemap-posts-post-\d+|post-sitemap\d*|sitemap-posts?-?\d*)\.xml$")
_NUMBER_RE = re.compile(r"(\d+)\.xml$")


def is_post_sitemap(url: str) -> bool:
    """A sitemap of posts (WordPress core or Yoast), not of pages, categories, tags or users."""
    return bool(_POST_SITEMAP_RE.search(url.split("?", 1)[0]))


def sitemap_number(url: str) -> int:
    """The page number of a split sitemap (``...-post-3.xml`` -> 3; unnumbered -> 1)."""
    match = _NUMBER_RE.search(url.split("?", 1)[0])
    return int(match.group(1)) if match else 1


def listing_links(response: Response, site_url: str, aliases: Aliases = ()) -> Iterator[str]:
    """Every in-site link of a page (canonical form, document order, each once; ``aliases``
    name the hosts that are the site on this page).

    Listing links keep their trailing slash so that month archives are requested as the site
    serves them; everything else is canonical.
    """
    seen: set[str] = set()
    for href in response.xpath("//a/@href").getall():
        href = href.strip()
        if not href or href.startswith(("#", "mailto:", "javascript:", "whatsapp:", "tel:")):
            continue
        url = canonical_url(href, base=site_url, aliases=aliases)
        kind = classify_url(url)
        if kind is UrlKind.OFFSITE or url in seen:
            continue
        seen.add(url)
        if kind is UrlKind.MONTH:
            url += "/"
        yield url


_PAGE_NUMBER_RE = re.compile(r"/page/(\d+)/?(?:[?#]|$)")


def listing_page_numbers(response: Response) -> list[int]:
    """The page numbers a listing page links to (``.../page/N/``: numbered pagination,
    "Older Entries" / "Next" links)."""
    numbers = []
    for href in response.xpath("//a/@href").getall():
        match = _PAGE_NUMBER_RE.search(href.strip())
        if match:
            numbers.append(int(match.group(1)))
    return numbers


def listing_last_page(response: Response) -> int | None:
    """The last page of a listing as WordPress's numbered pagination (``paginate_links``,
    class ``page-numbers``) shows it; 1 when nothing links to a next page; None when only an
    "Older Entries" link tells that there is one."""
    numbers = [int(n) for n in response.css(".page-numbers::text").re(r"^\s*(\d+)\s*$")]
    if numbers:
        return max(numbers)
    return None if listing_page_numbers(response) else 1


_POST_ID_RE = re.compile(r"^post-\d+$")


def listing_post_count(response: Response) -> int:
    """Posts a listing page shows, as WordPress themes mark them (``id="post-123"``)."""
    ids = response.xpath("//*[starts-with(@id, 'post-')]/@id").getall()
    return sum(1 for value in ids if _POST_ID_RE.match(value))
