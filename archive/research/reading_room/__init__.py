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

#: Tables and canned queries whose ``title`` cell links to the reading room.
_TITLE_ROWS_WITH = ("post_id", "url")


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
    """A ``title`` cell next to a ``post_id`` or ``url`` becomes a link to the article's page."""
    if column != "title" or not value or row is None:
        return None
    keys = set(row.keys())
    if not keys & set(_TITLE_ROWS_WITH) or database != archive_database(datasette).name:
        return None
    hrefs = Hrefs(datasette, database)
    href = hrefs.article(row["post_id"] if "post_id" in keys else None,
                         row["url"] if "url" in keys else None)
    return Markup('<a class="rr-title" href="%s">%s</a>') % (href, value)
