"""Synthetic contract records for archive tests and the storage bench.

Deterministic per index; each has ``links`` links (mostly to other synthetic articles, so the
link graph resolves), ``tags`` tags and ``images`` images. ``replica_records`` prefers the
replica site's ground truth (``tests.replica.site.Site``) and falls back to these;
``fill_archive`` stores them into an archive.
"""

from __future__ import annotations

import random
from typing import Any

from archive.contract import LINK_KINDS
from archive.schema.engine import open_archive_engine, session_factory
from archive.write.store import store_articles

WORDS = ("minister", "trade", "summit", "Lavrov", "Beijing", "monsoon", "cricket", "election",
         "sanctions", "festival", "Dubai", "London", "budget", "ceasefire", "vaccine", "startup",
         "embassy", "harbour", "refinery", "parliament", "film", "fashion", "Bollywood", "river")
CATEGORIES = ("Top News", "UK News", "India News", "Asia News", "Arab News", "Events", "Media")
TAGS = tuple(f"Tag {n}" for n in range(60))


def article_url(i: int) -> str:
    return f"https://asianlite.com/{2020 + i % 5}/{_slug(CATEGORIES[i % len(CATEGORIES)])}/story-{i}"


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def make_record(i: int, *, links: int = 10, tags: int = 3, images: int = 2,
                total: int = 1000) -> dict[str, Any]:
    rng = random.Random(i)
    body = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(40)) for _ in range(5))
    category = CATEGORIES[i % len(CATEGORIES)]
    year = 2020 + i % 5
    return {
        "post_id": 100000 + i,
        "url": article_url(i),
        "shortlink": f"https://asianlite.com/?p={100000 + i}",
        "title": f"Story {i}: " + " ".join(rng.choice(WORDS) for _ in range(6)),
        "summary": " ".join(rng.choice(WORDS) for _ in range(15)),
        "body": body + " (ANI)",
        "published_at": f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00+00:00",
        "modified_at": None,
        "authors": ["Asian Lite News"],
        "category": category,
        "categories": [category, CATEGORIES[(i + 3) % len(CATEGORIES)]],
        "tags": rng.sample(TAGS, tags),
        "source": "ANI",
        "reading_minutes": 1 + i % 4,
        "language": "en",
        "images": [{"url": f"https://asianlite.com/wp-content/uploads/{year}/01/img-{i}-{n}.jpg",
                    "caption": f"Caption {n} of story {i}", "alt": None} for n in range(images)],
        "links": [{"kind": LINK_KINDS[(i + n) % len(LINK_KINDS)],
                   "url": article_url(rng.randrange(total)), "text": f"Link {n}"}
                  for n in range(links)],
    }


def replica_records(count: int) -> list[dict[str, Any]]:
    """Ground-truth records of a replica site of ``count`` articles (synthetic if unavailable)."""
    try:
        from tests.replica.site import Site
    except ImportError:
        return [make_record(i, total=count) for i in range(count)]
    site = Site(articles=count)
    return [site.truth(post_id) for post_id in site.post_ids]


def fill_archive(url: str, count: int = 80) -> list[dict[str, Any]]:
    """Store the ground truth of a replica of ``count`` articles; return the records."""
    records = replica_records(count)
    engine = open_archive_engine(url)
    try:
        with session_factory(engine).begin() as session:
            store_articles(session, records)
    finally:
        engine.dispose()
    return records


def archived_targets(records: list[dict[str, Any]]) -> dict[str, str]:
    """Every URL (canonical, shortlink) that leads to an archived article -> its canonical URL."""
    targets = {record["url"]: record["url"] for record in records}
    targets.update({record["shortlink"]: record["url"] for record in records if record["shortlink"]})
    return targets
