"""A named lock in the database that keeps overlapping crawls apart, across machines.

The holder refreshes ``heartbeat_at`` while it runs; a lock whose heartbeat is older than
``stale_after`` is taken over (its holder died). Run each call in its own short transaction so
other machines see the result::

    with factory.begin() as session:
        if not acquire_lock(session, "crawl", holder, stale_after=timedelta(minutes=30)):
            ...  # refuse: lock_info(session, "crawl") says who holds it
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from archive.schema.models import CrawlLock
from archive.times import utcnow
from archive.write.upsert import dialect_insert


@dataclass(frozen=True)
class LockInfo:
    name: str
    holder: str
    acquired_at: datetime
    heartbeat_at: datetime


def _as_timedelta(value: timedelta | float) -> timedelta:
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


def acquire_lock(
    session: Session,
    name: str,
    holder: str,
    stale_after: timedelta | float,
    *,
    now: datetime | None = None,
) -> bool:
    """Take lock ``name`` for ``holder``; True if taken (or already ours), False if held.

    Atomic on SQLite and PostgreSQL: one ``INSERT ... ON CONFLICT DO UPDATE ... WHERE`` that
    only overwrites a lock that is ours or whose heartbeat is older than ``stale_after``.
    """
    now = now or utcnow()
    cutoff = now - _as_timedelta(stale_after)
    table = CrawlLock.__table__
    stmt = dialect_insert(session.connection(), table).values(
        name=name, holder=holder, acquired_at=now, heartbeat_at=now
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.name],
        set_={"holder": holder, "acquired_at": now, "heartbeat_at": now},
        where=or_(table.c.holder == holder, table.c.heartbeat_at < cutoff),
    ).returning(table.c.holder)
    return session.execute(stmt).first() is not None


def heartbeat(session: Session, name: str, holder: str, *, now: datetime | None = None) -> bool:
    """Refresh our lock; False if we no longer hold it (it went stale and was taken over)."""
    result = session.execute(
        update(CrawlLock)
        .where(CrawlLock.name == name, CrawlLock.holder == holder)
        .values(heartbeat_at=now or utcnow())
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def release_lock(session: Session, name: str, holder: str) -> bool:
    """Give the lock up; False if it was not ours (nothing is changed then)."""
    result = session.execute(
        delete(CrawlLock).where(CrawlLock.name == name, CrawlLock.holder == holder)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def lock_info(session: Session, name: str) -> LockInfo | None:
    """Who holds lock ``name`` and since when, or None when it is free."""
    row = session.execute(
        select(CrawlLock.name, CrawlLock.holder, CrawlLock.acquired_at, CrawlLock.heartbeat_at)
        .where(CrawlLock.name == name)
    ).first()
    return None if row is None else LockInfo(*row)
