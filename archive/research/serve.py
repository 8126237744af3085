"""Browse a SQLite archive with Datasette: full-text search, facets and canned queries.

:func:`datasette_metadata` is the generated configuration (searchable, faceted ``article_text``
and ``articles``, labelled foreign keys, canned queries for the most-linked articles, the
articles of a day and an article's neighbourhood in the link graph); :func:`serve` runs
Datasette in this process with uvicorn (127.0.0.1 by default) until interrupted, with the
reading room's article pages and listings. Datasette is the optional extra ``ui``.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from pathlib import Path
from typing import Any

from archive.errors import ArchiveError
from archive.schema.engine import parse_url, safe_url, sqlite_path

logger = logging.getLogger(__name__)

#: The database name in every URL, whatever the archive file is called.
DATABASE_NAME = "archive"
FACETS = ["category", "source", "year", {"array": "tags"}]

CANNED_QUERIES: dict[str, dict[str, Any]] = {
    "most_linked": {
        "title": "Most linked-to articles",
        "description": "Articles by the number of current links pointing at them.",
        "sql": """select t.id, t.title, t.url, date(t.published_at) as published,
       count(*) as inbound_links, count(distinct l.article_id) as linking_articles
from links l join articles t on t.id = l.target_article_id
where l.current = 1 and (:kind = '' or l.kind = :kind)
group by t.id order by inbound_links desc, t.id limit 100""",
        "params": ["kind"],
    },
    "articles_of_a_day": {
        "title": "Articles of a day",
        "description": "Everything published on one UTC day (YYYY-MM-DD).",
        "sql": """select id, published_at, title, category, source, url
from article_text where published_date = :day order by published_at, id""",
        "params": ["day"],
    },
    "neighbourhood": {
        "title": "An article's neighbourhood in the link graph",
        "description": "Links out of and into one article (its canonical URL or post id).",
        "sql": """with me as (select id from articles where url = :article
    or cast(post_id as text) = :article)
select 'out' as direction, kind, anchor_text, target_url as other_url,
       target_title as other_title, target_published_at as other_published_at
from article_links where source_id in (select id from me) and current = 1
union all
select 'in', kind, anchor_text, source_url, source_title, source_published_at
from article_links where target_id in (select id from me) and current = 1
order by direction desc, kind""",
        "params": ["article"],
    },
}


def archive_file(url: str) -> Path:
    """The SQLite file behind ``url``; a clear error for PostgreSQL or in-memory URLs."""
    sa_url = parse_url(url)
    if sa_url.get_backend_name() != "sqlite":
        raise ArchiveError(
            f"archive serve needs a SQLite archive file, and {safe_url(sa_url)} is "
            f"{sa_url.get_backend_name()}: serve a SQLite copy of the archive instead "
            "(e.g. a crawl or `archive db upgrade` into sqlite:///copy.db filled from an export)"
        )
    path = sqlite_path(sa_url)
    if path is None:
        raise ArchiveError("archive serve needs a SQLite archive file, not an in-memory database")
    if not path.exists():
        raise ArchiveError(f"no archive file at {path}")
    return path


def datasette_metadata(database: str) -> dict[str, Any]:
    """Datasette metadata for the archive database named ``database``."""
    searchable = {"fts_table": "articles_fts", "fts_pk": "id", "searchmode": "raw"}
    return {
        "title": "Asian Lite News archive",
        "description": "Articles, their taxonomy and link graph. Search with words, "
                       "\"phrases\", OR, NOT; facets by category, tag, source and year.",
        "databases": {
            database: {
                "tables": {
                    "article_text": {
                        **searchable, "facets": FACETS, "sort_desc": "published_at",
                        "label_column": "title",
                        "description": "One row per article, taxonomy flattened.",
                    },
                    "articles": {**searchable, "facets": ["source", "extraction"],
                                 "sort_desc": "published_at", "label_column": "title"},
                    "article_links": {"facets": ["kind", "current"]},
                    "categories": {"label_column": "name"},
                    "tags": {"label_column": "name"},
                    "authors": {"label_column": "name"},
                },
                "queries": CANNED_QUERIES,
            }
        },
    }


def make_datasette(path: Path) -> Any:
    """A Datasette instance on the archive file (read-only) named ``archive``, with the generated
    metadata and the reading room (:mod:`archive.research.reading_room`)."""
    try:
        from datasette.app import Datasette
    except ImportError as exc:
        raise ArchiveError("archive serve needs Datasette: pip install 'asianlite-archive[ui]'"
                           ) from exc
    from datasette.database import Database

    from archive.research import reading_room

    reading_room.register()
    datasette = Datasette(
        [str(path)], metadata=datasette_metadata(DATABASE_NAME),
        settings={"sql_time_limit_ms": 5000, "facet_time_limit_ms": 2000,
                  "default_page_size": 50},
    )
    # the same URLs whatever the file is called: /archive/article_text, not /<file stem>/...
    datasette.remove_database(datasette.get_database().name)
    datasette.add_database(Database(datasette, str(path), is_mutable=True), name=DATABASE_NAME)
    return datasette


def serve(path: Path, *, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Run Datasette on ``path`` until SIGINT/SIGTERM (uvicorn shuts down cleanly)."""
    datasette = make_datasette(path)  # first: it names the extra to install when missing
    import uvicorn  # a dependency of Datasette


    asyncio.run(datasette.invoke_startup())
    logger.info("serving %s on http://%s:%s/read", path, host, port)
    # uvicorn handles SIGINT/SIGTERM by shutting down gracefully and then re-raises the signal
    # for the previous handler: make that a no-op, so a requested stop exits with status 0.
    previous = {sig: signal.signal(sig, _stopped) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        uvicorn.run(datasette.app(), host=host, port=port, log_level="warning", lifespan="on")
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _stopped(signum: int, _frame: Any) -> None:
    logger.info("archive serve stopped by signal %s", signum)
