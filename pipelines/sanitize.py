"""Sanitise the body HTML the archive keeps and the reading room renders.

nh3 (the ammonia HTML sanitiser) keeps a whitelist of tags and attributes: scripts, styles,
event handlers (``on*=``), forms and frames are removed, and a link or image URL survives only
when it is http(s) or relative (``javascript:``, ``data:``, ``vbscript:`` are dropped with the
attribute, never kept as an active link).
"""

from __future__ import annotations

import nh3

#: URL schemes a kept link or image may use.
URL_SCHEMES = frozenset({"http", "https"})


def sanitize_html(html: str) -> str:
    """The HTML without anything that runs or leaves the http(s) web; '' for nothing."""
    if not html.strip():
        return ""
    return nh3.clean(html, url_schemes=set(URL_SCHEMES), link_rel=None).strip()
