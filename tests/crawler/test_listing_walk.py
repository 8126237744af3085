"""The backfill's listing walk (issue 18): the stop rule, and the spider walking a replica's
homepage paging after its sitemaps, on real replica responses (no crawl process needed)."""

from __future__ import annotations

from collections.abc import Iterator

from scrapy import Request
from scrapy.http import HtmlResponse, Response, XmlResponse

from crawler.listing_walk import ListingWalk, Trail
from crawler.spiders.asianlite import AsianliteSpider
from tests.replica.client import fetch
from tests.replica.server import ReplicaServer
from tests.replica.site import Site

MAX_PAGES = 200  # a bound for the walk loops below


def test_a_page_with_nothing_new_stops_a_walk_without_counts() -> None:
    walk = ListingWalk(per_page=10)
    walk.note_homepage("archive.asianlite.com", None, 10)
    trail = Trail("archive.asianlite.com")
    assert walk.first_pages() == [(trail, 2)]
    assert walk.next_page(trail, 2, new_articles=3, has_next=True, posts=10) == 3
    assert walk.next_page(trail, 3, new_articles=0, has_next=True, posts=10) is None
    assert walk.next_page(trail, 4, new_articles=4, has_next=False, posts=10) is None


def test_the_last_page_counts_and_the_walk_goes_deeper_while_counts_disagree() -> None:
    walk = ListingWalk()
    walk.note_homepage("asianlite.com", 5, 10)
    walk.count_article("asianlite.com", 42)
    trail = Trail("asianlite.com")
    assert not walk.disagrees("asianlite.com"), "5 pages of 10 hold at least 41"
    assert walk.first_pages() == [(trail, 5)]
    assert walk.next_page(trail, 5, new_articles=0, has_next=False, posts=4) == 2
    assert walk.disagrees("asianlite.com"), "the site lists 44"
    assert walk.next_page(trail, 2, new_articles=0, has_next=True, posts=10) == 3
    walk.count_article("asianlite.com", 2)
    assert walk.next_page(trail, 3, new_articles=2, has_next=True, posts=10) == 4
    assert walk.next_page(trail, 4, new_articles=0, has_next=True, posts=10) is None


def test_agreeing_counts_end_the_walk_before_it_starts() -> None:
    walk = ListingWalk()
    walk.note_homepage("asianlite.com", 5, 10)
    walk.count_article("asianlite.com", 44)
    assert walk.first_pages() == [(Trail("asianlite.com"), 5)]
    assert walk.next_page(Trail("asianlite.com"), 5, new_articles=0, has_next=False, posts=4) is None
    full = ListingWalk()
    full.note_homepage("asianlite.com", 5, 10)
    full.count_article("asianlite.com", 50)
    full.note_homepage("asianlite.uk", 1, 7)
    assert full.first_pages() == []


def test_counts_do_not_apply_to_a_dated_backfill_and_the_walk_starts_once() -> None:
    walk = ListingWalk(counts_apply=False)
    walk.note_homepage("asianlite.com", 500, 10)
    walk.note_homepage("archive.asianlite.com", None, 10)
    walk.note_homepage("asianlite.uk", 1, 10)
    assert not walk.disagrees("asianlite.com")
    assert walk.first_pages() == [(Trail("asianlite.com"), 2), (Trail("archive.asianlite.com"), 2)]
    assert walk.first_pages() == []
    assert walk.next_page(Trail("asianlite.com"), 2, new_articles=0, has_next=True, posts=10) is None


def _response(server: ReplicaServer, request: Request) -> Response:
    path = request.url[len(server.base_url):]
    got = fetch(server.base_url, path, headers=dict(request.headers.to_unicode_dict()))
    assert got.status == 200, path
    kind = XmlResponse if path.endswith(".xml") else HtmlResponse
    return kind(url=request.url, body=got.body, request=request, encoding="utf-8")


def _read_sitemaps(spider: AsianliteSpider, server: ReplicaServer) -> set[str]:
    """Read the main site's sitemap chain; the article URLs it requested."""
    requested: set[str] = set()
    pending = [r for r in spider._seed_requests() if r.url.endswith("/wp-sitemap.xml")][:1]
    while pending:
        for out in spider.parse_sitemap(_response(server, pending.pop())):
            if out.callback == spider.parse_sitemap:
                pending.append(out)
            else:
                requested.add(out.meta["site_url"])
    return requested


def _walk(spider: AsianliteSpider, server: ReplicaServer, first: list[Request]) -> Iterator[tuple[int, set[str]]]:
    """Follow the walk from ``first``: (page, articles requested on it) per page read."""
    pending = list(first)
    for _ in range(MAX_PAGES):
        if not pending:
            return
        request = pending.pop()
        found: set[str] = set()
        for out in spider.parse_listing(_response(server, request)):
            if out.callback == spider.parse_listing:
                pending.append(out)
            else:
                found.add(out.meta["site_url"])
        yield request.meta["page"], found
    raise AssertionError("the walk did not stop")


def _spider_after_homepage(server: ReplicaServer) -> tuple[AsianliteSpider, set[str]]:
    spider = AsianliteSpider(mode="backfill", base_url=server.base_url)
    requested = _read_sitemaps(spider, server)
    home = next(r for r in spider._seed_requests() if r.meta.get("trail") == Trail("asianlite.com"))
    requested |= {r.meta["site_url"] for r in spider.parse_listing(_response(server, home))}
    return spider, requested


def test_complete_sitemaps_leave_nothing_to_walk_on_the_main_site() -> None:
    with ReplicaServer(Site(articles=400, seed=6)) as server:
        spider, requested = _spider_after_homepage(server)
        assert requested == {server.site.article_url(pid) for pid in server.site.main_post_ids}
        (tally,) = spider.walk_requests()
        assert tally.meta["page"] == -(-len(requested) // 10)
        assert list(_walk(spider, server, [tally])) == [(tally.meta["page"], set())]
        assert spider.listing_only == set()


def test_articles_the_sitemaps_miss_are_found_by_walking_while_counts_disagree() -> None:
    site = Site(articles=400, seed=6, sitemap_gaps=0.15)
    with ReplicaServer(site) as server:
        spider, requested = _spider_after_homepage(server)
        main = {site.article_url(pid) for pid in site.main_post_ids}
        missing = main - requested
        assert len(missing) > 20, "the replica left enough articles out of its sitemaps"
        (first,) = spider.walk_requests()
        last = -(-len(main) // 10)
        assert first.meta["page"] == last
        pages = list(_walk(spider, server, [first]))
        found = set().union(*(articles for _, articles in pages))
        assert found == missing
        assert spider.listing_only >= missing
        assert spider.walk.homepages["asianlite.com"].total == len(main)
        assert not spider.walk.disagrees("asianlite.com")
        # pages read in order from 2 until every listed article was seen, no page twice
        read = [page for page, _ in pages]
        assert read[0] == last and read[1:] == list(range(2, len(read) + 1))


def test_a_dated_backfill_walks_only_while_pages_bring_new_articles_in_its_years() -> None:
    site = Site(articles=300, seed=6)
    with ReplicaServer(site) as server:
        spider = AsianliteSpider(mode="backfill", base_url=server.base_url, until="2018-12-31")
        named = _read_sitemaps(spider, server)
        assert named and all(int(url.split("/")[3]) <= 2018 for url in named)
        home = next(r for r in spider._seed_requests() if r.meta.get("trail") == Trail("asianlite.com"))
        assert list(spider.parse_listing(_response(server, home))) == []
        (first,) = spider.walk_requests()
        assert list(_walk(spider, server, [first])) == [(2, set())]
