"""Article pages in three themes.

* ``current``: the markup of ``tests/fixtures/specimen/specimen-article.html`` (JSON-LD, OpenGraph and
  ``article:*`` meta, ``time[datetime]``, entry-excerpt standfirst, post navigation, Latest
  from, Don't Miss, full chrome);
* ``old``: the 2014-2015 theme of archive.asianlite.com: XHTML, different class names, no
  JSON-LD or ``article:*`` meta, date in ``abbr.published[title]``, standfirst in
  ``div.story-intro``, captions as ``p.wp-caption-text``, Previous/Next Story but no Latest
  from / Don't Miss and no reading time;
* ``redesign``: the current page with every class name and id replaced and no JSON-LD,
  OpenGraph or ``article:*``/twitter meta (canonical, shortlink and ``time[datetime]`` stay).
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from typing import TYPE_CHECKING, Any

from tests.replica.hosts import MAIN_HOST, OLD_HOST, HostView
from tests.replica.layout import (
    category_url,
    current_footer,
    current_head,
    current_header,
    current_sidebar,
    old_footer,
    old_head,
    old_header,
    old_sidebar,
)
from tests.replica.markup import BodyRenderer, attr, display_date, esc, iso_local
from tests.replica.model import ArticleView, Figure, LinkTarget
from tests.replica.truth import body_text, iter_blocks
from tests.replica.vocab import CATEGORIES, TAG_NAMES, TAG_SLUGS

if TYPE_CHECKING:
    from tests.replica.site import Site

THEMES = ("current", "old", "redesign")


def render_article(
    site: Site, post_id: int, host: str | None = None, theme: str | None = None
) -> str:
    """The HTML of an article page as served now.

    ``host``: the host the page is served as (links are written on it); default the post's own
    site host. ``theme``: None for the post's own theme, else one of THEMES.
    """
    view = site.view(post_id)
    hv = HostView(host or (OLD_HOST if view.old_site else MAIN_HOST))
    theme = theme or ("old" if view.old_site else "current")
    if theme == "current":
        return _current(site, view, hv)
    if theme == "old":
        return _old(site, view, hv)
    if theme == "redesign":
        return redesign(_current(site, view, hv))
    raise ValueError(f"unknown theme {theme!r}; expected one of {THEMES}")


def _canonical(site: Site, post_id: int) -> str:
    return site.article_url(post_id)


def _shortlink(view: ArticleView) -> str:
    return f"https://{OLD_HOST if view.old_site else MAIN_HOST}/?p={view.post_id}"


def _standfirst_text(view: ArticleView) -> str:
    sf = view.standfirst
    assert sf is not None
    return sf.core + (sf.credit or "")


def _standfirst_html(view: ArticleView, body: BodyRenderer) -> str:
    sf = view.standfirst
    assert sf is not None
    opener = f"<strong>{esc(sf.opener)}</strong> " if sf.opener else ""
    return opener + body.text(sf.core + (sf.credit or ""))


def _figures(view: ArticleView) -> list[Figure]:
    return [b for b in iter_blocks(view.blocks) if isinstance(b, Figure)]


# ---------------------------------------------------------------------- current theme
def _meta(site: Site, view: ArticleView, host: HostView) -> str:
    canonical = _canonical(site, view.post_id)
    page_url = host.url(site.path(view.post_id))
    published = iso_local(view.published, view.tz_minutes)
    modified = iso_local(view.modified, view.tz_minutes) if view.modified else None
    description = _standfirst_text(view) if view.standfirst else ""
    figures = _figures(view)
    lines = [
        f'<meta name="description" content="{attr(description)}">' if description else "",
        f'<link rel="canonical" href="{attr(canonical)}">',
        f'<link rel="shortlink" href="{attr(_shortlink(view))}">',
        '<link rel="alternate" type="application/rss+xml" title="Asian Lite News &raquo; Feed" '
        f'href="{attr(host.url("/feed"))}">',
        '<meta property="og:locale" content="en_GB">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{attr(view.title)}">',
        f'<meta property="og:description" content="{attr(description)}">' if description else "",
        f'<meta property="og:url" content="{attr(page_url)}">',
        '<meta property="og:site_name" content="Asian Lite News">',
        f'<meta property="article:section" content="{attr(CATEGORIES[view.primary].name)}">',
        *(f'<meta property="article:tag" content="{attr(TAG_NAMES[t])}">' for t in view.tags),
        f'<meta property="article:published_time" content="{published}">',
        f'<meta property="article:modified_time" content="{modified}">' if modified else "",
        (
            f'<meta property="og:image" content="{attr(host.url("/wp-content/uploads/" + figures[0].path))}">'
            if figures
            else ""
        ),
        f'<meta name="author" content="{attr(view.authors[0])}">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<script type="application/ld+json">{_json_ld(site, view, host, canonical)}</script>',
    ]
    return "\n".join(line for line in lines if line) + "\n"


def _json_ld(site: Site, view: ArticleView, host: HostView, canonical: str) -> str:
    authors = [
        {
            "name": a,
            "@id": f"https://asianlite.com/#/schema/person/{zlib.crc32(a.encode()) % 65536:x}",
        }
        for a in view.authors
    ]
    article: dict[str, Any] = {
        "@type": "NewsArticle",
        "@id": f"{canonical}#article",
        "isPartOf": {"@id": canonical},
        "author": authors[0] if len(authors) == 1 else authors,
        "headline": view.title,
        "datePublished": iso_local(view.published, view.tz_minutes),
    }
    if view.modified:
        article["dateModified"] = iso_local(view.modified, view.tz_minutes)
    article.update(
        {
            "mainEntityOfPage": {"@id": canonical},
            "wordCount": len(body_text(view.blocks).split()),
            "publisher": {"@id": "https://asianlite.com/#organization"},
            "keywords": [TAG_NAMES[t] for t in view.tags],
            "articleSection": [CATEGORIES[c].name for c in view.categories],
            "inLanguage": "en-GB",
        }
    )
    graph: list[dict[str, Any]] = [article]
    figures = _figures(view)
    if figures:
        article["image"] = {"@id": f"{canonical}#primaryimage"}
        image: dict[str, Any] = {
            "@type": "ImageObject",
            "@id": f"{canonical}#primaryimage",
            "url": f"https://asianlite.com/wp-content/uploads/{figures[0].path}",
            "width": figures[0].width,
            "height": figures[0].height,
        }
        if figures[0].caption:
            image["caption"] = figures[0].caption
        graph.append(image)
    graph.append(
        {
            "@type": "Organization",
            "@id": "https://asianlite.com/#organization",
            "name": "Asian Lite News",
            "url": "https://asianlite.com/",
        }
    )
    return json.dumps(
        {"@context": "https://schema.org", "@graph": graph},
        ensure_ascii=False,
        separators=(",", ":"),
    ).replace("</", "<\\/")


def _byline(view: ArticleView) -> str:
    names = " and ".join(f'<span class="author vcard">{esc(a)}</span>' for a in view.authors)
    return f'<span class="byline">By {names}</span>'


def _entry_header(view: ArticleView, body: BodyRenderer) -> str:
    published = iso_local(view.published, view.tz_minutes)
    times = (
        f'<time class="entry-date published" datetime="{published}">'
        f"{display_date(view.published, view.tz_minutes)}</time>"
    )
    if view.modified:
        times += (
            f'<time class="updated" datetime="{iso_local(view.modified, view.tz_minutes)}">'
            f"{display_date(view.modified, view.tz_minutes)}</time>"
        )
    excerpt = ""
    if view.standfirst:
        excerpt = f'\n<div class="entry-excerpt"><p>{_standfirst_html(view, body)}</p></div>'
    return (
        '<header class="entry-header">\n<div class="entry-meta">'
        f'<span class="posted-on">{times}</span> {_byline(view)} '
        f'<span class="min-read">{view.reading_minutes} min read</span></div>\n'
        f'<h1 class="entry-title">{esc(view.title)}</h1>{excerpt}\n</header>\n'
    )


def _share(view: ArticleView, where: str) -> str:
    short = f"https%3A%2F%2Fasianlite.com%2F%3Fp%3D{view.post_id}"
    if where == "top":
        return (
            '<div class="share-buttons share-top">'
            f'<a class="share-facebook" href="https://www.facebook.com/sharer.php?u={short}" '
            'rel="nofollow">Share</a> '
            f'<a class="share-twitter" href="https://twitter.com/intent/tweet?url={short}" '
            'rel="nofollow">Tweet</a> '
            f'<a class="share-whatsapp" href="whatsapp://send?text={short}" rel="nofollow">'
            "WhatsApp</a></div>\n"
        )
    return (
        '<div class="sharedaddy sd-sharing-enabled"><div class="sd-block"><h3 class="sd-title">'
        'Share this:</h3><ul><li><a class="share-email" href="mailto:?subject=Asian%20Lite" '
        'rel="nofollow">Email</a></li><li><a class="share-print" href="#print" rel="nofollow">'
        "Print</a></li></ul></div></div>\n"
    )


def _entry_footer(view: ArticleView, host: HostView) -> str:
    cats = ", ".join(
        f'<a href="{attr(category_url(host, c))}" rel="category tag">{esc(CATEGORIES[c].name)}</a>'
        for c in view.categories
    )
    tags = ", ".join(
        f'<a href="{attr(host.url("/tag/" + TAG_SLUGS[t]))}" rel="tag">{esc(TAG_NAMES[t])}</a>'
        for t in view.tags
    )
    tag_span = f' <span class="tags-links">Tagged {tags}</span>' if tags else ""
    return (
        f'<footer class="entry-footer"><span class="cat-links">Posted in {cats}</span>{tag_span}'
        "</footer>\n"
    )


def _post_nav(site: Site, view: ArticleView, host: HostView) -> str:
    def item(target: LinkTarget | None, cls: str, rel: str, label: str) -> str:
        if target is None:
            return ""
        url = host.url(site.path(target.post_id))
        return (
            f'<div class="{cls}"><a href="{attr(url)}" rel="{rel}"><span class="meta-nav">{label}'
            f'</span> <span class="post-title">{esc(target.title)}</span></a></div>'
        )

    return (
        '<nav class="navigation post-navigation" aria-label="Posts">\n<h2 class="screen-reader-text">'
        'Post navigation</h2>\n<div class="nav-links">'
        + item(view.previous, "nav-previous", "prev", "Previous Story")
        + item(view.next, "nav-next", "next", "Next Story")
        + "</div>\n</nav>\n"
    )


def _teasers(site: Site, host: HostView, targets: list[LinkTarget], item_cls: str) -> str:
    out = []
    for t in targets:
        url = host.url(site.path(t.post_id))
        out.append(
            f'<div class="{item_cls}"><h3><a href="{attr(url)}">{esc(t.title)}</a></h3>'
            f'<p class="excerpt">{esc(site.teaser(t.post_id))}</p></div>'
        )
    return "\n".join(out)


def _current(site: Site, view: ArticleView, host: HostView) -> str:
    body = BodyRenderer(site, view, host, "current")
    cats = " ".join(f"category-{CATEGORIES[c].slug}" for c in view.categories)
    tags = " ".join(f"tag-{TAG_SLUGS[t]}" for t in view.tags)
    pid = view.post_id
    primary_name = CATEGORIES[view.primary].name
    latest = ""
    if view.latest_from:
        latest = (
            '<section class="related-posts latest-from">\n<h2 class="section-title">Latest from '
            f'<a href="{attr(category_url(host, view.primary))}">{esc(primary_name)}</a></h2>\n'
            + _teasers(site, host, view.latest_from, "related-item")
            + "\n</section>\n"
        )
    dont_miss = ""
    if view.dont_miss:
        dont_miss = (
            '<section class="dont-miss">\n<h2 class="section-title">Don\'t Miss</h2>\n'
            + _teasers(site, host, view.dont_miss, "dont-miss-item")
            + "\n</section>\n"
        )
    return "".join(
        [
            current_head(view.title, _meta(site, view, host)),
            f'<body class="post-template-default single single-post postid-{pid} '
            'single-format-standard wp-embed-responsive has-sidebar">\n',
            current_header(site, host, view.ticker, site.now),
            '<div id="content" class="site-content">\n<div class="container">\n',
            f'<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="{attr(host.url("/"))}">Home'
            f'</a> &raquo; <a href="{attr(category_url(host, view.primary))}">{esc(primary_name)}'
            f'</a> &raquo; <span class="breadcrumb_last">{esc(view.title)}</span></nav>\n',
            '<main id="primary" class="site-main">\n',
            f'<article id="post-{pid}" class="post-{pid} post type-post status-publish '
            f"format-standard{' has-post-thumbnail' if _figures(view) else ''} hentry {cats} "
            f'{tags}">\n',
            _entry_header(view, body),
            _share(view, "top"),
            '<div class="entry-content">\n',
            body.blocks(view.blocks),
            "\n",
            _share(view, "bottom"),
            "</div><!-- .entry-content -->\n",
            _entry_footer(view, host),
            "</article>\n",
            _post_nav(site, view, host),
            latest,
            "</main>\n",
            current_sidebar(site, host, view.trending),
            "</div><!-- .container -->\n</div><!-- #content -->\n",
            '<a href="#page" class="go-to-top" aria-label="Back to top">Go to<span>Top</span></a>\n',
            dont_miss,
            current_footer(site.now),
        ]
    )


# ---------------------------------------------------------------------- old theme
def _old(site: Site, view: ArticleView, host: HostView) -> str:
    body = BodyRenderer(site, view, host, "old")
    pid = view.post_id
    head_extra = (
        f'<link rel="canonical" href="{attr(_canonical(site, pid))}" />\n'
        f"<link rel='shortlink' href='{attr(_shortlink(view))}' />\n"
        f'<meta property="og:title" content="{attr(view.title)}" />\n'
    )
    authors = " &amp; ".join(f'<span class="author">{esc(a)}</span>' for a in view.authors)
    updated = ""
    if view.modified:
        updated = (
            f' (updated <abbr class="updated" title="{iso_local(view.modified, view.tz_minutes)}">'
            f"{display_date(view.modified, view.tz_minutes)}</abbr>)"
        )
    cats = ", ".join(
        f'<a href="{attr(category_url(host, c))}" title="View all posts in '
        f'{attr(CATEGORIES[c].name)}" rel="category tag">{esc(CATEGORIES[c].name)}</a>'
        for c in view.categories
    )
    tags = ", ".join(
        f'<a href="{attr(host.url("/tag/" + TAG_SLUGS[t]))}" rel="tag">{esc(TAG_NAMES[t])}</a>'
        for t in view.tags
    )
    intro = ""
    if view.standfirst:
        intro = f'<div class="story-intro"><strong>{_standfirst_html(view, body)}</strong></div>\n'
    nav = ""
    for target, cls, rel, label in (
        (view.previous, "alignleft", "prev", "Previous Story"),
        (view.next, "alignright", "next", "Next Story"),
    ):
        if target is not None:
            url = host.url(site.path(target.post_id))
            nav += (
                f'<div class="{cls}"><span class="navlabel">{label}</span> '
                f'<a href="{attr(url)}" rel="{rel}">{esc(target.title)}</a></div>'
            )
    return "".join(
        [
            old_head(view.title, head_extra),
            f'<body class="single postid-{pid}">\n',
            old_header(host),
            '<div id="main">\n<div id="contentleft">\n',
            f'<div class="singlepost" id="post-{pid}">\n',
            f'<h2 class="posttitle">{esc(view.title)}</h2>\n',
            '<div class="postinfo">Posted on <abbr class="published" title="'
            f'{iso_local(view.published, view.tz_minutes)}">'
            f"{display_date(view.published, view.tz_minutes)}</abbr>{updated} by {authors}</div>\n",
            intro,
            '<div class="storycontent">\n',
            body.blocks(view.blocks),
            "\n</div>\n",
            f'<div class="postcats">Filed under: {cats}</div>\n',
            f'<div class="posttags">Tags: {tags}</div>\n' if tags else "",
            "</div>\n",
            f'<div class="navigation">{nav}</div>\n',
            "</div>\n",
            old_sidebar(site, host, view.trending),
            "</div>\n",
            old_footer(),
        ]
    )


# ---------------------------------------------------------------------- redesign
_CLASS_RE = re.compile(r'\b(class|id|aria-describedby|aria-labelledby)="([^"]*)"')
_STRUCTURED_RE = re.compile(
    r'<script type="application/ld\+json">.*?</script>\n?'
    r'|<meta (?:property="(?:og|article):[^"]*"|name="twitter:[^"]*")[^>]*>\n?',
    re.S,
)


def _rename(token: str) -> str:
    return "u" + hashlib.blake2s(token.encode(), digest_size=4).hexdigest()


def redesign(page: str) -> str:
    """The same page with every class name and id changed and no structured metadata."""
    page = _STRUCTURED_RE.sub("", page)
    return _CLASS_RE.sub(
        lambda m: f'{m.group(1)}="{" ".join(_rename(t) for t in m.group(2).split())}"', page
    )
