"""Site chrome around the content: head, header (menus, ticker), sidebar, footer, for both themes."""

from __future__ import annotations

from collections.abc import Sequence

from tests.replica.hosts import HostView
from tests.replica.markup import attr, display_date, esc
from tests.replica.model import LinkTarget
from tests.replica.vocab import CATEGORIES, CATEGORY_INDEX

MENU = ("top-news", "uk-news", "india-news", "asia-news", "arab-news", "lite-blogs")


def category_url(host: HostView, index: int) -> str:
    return host.url(f"/category/{CATEGORIES[index].path}")


def _post_link(site: object, host: HostView, target: LinkTarget) -> str:
    url = host.url(site.path(target.post_id))  # type: ignore[attr-defined]
    return f'<a href="{attr(url)}">{esc(target.title)}</a>'


def current_head(title: str, extra: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="UTF-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} &#8211; Asian Lite News</title>\n{extra}"
        '<link rel="stylesheet" id="theme-style-css" href="https://asianlite.com/wp-content/'
        'themes/newsroom/style.css?ver=2.4.1" media="all">\n'
        "<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push("
        "arguments);} gtag('js', new Date());</script>\n</head>\n"
    )


def current_header(site: object, host: HostView, ticker: Sequence[LinkTarget], now: int) -> str:
    menu = "".join(
        f'<li class="menu-item"><a href="{attr(category_url(host, CATEGORY_INDEX[slug]))}">'
        f"{esc(CATEGORIES[CATEGORY_INDEX[slug]].name)}</a></li>"
        for slug in MENU
    )
    ticks = "".join(f"<li>{_post_link(site, host, t)}</li>" for t in ticker)
    return (
        '<div id="page" class="site">\n<a class="skip-link screen-reader-text" href="#content">'
        'Skip to content</a>\n<header id="masthead" class="site-header">\n<div class="top-bar">'
        f'<span class="top-date">{display_date(now)}</span><ul class="social-links">'
        '<li><a href="https://www.facebook.com/asianlite" rel="noopener">Facebook</a></li>'
        '<li><a href="https://twitter.com/asianlitenews" rel="noopener">Twitter</a></li></ul>'
        '</div>\n<div class="site-branding"><a href="' + attr(host.url("/")) + '" rel="home">'
        '<img src="'
        + attr(host.url("/wp-content/uploads/2020/01/asianlite-logo.png"))
        + '" alt="Asian Lite News"></a></div>\n'
        '<nav id="site-navigation" class="main-navigation" aria-label="Main menu">'
        f'<ul id="primary-menu" class="menu"><li class="menu-item"><a href="{attr(host.url("/"))}">'
        f"Home</a></li>{menu}"
        '<li class="menu-item"><a href="https://epaper.asianlite.com/">E-Paper</a></li></ul></nav>\n'
        '<div class="breaking-news"><span class="breaking-title">Breaking</span>'
        f'<ul class="ticker">{ticks}</ul></div>\n</header>\n'
    )


def current_sidebar(site: object, host: HostView, trending: Sequence[LinkTarget]) -> str:
    items = "".join(f"<li>{_post_link(site, host, t)}</li>" for t in trending)
    return (
        '<aside id="secondary" class="widget-area">\n<section class="widget widget_search">'
        f'<form role="search" method="get" action="{attr(host.url("/"))}"><input type="search" '
        'name="s" placeholder="Search"></form></section>\n<section class="widget '
        f'widget_recent_entries"><h2 class="widget-title">Trending</h2><ul>{items}</ul></section>\n'
        '<section class="widget widget_block ad-widget"><a href="https://example-advertiser.'
        'invalid/" rel="sponsored"><img src="'
        + attr(host.url("/wp-content/uploads/2021/11/ad-300x250.jpg"))
        + '" alt="Advertisement"></a></section>\n</aside>\n'
    )


def current_footer(now: int) -> str:
    year = display_date(now).rsplit(" ", 1)[1]
    return (
        '<footer id="colophon" class="site-footer">\n<div class="footer-widgets"><p>Asian Lite is '
        "the UK&#8217;s leading newspaper for British Asians.</p></div>\n"
        f'<div class="site-info">&copy; {year} Asian Lite News. All rights reserved. '
        '<a href="https://asianlite.com/privacy-policy">Privacy Policy</a></div>\n</footer>\n'
        '</div><!-- #page -->\n<script src="https://asianlite.com/wp-content/themes/newsroom/js/'
        'theme.js?ver=2.4.1" id="theme-js"></script>\n</body>\n</html>\n'
    )


def old_head(title: str, extra: str = "") -> str:
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" lang="en-US">\n<head>\n'
        '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />\n'
        f"<title>{esc(title)} | Asian Lite</title>\n{extra}"
        '<link rel="stylesheet" href="https://archive.asianlite.com/wp-content/themes/'
        'lite-classic/style.css" type="text/css" media="screen" />\n</head>\n'
    )


def old_header(host: HostView) -> str:
    menu = "".join(
        f'<li class="cat-item"><a href="{attr(category_url(host, CATEGORY_INDEX[slug]))}">'
        f"{esc(CATEGORIES[CATEGORY_INDEX[slug]].name)}</a></li>"
        for slug in MENU
    )
    return (
        '<div id="wrapper">\n<div id="header"><h1 class="blogtitle"><a href="'
        + attr(host.url("/"))
        + '">Asian Lite</a></h1><p class="description">UK&#039;s first Asian newspaper</p></div>\n'
        f'<div id="navbar"><ul>{menu}</ul></div>\n'
    )


def old_sidebar(site: object, host: HostView, recent: Sequence[LinkTarget]) -> str:
    items = "".join(f"<li>{_post_link(site, host, t)}</li>" for t in recent)
    return (
        f'<div id="sidebar"><ul><li class="widget"><h3>Recent Posts</h3><ul>{items}</ul></li>'
        '<li class="widget"><h3>Advertisement</h3><div class="adsense-side"></div></li></ul></div>\n'
    )


def old_footer() -> str:
    return (
        '<div id="footer"><p>Copyright &copy; 2015 Asian Lite. Powered by WordPress.</p></div>\n'
        "</div>\n</body>\n</html>\n"
    )
