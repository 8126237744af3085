"""Raw capture: every response the crawler receives goes into WARC files (issue 12).

Heard signal: ``response_downloaded`` (the downloader's, before any middleware: redirects,
304s, errors, robots.txt and sitemaps included; see crawler.warc.http_records for what is
recorded and why). Each response becomes a ``response`` record, or a ``revisit`` record when
its payload equals the URL's last capture or it is a 304, followed by its ``request`` record
(``WARC-Concurrent-To`` the response). The location of the record holding the payload goes to
``request.meta["warc_record"]`` (file, offset, length): the spider copies it onto the article.

Settings: ``WARC_ENABLED`` (default on), ``WARC_DIR`` (default ``warcs/`` next to the SQLite
archive), ``WARC_MAX_SIZE`` (bytes per file, default 1 GiB). Each complete file is indexed
(CDXJ) by a background process (crawler.warc.cdxj). Stats: ``warc/records``,
``warc/revisits``, ``warc/bytes``, ``warc/errors``. A capture that cannot be written is logged
and counted; the crawl goes on (the article is stored without a WARC location). A directory
that cannot be written turns capture off for the run with one error line.
"""

from __future__ import annotations

import logging
import socket
import sqlite3
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from warcio.recordloader import ArcWarcRecord

from archive.schema.engine import resolve_url
from crawler.warc.captures import Capture, CaptureIndex
from crawler.warc.cdxj import index_in_background
from crawler.warc.http_records import (
    payload_digest,
    request_record,
    response_record,
    revisit_record,
    target_uri,
)
from crawler.warc.paths import warc_directory
from crawler.warc.writer import Location, RotatingWarcWriter

logger = logging.getLogger(__name__)

META_KEY = "warc_record"


class WarcCapture:
    def __init__(
        self, crawler: Crawler, directory: Path, max_size: int, *, make_parents: bool
    ) -> None:
        self.crawler = crawler
        self.directory = directory
        self.make_parents = make_parents
        self.captures: CaptureIndex | None = None  # opened with the directory, at first capture
        self.off = False
        self.writer = RotatingWarcWriter(
            directory, prefix=crawler.settings.get("BOT_NAME") or "crawl", max_size=max_size,
            info=self.warcinfo, on_complete=self._index,
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCapture:
        settings = crawler.settings
        if not settings.getbool("WARC_ENABLED", True):
            raise NotConfigured("raw capture is off (WARC_ENABLED=0)")
        chosen = settings.get("WARC_DIR")
        directory = warc_directory(chosen, resolve_url(settings.get("ARCHIVE_DB_URL")))
        capture = cls(crawler, directory, settings.getint("WARC_MAX_SIZE", 1024**3),
                      make_parents=bool(chosen))
        crawler.signals.connect(capture.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(capture.spider_closed, signal=signals.spider_closed)
        return capture

    def response_downloaded(self, response: Response, request: Request, spider: Any) -> None:
        request.meta.pop(META_KEY, None)  # a redirect's copy of the meta names the hop before
        if self.off or (self.captures is None and not self._open_directory()):
            return
        try:
            location = self._capture(response, request)
        except Exception as exc:  # noqa: BLE001 - a lost capture must not stop the crawl
            logger.error("could not write the WARC capture of %s: %s", response.url, exc)
            self._inc("warc/errors")
            return
        if location is not None:
            request.meta[META_KEY] = location

    def _open_directory(self) -> bool:
        """Create the directory (its parents only when WARC_DIR chose it: the default's parent
        is the archive's own folder) and open the capture index; else turn capture off."""
        try:
            self.directory.mkdir(parents=self.make_parents, exist_ok=True)
            self.captures = CaptureIndex(self.directory)
        except (OSError, sqlite3.Error) as exc:
            logger.error("raw capture is off: cannot write WARC files in %s: %s", self.directory, exc)
            self.off = True
            return False
        return True

    def spider_closed(self, spider: Any, reason: str) -> None:
        self.writer.close()
        if self.captures is not None:
            self.captures.close()

    def _capture(self, response: Response, request: Request) -> Location | None:
        """Write the response (or revisit) and request records; the payload's location."""
        assert self.captures is not None
        uri = response.url  # what Scrapy fetched: the page's address for re-extraction too
        key = target_uri(request)  # one page per Host behind a proxy (the old site, replica)
        digest = payload_digest(response.body)
        previous = self.captures.last(key)
        fields = {"WARC-Date": self.writer.builder.curr_warc_date()}
        if response.ip_address is not None:
            fields["WARC-IP-Address"] = str(response.ip_address)
        main = self._main_record(uri, response, fields, digest, previous)
        request_fields = {"WARC-Date": fields["WARC-Date"],
                          "WARC-Concurrent-To": main.rec_headers.get_header("WARC-Record-ID")}
        request_rec = request_record(
            self.writer.builder, uri, request, response.protocol, request_fields)
        locations = self.writer.write([main, request_rec])
        self._inc("warc/records", 2)
        self._inc("warc/bytes", sum(length for _, _, length in locations))
        if main.rec_type == "revisit":
            self._inc("warc/revisits")
            return previous.location if previous is not None else None
        self.captures.remember(key, Capture(digest, fields["WARC-Date"], locations[0]))
        return locations[0]

    def _main_record(
        self, uri: str, response: Response, fields: dict[str, str], digest: str,
        previous: Capture | None,
    ) -> ArcWarcRecord:
        builder = self.writer.builder
        refers_to = (uri, previous.date) if previous is not None else None
        if response.status == 304:
            return revisit_record(builder, uri, response, fields, refers_to=refers_to,
                                  digest=previous.digest if previous is not None else None)
        if previous is not None and response.body and previous.digest == digest:
            return revisit_record(builder, uri, response, fields, digest=digest,
                                  refers_to=refers_to)
        return response_record(builder, uri, response, {**fields, "WARC-Payload-Digest": digest})

    def warcinfo(self) -> dict[str, str]:
        """The ``warcinfo`` fields of a new file: software, version, the run and its manners."""
        settings = self.crawler.settings
        stats = self.crawler.stats
        run_id = stats.get_value("archive/run_id") if stats is not None else None
        spider = self.crawler.spider
        mode = getattr(getattr(spider, "args", None), "mode", "")
        return {
            "software": f"asianlite-archive/{_version('asianlite-archive')} "
                        f"(Scrapy {_version('scrapy')}, warcio {_version('warcio')})",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "isPartOf": f"asianlite crawl run {run_id} ({mode})" if run_id else f"asianlite crawl ({mode})",
            "hostname": socket.gethostname(),
            "http-header-user-agent": settings.get("USER_AGENT") or "",
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        }

    def _index(self, warc: Path) -> None:
        try:
            index_in_background(warc)
        except OSError as exc:  # the index can be rebuilt with cdxj-indexer
            logger.error("could not start indexing %s: %s", warc, exc)

    def _inc(self, name: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(name, count)


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"
