"""Rows made ready for the templates: readable times, links grouped by kind, marked snippets,
versions with their diff against the current text.

Only two things become :class:`markupsafe.Markup` here: the stored (sanitised) ``body_html`` and
HTML this package builds from escaped text (snippets, diffs). Everything else stays a plain
string and is escaped by Jinja's autoescaping.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import lxml.html
from markupsafe import Markup, escape

from archive.research.reading_room.diff import paragraph_diff, paragraphs, word_diff
from archive.research.reading_room.hrefs import Hrefs
from archive.research.reading_room.queries import MARK_END, MARK_START

#: Headings for the kinds of links, in the order the page shows them.
LINK_KINDS = {
    "also_read": "Also read",
    "body": "Links in the text",
    "embed": "Embedded",
    "previous_story": "Previous story",
    "next_story": "Next story",
    "latest_from": "Latest from (sidebar when fetched)",
    "dont_miss": "Don't miss (sidebar when fetched)",
}
#: Links that belong to the page around the article, not to its text: folded away.
PAGE_TIME_KINDS = ("latest_from", "dont_miss")


def display_time(value: str | None) -> str:
    """``2022-03-20 09:41:12.000000`` -> ``20 March 2022, 09:41 UTC``; '' for None."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"


def body_markup(article: dict[str, Any], local: dict[str, str] | None = None) -> Markup:
    """The stored sanitised ``body_html`` (paragraphs of the plain body when it is absent), its
    links to archived articles pointed at their pages here (``local``: URL -> reading-room href;
    the original URL kept in ``data-url``). Nothing else in the HTML is changed."""
    html = article.get("body_html")
    if not html:
        return Markup("\n").join(Markup("<p>%s</p>") % p for p in paragraphs(article.get("body")))
    if not local or not any(url in html for url in local):
        return Markup(html)
    wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    for anchor in wrapper.iter("a"):
        href = anchor.get("href")
        if href in local:
            anchor.set("href", local[href])
            anchor.set("data-url", href)
            anchor.set("class", " ".join(filter(None, (anchor.get("class"), "rr-archived"))))
    inner = [lxml.html.tostring(child, encoding="unicode") for child in wrapper]
    return Markup(str(escape(wrapper.text or "")) + "".join(inner))


def images_outside_body(article: dict[str, Any], images: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The article's images that its body HTML does not already show (no image twice)."""
    html = article.get("body_html") or ""
    return [image for image in images if not image["url"] or image["url"] not in html]


def snippet_markup(snippet: str | None) -> Markup:
    """An FTS5 snippet with its match markers as ``<mark>``, everything else escaped."""
    escaped = str(escape(snippet or ""))
    return Markup(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _link_out(link: dict[str, Any], hrefs: Hrefs) -> dict[str, Any]:
    archived = link["target_id"] is not None
    href = hrefs.article(link["target_post_id"], link["target_url"]) if archived else None
    title = link["target_title"] or link["anchor_text"] or link["target_url"]
    return {**link, "archived": archived, "href": href or link["target_url"], "label": title}


def _link_in(link: dict[str, Any], hrefs: Hrefs, title: str) -> dict[str, Any]:
    href = hrefs.article(link["source_post_id"], link["source_url"])
    anchor = link["anchor_text"] if link["anchor_text"] != title else None  # no echo of the title
    return {**link, "href": href, "label": link["source_title"] or link["source_url"],
            "anchor_text": anchor}


def group_links(links: list[dict[str, Any]]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """``(kind, heading, links)`` in :data:`LINK_KINDS` order, unknown kinds last."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for link in links:
        by_kind.setdefault(link["kind"], []).append(link)
    order = list(LINK_KINDS) + sorted(set(by_kind) - set(LINK_KINDS))
    return [(kind, LINK_KINDS.get(kind, kind), by_kind[kind]) for kind in order if kind in by_kind]


def _split(links: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(links of the text, links of the page around it)."""
    return ([link for link in links if link["kind"] not in PAGE_TIME_KINDS],
            [link for link in links if link["kind"] in PAGE_TIME_KINDS])


def local_hrefs(links_out: list[dict[str, Any]], hrefs: Hrefs) -> dict[str, str]:
    """Target URL -> reading-room href, for the links out whose target is archived."""
    return {link["target_url"]: hrefs.article(link["target_post_id"], link["target_url"])
            for link in links_out if link["target_id"] is not None}


def links_context(article: dict[str, Any], around: dict[str, Any], hrefs: Hrefs) -> dict[str, Any]:
    """Links out (the chain pulled out as navigation) and links in, grouped for the page; the
    sidebar links of the page (Latest from, Don't miss) kept apart from the text's."""
    out_text, out_page = _split([_link_out(link, hrefs) for link in around["links_out"]])
    in_text, in_page = _split([_link_in(link, hrefs, article["title"])
                               for link in around["links_in"]])
    chain = {kind: next((link for link in out_text if link["kind"] == kind), None)
             for kind in ("previous_story", "next_story")}
    return {"chain": chain, "links_out": group_links(out_text), "page_links": group_links(out_page),
            "links_in": group_links(in_text), "page_links_in": group_links(in_page)}


def versions(article: dict[str, Any], revisions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each earlier version with its title, standfirst and body diffed against the current."""
    shown = []
    for revision in revisions:
        body = paragraph_diff(revision["body"], article["body"])
        title = word_diff(revision["title"] or "", article["title"] or "")
        summary = word_diff(revision["summary"] or "", article["summary"] or "")
        shown.append({**revision, "body_diff": body, "title_diff": title,
                      "summary_diff": summary,
                      "removed": body.removed + title.removed + summary.removed,
                      "added": body.added + title.added + summary.added})
    return shown
