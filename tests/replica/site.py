"""The replica site's state: compact per-article arrays, queries, changes and ground truth.

Per article the site keeps only a few numbers in numpy arrays (post id, publication time, UTC
offset, modified time, three category slots, four tag slots, status, edit version): about 35
bytes. Titles, slugs and text are derived on demand from (seed, post id); a slug decodes back to
its post id (see titles.py), so no URL index is kept.

Posts dated 2014-2015 live on the old site (``archive.asianlite.com``) only; all later posts on
the main site (``asianlite.com`` and its mirrors). Each site has its own Previous/Next chain.
Thread-safe: the server's threads read while a test publishes, edits or deletes.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np

from tests.replica import content as content_mod
from tests.replica import truth as truth_mod
from tests.replica.content import Content
from tests.replica.model import AlsoRead, Anchor, ArticleView, LinkTarget, Para
from tests.replica.specimen import FIXED_POSTS, QUIET_WINDOW, category_indexes, tag_indexes
from tests.replica.titles import decode, make_slug, make_title
from tests.replica.truth import MAIN_HOST, OLD_HOST, iter_blocks
from tests.replica.vocab import (
    CATEGORIES,
    CATEGORY_INDEX,
    DONT_MISS_CATEGORY,
    PRIMARY_WEIGHTS,
    TAG_NAMES,
)


def _epoch(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


FIRST_DATE = _epoch("2014-01-01T00:00:00")
LAST_DATE = _epoch("2025-10-31T23:59:59")
OLD_SITE_END = _epoch("2016-01-01T00:00:00")
#: The site's clock starts here; publish/edit move it forward (one minute per change).
CLOCK_START = _epoch("2025-11-01T00:00:00")
PER_PAGE = 10
LATEST_FROM_COUNT = 3
DONT_MISS_COUNT = 2
_PATH_CACHE_SIZE = 50_000
_TZ_QUARTERS = np.array([0, 0, 0, 4, 4, 22, 16, 20], dtype=np.int8)  # +00:00 +01:00 +05:30 ...


class Site:
    """A deterministic synthetic asianlite.com (see the module docstring and README.md)."""

    #: URLs per post sitemap (WordPress core: 2,000); a test may set fewer to get a chain of them
    sitemap_size: int = 2000

    def __init__(
        self,
        articles: int = 20,
        seed: int = 1,
        include_specimen: bool = False,
        robots_disallow: Sequence[str] = ("/wp-admin/",),
        sitemap_gaps: float = 0.0,
    ) -> None:
        if not 0.0 <= sitemap_gaps < 1.0:
            raise ValueError(f"sitemap_gaps={sitemap_gaps}: a share in [0, 1)")
        fixed = FIXED_POSTS if include_specimen else ()
        if articles < len(fixed):
            raise ValueError(f"articles={articles}: the specimen needs at least {len(fixed)}")
        self.seed = seed
        self.robots_disallow = tuple(robots_disallow)
        #: share of posts the sitemaps leave out (every other page still shows them)
        self.sitemap_gaps = sitemap_gaps
        self.now = CLOCK_START
        self._lock = threading.RLock()
        self._fixed = {p.post_id: p for p in fixed}
        self._fixed_slugs = {p.slug: p.post_id for p in fixed}
        self._paths: dict[int, str] = {}  # bounded cache of article paths
        self._themes: dict[int, str] = {}  # posts shown in another theme (see redesign())
        self._rng = np.random.default_rng(seed)
        self._next_k = 333
        gen = self._generate(articles - len(fixed), avoid=QUIET_WINDOW if fixed else None)
        self._load(self._merge(gen, fixed))

    # ------------------------------------------------------------------ generation
    def _generate(self, n: int, avoid: tuple[int, int] | None) -> dict[str, np.ndarray]:
        rng = self._rng
        pub = rng.integers(FIRST_DATE, LAST_DATE, n, dtype=np.int64)
        if avoid is not None:
            inside = (pub >= avoid[0]) & (pub <= avoid[1])
            pub[inside] = avoid[0] - rng.integers(1, 86_400, int(inside.sum()))
        pub.sort()
        pub = np.maximum.accumulate(pub - np.arange(n)) + np.arange(n)  # strictly increasing
        return self._attributes(pub)

    def _attributes(self, pub: np.ndarray) -> dict[str, np.ndarray]:
        """Random attributes for posts published at ``pub`` (ids increase with time)."""
        rng, n = self._rng, len(pub)
        k = self._next_k + np.cumsum(rng.integers(1, 4, n))
        if n:
            self._next_k = int(k[-1])
        pid = 3 * k + rng.integers(1, 3, n)  # never a multiple of 3 (those are fixed posts)
        modified = np.where(rng.random(n) < 0.3, pub + rng.integers(60, 30 * 86_400, n), 0)
        modified = np.where(modified >= CLOCK_START, 0, modified)
        slugs = list(PRIMARY_WEIGHTS)
        weights = np.array([PRIMARY_WEIGHTS[s] for s in slugs], dtype=float)
        primary = np.array([CATEGORY_INDEX[s] for s in slugs])[
            rng.choice(len(slugs), n, p=weights / weights.sum())
        ]
        extras = rng.integers(0, len(CATEGORIES), (n, 2))
        count = rng.choice(3, n, p=[0.35, 0.45, 0.20])
        extras[count < 1, 0] = -1
        extras[count < 2, 1] = -1
        extras[extras == primary[:, None]] = -1
        extras[extras[:, 1] == extras[:, 0], 1] = -1
        tags = rng.integers(0, len(TAG_NAMES), (n, 4))
        tags[np.arange(4)[None, :] >= rng.integers(1, 5, n)[:, None]] = -1
        return {
            "pid": pid.astype(np.int32),
            "pub": pub.astype(np.int64),
            "tzq": rng.choice(_TZ_QUARTERS, n).astype(np.int8),
            "mod": modified.astype(np.int64),
            "cats": np.column_stack([primary, extras]).astype(np.int8),
            "tags": tags.astype(np.int16),
        }

    @staticmethod
    def _merge(gen: dict[str, np.ndarray], fixed: Sequence[Any]) -> dict[str, np.ndarray]:
        if not fixed:
            return gen
        cats = np.full((len(fixed), 3), -1, dtype=np.int8)
        tags = np.full((len(fixed), 4), -1, dtype=np.int16)
        for i, post in enumerate(fixed):
            ci, ti = category_indexes(post), tag_indexes(post)
            cats[i, : len(ci)] = ci
            tags[i, : len(ti)] = ti
        extra = {
            "pid": np.array([p.post_id for p in fixed], dtype=np.int32),
            "pub": np.array([p.published for p in fixed], dtype=np.int64),
            "tzq": np.zeros(len(fixed), dtype=np.int8),
            "mod": np.array([p.modified or 0 for p in fixed], dtype=np.int64),
            "cats": cats,
            "tags": tags,
        }
        merged = {key: np.concatenate([gen[key], extra[key]]) for key in gen}
        order = np.argsort(merged["pub"], kind="stable")
        return {key: value[order] for key, value in merged.items()}

    def _load(self, arrays: dict[str, np.ndarray]) -> None:
        """Install the arrays and rebuild the derived indexes (after start-up or publish)."""
        n = len(arrays["pid"])
        old_status = getattr(self, "_status", np.zeros(0, dtype=np.int16))
        old_version = getattr(self, "_version", np.zeros(0, dtype=np.int16))
        self._pid = arrays["pid"]
        self._pub = arrays["pub"]
        self._tzq = arrays["tzq"]
        self._mod = arrays["mod"]
        self._cats = arrays["cats"]
        self._tags = arrays["tags"]
        self._status = np.concatenate([old_status, np.zeros(n - len(old_status), np.int16)])
        self._version = np.concatenate([old_version, np.zeros(n - len(old_version), np.int16)])
        self._by_id = np.argsort(self._pid, kind="stable")
        self._sorted_ids = self._pid[self._by_id]
        self._n_old = int(np.searchsorted(self._pub, OLD_SITE_END))
        self._members = [
            np.flatnonzero((self._cats == c).any(axis=1)) for c in range(len(CATEGORIES))
        ]
        self._tag_members: dict[int, np.ndarray] = {}

    # ------------------------------------------------------------------ identity
    def __len__(self) -> int:
        return len(self._pid)

    @property
    def post_ids(self) -> list[int]:
        """Live post ids of both sites in publication order (oldest first)."""
        with self._lock:
            return self._pid[self._status == 0].tolist()

    @property
    def main_post_ids(self) -> list[int]:
        with self._lock:
            return self._live_range(self._n_old, len(self._pid)).tolist()

    @property
    def old_post_ids(self) -> list[int]:
        with self._lock:
            return self._live_range(0, self._n_old).tolist()

    def _live_range(self, lo: int, hi: int) -> np.ndarray:
        return self._pid[lo:hi][self._status[lo:hi] == 0]

    def position(self, post_id: int) -> int:
        """Index of a post in publication order; KeyError for an unknown id."""
        i = int(np.searchsorted(self._sorted_ids, post_id))
        if i >= len(self._sorted_ids) or int(self._sorted_ids[i]) != post_id:
            raise KeyError(post_id)
        return int(self._by_id[i])

    def exists(self, post_id: int) -> bool:
        try:
            self.position(post_id)
        except KeyError:
            return False
        return True

    def status(self, post_id: int) -> int:
        """200 for a live post, else 404/410 (deleted)."""
        code = int(self._status[self.position(post_id)])
        return code or 200

    def is_live(self, post_id: int) -> bool:
        return self.exists(post_id) and self.status(post_id) == 200

    def is_old(self, post_id: int) -> bool:
        """True for posts of the old site (archive.asianlite.com)."""
        return self.position(post_id) < self._n_old

    def host_of(self, post_id: int) -> str:
        return OLD_HOST if self.is_old(post_id) else MAIN_HOST

    def title(self, post_id: int) -> str:
        fixed = self._fixed.get(post_id)
        return fixed.title if fixed else make_title(post_id, self.seed)

    def slug(self, post_id: int) -> str:
        fixed = self._fixed.get(post_id)
        return fixed.slug if fixed else make_slug(self.title(post_id))

    def published(self, post_id: int) -> int:
        return int(self._pub[self.position(post_id)])

    def modified(self, post_id: int) -> int | None:
        return int(self._mod[self.position(post_id)]) or None

    def primary(self, post_id: int) -> int:
        return int(self._cats[self.position(post_id), 0])

    def year(self, post_id: int) -> int:
        return time.gmtime(self.published(post_id)).tm_year

    def path(self, post_id: int) -> str:
        """The article path: ``/{YYYY}/{category-slug}/{post-slug}``."""
        return (
            f"/{self.year(post_id)}/{CATEGORIES[self.primary(post_id)].slug}/{self.slug(post_id)}"
        )

    def article_url(self, post_id: int) -> str:
        """The canonical URL (``https://asianlite.com/...``; old-site posts keep their host)."""
        return f"https://{self.host_of(post_id)}{self.path(post_id)}"

    def find(self, old_site: bool, year: int, category: str, slug: str) -> int | None:
        """The post at an article path of a site (live or deleted), or None."""
        post_id = self._fixed_slugs.get(slug) or decode(slug, self.seed)
        if post_id is None or not self.exists(post_id) or self.is_old(post_id) != old_site:
            return None
        if self.year(post_id) != year or CATEGORIES[self.primary(post_id)].slug != category:
            return None
        return post_id if self.slug(post_id) == slug else None

    # ------------------------------------------------------------------ content
    def content(self, post_id: int) -> Content:
        fixed = self._fixed.get(post_id)
        if fixed and fixed.content is not None:
            return fixed.content
        pos = self.position(post_id)
        lo = 0 if pos < self._n_old else self._n_old
        span = pos - lo

        def pick_earlier(rng: Any) -> int | None:
            if span <= 0:
                return None
            return int(self._pid[pos - 1 - rng.randrange(min(span, 3000))])

        t = time.gmtime(int(self._pub[pos]))
        return content_mod.generate(
            self.seed,
            post_id,
            int(self._version[pos]),
            t.tm_year,
            t.tm_mon,
            pos < self._n_old,
            pick_earlier,
        )

    def teaser(self, post_id: int) -> str:
        return content_mod.teaser(self.seed, post_id)

    def categories(self, post_id: int) -> tuple[int, ...]:
        """Category indexes in page order (alphabetical by display name)."""
        row = {int(c) for c in self._cats[self.position(post_id)] if c >= 0}
        return tuple(sorted(row, key=lambda c: CATEGORIES[c].name.lower()))

    def tags(self, post_id: int) -> tuple[int, ...]:
        row = {int(t) for t in self._tags[self.position(post_id)] if t >= 0}
        return tuple(sorted(row, key=lambda t: TAG_NAMES[t].lower()))

    def view(self, post_id: int) -> ArticleView:
        """Everything the page of ``post_id`` shows right now."""
        with self._lock:
            pos = self.position(post_id)
            body = self.content(post_id)
            old = pos < self._n_old
            view = ArticleView(
                post_id=post_id,
                old_site=old,
                title=self.title(post_id),
                slug=self.slug(post_id),
                primary=int(self._cats[pos, 0]),
                categories=self.categories(post_id),
                tags=self.tags(post_id),
                authors=body.authors,
                published=int(self._pub[pos]),
                tz_minutes=int(self._tzq[pos]) * 15,
                modified=int(self._mod[pos]) or None,
                standfirst=body.standfirst,
                blocks=body.blocks,
                source=body.source,
                reading_minutes=None if old else truth_mod.reading_minutes(body.blocks),
                version=int(self._version[pos]),
            )
            self._add_page_links(view, pos)
            return view

    def _add_page_links(self, view: ArticleView, pos: int) -> None:
        lo, hi = (0, self._n_old) if view.old_site else (self._n_old, len(self._pid))
        view.previous = self._target(self._step(pos, -1, lo, hi))
        view.next = self._target(self._step(pos, +1, lo, hi))
        for block in iter_blocks(view.blocks):
            if isinstance(block, AlsoRead):
                view.titles[block.post_id] = self.title(block.post_id)
            elif isinstance(block, Para):
                for part in block.parts:
                    if isinstance(part, Anchor) and part.post_id:
                        view.titles[part.post_id] = self.title(part.post_id)
        if not view.old_site:
            view.latest_from = self._newest(self._members[view.primary], LATEST_FROM_COUNT, pos)
            dont_miss = self._members[CATEGORY_INDEX[DONT_MISS_CATEGORY]]
            view.dont_miss = self._newest(dont_miss, DONT_MISS_COUNT, pos)
            if not view.dont_miss:
                view.dont_miss = self._newest(None, DONT_MISS_COUNT, pos)
            view.ticker = self._newest(None, 4, -1)
        view.trending = [
            t
            for t in (
                self._target(lo + (pos * 7919 + i * 104_729) % max(1, hi - lo)) for i in range(4)
            )
            if t
        ]

    def _step(self, pos: int, direction: int, lo: int, hi: int) -> int | None:
        i = pos + direction
        while lo <= i < hi:
            if self._status[i] == 0:
                return i
            i += direction
        return None

    def _target(self, pos: int | None, excerpt: bool = False) -> LinkTarget | None:
        if pos is None or not 0 <= pos < len(self._pid):
            return None
        pid = int(self._pid[pos])
        return LinkTarget(pid, self.title(pid))

    def _newest(self, members: np.ndarray | None, count: int, exclude: int) -> list[LinkTarget]:
        """The newest live main-site posts among ``members`` (None: all), skipping ``exclude``."""
        out: list[LinkTarget] = []
        n = len(self._pid)
        i = (len(members) if members is not None else n) - 1
        while i >= 0 and len(out) < count:
            pos = int(members[i]) if members is not None else i
            i -= 1
            if pos < self._n_old:
                break
            if pos != exclude and self._status[pos] == 0:
                target = self._target(pos)
                if target:
                    out.append(target)
        return out

    def truth(self, post_id: int) -> dict[str, Any] | None:
        """The contract record for the page as rendered now (None for a deleted post)."""
        with self._lock:
            if self.status(post_id) != 200:
                return None
            return truth_mod.record(self.view(post_id), self.article_url)

    # ------------------------------------------------------------------ listings
    def listing(self, scope: str, key: Any = None, old_site: bool = False) -> np.ndarray:
        """Positions of live posts for a listing, newest first.

        scope: ``home`` | ``category`` (key: category index, children included) | ``tag`` (key:
        tag index) | ``month`` (key: (year, month)) | ``all`` (oldest first, for sitemaps).
        """
        with self._lock:
            lo, hi = (0, self._n_old) if old_site else (self._n_old, len(self._pid))
            if scope in ("home", "all"):
                pos = np.arange(lo, hi)
            elif scope == "category":
                pos = self._category_members(int(key))
            elif scope == "tag":
                pos = self._tag_index(int(key))
            elif scope == "month":
                start, end = _month_bounds(*key)
                pos = np.arange(*np.searchsorted(self._pub, [start, end]))
            else:
                raise ValueError(f"unknown listing scope {scope!r}")
            pos = pos[(pos >= lo) & (pos < hi)]
            pos = pos[self._status[pos] == 0]
            return pos if scope == "all" else pos[::-1]

    def _category_members(self, index: int) -> np.ndarray:
        slug = CATEGORIES[index].slug
        children = [i for i, c in enumerate(CATEGORIES) if c.parent == slug]
        if not children:
            return self._members[index]
        return np.unique(np.concatenate([self._members[i] for i in [index, *children]]))

    def _tag_index(self, tag: int) -> np.ndarray:
        members = self._tag_members.get(tag)
        if members is None:
            members = np.flatnonzero((self._tags == tag).any(axis=1))
            self._tag_members[tag] = members
        return members

    def sitemap_positions(self, old_site: bool = False) -> np.ndarray:
        """Positions a site's post sitemaps name, oldest first: ``listing("all")`` minus the
        ``sitemap_gaps`` share (chosen by a hash of seed and post id, so stable across runs and
        publishes)."""
        positions = self.listing("all", old_site=old_site)
        if not self.sitemap_gaps:
            return positions
        return positions[~self._in_gap(self._pid[positions])]

    def _in_gap(self, post_ids: np.ndarray) -> np.ndarray:
        mixed = (post_ids.astype(np.uint64) * np.uint64(2_654_435_761) + np.uint64(self.seed)) % np.uint64(10_007)
        return mixed < np.uint64(round(self.sitemap_gaps * 10_007))

    def missing_from_sitemaps(self) -> list[int]:
        """Live post ids (both sites) the sitemaps leave out, oldest first."""
        with self._lock:
            live = self._pid[self._status == 0]
            return live[self._in_gap(live)].tolist() if self.sitemap_gaps else []

    def post_at(self, pos: int) -> int:
        return int(self._pid[pos])

    def last_changed(self, post_id: int) -> int:
        """Modified time, else publication time (epoch seconds)."""
        return self.modified(post_id) or self.published(post_id)

    def etag(self, post_id: int) -> str:
        """Changes whenever the page's truth (minus page-time links) changes."""
        with self._lock:
            pos = self.position(post_id)
            lo, hi = (0, self._n_old) if pos < self._n_old else (self._n_old, len(self._pid))
            prev, nxt = self._step(pos, -1, lo, hi), self._step(pos, +1, lo, hi)
            key = (
                post_id,
                int(self._version[pos]),
                self.last_changed(post_id),
                -1 if prev is None else prev,
                -1 if nxt is None else nxt,
                self._themes.get(post_id, ""),
            )
            return '"' + format(zlib.crc32(repr(key).encode()), "08x") + '"'

    # ------------------------------------------------------------------ changes
    def publish(self, k: int = 1) -> list[int]:
        """Publish ``k`` new generated posts "now" (one minute apart); returns their ids."""
        if k < 1:
            return []
        with self._lock:
            pub = self.now + 60 * np.arange(1, k + 1, dtype=np.int64)
            new = self._attributes(pub)
            new["mod"][:] = 0
            self.now = int(pub[-1])
            arrays = {
                "pid": self._pid,
                "pub": self._pub,
                "tzq": self._tzq,
                "mod": self._mod,
                "cats": self._cats,
                "tags": self._tags,
            }
            self._load({key: np.concatenate([arrays[key], new[key]]) for key in arrays})
            return new["pid"].tolist()

    def edit(self, post_id: int) -> int:
        """Edit a post now: new modified date and changed body text; returns the new version."""
        with self._lock:
            pos = self.position(post_id)
            if self._fixed.get(post_id) and self._fixed[post_id].content is not None:
                raise ValueError(f"post {post_id} has fixed text and cannot be edited")
            self.now += 60
            self._version[pos] += 1
            self._mod[pos] = self.now
            return int(self._version[pos])

    def redesign(self, post_ids: Sequence[int], theme: str = "redesign") -> None:
        """Show these posts in another theme (render.THEMES) from now on; their ETag changes,
        their text does not (a site redesign rolled out to some pages)."""
        with self._lock:
            for post_id in post_ids:
                self.position(post_id)  # unknown ids fail here
                self._themes[post_id] = theme

    def theme_of(self, post_id: int) -> str | None:
        """The theme a post is shown in when redesign() changed it, else None (its own)."""
        return self._themes.get(post_id)

    def delete(self, post_id: int, status: int = 410) -> None:
        """Delete a post: its URLs answer ``status`` (404 or 410); it leaves every listing."""
        if status not in (404, 410):
            raise ValueError(f"status must be 404 or 410, not {status}")
        with self._lock:
            self._status[self.position(post_id)] = status
            self.now += 60


def _month_bounds(year: int, month: int) -> tuple[int, int]:
    start = datetime(year, month, 1, tzinfo=UTC)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
    return int(start.timestamp()), int(end.timestamp())
