"""Load the archive's view for the spider (what is archived, when the last good run began)."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session, sessionmaker

from archive.crawl.known import known_articles
from archive.crawl.runs import last_run
from crawler.known import KnownArticle, KnownArticles

logger = logging.getLogger(__name__)


def load_known_articles(sessions: sessionmaker[Session]) -> KnownArticles:
    """Every archived article's URL, post id and freshness, plus the last successful run."""
    with sessions() as session:
        known = KnownArticles(KnownArticle(*row) for row in known_articles(session))
        run = last_run(session, status="finished")
        known.last_success = run.started_at if run is not None else None
    logger.info("The archive holds %d articles; last successful run began %s", len(known), known.last_success)
    return known
