"""Listing pages: homepage, category, tag and month archives, 10 posts a page.

Current theme: full post bodies with the alphabetical category line, headings such as
"Category: UK News" / "Month: September 2022", numbered pagination. Old theme: excerpts of about
55 words ending in "…" (standfirst and body run together), "Category: -Top News" headings,
"Older Entries" / "Newer Entries" links.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from tests.replica.hosts import HostView
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
from tests.replica.markup import BodyRenderer, attr, display_date, esc
from tests.replica.site import PER_PAGE
from tests.replica.truth import paragraphs
from tests.replica.vocab import CATEGORIES

if TYPE_CHECKING:
    from tests.replica.site import Site


@dataclass(frozen=True)
class Listing:
    """One listing: its base path (without /page/N), heading and the posts, newest first."""

    base: str  # "" for the homepage, "/category/uk-news", "/tag/china", "/2022/09"
    heading: str | None
    positions: np.ndarray

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.positions) // PER_PAGE))

    def page_path(self, page: int) -> str:
        path = self.base if page == 1 else f"{self.base}/page/{page}"
        return path or "/"


def render_listing(site: Site, host: HostView, listing: Listing, page: int) -> str | None:
    """The HTML of page ``page`` of a listing, or None (404) when the page does not exist."""
    if page < 1 or page > listing.pages:
        return None
    chunk = listing.positions[(page - 1) * PER_PAGE : page * PER_PAGE]
    post_ids = [site.post_at(int(p)) for p in chunk]
    if host.old_site:
        return _old(site, host, listing, page, post_ids)
    return _current(site, host, listing, page, post_ids)


def _canonical(host: HostView, path: str) -> str:
    return ("https://archive.asianlite.com" if host.old_site else "https://asianlite.com") + path


def _current(site: Site, host: HostView, listing: Listing, page: int, post_ids: list[int]) -> str:
    items = []
    for pid in post_ids:
        view = site.view(pid)
        body = BodyRenderer(site, view, host, "current")
        cats = ", ".join(
            f'<a href="{attr(category_url(host, c))}" rel="category tag">{esc(CATEGORIES[c].name)}</a>'
            for c in view.categories
        )
        url = host.url(site.path(pid))
        standfirst = ""
        if view.standfirst:
            sf = view.standfirst
            standfirst = (
                f'<div class="entry-excerpt"><p>{body.text(sf.core + (sf.credit or ""))}</p></div>'
            )
        items.append(
            f'<article id="post-{pid}" class="post-{pid} post type-post status-publish hentry">\n'
            f'<header class="entry-header"><h2 class="entry-title"><a href="{attr(url)}" '
            f'rel="bookmark">{esc(view.title)}</a></h2><div class="entry-meta"><span class="posted-on">'
            f"{display_date(view.published, view.tz_minutes)}</span> "
            f'<span class="cat-links">{cats}</span></div></header>\n{standfirst}'
            f'<div class="entry-content">\n{body.blocks(view.blocks)}\n</div>\n</article>'
        )
    heading = ""
    if listing.heading:
        label, _, name = listing.heading.partition(": ")
        heading = f'<header class="page-header"><h1 class="page-title">{esc(label)}: <span>{esc(name)}</span></h1></header>\n'
    canonical = _canonical(host, listing.page_path(page))
    title = listing.heading or "Asian Lite News"
    return "".join(
        [
            current_head(title, f'<link rel="canonical" href="{attr(canonical)}">\n'),
            '<body class="archive">\n',
            current_header(site, host, [], site.now),
            '<div id="content" class="site-content">\n<div class="container">\n',
            '<main id="primary" class="site-main">\n',
            heading,
            "\n".join(items) or '<section class="no-results"><p>Nothing found.</p></section>',
            "\n",
            _pagination(host, listing, page),
            "</main>\n",
            current_sidebar(site, host, []),
            "</div>\n</div>\n",
            current_footer(site.now),
        ]
    )


def _pagination(host: HostView, listing: Listing, page: int) -> str:
    if listing.pages == 1:
        return ""
    links = []
    if page > 1:
        links.append(
            f'<a class="prev page-numbers" href="{attr(host.url(listing.page_path(page - 1)))}">Previous</a>'
        )
    shown = sorted({1, page - 1, page, page + 1, listing.pages} & set(range(1, listing.pages + 1)))
    last = 0
    for n in shown:
        if n > last + 1:
            links.append('<span class="page-numbers dots">&hellip;</span>')
        if n == page:
            links.append(f'<span aria-current="page" class="page-numbers current">{n}</span>')
        else:
            links.append(
                f'<a class="page-numbers" href="{attr(host.url(listing.page_path(n)))}">{n}</a>'
            )
        last = n
    if page < listing.pages:
        links.append(
            f'<a class="next page-numbers" href="{attr(host.url(listing.page_path(page + 1)))}">Next</a>'
        )
    return (
        '<nav class="navigation pagination" aria-label="Posts"><div class="nav-links">'
        + "".join(links)
        + "</div></nav>\n"
    )


def _excerpt(site: Site, pid: int, words: int = 55) -> str:
    view = site.view(pid)
    text = " ".join(
        ([view.standfirst.core + (view.standfirst.credit or "")] if view.standfirst else [])
        + paragraphs(view.blocks)
    )
    return " ".join(text.split()[:words]) + "…"


def _old(site: Site, host: HostView, listing: Listing, page: int, post_ids: list[int]) -> str:
    items = []
    for pid in post_ids:
        url = host.url(site.path(pid))
        items.append(
            f'<div class="post" id="post-{pid}"><h3 class="storytitle"><a href="{attr(url)}" '
            f'rel="bookmark">{esc(site.title(pid))}</a></h3><div class="meta">'
            f'{display_date(site.published(pid))}</div><div class="storycontent"><p>'
            f"{esc(_excerpt(site, pid))}</p></div></div>"
        )
    nav = ""
    if page < listing.pages:
        nav += f'<div class="alignleft"><a href="{attr(host.url(listing.page_path(page + 1)))}">&laquo; Older Entries</a></div>'
    if page > 1:
        nav += f'<div class="alignright"><a href="{attr(host.url(listing.page_path(page - 1)))}">Newer Entries &raquo;</a></div>'
    heading = f'<h2 class="pagetitle">{esc(listing.heading)}</h2>\n' if listing.heading else ""
    canonical = _canonical(host, listing.page_path(page))
    return "".join(
        [
            old_head(
                listing.heading or "Asian Lite",
                f'<link rel="canonical" href="{attr(canonical)}" />\n',
            ),
            '<body class="archive">\n',
            old_header(host),
            '<div id="main">\n<div id="contentleft">\n',
            heading,
            "\n".join(items) or "<p>Sorry, no posts matched your criteria.</p>",
            f'\n<div class="navigation">{nav}</div>\n</div>\n',
            old_sidebar(site, host, []),
            "</div>\n",
            old_footer(),
        ]
    )
