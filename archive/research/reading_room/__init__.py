"""The reading room: the archive as a reader sees it, as a Datasette plugin.

Pages (see :mod:`.views`): ``/read`` (front), ``/article/<post id>`` and ``/article?url=...``
(one article with its images, links out and in, the Previous/Next chain, earlier versions and
their diff, every URL it was reached by), ``/day|month|year|category|tag|author|source/<value>``
(listings, newest first) and ``/search?q=...`` (full-text, snippet marked). Templates and CSS
live next to this module (``templates/reading_room/``, ``static/``); Datasette finds them because
this package is the registered plugin (:func:`register`). In the stock table views, titles link
to the article's page (:func:`render_cell`).
"""

from __future__ import annotations

import sys
from typing import Any

from datasette import hookimpl
from markupsafe import Markup

from archive.research.reading_room.hrefs import Hrefs
from archive.research.reading_room.views import ROUTES, archive_database

#: Title columns that link to the reading room, and the column holding their article's URL
#: (``article_text``/``articles``, ``article_links``, the canned queries).
_TITLE_URLS = {"title": "url", "source_title": "source_url", "target_title": "target_url",
               "other_title": "other_url"}


def register() -> None:
    """Register this package as a Datasette plugin (once); call before creating Datasette."""
    from datasette.plugins import pm

    module = sys.modules[__name__]
    if not pm.is_registered(module):
        pm.register(module, name="reading_room")


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return ROUTES


@hookimpl
def render_cell(row: Any, value: Any, column: str, database: str, datasette: Any) -> Any:
    """A title cell becomes a link to its article's page (by post id when the row has one, else
    by the URL beside it); other cells render as Datasette renders them."""
    url_column = _TITLE_URLS.get(column)
    if url_column is None or not value or row is None:
        return None
    keys = set(row.keys())
    if url_column not in keys or database != archive_database(datasette).name:
        return None
    post_id = row["post_id"] if column == "title" and "post_id" in keys else None
    href = Hrefs(datasette, database).article(post_id, row[url_column])
    return Markup('<a class="rr-title" href="%s">%s</a>') % (href, value)
