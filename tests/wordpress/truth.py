"""Ground truth: the export record a perfect crawler stores for each published post, per theme.

Records are made by the replica's truth code (``tests.replica.truth.record``, the rules of
``tests/fixtures/specimen/``) from an :class:`ArticleView` built out of the plan, so the text
rules (NFC, whitespace, paragraphs, captions and ALSO READ out of the body, wire credit kept)
are the replica's. WordPress-specific rules, documented in tests/wordpress/README.md:

* ``url``: ``https://asianlite.com`` + WordPress's permalink path (``/YYYY/parent/child/slug``
  for a child primary category); ``shortlink``: ``https://asianlite.com/?p=ID``;
* ``categories``/``tags``: in page order, which is WordPress's order by name;
* ``previous_story``/``next_story``: WordPress's adjacent published posts by date;
  ``latest_from``: the 3 newest posts filed in the primary category; ``dont_miss``: the 2 newest
  in Features (asianlite themes only);
* what a stock theme does not show is not in its truth (see THEME_RULES).
"""

from __future__ import annotations

from typing import Any

from tests.replica.model import ArticleView, LinkTarget
from tests.replica.truth import record
from tests.replica.vocab import CATEGORIES, CATEGORY_INDEX, DONT_MISS_CATEGORY, TAG_NAMES
from tests.wordpress.plan import DONT_MISS_COUNT, LATEST_FROM_COUNT, Post, SitePlan

SITE = "https://asianlite.com"

#: Per theme: which record fields the theme's pages do not show (truth: None / []), which link
#: kinds it has, and whether co-authors are shown (else only the WordPress author).
THEME_RULES: dict[str, dict[str, Any]] = {
    "asianlite": {"hidden": (), "link_kinds": None, "coauthors": True},
    "asianlite-plain": {"hidden": (), "link_kinds": None, "coauthors": True},
    "twentytwentyone": {
        "hidden": ("summary", "modified_at", "reading_minutes"),
        "link_kinds": {"body", "also_read", "embed", "previous_story", "next_story"},
        "coauthors": False,
    },
    "twentytwentythree": {
        "hidden": ("summary", "modified_at", "reading_minutes"),
        "link_kinds": {"body", "also_read", "embed"},
        "coauthors": False,
    },
}


def canonical_url(post: Post) -> str:
    return SITE + post.path


def _target(post: Post) -> LinkTarget:
    return LinkTarget(post.post_id, post.title)


def article_view(plan: SitePlan, post: Post) -> ArticleView:
    """The replica's view of a published post as the asianlite theme shows it."""
    order = plan.published
    pos = order.index(post)
    content = post.content
    return ArticleView(
        post_id=post.post_id, old_site=False, title=post.title, slug=post.slug,
        primary=post.primary,
        categories=tuple(sorted(post.categories, key=lambda c: CATEGORIES[c].name.casefold())),
        tags=tuple(sorted(post.tags, key=lambda t: TAG_NAMES[t].casefold())),
        authors=content.authors, published=post.published, tz_minutes=0,
        modified=post.modified, standfirst=content.standfirst, blocks=content.blocks,
        source=content.source, reading_minutes=post.reading_minutes,
        previous=_target(order[pos - 1]) if pos > 0 else None,
        next=_target(order[pos + 1]) if pos + 1 < len(order) else None,
        latest_from=[_target(p) for p in plan.newest_in(post.primary, LATEST_FROM_COUNT, post.post_id)],
        dont_miss=[_target(p) for p in plan.newest_in(CATEGORY_INDEX[DONT_MISS_CATEGORY],
                                                      DONT_MISS_COUNT, post.post_id)],
        titles={p.post_id: p.title for p in plan.posts},
    )


def theme_record(plan: SitePlan, post: Post, theme: str) -> dict[str, Any]:
    """The expected export record of ``post`` crawled in ``theme``."""
    rules = THEME_RULES[theme]
    rec = record(article_view(plan, post), lambda pid: canonical_url(plan.by_id[pid]))
    for name in rules["hidden"]:
        rec[name] = None
    if not rules["coauthors"]:
        rec["authors"] = rec["authors"][:1]
    if rules["link_kinds"] is not None:
        rec["links"] = [link for link in rec["links"] if link["kind"] in rules["link_kinds"]]
    return rec


def records(plan: SitePlan, theme: str) -> dict[str, dict[str, Any]]:
    """Every published post's expected record for ``theme``, by canonical URL."""
    if theme not in THEME_RULES:
        raise ValueError(f"unknown theme {theme!r}; expected one of {tuple(THEME_RULES)}")
    return {canonical_url(p): theme_record(plan, p, theme) for p in plan.published}
