"""The crawl floor: a bare Scrapy spider that downloads a given list of pages and nothing else.

    python -m bench.floor_spider BASE_URL PAGES.json CONCURRENCY [CONCURRENT_ITEMS]

PAGES.json is a list of [path, host header] pairs (as the replica logged them). Same Scrapy,
same concurrency and CONCURRENT_ITEMS as the real crawl, no cookies, no robots.txt, no
parsing, no pipelines, no storage.
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess


class FloorSpider(scrapy.Spider):
    name = "floor"

    def __init__(self, base_url: str, pages: list[list[str]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url
        self.pages = pages

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for path, host in self.pages:
            headers = {"Host": host} if host and not host.startswith("127.0.0.1") else {}
            yield scrapy.Request(
                self.base_url + path,
                headers=headers,
                dont_filter=True,
                callback=self.parse,
                meta={"dont_redirect": True, "handle_httpstatus_all": True},
            )

    def parse(self, response: scrapy.http.Response) -> None:
        return None


def main() -> int:
    base_url, pages_file, concurrency = sys.argv[1], sys.argv[2], sys.argv[3]
    concurrent_items = int(sys.argv[4]) if len(sys.argv) > 4 else 100
    with open(pages_file) as handle:
        pages = json.load(handle)
    process = CrawlerProcess(
        {
            "LOG_LEVEL": "WARNING",
            "ROBOTSTXT_OBEY": False,
            "CONCURRENT_REQUESTS": int(concurrency),
            "CONCURRENT_REQUESTS_PER_DOMAIN": int(concurrency),
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "RETRY_ENABLED": False,
            "COOKIES_ENABLED": False,
            "CONCURRENT_ITEMS": concurrent_items,
        }
    )
    process.crawl(FloorSpider, base_url=base_url, pages=pages)
    process.start()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
