"""Which listing pages a backfill reads once the sitemaps are read (issue 18).

The sitemaps name (nearly) every article; a listing's paging repeats them at one request per
ten articles. So a backfill reads the sitemaps, the feed, both homepages and the articles they
lead to (the Previous/Next chain included) first, and only when nothing else is left walks a
homepage's paging (``/page/2/``, ``/page/3/``, ...):

* the counts: page 1 shows how many pages the homepage has and how many posts a page holds;
  unless this run and the archive have seen that many articles of the site already, the last
  page is read, which gives the exact number the site lists;
* when the site lists more articles than were seen (the counts disagree), the walk goes from
  page 2 deeper until they agree; without numbers to compare (an "Older Entries" theme, or a
  since/until run, whose dates the homepage ignores) it goes on while a page brings articles
  nothing had named before, and stops at the first page with nothing new.

``-a listings=all`` keeps the exhaustive walk (every category and month archive, all paging)
for a site whose sitemaps are known to be incomplete; that one lives in the spider.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Trail:
    """The paging of one listing: its site host and base path ("" for the homepage)."""

    host: str
    base: str = ""

    def path(self, page: int) -> str:
        return f"{self.base}/" if page == 1 else f"{self.base}/page/{page}/"


@dataclass
class Homepage:
    """What page 1 of a site's homepage showed; ``total`` once its last page was read."""

    pages: int | None
    per_page: int
    total: int | None = None


class ListingWalk:
    """Counts per site and the stop rule of the listing walk."""

    def __init__(self, per_page: int = 10, counts_apply: bool = True) -> None:
        #: posts a listing page holds when the theme does not mark posts (``id="post-N"``)
        self.per_page = per_page
        #: false for since/until runs: the listings hold articles outside the run's dates
        self.counts_apply = counts_apply
        self.seen: Counter[str] = Counter()
        self.homepages: dict[str, Homepage] = {}
        self.started = False

    def count_article(self, host: str | None, times: int = 1) -> None:
        """``times`` more articles of ``host`` this run requested (or the archive holds)."""
        if host:
            self.seen[host] += times

    def note_homepage(self, host: str, pages: int | None, posts: int) -> None:
        """Page 1 of the homepage of ``host``: its last page number (if shown), its posts."""
        self.homepages[host] = Homepage(pages, posts or self.per_page)

    def disagrees(self, host: str) -> bool:
        """True while a site's homepage lists more articles than we have seen of it: the
        exact total once the last page was read, else the least its page count allows."""
        home = self.homepages.get(host)
        if not self.counts_apply or home is None or home.pages is None:
            return False
        least = home.total if home.total is not None else (home.pages - 1) * home.per_page + 1
        return self.seen[host] < least

    def first_pages(self) -> list[tuple[Trail, int]]:
        """Once, when the run would end: per homepage the last page (to count) or page 2."""
        if self.started:
            return []
        self.started = True
        starts = [(Trail(host), page) for host in self.homepages if (page := self._first_page(host))]
        for host, home in self.homepages.items():
            logger.info(
                "Listing walk of %s: %s pages listed, %s articles seen", host, home.pages, self.seen[host]
            )
        return starts

    def _first_page(self, host: str) -> int | None:
        home = self.homepages[host]
        if home.pages is None or (home.pages >= 2 and not self.counts_apply):
            return 2
        if home.pages >= 2 and self.seen[host] < home.pages * home.per_page:
            return home.pages
        return None

    def next_page(self, trail: Trail, page: int, new_articles: int, has_next: bool, posts: int) -> int | None:
        """The page of ``trail`` to read after ``page`` (``has_next``: the page links to it;
        ``posts``: the posts it shows), or None to stop."""
        home = self.homepages.get(trail.host) if not trail.base else None
        counting = home is not None and self.counts_apply and home.pages is not None
        if counting and home is not None and page == home.pages and home.total is None:
            home.total = (page - 1) * home.per_page + posts
            return 2 if page > 2 and self.disagrees(trail.host) else None
        if not has_next or (counting and home is not None and page + 1 == home.pages):
            return None
        if new_articles or (home is not None and self.disagrees(trail.host)):
            return page + 1
        return None
