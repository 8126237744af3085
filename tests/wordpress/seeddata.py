"""The JSON that ``seed.php`` reads: site options, users, categories, tags, pages and posts."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from tests.replica.vocab import CATEGORIES, TAG_NAMES, TAG_SLUGS, slugify
from tests.wordpress.plan import Post, SitePlan, all_authors
from tests.wordpress.postcontent import PostContent, excerpt

SITE_TITLE = "Asian Lite News"
TIMEZONE = "Europe/London"
PERMALINKS = "/%year%/%category%/%postname%"
OPTIONS: dict[str, Any] = {
    "blogdescription": "UK's first Asian newspaper",
    "permalink_structure": PERMALINKS,
    "timezone_string": TIMEZONE,
    "gmt_offset": "",
    "date_format": "F j, Y",
    "time_format": "g:i a",
    "posts_per_page": 10,
    "posts_per_rss": 10,
    "default_comment_status": "closed",
    "default_ping_status": "closed",
    "blog_public": 1,
    "show_on_front": "posts",
    "use_smilies": 0,
}
ABOUT_PAGE = {"title": "About Asian Lite", "slug": "about-us",
              "content": "<!-- wp:paragraph -->\n<p>Asian Lite is a newspaper for British Asians.</p>\n"
                         "<!-- /wp:paragraph -->", "date_gmt": "2021-06-01 09:00:00"}


def gmt(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S")


def _categories() -> list[dict[str, Any]]:
    """Parents before children (the seed looks parents up by slug)."""
    ordered = sorted(CATEGORIES, key=lambda c: c.parent is not None)
    return [{"slug": c.slug, "name": c.name, "parent": c.parent} for c in ordered]


def _post(plan: SitePlan, post: Post, origin: str) -> dict[str, Any]:
    titles = {p.post_id: p.title for p in plan.posts}
    writer = PostContent(post.post_id, titles, origin, lambda pid: origin + plan.by_id[pid].path)
    versions = [c for c in (post.original, post.content) if c is not None]
    authors = post.content.authors
    meta: dict[str, Any] = {"_reading_minutes": post.reading_minutes}
    if len(authors) > 1:
        meta["_coauthors"] = json.dumps(list(authors), ensure_ascii=False)
    return {
        "id": post.post_id,
        "status": post.status,
        "title": post.stored_title,
        "slug": post.slug,
        "date_gmt": gmt(post.published),
        "modified_gmt": gmt(post.modified) if post.modified else None,
        "author": slugify(authors[0]),
        "primary": CATEGORIES[post.primary].slug,
        "categories": [CATEGORIES[c].slug for c in post.categories],
        "tags": [TAG_SLUGS[t] for t in post.tags],
        "sticky": post.sticky,
        "meta": meta,
        "versions": [{"content": writer.blocks(v.blocks), "excerpt": excerpt(v.standfirst, writer.entities)}
                     for v in versions],
    }


def seed_json(plan: SitePlan, origin: str) -> dict[str, Any]:
    """Everything seed.php needs, with links written on ``origin``."""
    return {
        "origin": origin,
        "site": {"title": SITE_TITLE, "options": {**OPTIONS, "siteurl": origin, "home": origin}},
        "users": [{"login": slugify(name), "name": name} for name in all_authors()],
        "categories": _categories(),
        "tags": [{"slug": s, "name": n} for s, n in zip(TAG_SLUGS, TAG_NAMES, strict=True)],
        "pages": [ABOUT_PAGE],
        "posts": [_post(plan, p, origin) for p in plan.posts],
    }
