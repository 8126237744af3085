"""The theme's selectors: every class name the extractor knows, in one place.

Layer 2 of "Extraction in layers" (design.md). Each field lists CSS selectors tried in order;
the first that matches wins. The current theme comes first, then the old site's theme
(archive.asianlite.com) and common WordPress theme names, so that a renamed class falls
through to the next candidate before the text anchors and the generic fallback take over.
Selectors are compiled once, at import (crawler.pages.select answers them).
"""

from __future__ import annotations

from crawler.pages.select import compile_selectors as compile_css
from crawler.pages.select import indexed_tokens

# Current theme first, then the old site's theme (archive.asianlite.com), then common names.

#: The article element (its subtree holds header, body and footer of one post).
ARTICLE = compile_css(
    ["article.post", "article.type-post", "div.singlepost", "div.post.type-post", "article"]
)

TITLE = compile_css(
    ["h1.entry-title", "h2.posttitle", "h1.post-title", "h2.entry-title", ".single-post-title"]
)

#: The standfirst (excerpt shown under the title).
STANDFIRST = compile_css(
    [".entry-excerpt", ".story-intro", ".entry-summary", ".post-excerpt", ".standfirst"]
)

#: The body container.
BODY = compile_css(
    [".entry-content", ".storycontent", ".post-content", ".td-post-content", ".article-content"]
)

#: Date elements: the machine-readable date is in ``datetime`` (time) or ``title`` (abbr).
PUBLISHED = compile_css(
    ["time.entry-date.published", "time.published", "abbr.published", ".posted-on time"]
)
MODIFIED = compile_css(["time.updated", "time.modified", "abbr.updated"])
READING_TIME = compile_css([".min-read", ".reading-time", ".read-time"])
AUTHOR = compile_css(
    [".byline .author", ".byline .fn", ".postinfo .author", ".author.vcard", "a[rel~=author]"]
)

CATEGORY_LINKS = compile_css(
    [".cat-links a", ".post-categories a", ".entry-categories a", "a[rel~=category]"]
)
TAG_LINKS = compile_css([".tags-links a", ".post-tags a", ".entry-tags a", "a[rel=tag]"])

PREVIOUS_STORY = compile_css([".nav-previous a", ".post-navigation a[rel=prev]", "a[rel=prev]"])
NEXT_STORY = compile_css([".nav-next a", ".post-navigation a[rel=next]", "a[rel=next]"])
#: Classes of the story title inside a post-navigation link (without the "Previous Story" label).
NAV_TITLE_CLASSES = frozenset({"post-title", "nav-title"})

LATEST_FROM = compile_css(["section.latest-from", ".latest-from", ".related-posts"])
DONT_MISS = compile_css(["section.dont-miss", ".dont-miss"])

#: The class tokens the page walk indexes (every selector above is answered from them).
INDEXED_CLASSES = indexed_tokens(
    ARTICLE, TITLE, STANDFIRST, BODY, PUBLISHED, MODIFIED, READING_TIME, AUTHOR,
    CATEGORY_LINKS, TAG_LINKS, PREVIOUS_STORY, NEXT_STORY, LATEST_FROM, DONT_MISS,
)  # fmt: skip

#: Markers of a page that is not a single article, on <body class>.
NOT_ARTICLE_BODY_CLASSES = frozenset(
    {
        "archive",
        "category",
        "tag",
        "search",
        "error404",
        "home",
        "blog",
        "date",
        "author",
        "page-template",
    }
)
ARTICLE_BODY_CLASSES = frozenset({"single-post", "single"})

#: Containers that hold site chrome, never article text (pruned by generic searches).
CHROME_TAGS = frozenset(
    {"header", "nav", "aside", "footer", "form", "script", "style", "noscript", "template"}
)
