"""The research filter options shared by search, export, graph, plot and stats.

``--since/--until/--category/--tag/--author/--source`` are one decorator, so that they mean the
same in every command; :func:`article_filter` turns them into an
:class:`~archive.research.filters.ArticleFilter`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import click

from archive.research.filters import ArticleFilter

F = TypeVar("F", bound=Callable[..., Any])

_DATE = click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"])


def filter_options(func: F) -> F:
    """Add the six filter options to a command (they arrive as keyword arguments)."""
    options = [
        click.option("--since", type=_DATE, help="Published on or after (UTC)."),
        click.option("--until", type=_DATE,
                     help="Published on or before (UTC; a date includes the whole day)."),
        click.option("--category", help="In this category (display name or slug)."),
        click.option("--tag", help="With this tag (name or slug)."),
        click.option("--author", help="By this author (name as printed on the site)."),
        click.option("--source", help="From this wire agency, e.g. ANI or IANS."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def article_filter(values: dict[str, Any]) -> ArticleFilter:
    """Pop the filter options out of a command's keyword arguments into an ArticleFilter."""
    since: datetime | None = values.pop("since", None)
    until: datetime | None = values.pop("until", None)
    return ArticleFilter(
        since=since,
        until=until.date() if until and until.time() == datetime.min.time() else until,
        category=values.pop("category", None), tag=values.pop("tag", None),
        author=values.pop("author", None), source=values.pop("source", None),
    )
