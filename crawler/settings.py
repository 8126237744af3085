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
WARC_DIR = os.environ.get("WARC_DIR", "")
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

# One callback output at a time per response: Scrapy's default (100) starts 101 asyncio tasks
# for every response, whatever it yields; ours yield one item and a few requests (issue 18).
CONCURRENT_ITEMS = 1
# WordPress serves the same pages without cookies; the cookie jar costs CPU on every request.
COOKIES_ENABLED = False

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
    "crawler.middlewares.charset.CharsetFixMiddleware": 560,
}

EXTENSIONS = {
    "crawler.extensions.run_tracker.CrawlRunTracker": 100,
    "crawler.extensions.fetch_log.FetchLog": 110,
}

COMMANDS_MODULE = "crawler.commands"

# A run fails when more than this share of fetches failed for good.
CRAWL_ERROR_SHARE_LIMIT = 0.2
# A crawl lock not refreshed for this long is stale and may be taken over.
CRAWL_LOCK_STALE_SECONDS = 7200
CRAWL_LOCK_HEARTBEAT_SECONDS = 60
REQUEST_FINGERPRINTER_CLASS = "crawler.fingerprint.HostAwareFingerprinter"
