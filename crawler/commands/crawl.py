"""``scrapy crawl`` that validates the asianlite arguments first and exits non-zero on failure.

Exit codes: 0 the run succeeded; 1 the run failed or was cancelled (see the summary line and
crawl_runs); 2 bad arguments; 3 the run finished (not failed) but a health monitor failed
(errors, too few articles, field coverage, rejects, drift: see the "asianlite health" line,
crawl_runs.health and the JSON report); 75 another crawl holds the archive's lock (try again
later); 130 stopped by force (Ctrl-C twice): the run's row is still closed and the lock released.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from archive.errors import BadInput
from archive.schema.engine import parse_url, resolve_url
from crawler.extensions.fetch_log import FetchLog
from crawler.extensions.run_tracker import CrawlRunTracker
from crawler.spider_args import HELP, SpiderArgumentError, parse_spider_args

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_UNHEALTHY = 3
EXIT_LOCKED = 75
EXIT_FORCED = 130


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name, e.g. scrapy crawl asianlite")
        if args[0] == "asianlite" and not self._arguments_ok(opts.spargs):
            return
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_FAILED
            return
        for extension in getattr(crawler.extensions, "middlewares", ()):
            if isinstance(extension, FetchLog):
                extension.flush()  # rows a forced stop left in the batch (no-op otherwise)
        tracker = CrawlRunTracker.of(crawler)
        if tracker is not None and tracker.close_abandoned():
            self.exitcode = EXIT_FORCED
            return
        status = crawler.stats.get_value("run/status") if crawler.stats else None
        if status == "refused":
            self.exitcode = EXIT_LOCKED
        elif status not in (None, "finished"):
            self.exitcode = EXIT_FAILED
        elif crawler.stats is not None and crawler.stats.get_value("health/failed"):
            self.exitcode = EXIT_UNHEALTHY

    def _arguments_ok(self, spargs: dict[str, str]) -> bool:
        try:
            parsed = parse_spider_args(spargs)
        except SpiderArgumentError as exc:
            print(f"scrapy crawl asianlite: {exc}", file=sys.stderr)
            self.exitcode = EXIT_USAGE
            return False
        if parsed.help:
            print(HELP)
            return False
        return self._database_url_ok()

    def _database_url_ok(self) -> bool:
        """ARCHIVE_DB_URL names a database kind the archive runs on (else one line, exit 2)."""
        assert self.settings is not None
        try:
            parse_url(resolve_url(self.settings.get("ARCHIVE_DB_URL")))
        except BadInput as exc:
            print(f"scrapy crawl asianlite: ARCHIVE_DB_URL: {exc}", file=sys.stderr)
            self.exitcode = EXIT_USAGE
            return False
        return True

