"""Machine-readable endpoints: RSS feed, WordPress core sitemaps, robots.txt, upload images."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from tests.replica.hosts import HostView
from tests.replica.markup import BodyRenderer
from tests.replica.vocab import CATEGORIES, TAG_NAMES, TAG_SLUGS

if TYPE_CHECKING:
    from tests.replica.site import Site

FEED_SIZE = 20

JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4"
    "UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAACAAIDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcI"
    "CQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRol"
    "JicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ip"
    "qrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAA"
    "AAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLR"
    "ChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaX"
    "mJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEA"
    "PwDHooorhPqD/9k="
)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGM4IScHAAK2AQU0pnWqAAAAAElFTkSuQmCC"
)


def _rfc822(epoch: int) -> str:
    return format_datetime(datetime.fromtimestamp(epoch, UTC), usegmt=True)


def _w3c(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat()


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def render_feed(site: Site, host: HostView) -> str:
    """RSS 2.0 with the 20 newest live posts of the host's site."""
    positions = site.listing("home", old_site=host.old_site)[:FEED_SIZE]
    items = []
    newest = 0
    for pos in positions:
        pid = site.post_at(int(pos))
        view = site.view(pid)
        newest = max(newest, view.modified or view.published)
        body = BodyRenderer(site, view, host, "old" if view.old_site else "current")
        cats = "".join(
            f"<category>{_cdata(CATEGORIES[c].name)}</category>" for c in view.categories
        )
        summary = view.standfirst.core + (view.standfirst.credit or "") if view.standfirst else ""
        items.append(
            f"<item><title>{escape(view.title)}</title>"
            f"<link>{escape(host.url(site.path(pid)))}</link>"
            f"<dc:creator>{_cdata(', '.join(view.authors))}</dc:creator>"
            f"<pubDate>{_rfc822(view.published)}</pubDate>{cats}"
            f'<guid isPermaLink="false">https://{"archive." if view.old_site else ""}asianlite.com/?p={pid}</guid>'
            f"<description>{_cdata(summary)}</description>"
            f"<content:encoded>{_cdata(body.blocks(view.blocks))}</content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n'
        f"<channel><title>Asian Lite News</title>"
        f'<atom:link href="{escape(host.url("/feed"))}" rel="self" type="application/rss+xml"/>'
        f"<link>{escape(host.url('/'))}</link><description>Asian Lite News</description>"
        f"<lastBuildDate>{_rfc822(newest or site.now)}</lastBuildDate><language>en-GB</language>\n"
        + "\n".join(items)
        + "\n</channel></rss>\n"
    )


def sitemap_pages(site: Site, host: HostView) -> int:
    return max(1, -(-len(site.sitemap_positions(old_site=host.old_site)) // site.sitemap_size))


def render_sitemap_index(site: Site, host: HostView) -> str:
    entries = [f"/wp-sitemap-posts-post-{n}.xml" for n in range(1, sitemap_pages(site, host) + 1)]
    entries += ["/wp-sitemap-taxonomies-category-1.xml", "/wp-sitemap-taxonomies-post_tag-1.xml"]
    body = "".join(f"<sitemap><loc>{escape(host.url(e))}</loc></sitemap>" for e in entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>\n'
    )


def render_post_sitemap(site: Site, host: HostView, page: int) -> str | None:
    """Posts sitemap ``page`` (oldest first, at most ``site.sitemap_size`` URLs with lastmod),
    None if absent."""
    positions = site.sitemap_positions(old_site=host.old_site)
    if page < 1 or page > sitemap_pages(site, host):
        return None
    urls = []
    size = site.sitemap_size
    for pos in positions[(page - 1) * size : page * size]:
        pid = site.post_at(int(pos))
        urls.append(
            f"<url><loc>{escape(host.url(site.path(pid)))}</loc>"
            f"<lastmod>{_w3c(site.last_changed(pid))}</lastmod></url>"
        )
    return _urlset(urls)


def render_taxonomy_sitemap(host: HostView, taxonomy: str) -> str:
    if taxonomy == "category":
        paths = [f"/category/{c.path}" for c in CATEGORIES]
    else:
        paths = [f"/tag/{slug}" for slug in TAG_SLUGS[: len(TAG_NAMES)]]
    return _urlset([f"<url><loc>{escape(host.url(p))}</loc></url>" for p in paths])


def _urlset(urls: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(urls)
        + "</urlset>\n"
    )


def render_robots(site: Site, host: HostView) -> str:
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in site.robots_disallow]
    if "/wp-admin/" in site.robots_disallow:
        lines.append("Allow: /wp-admin/admin-ajax.php")
    lines += ["", f"Sitemap: {host.url('/wp-sitemap.xml')}", ""]
    return "\n".join(lines)
