"""Scrapy settings for the asianlite crawler. Everything configurable is read here.

Environment variables (or `-s NAME=value`): ARCHIVE_DB_URL, REDIS_URL, WARC_DIR, CONTACT_URL.
"""

from __future__ import annotations

import os

BOT_NAME = "asianlite"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

ARCHIVE_DB_URL = os.environ.get("ARCHIVE_DB_URL", "sqlite:///archive.db")
REDIS_URL = os.environ.get("REDIS_URL", "")
WARC_DIR = os.environ.get("WARC_DIR", "")  # default: warcs/ next to the SQLite archive
WARC_ENABLED = True  # -s WARC_ENABLED=0 turns raw capture off
WARC_MAX_SIZE = 1024**3  # bytes: a WARC file is closed and a new one started past this size
CONTACT_URL = os.environ.get("CONTACT_URL", "https://github.com/asianlite-archive/asianlite-archive")

USER_AGENT = f"asianlite-archive/0.1 (+{CONTACT_URL}; research archive crawler)"

# Politeness: conservative defaults for the real site.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

# Safety limits on downloads.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]

ITEM_PIPELINES: dict[str, int] = {
    "pipelines.chrome.ChromePipeline": 100,
    "pipelines.normalize.NormalizePipeline": 200,
    "pipelines.validate.ValidatePipeline": 300,
    "pipelines.store.StorePipeline": 900,
}

FEED_EXPORT_ENCODING = "utf-8"
# No listening sockets: no telnet console, no remote-control HTTP server.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

RETRY_BACKOFF_BASE = 1.0
RETRY_BACKOFF_MAX = 60.0

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.rebase.RebaseMiddleware": 40,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry.BackoffRetryMiddleware": 550,
    "crawler.middlewares.truncation.TruncatedPageMiddleware": 555,
    "crawler.middlewares.charset.CharsetFixMiddleware": 560,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.redirect.LoopAwareRedirectMiddleware": 600,
}

EXTENSIONS = {
    "crawler.extensions.run_tracker.CrawlRunTracker": 100,
    "crawler.extensions.fetch_log.FetchLog": 110,
    "crawler.extensions.jobdir_guard.JobdirGuard": 120,
    "crawler.extensions.warc_capture.WarcCapture": 130,
}

COMMANDS_MODULE = "crawler.commands"

# A run fails when more than this share of the articles it attempted failed for good
# (connection errors, timeouts, 4xx/5xx after retries, redirect loops, truncated pages)...
CRAWL_ARTICLE_FAILURE_LIMIT = 0.05
# ... or when more than this share of all its fetches (sitemaps, listings, feed, articles) did.
CRAWL_ERROR_SHARE_LIMIT = 0.2
# An article page shorter than this share of its archived page is taken as cut short.
TRUNCATED_MIN_SHARE = 0.5
# A crawl lock not refreshed for this long is stale and may be taken over (a lock held by a
# process that is gone on this same host is taken over at once).
CRAWL_LOCK_STALE_SECONDS = 7200
CRAWL_LOCK_HEARTBEAT_SECONDS = 60
REQUEST_FINGERPRINTER_CLASS = "crawler.fingerprint.HostAwareFingerprinter"
