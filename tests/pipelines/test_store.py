"""StorePipeline inside a real Scrapy crawl (a subprocess running CrawlerProcess).

The tiny spider yields its items from the callback of a ``data:`` URI (no network); the real ValidatePipeline drops
bad ones and the StorePipeline stores the rest and records every drop as a reject.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from archive.research.export import iter_records
from archive.schema.engine import open_archive_engine, session_factory
from archive.schema.models import Reject

ROOT = Path(__file__).resolve().parents[2]

CRAWL_SCRIPT = r'''
import json, sqlite3, sys
import scrapy
from scrapy import signals
from scrapy.crawler import CrawlerProcess
from crawler.items import ArticleItem

config = json.loads(sys.argv[1])

class TinySpider(scrapy.Spider):
    name = "tiny"
    locker = None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        if config.get("lock_after_first"):
            crawler.signals.connect(spider.lock_database, signal=signals.item_scraped)
        return spider

    def lock_database(self, item):
        if self.locker is None:  # another process takes the SQLite write lock and keeps it
            self.locker = sqlite3.connect(config["lock_after_first"], isolation_level=None)
            self.locker.execute("BEGIN IMMEDIATE")

    async def start(self):
        yield scrapy.Request("data:,listing", callback=self.parse)  # no network: a data: URI

    def parse(self, response):
        for record in config["items"]:
            yield ArticleItem.from_record(record)

process = CrawlerProcess({
    "ITEM_PIPELINES": {"pipelines.validate.ValidatePipeline": 300,
                       "pipelines.store.StorePipeline": 900},
    "ARCHIVE_DB_URL": config["db"],
    "ARCHIVE_BUSY_TIMEOUT": 0.2,
    "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
    "LOG_LEVEL": "INFO",
    "TELNETCONSOLE_ENABLED": False,
    "CONCURRENT_ITEMS": 1,  # one item at a time, so the lock lands between two items
})
crawler = process.create_crawler(TinySpider)
process.crawl(crawler)
process.start()
with open(config["stats_out"], "w") as handle:
    json.dump(crawler.stats.get_stats(), handle, default=str)
'''


def crawl(tmp_path: Path, db_url: str, items: list[dict], **extra) -> tuple[dict, str]:
    stats_out = tmp_path / "stats.json"
    config = {"db": db_url, "items": items, "stats_out": str(stats_out), **extra}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = tmp_path / "crawl_tiny.py"  # a file: Scrapy reads callbacks' source
    script.write_text(CRAWL_SCRIPT)
    result = subprocess.run([sys.executable, str(script), json.dumps(config)], cwd=tmp_path,
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(stats_out.read_text()), result.stderr


def story(n: int) -> dict:
    return {"post_id": n, "url": f"https://asianlite.com/2024/top-news/story-{n}",
            "title": f"Story {n}", "body": f"This is the body of story number {n}, long enough.",
            "published_at": "2024-01-01T00:00:00+00:00"}


def stored(db_url: str) -> tuple[list[dict], list[tuple[str, str]]]:
    engine = open_archive_engine(db_url, upgrade=False, write=False)
    with session_factory(engine)() as session:
        records = list(iter_records(session))
        rejects = [(r.url, r.reason) for r in session.scalars(select(Reject).order_by(Reject.id))]
    engine.dispose()
    return records, rejects


def test_crawl_stores_items_and_records_drops(tmp_path, db_url, specimen):
    no_body = {**story(2), "body": None}
    conflicting = {**story(3), "url": story(1)["url"]}  # another post claiming story 1's URL
    items = [specimen, story(1), no_body, conflicting, specimen]
    stats, _log = crawl(tmp_path, db_url, items)

    records, rejects = stored(db_url)
    assert stats.get("item_scraped_count") == 3, _log[-3000:]
    assert sorted(r["post_id"] for r in records) == [1, 226758]
    assert next(r for r in records if r["post_id"] == 226758) == specimen
    assert rejects[0] == (no_body["url"], "missing body")
    assert rejects[1][0] == story(1)["url"] and "archived as post 1" in rejects[1][1]
    assert len(rejects) == 2
    assert (stats["archive/new"], stats["archive/unchanged"], stats["archive/rejected"]) == (2, 1, 2)
    assert stats["finish_reason"] == "finished"


def test_read_only_database_stops_the_crawl_at_once(tmp_path):
    path = tmp_path / "archive.db"
    open_archive_engine(f"sqlite:///{path}").dispose()
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    stats, log = crawl(tmp_path, url, [story(1), story(2)])
    assert stats["finish_reason"] == "archive_unavailable"
    assert "cannot open the archive" in log and "readonly" in log
    assert "archive/new" not in stats


def test_database_locked_mid_crawl_stops_it_and_keeps_what_was_stored(tmp_path):
    path = tmp_path / "archive.db"
    url = f"sqlite:///{path}"
    stats, log = crawl(tmp_path, url, [story(n) for n in range(1, 5)],
                       lock_after_first=str(path))
    assert stats["finish_reason"] == "archive_unavailable"
    assert "stopping the crawl" in log and "database is locked" in log
    records, _rejects = stored(url)
    assert [r["post_id"] for r in records] == [1]
    assert stats["archive/new"] == 1
