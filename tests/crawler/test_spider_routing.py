"""The spider's routing decisions on real replica responses (no crawl process needed)."""

from __future__ import annotations

import re

from scrapy import Request
from scrapy.http import XmlResponse

from crawler.spiders.asianlite import AsianliteSpider
from tests.replica.client import fetch


def _response(server, path: str, request: Request | None = None) -> XmlResponse:
    got = fetch(server.base_url, path)
    assert got.status == 200
    return XmlResponse(url=server.base_url + path, body=got.body, request=request)


def _post_sitemaps(server) -> list[str]:
    index = fetch(server.base_url, "/wp-sitemap.xml").text
    return re.findall(r"<loc>https://asianlite\.com/(wp-sitemap-posts-post-\d+\.xml)</loc>", index)


def test_backfill_reads_post_sitemaps_one_after_another(make_replica) -> None:
    server = make_replica(articles=6000, seed=3, include_specimen=False)
    names = _post_sitemaps(server)
    assert len(names) >= 3
    spider = AsianliteSpider(mode="backfill", base_url=server.base_url)

    (first,) = list(spider.parse_sitemap(_response(server, "/wp-sitemap.xml")))

    assert first.url.endswith("/" + names[0])
    assert [url.rsplit("/", 1)[1] for url in first.meta["next_sitemaps"]] == names[1:]
    out = list(spider.parse_sitemap(_response(server, "/wp-sitemap-posts-post-1.xml", first)))
    articles = [r for r in out if r.callback == spider.parse_article]
    sitemaps = [r for r in out if r.callback == spider.parse_sitemap]
    assert len(articles) == 2000
    assert [r.url.rsplit("/", 1)[1] for r in sitemaps] == [names[1]]
    assert sitemaps[0].meta["next_sitemaps"] == first.meta["next_sitemaps"][1:]
    assert min(r.priority for r in articles) > sitemaps[0].priority


def test_incremental_reads_only_the_newest_post_sitemap(make_replica) -> None:
    server = make_replica(articles=6000, seed=3, include_specimen=False)
    names = _post_sitemaps(server)
    spider = AsianliteSpider(base_url=server.base_url)

    requests = list(spider.parse_sitemap(_response(server, "/wp-sitemap.xml")))

    assert [r.url.rsplit("/", 1)[1] for r in requests] == [names[-1]]
    assert requests[0].meta["next_sitemaps"] == []
