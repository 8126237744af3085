"""Layer 2: the themes' selectors, every class name the extractor knows, in one table.

Each field lists CSS selectors (parsel/cssselect) tried in order; the first that matches wins.
The current theme comes first, then the old site's (archive.asianlite.com), then the names of
common WordPress themes (Twenty Twenty-One, block themes), so a renamed class falls through to
the next candidate before the text anchors and the generic fallback take over.
"""

from __future__ import annotations

SELECTORS: dict[str, tuple[str, ...]] = {
    #: the element holding one post (header, body and footer)
    "article": (
        "article.post", "article.type-post", "div.singlepost", "div.post.type-post",
        "div.post[id^=post-]", "main article", "article",
    ),
    "title": (
        "h1.entry-title", "h2.posttitle", "h1.post-title", "h2.entry-title",
        ".single-post-title", "h1.wp-block-post-title", "h1",
    ),
    #: the standfirst (the excerpt shown under the title)
    "standfirst": (
        ".entry-excerpt", ".story-intro", ".entry-summary", ".post-excerpt", ".standfirst",
        ".wp-block-post-excerpt",
    ),
    "body": (
        ".entry-content", ".storycontent", ".post-content", ".td-post-content",
        ".article-content", ".wp-block-post-content", "div.entry",
    ),
    #: dates: the machine-readable value is in ``datetime`` (time) or ``title`` (abbr)
    "published_at": (
        "time.entry-date.published", "time.published", "abbr.published",
        ".posted-on time", ".wp-block-post-date time",
    ),
    "modified_at": ("time.updated", "time.modified", "abbr.updated"),
    "reading_minutes": (".min-read", ".reading-time", ".read-time"),
    "authors": (
        ".byline .author", ".byline .fn", ".postinfo .author", ".author.vcard",
        ".wp-block-post-author__name", ".wp-block-post-author-name", "a[rel~=author]",
    ),
    "category_links": (
        ".cat-links a", ".post-categories a", ".entry-categories a",
        ".taxonomy-category a", "a[rel~=category]",
    ),
    "tags": (
        ".tags-links a", ".post-tags a", ".entry-tags a", ".taxonomy-post_tag a", "a[rel=tag]",
    ),
    "previous_story": (
        ".nav-previous a", ".post-navigation a[rel=prev]",
        ".wp-block-post-navigation-link.post-navigation-link-previous a", "a[rel=prev]",
    ),
    "next_story": (
        ".nav-next a", ".post-navigation a[rel=next]",
        ".wp-block-post-navigation-link.post-navigation-link-next a", "a[rel=next]",
    ),
    "latest_from": ("section.latest-from", ".latest-from"),
    "dont_miss": ("section.dont-miss", ".dont-miss"),
}  # fmt: skip

#: Class tokens of the story title inside a post-navigation link (not its label).
NAV_TITLE_CLASSES: tuple[str, ...] = ("post-title", "nav-title")

#: Markers of a page that is not a single article, on ``<body class>``.
NOT_ARTICLE_BODY_CLASSES = frozenset(
    {"archive", "category", "tag", "search", "error404", "home", "blog", "date", "author",
     "page-template", "paged"}
)  # fmt: skip
ARTICLE_BODY_CLASSES = frozenset({"single-post", "single"})

#: Containers that hold site chrome, never article text.
CHROME_TAGS = ("header", "nav", "aside", "footer", "form", "script", "style", "noscript", "template")
