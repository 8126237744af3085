"""The deterministic plan of the seeded WordPress site: users, categories, tags and posts.

Posts reuse the replica's vocabulary and content generator (``tests.replica.content``), so a
WordPress post reads like a replica article: standfirst with "…reports Asian Lite News", body
paragraphs, figures with captions, ALSO READ lines, wire credit. Post ids are chosen here and
given to WordPress as ``import_id`` (the seed script checks WordPress kept them), so bodies can
link to earlier posts before WordPress has seen any of them.

Statuses: ``publish`` (served, in the truth), ``draft``, ``private``, ``future`` (scheduled in
2090), ``deleted`` (inserted, then deleted for good) and ``trash`` (inserted, then trashed).
Some published posts are ``sticky``, some are ``edited`` (inserted at version 0, then updated
to version 1 with a later modification time).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from tests.replica import content as replica_content
from tests.replica.content import Content
from tests.replica.titles import make_title
from tests.replica.truth import paragraphs
from tests.replica.vocab import (
    AUTHORS,
    CATEGORIES,
    CATEGORY_INDEX,
    DONT_MISS_CATEGORY,
    HOUSE_AUTHOR,
    PRIMARY_WEIGHTS,
    TAG_NAMES,
    slugify,
)

SEED = 11
PUBLISHED = 300
FIRST_ID = 1001
#: Published posts fall between these instants (about 17 a month: month archives have 2 pages).
START = int(datetime(2022, 1, 3, 6, 0, tzinfo=UTC).timestamp())
END = int(datetime(2023, 6, 28, 18, 0, tzinfo=UTC).timestamp())
FUTURE_START = int(datetime(2090, 1, 5, 9, 0, tzinfo=UTC).timestamp())
#: How many posts of each hidden status are interleaved with the published ones.
HIDDEN = {"draft": 8, "private": 6, "deleted": 4, "trash": 3}
FUTURE = 5
STICKY = 3
#: Child categories that are sometimes the primary one (permalink /YYYY/parent/child/slug).
CHILD_PRIMARIES = ("saudi-arabia", "dubai", "london-news", "china")
LATEST_FROM_COUNT = 3
DONT_MISS_COUNT = 2


@dataclass
class Post:
    post_id: int
    status: str
    published: int  # epoch seconds UTC
    primary: int  # category index (vocab.CATEGORIES)
    categories: tuple[int, ...]  # category indexes
    tags: tuple[int, ...]  # tag indexes
    title: str  # as a reader sees it (typographic quotes as characters)
    content: Content  # the current version
    original: Content | None = None  # version 0 of an edited post
    modified: int | None = None  # epoch of the edit (edited posts only)
    sticky: bool = False

    @property
    def slug(self) -> str:
        return slugify(self.title)

    @property
    def stored_title(self) -> str:
        """The title as typed into WordPress: straight quotes, which wptexturize curls."""
        return self.title.replace("‘", "'").replace("’", "'")

    @property
    def year(self) -> int:
        return datetime.fromtimestamp(self.published, UTC).year

    @property
    def category_path(self) -> str:
        """The permalink's %category% part: parent/child for a child category."""
        return CATEGORIES[self.primary].path

    @property
    def path(self) -> str:
        return f"/{self.year}/{self.category_path}/{self.slug}"

    @property
    def reading_minutes(self) -> int:
        words = sum(len(p.split()) for p in paragraphs(self.content.blocks))
        return max(1, round(words / 250))


@dataclass
class SitePlan:
    """Every post of the seeded site, in id (= date) order."""

    seed: int
    posts: list[Post] = field(default_factory=list)

    @cached_property
    def by_id(self) -> dict[int, Post]:
        return {p.post_id: p for p in self.posts}

    @cached_property
    def published(self) -> list[Post]:
        """Published posts, oldest first (WordPress's previous/next order)."""
        return sorted((p for p in self.posts if p.status == "publish"), key=lambda p: p.published)

    def newest_in(self, category: int | None, count: int, exclude: int) -> list[Post]:
        """The newest published posts filed in ``category`` (None: any), skipping ``exclude``."""
        out: list[Post] = []
        for post in reversed(self.published):
            if post.post_id != exclude and (category is None or category in post.categories):
                out.append(post)
                if len(out) == count:
                    break
        return out


def all_authors() -> tuple[str, ...]:
    return (HOUSE_AUTHOR, *AUTHORS)


def _statuses(rng: random.Random) -> list[str]:
    hidden = [status for status, count in HIDDEN.items() for _ in range(count)]
    statuses = ["publish"] * PUBLISHED
    for status in hidden:  # never first: the first posts have nothing earlier to link to
        statuses.insert(rng.randint(5, len(statuses)), status)
    return statuses


def _primary(rng: random.Random) -> int:
    if rng.random() < 0.06:
        return CATEGORY_INDEX[rng.choice(CHILD_PRIMARIES)]
    slugs = list(PRIMARY_WEIGHTS)
    return CATEGORY_INDEX[rng.choices(slugs, weights=list(PRIMARY_WEIGHTS.values()))[0]]


def _categories(rng: random.Random, primary: int) -> tuple[int, ...]:
    chosen = {primary}
    if rng.random() < 0.15:
        chosen.add(CATEGORY_INDEX[DONT_MISS_CATEGORY])
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        chosen.add(rng.randrange(len(CATEGORIES)))
    return tuple(sorted(chosen))


def _tags(rng: random.Random) -> tuple[int, ...]:
    return tuple(sorted(rng.sample(range(len(TAG_NAMES)), rng.randint(0, 5))))


def build_plan(seed: int = SEED) -> SitePlan:
    """The whole site, deterministically from ``seed``."""
    rng = random.Random(seed)
    plan = SitePlan(seed)
    statuses = _statuses(rng)
    step = (END - START) // len(statuses)
    public: list[int] = []

    def pick_earlier(r: random.Random) -> int | None:
        return r.choice(public[-120:]) if public else None

    for i, status in enumerate(statuses):
        plan.posts.append(_make_post(rng, seed, FIRST_ID + i, status,
                                     START + i * step + rng.randint(0, step // 2), pick_earlier))
        if status == "publish":
            public.append(FIRST_ID + i)
    for n in range(FUTURE):
        post_id = FIRST_ID + len(statuses) + n
        plan.posts.append(_make_post(rng, seed, post_id, "future",
                                     FUTURE_START + n * 86_400, pick_earlier))
    _mark_sticky_and_edits(rng, plan)
    return plan


def _make_post(rng: random.Random, seed: int, post_id: int, status: str, published: int,
               pick_earlier: replica_content.PickEarlier) -> Post:
    when = datetime.fromtimestamp(published, UTC)
    primary = _primary(rng)
    content = replica_content.generate(seed, post_id, 0, when.year, when.month, False, pick_earlier)
    return Post(post_id, status, published, primary, _categories(rng, primary), _tags(rng),
                make_title(post_id, seed), content)


def _mark_sticky_and_edits(rng: random.Random, plan: SitePlan) -> None:
    published = plan.published
    for post in rng.sample(published, STICKY):
        post.sticky = True
    for post in rng.sample(published, len(published) // 10):
        when = datetime.fromtimestamp(post.published, UTC)
        earlier = [p.post_id for p in published if p.published < post.published][-120:]
        post.original = post.content
        post.content = replica_content.generate(
            plan.seed, post.post_id, 1, when.year, when.month, False,
            lambda r, ids=earlier: r.choice(ids) if ids else None)  # type: ignore[misc]
        post.modified = post.published + rng.randint(600, 5 * 86_400)
