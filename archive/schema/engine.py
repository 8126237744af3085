"""Engines and sessions from a database URL, with clear errors when the database is unusable.

SQLite (the default, ``sqlite:///archive.db``) runs in WAL mode with a busy timeout and foreign
keys on; writer engines take the write lock when a transaction begins (``BEGIN IMMEDIATE``) so
concurrent writers wait for each other instead of failing. PostgreSQL
(``postgresql+psycopg://user:pw@host/db``) is the shared archive for distributed crawls.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from archive.errors import ArchiveError, ArchiveUnavailable, BadInput

logger = logging.getLogger(__name__)

DEFAULT_URL = "sqlite:///archive.db"
DEFAULT_BUSY_TIMEOUT = 30.0

#: Message fragments of SQLite errors that mean "the database", not "this record".
_SQLITE_UNAVAILABLE = (
    "locked",
    "readonly",
    "read-only",
    "unable to open",
    "disk i/o",
    "disk is full",
    "no such table",
    "malformed",
    "not a database",
)
#: SQLSTATE prefixes of PostgreSQL errors that mean "the database", not "this record".
_PG_UNAVAILABLE = ("08", "53", "57", "58", "25006", "42P01", "3D000", "28")


def resolve_url(url: str | None = None) -> str:
    """The URL to use: the one given, else ``ARCHIVE_DB_URL``, else ``sqlite:///archive.db``."""
    return url or os.environ.get("ARCHIVE_DB_URL") or DEFAULT_URL


def safe_url(url: str | URL) -> str:
    """The URL as text with the password hidden, fit for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable database URL>"


#: The database back-ends the archive runs on, with the one driver each is tested with.
SUPPORTED_DRIVERS = {"sqlite": "pysqlite", "postgresql": "psycopg"}


def parse_url(url: str) -> URL:
    """``url`` parsed and checked: SQLite or PostgreSQL (psycopg), else a one-line ArchiveError.

    A driver-less ``postgresql://`` URL means psycopg (the driver the archive installs).
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise BadInput(
            f"not a database URL: {url!r} (expected e.g. sqlite:///archive.db or "
            "postgresql+psycopg://user:password@host/dbname)"
        ) from exc
    backend, _, driver = parsed.drivername.partition("+")
    if backend == "postgresql" and not driver:
        return parsed.set(drivername="postgresql+psycopg")
    if backend not in SUPPORTED_DRIVERS or driver not in ("", SUPPORTED_DRIVERS[backend]):
        raise BadInput(
            f"unsupported database URL {safe_url(parsed)}: the archive runs on "
            "sqlite:///FILE or postgresql+psycopg://user:password@host/dbname"
        )
    return parsed


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL, or None for an in-memory database."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    database = url.database
    if database.startswith("file:"):  # URI filename (sqlite:///file:path?mode=ro&uri=true)
        if url.query.get("mode") == "memory":
            return None
        database = unquote(database.removeprefix("file:").split("?", 1)[0])
    return Path(database)


def create_archive_engine(
    url: str | None = None, *, write: bool = False, busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    read_only: bool = False,
) -> Engine:
    """An engine for the archive at ``url`` (no connection is made yet).

    ``write=True`` makes SQLite transactions take the write lock at BEGIN, so that concurrent
    writers queue (up to ``busy_timeout`` seconds) instead of failing half-way.
    ``read_only=True`` opens a SQLite file with ``mode=ro``: nothing is ever written to it (a
    read-only file can be read, an empty file given by mistake does not grow).
    """
    sa_url = parse_url(resolve_url(url))
    if sa_url.get_backend_name() != "sqlite":
        return create_engine(sa_url, pool_pre_ping=True, connect_args=_pg_connect_args(sa_url))
    path = sqlite_path(sa_url)
    if path is not None and not path.parent.exists():
        raise ArchiveUnavailable(safe_url(sa_url), f"directory {path.parent} does not exist")
    if read_only and path is not None:
        sa_url = read_only_url(path)
    engine = create_engine(sa_url, connect_args={"timeout": busy_timeout})
    _install_sqlite_hooks(engine, write=write, busy_timeout=busy_timeout)
    return engine


def read_only_url(path: Path) -> URL:
    """A URL opening the SQLite file at ``path`` read-only (an SQLite URI with ``mode=ro``).

    When neither the file nor its folder can be written (read-only media, a read-only copy)
    and no ``-wal`` file is beside it, SQLite could not create the WAL index it needs, so the
    file is opened ``immutable=1``: nobody can be changing it.
    """
    resolved = path.resolve()
    query = {"mode": "ro", "uri": "true"}
    unwritable = not os.access(resolved, os.W_OK) or not os.access(resolved.parent, os.W_OK)
    if unwritable and not resolved.with_name(resolved.name + "-wal").exists():
        query["immutable"] = "1"
    uri_path = quote(str(resolved), safe="/")
    return URL.create("sqlite", database=f"file:{uri_path}", query=query)


def _pg_connect_args(url: URL) -> dict[str, Any]:
    """Sessions in UTC (so dates group by UTC day) and a bounded connect timeout."""
    args: dict[str, Any] = {"options": "-c timezone=UTC"}
    if "connect_timeout" not in url.query:
        args["connect_timeout"] = 10
    return args


def _install_sqlite_hooks(engine: Engine, *, write: bool, busy_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA synchronous = NORMAL")
            try:
                cursor.execute("PRAGMA journal_mode = WAL")
            except Exception as exc:  # read-only or locked file: reported on first use
                logger.debug("could not switch SQLite to WAL: %s", exc)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for ``engine``; use as ``with factory.begin() as session: ...``."""
    return sessionmaker(engine, expire_on_commit=False)


def unavailable_cause(exc: BaseException) -> str | None:
    """If ``exc`` means the database itself is unusable, a short description of why; else None.

    Used to tell "stop the crawl" (down, read-only, locked, disk full) from "reject this item".
    """
    if isinstance(exc, ArchiveUnavailable):
        return exc.cause
    if not isinstance(exc, DBAPIError):
        return None
    orig = exc.orig
    message = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    if exc.connection_invalidated:
        return f"connection lost: {message}"
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate:
        return message if sqlstate.startswith(_PG_UNAVAILABLE) else None
    module = type(orig).__module__
    if module.startswith("psycopg") and type(orig).__name__ in ("OperationalError", "InterfaceError"):
        return message
    if any(fragment in message.lower() for fragment in _SQLITE_UNAVAILABLE):
        return message
    return None


def as_unavailable(exc: BaseException, url: str | URL) -> ArchiveUnavailable | None:
    """``exc`` as an :class:`ArchiveUnavailable` naming ``url``, if it means the database is down."""
    cause = unavailable_cause(exc)
    return None if cause is None else ArchiveUnavailable(safe_url(url), cause)


def check_writable(engine: Engine) -> None:
    """Make a real (rolled back) write, so read-only or locked databases fail now, clearly."""
    try:
        with engine.connect() as conn:
            trans = conn.begin()
            try:
                conn.execute(text("UPDATE alembic_version SET version_num = version_num"))
            finally:
                trans.rollback()
    except DBAPIError as exc:
        raise _unavailable(exc, engine.url) from exc


def _unavailable(exc: DBAPIError, url: URL) -> ArchiveUnavailable:
    return as_unavailable(exc, url) or ArchiveUnavailable(safe_url(url), str(exc.orig))


def open_archive_engine(
    url: str | None = None,
    *,
    upgrade: bool = True,
    write: bool = True,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
) -> Engine:
    """An engine on a usable archive at the current schema revision.

    ``upgrade=True`` migrates an empty or older database to the current schema; otherwise
    such a database raises :class:`~archive.errors.SchemaOutOfDate` naming ``archive db
    upgrade``. ``write=True`` also proves the database accepts writes. Raises
    :class:`~archive.errors.ArchiveUnavailable` when the database cannot be reached, is
    read-only or stays locked.
    """
    from archive.schema.migrate import ensure_schema

    sa_url = parse_url(resolve_url(url))
    path = sqlite_path(sa_url)
    if path is not None and not write and not path.exists():
        raise ArchiveUnavailable(
            safe_url(sa_url),
            f"no archive file at {path} (create it with `archive db upgrade --db "
            f"{safe_url(sa_url)}` or a crawl)",
        )
    if path is not None and not write and not upgrade and path.stat().st_size == 0:
        raise ArchiveUnavailable(safe_url(sa_url), f"{path} is an empty file, not an archive")
    engine = create_archive_engine(sa_url.render_as_string(hide_password=False), write=write,
                                   busy_timeout=busy_timeout, read_only=not (write or upgrade))
    try:
        ensure_schema(engine, upgrade=upgrade)
        if write:
            check_writable(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise _unavailable(exc, sa_url) from exc
    except ArchiveError:
        engine.dispose()
        raise
    return engine
