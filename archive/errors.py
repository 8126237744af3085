"""Errors raised by the archive, each naming what went wrong and what to do about it."""

from __future__ import annotations


class ArchiveError(Exception):
    """Base class of every error the archive raises on purpose."""


class ArchiveUnavailable(ArchiveError):
    """The database cannot be reached or written (down, read-only, locked, missing directory).

    The message names the database URL without its password and the underlying cause.
    """

    def __init__(self, url: str, cause: str) -> None:
        self.url = url
        self.cause = cause
        super().__init__(f"archive database {url} is unavailable: {cause}")


class SchemaOutOfDate(ArchiveError):
    """The database schema is older than this code and automatic upgrading was not requested."""

    def __init__(self, url: str, current: str | None, head: str) -> None:
        self.url = url
        self.current = current
        self.head = head
        super().__init__(
            f"archive database {url} has schema revision {current or 'none'}, this code needs "
            f"{head}; run `archive db upgrade --db {url}` to upgrade it"
        )


class SchemaTooNew(ArchiveError):
    """The database was migrated by a newer version of this code."""

    def __init__(self, url: str, current: str) -> None:
        super().__init__(
            f"archive database {url} has schema revision {current}, which this code does not "
            "know: it was upgraded by a newer version; upgrade asianlite-archive"
        )


class InvalidRecord(ArchiveError, ValueError):
    """An article record cannot be stored as given (missing or malformed field)."""


class StoreConflict(ArchiveError):
    """A record contradicts what is archived (e.g. its URL belongs to another post id)."""


class ArticleNotFound(ArchiveError, LookupError):
    """No archived article matches the given id, post id or URL."""


class BadInput(ArchiveError, ValueError):
    """What the user asked for cannot be used as given (a database URL of an unsupported kind, a
    search query too complex to run); the CLI exits with status 2, as for a bad option."""
