"""Scrapy settings for the asianlite crawler. Everything configurable is read here.

Environment variables (or `-s NAME=value`): ARCHIVE_DB_URL, REDIS_URL, WARC_DIR, CONTACT_URL.
"""

from __future__ import annotations

import os

from scrapy.settings import default_settings

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
    "crawler.middlewares.truncation.TruncatedPageMiddleware": 555,
    "crawler.middlewares.charset.CharsetFixMiddleware": 560,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.redirect.LoopAwareRedirectMiddleware": 600,
}
# Scrapy imports every component it lists, even one switched off; these never run here (no
# cookies, no listening sockets, above), so they are left out of its lists: their imports
# (tldextract, aiohttp, twisted.conch) cost ~150 ms of CPU at every start (issue 18).
UNUSED_COMPONENTS = frozenset({
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware",
    "scrapy.extensions.telnet.TelnetConsole",
    "scrapy.extensions.remote_control.RemoteControl",
})
DOWNLOADER_MIDDLEWARES_BASE = {
    name: order for name, order in default_settings.DOWNLOADER_MIDDLEWARES_BASE.items()
    if name not in UNUSED_COMPONENTS
}
EXTENSIONS_BASE = {
    name: order for name, order in default_settings.EXTENSIONS_BASE.items()
    if name not in UNUSED_COMPONENTS
}

# Scrapy's spider middlewares that add nothing here, each one more async-generator layer around
# every callback output (issue 18): depth (no DEPTH_LIMIT, nothing reads meta["depth"]) and the
# copied-meta lint (a development aid).
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
}

EXTENSIONS = {
    "crawler.extensions.garbage_collection.GarbageCollection": 50,
    "crawler.extensions.run_tracker.CrawlRunTracker": 100,
    "crawler.extensions.fetch_log.FetchLog": 110,
    "crawler.extensions.site_listing.SiteListing": 115,
    "crawler.extensions.jobdir_guard.JobdirGuard": 120,
    "crawler.monitors.profile.FieldProfile": 125,
    "crawler.extensions.warc_capture.WarcCapture": 130,
    "spidermon.contrib.scrapy.extensions.Spidermon": 500,
}

# Python's cyclic collector for a long crawl (crawler/extensions/garbage_collection.py): the
# start-up heap is frozen and young collections run every this many new objects (0: leave the
# collector as Python sets it).
GC_GEN0_THRESHOLD = 50_000

# Crawl health (crawler/monitors/, README "Monitoring"): Spidermon runs the monitors when the
# spider closes; a failed monitor makes `scrapy crawl` exit with 3.
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ("crawler.monitors.suite.HealthSuite",)
# fewest articles a run must archive, per mode
HEALTH_MIN_ITEMS = {"backfill": 1, "url": 1, "incremental": 0, "refresh": 0, "repair": 0}
# least share of articles that must have each field
HEALTH_FIELD_COVERAGE = {"title": 1.0, "body": 1.0, "published_at": 0.95, "category": 0.9}
HEALTH_FINISH_REASONS = ["finished"]
HEALTH_MAX_ERROR_SHARE = 0.1  # article fetches failed for good / article fetches
HEALTH_MAX_5XX_SHARE = 0.1  # HTTP 5xx answers / answers (retries included)
HEALTH_MAX_RETRY_SHARE = 0.5  # retries / requests
HEALTH_MAX_REJECT_SHARE = 0.05  # rejected items / items
# drift: alarm when a field's usual layer loses this share, or its missing rate gains this
HEALTH_DRIFT_SHARE_DROP = 0.25
HEALTH_DRIFT_MISSING_RISE = 0.25
HEALTH_DRIFT_RUNS = 5  # earlier runs compared with
HEALTH_DRIFT_MIN_ITEMS = 5  # runs with fewer articles are not compared
HEALTH_REPORT_DIR = os.environ.get("HEALTH_REPORT_DIR", "health")  # "" = no JSON file
# notifications: off unless configured; "failure" (default) or "always"
HEALTH_NOTIFY_ON = os.environ.get("HEALTH_NOTIFY_ON", "failure")
HEALTH_NOTIFY_TIMEOUT = 10
HEALTH_EMAIL_TO = os.environ.get("HEALTH_EMAIL_TO", "")
HEALTH_EMAIL_FROM = os.environ.get("HEALTH_EMAIL_FROM", "asianlite-archive@localhost")
HEALTH_SMTP_HOST = os.environ.get("HEALTH_SMTP_HOST", "")
HEALTH_SMTP_PORT = int(os.environ.get("HEALTH_SMTP_PORT", "25"))
HEALTH_SMTP_USER = os.environ.get("HEALTH_SMTP_USER", "")
HEALTH_SMTP_PASSWORD = os.environ.get("HEALTH_SMTP_PASSWORD", "")
HEALTH_SMTP_STARTTLS = False
HEALTH_WEBHOOK_URL = os.environ.get("HEALTH_WEBHOOK_URL", "")

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

# Several processes on one shared frontier (docs/distributed.md): on when REDIS_URL is set.
DISTRIBUTED_IDLE_CLOSE_SECONDS = 30  # stop when the queue was empty and every worker idle this long
DISTRIBUTED_DEAD_AFTER_SECONDS = 30  # a worker silent this long is dead: its requests are re-queued
DISTRIBUTED_HEARTBEAT_SECONDS = 2
DISTRIBUTED_JOIN_WAIT_SECONDS = 30  # how long a process waits for a run to join before refusing
ADDONS = {"crawler.distributed.settings.DistributedAddon": 0}  # applies them if REDIS_URL is set
