"""``archive reprocess``: re-extract archived articles from their WARC records, offline.

Every selected article (filters as in ``archive export``) that has a WARC location is read back
from its response record and extracted again with the current code, in worker processes (all
CPU cores by default), which also tell apart the articles whose content hash is the stored
one; the main process compares the others field by field and is the one writer. A changed
article is stored through the same archive store as the crawl, in batches (a new version; the
old text becomes a revision whose ``reason`` names reprocessing and the code version); an
unchanged one is not touched. No network request is made. Fetch bookkeeping (``last_fetched``, ETag,
Last-Modified) stays that of the last real fetch: no fetch happened.

Lives in ``crawler`` because it needs the extraction code; ``crawler.archive_cli`` adds it to
the ``archive`` command group (the ``archive`` package never imports scrapy or crawler).
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from itertools import islice
from pathlib import Path
from typing import Any

import click
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.cli.common import db_option, db_url, open_engine
from archive.cli.filters import article_filter, filter_options
from archive.cli.progress import Progress, progress_wanted
from archive.errors import ArchiveError
from archive.research.export import records_for
from archive.research.filters import ArticleFilter, apply_filters
from archive.schema.engine import session_factory
from archive.schema.models import Article
from archive.write.prepare import PreparedArticle, prepare_article
from archive.write.store import store_prepared
from crawler.warc.compare import changed_fields
from crawler.warc.paths import warc_directory
from crawler.warc.reextract import Extracted, Target, reextract_prepared

logger = logging.getLogger(__name__)

BATCH = 100
#: the code that makes a record out of a page: its digest names the "code version"
EXTRACTION_PACKAGES = ("crawler/pages", "pipelines")


def code_version() -> str:
    """``asianlite-archive 0.1.0, extraction code 1a2b3c4d5e6f``: the package version and a
    digest of the extraction sources (page objects and pipelines), which changes with any
    edit of a rule even when the version number does not."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for package in EXTRACTION_PACKAGES:
        for source in sorted((root / package).glob("*.py")):
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    try:
        package_version = version("asianlite-archive")
    except PackageNotFoundError:
        package_version = "unknown"
    return f"asianlite-archive {package_version}, extraction code {digest.hexdigest()[:12]}"


@dataclass
class ReprocessReport:
    """What reprocessing found: counts, changed fields, and the first problems met."""

    selected: int = 0
    without_capture: int = 0
    unchanged: int = 0
    changed: int = 0
    stored: int = 0
    cut: int = 0
    failed: int = 0
    fields: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def note_problem(self, article_id: int, problem: str, *, cut: bool) -> None:
        if cut:
            self.cut += 1
            logger.warning("skipped article %s: cut WARC record: %s", article_id, problem)
        else:
            self.failed += 1
            logger.warning("article %s not re-extracted: %s", article_id, problem)
        if len(self.problems) < 20:
            self.problems.append(f"article {article_id}: {problem}")

    def lines(self, *, dry_run: bool) -> list[str]:
        verb = "would change" if dry_run else "changed"
        lines = [
            f"{self.selected} articles selected, {self.without_capture} without a WARC record",
            f"{self.changed} {verb}, {self.unchanged} unchanged, {self.cut} skipped (cut "
            f"record), {self.failed} failed",
        ]
        lines += [f"  {name}: {count}" for name, count in self.fields.most_common()]
        return lines + [f"  ! {problem}" for problem in self.problems]


def select_targets(session: Session, filters: ArticleFilter | None) -> tuple[list[Target], int]:
    """The filtered articles that have a WARC record, in id order, and how many have none."""
    query: Any = apply_filters(select(
        Article.id, Article.url, Article.warc_file, Article.warc_offset, Article.warc_length,
        Article.content_hash,
    ), filters).order_by(Article.id)
    targets, without = [], 0
    for row in session.execute(query):
        if row.warc_file is None or row.warc_offset is None or row.warc_length is None:
            without += 1
            continue
        targets.append(Target(row.id, row.url, row.warc_file, row.warc_offset, row.warc_length,
                              row.content_hash))
    return targets, without


def extract_all(targets: list[Target], directory: Path, workers: int) -> Iterator[Extracted]:
    """Re-extract and prepare every target (:func:`reextract_prepared`), in ``workers``
    processes (1: in this process), any order."""
    work = partial(reextract_prepared, directory=directory)
    if workers <= 1 or len(targets) < 2:
        yield from map(work, targets)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with context.Pool(min(workers, len(targets))) as pool:
        yield from pool.imap_unordered(work, targets, chunksize=8)


class Reprocessor:
    """Compares re-extracted records with the archive and stores the changed ones."""

    def __init__(self, sessions: sessionmaker[Session], *, dry_run: bool, reason: str) -> None:
        self.sessions = sessions
        self.dry_run = dry_run
        self.reason = reason
        self.report = ReprocessReport()

    def run(self, results: Iterable[Extracted]) -> ReprocessReport:
        iterator = iter(results)
        while batch := list(islice(iterator, BATCH)):
            self.handle(batch)
        return self.report

    def handle(self, batch: list[Extracted]) -> None:
        """Compare one batch and, unless dry-running, store its changes in one transaction."""
        for result in batch:
            if result.same:
                self.report.unchanged += 1
            elif result.prepared is None:
                self.report.note_problem(result.article_id, result.problem or "?", cut=result.cut)
        good = [result for result in batch if result.prepared is not None]
        if not good:
            return
        with self.sessions.begin() as session:
            changes = self._changes(session, good)
            if not self.dry_run:
                self._store(session, changes)

    def _changes(self, session: Session, batch: list[Extracted]) -> list[tuple[int, PreparedArticle]]:
        """(article id, record to store) of the articles whose content differs from the archive.

        The workers told apart the articles whose content hash is the stored one; the archive is
        read again here, as it is when the batch is stored.
        """
        rows = {row.id: row for row in session.execute(select(
            Article.id, Article.content_hash, Article.last_fetched, Article.etag,
            Article.last_modified, Article.warc_file, Article.warc_offset, Article.warc_length,
        ).where(Article.id.in_([result.article_id for result in batch])))}
        differing = []
        for result in batch:
            assert result.prepared is not None
            if result.article_id not in rows:
                self.report.note_problem(result.article_id, "no longer archived", cut=False)
            elif rows[result.article_id].content_hash == result.prepared.content_hash:
                self.report.unchanged += 1
            else:
                differing.append((result.article_id, result.prepared))
        ids = [article_id for article_id, _ in differing]
        old = dict(zip(ids, records_for(session, ids), strict=True))
        changes = []
        for article_id, prepared in differing:
            fields = changed_fields(prepare_article(old[article_id]), prepared)
            if not fields:
                self.report.unchanged += 1
                continue
            self.report.changed += 1
            self.report.fields.update(fields)
            changes.append((article_id, self._with_provenance(prepared, rows[article_id])))
        return changes

    def _with_provenance(self, record: PreparedArticle, row: Any) -> PreparedArticle:
        """The record as the last real fetch saw it (no fetch happened), with the reason."""
        return replace(
            record, fetched_at=row.last_fetched, etag=row.etag, last_modified=row.last_modified,
            warc_file=row.warc_file, warc_offset=row.warc_offset, warc_length=row.warc_length,
            revision_reason=self.reason,
        )

    def _store(self, session: Session, changes: list[tuple[int, PreparedArticle]]) -> None:
        """All changes in one savepoint; one savepoint each when the archive refuses one."""
        try:
            with session.begin_nested():
                store_prepared(session, [record for _, record in changes])
            self.report.stored += len(changes)
            return
        except ArchiveError:
            pass
        for article_id, record in changes:
            try:
                with session.begin_nested():
                    store_prepared(session, [record])
                self.report.stored += 1
            except ArchiveError as exc:
                self.report.note_problem(article_id, f"not stored: {exc}", cut=False)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@click.command("reprocess")
@db_option
@filter_options
@click.option("--warc-dir", type=click.Path(file_okay=False),
              help="Where the WARC files are (default: $WARC_DIR, else warcs/ next to the "
                   "SQLite archive).")
@click.option("--dry-run", is_flag=True, help="Report what would change; store nothing.")
@click.option("--workers", type=click.IntRange(min=1),
              help="Extraction processes (default: every CPU core).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: only when stderr is a terminal).")
def reprocess_command(warc_dir: str | None, dry_run: bool, workers: int | None,
                      progress: bool | None, **filters: Any) -> None:
    """Re-extract archived articles from their WARC records with the current code, offline.

    A changed article gets a new version (its old text is kept as a revision whose reason
    names reprocessing and the code version); unchanged articles are left alone. The report
    counts the changes field by field; a cut WARC record is skipped with a warning.

    Example:

        archive reprocess --since 2024-01-01 --category "Top News" --dry-run
    """
    selection = article_filter(filters)
    url = db_url()
    directory = warc_directory(warc_dir or os.environ.get("WARC_DIR"), url)
    engine = open_engine(write=not dry_run)
    try:
        report = _run(session_factory(engine), selection, directory, dry_run=dry_run,
                      workers=workers or default_workers(), progress=progress_wanted(progress))
    finally:
        engine.dispose()
    for line in report.lines(dry_run=dry_run):
        click.echo(line)


def _run(sessions: sessionmaker[Session], selection: ArticleFilter, directory: Path, *,
         dry_run: bool, workers: int, progress: bool) -> ReprocessReport:
    with sessions() as session:
        targets, without = select_targets(session, selection)
    reprocessor = Reprocessor(sessions, dry_run=dry_run, reason=f"reprocess: {code_version()}")
    reprocessor.report.selected = len(targets) + without
    reprocessor.report.without_capture = without
    bar = Progress(len(targets), label="reprocessed", enabled=progress)
    chunks = bar.track(_chunks(extract_all(targets, directory, workers), 20))
    report = reprocessor.run(result for chunk in chunks for result in chunk)
    bar.finish()
    return report


def _chunks(results: Iterable[Extracted], size: int) -> Iterator[list[Extracted]]:
    iterator = iter(results)
    while chunk := list(islice(iterator, size)):
        yield chunk
