"""The asianlite spider's arguments: typed, validated and documented in one place.

``scrapy crawl asianlite -a help=1`` prints :data:`HELP`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from crawler.urls import UrlKind, canonical_url, classify_url

MODES = ("incremental", "backfill", "refresh", "repair")
LISTINGS = ("new", "all")

HELP = """\
scrapy crawl asianlite [-a NAME=VALUE ...]

  mode=incremental  (default) feed, homepage and the sitemaps whose lastmod is newer than
                    the archive's newest article, then the stories they lead to; archived,
                    unchanged articles are not fetched again, edited ones (sitemap lastmod)
                    are. On an empty archive: the last `days`.
  mode=backfill     everything: sitemaps, feed, both homepages (asianlite.com and the old
                    site archive.asianlite.com) and the Previous/Next Story chain first,
                    then listing paging only while it brings articles nothing else named
                    (see listings=). Resumable with -s JOBDIR=jobs/backfill; stored
                    articles are never fetched again.
  mode=refresh      re-fetch archived articles, longest-unchecked first, with conditional
                    requests (ETag / If-Modified-Since); bound it with limit=N.
  mode=repair       fetch exactly the gaps `archive health --gaps` lists (never fetched,
                    failed, rejected, lost, changed since), then the sitemaps and the feed
                    for articles they list that are not archived or changed since; no
                    listing pages, no link following.
  since=YYYY-MM-DD  backfill: only articles published on or after this day
  until=YYYY-MM-DD  backfill: only articles published on or before this day
  listings=new      backfill (default): walk a homepage's paging only while a page brings
                    new articles or its page count says more articles exist than were seen
  listings=all      backfill: walk every category and month archive with all its paging
                    (for a site whose sitemaps are known to be incomplete)
  days=N            incremental on an empty archive: how far back to go (default 7)
  limit=N           refresh: at most N articles
  url=URL[,URL...]  fetch exactly these articles (always fetched, whatever the mode)
  base_url=URL      fetch from a mirror or the local replica (e.g. http://127.0.0.1:8080);
                    every in-site link is fetched from there, stored URLs stay canonical
                    https://asianlite.com/...
  old_base_url=URL  where to fetch the old site from (default: base_url with
                    Host: archive.asianlite.com when base_url is set)
  help=1            print this text and exit

Settings (environment or -s): ARCHIVE_DB_URL (default sqlite:///archive.db), CONTACT_URL,
CRAWL_ERROR_SHARE_LIMIT (default 0.2), CRAWL_LOCK_STALE_SECONDS (default 7200), the
HEALTH_* monitor thresholds and notifications (README, "Monitoring").
Exit codes: 0 ok, 1 failed, 2 bad arguments, 3 a health monitor failed, 75 locked.
Example: scrapy crawl asianlite -a mode=backfill -a since=2022-01-01 -s JOBDIR=jobs/backfill
"""


class SpiderArgumentError(ValueError):
    """A spider argument is malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class SpiderArgs:
    mode: str = "incremental"
    since: date | None = None
    until: date | None = None
    days: int = 7
    limit: int | None = None
    urls: tuple[str, ...] = ()
    base_url: str | None = None
    old_base_url: str | None = None
    help: bool = False
    listings: str = "new"

    @property
    def since_datetime(self) -> datetime | None:
        return datetime.combine(self.since, datetime.min.time(), UTC) if self.since else None

    @property
    def until_datetime(self) -> datetime | None:
        return datetime.combine(self.until, datetime.max.time(), UTC) if self.until else None


def parse_spider_args(raw: dict[str, Any]) -> SpiderArgs:
    """Validate the ``-a`` arguments; unknown names are an error (typos must not pass)."""
    raw = dict(raw)
    known = {"mode", "since", "until", "days", "limit", "url", "base_url", "old_base_url", "help", "listings"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise SpiderArgumentError(
            f"unknown spider argument(s) {', '.join(unknown)}; see: scrapy crawl asianlite -a help=1"
        )
    mode = str(raw.get("mode", "incremental")).strip().lower()
    if mode not in MODES:
        raise SpiderArgumentError(f"mode={mode!r} is not one of {', '.join(MODES)}")
    listings = str(raw.get("listings", "new")).strip().lower()
    if listings not in LISTINGS:
        raise SpiderArgumentError(f"listings={listings!r} is not one of {', '.join(LISTINGS)}")
    args = SpiderArgs(
        mode=mode,
        listings=listings,
        since=_date(raw, "since"),
        until=_date(raw, "until"),
        days=_positive_int(raw, "days", 7) or 7,
        limit=_positive_int(raw, "limit", None),
        urls=_article_urls(raw.get("url")),
        base_url=_base_url(raw, "base_url"),
        old_base_url=_base_url(raw, "old_base_url"),
        help=str(raw.get("help", "")).lower() in {"1", "true", "yes"},
    )
    if args.since and args.until and args.since > args.until:
        raise SpiderArgumentError(f"since={args.since} is after until={args.until}")
    return args


def _date(raw: dict[str, Any], name: str) -> date | None:
    value = raw.get(name)
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise SpiderArgumentError(f"{name}={value!r} is not a date like 2022-03-20") from None


def _positive_int(raw: dict[str, Any], name: str, default: int | None) -> int | None:
    value = raw.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(str(value))
    except ValueError:
        raise SpiderArgumentError(f"{name}={value!r} is not a whole number") from None
    if number < 1:
        raise SpiderArgumentError(f"{name}={number} must be at least 1")
    return number


def _article_urls(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    urls = []
    for part in str(value).split(","):
        part = part.strip()
        if not part:
            continue
        kind = classify_url(part)
        if kind not in (UrlKind.ARTICLE, UrlKind.SHORTLINK):
            raise SpiderArgumentError(f"url={part!r} is not an article URL of asianlite.com")
        urls.append(canonical_url(part))
    return tuple(urls)


def _base_url(raw: dict[str, Any], name: str) -> str | None:
    value = raw.get(name)
    if not value:
        return None
    parts = urlsplit(str(value))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SpiderArgumentError(f"{name}={value!r} must be an http(s) URL such as http://127.0.0.1:8080")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
