"""Times as the archive keeps them: timezone-aware UTC in, ISO 8601 with ``+00:00`` out."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from archive.errors import InvalidRecord


def utcnow() -> datetime:
    """The current time, timezone-aware UTC (the default of every time column)."""
    return datetime.now(UTC)


def iso_utc(value: datetime | None) -> str | None:
    """A datetime as ISO 8601 with the UTC offset (``2022-03-20T09:41:12+00:00``)."""
    return None if value is None else value.astimezone(UTC).isoformat()


def parse_time(value: Any, field: str) -> datetime | None:
    """An ISO 8601 string, date or datetime as an aware UTC datetime (naive values are taken as
    UTC); None for None or ``""``. Anything else raises InvalidRecord naming ``field``."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise InvalidRecord(f"{field}: not an ISO 8601 date-time: {value!r}") from None
    else:
        raise InvalidRecord(f"{field}: expected an ISO 8601 string, got {type(value).__name__}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
