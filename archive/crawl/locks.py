"""A named lock in the database that keeps overlapping crawls apart, across machines.

The holder refreshes ``heartbeat_at`` while it runs; a lock whose heartbeat is older than
``stale_after`` is taken over (its holder died). The lock also records the holder's host, PID
and crawl run: a holder on *this* host whose PID no longer exists is dead for certain and is
taken over at once (:func:`take_lock`); on other hosts only the heartbeat rule can tell. Run
each call in its own short transaction so other machines see the result::

    with factory.begin() as session:
        taken = take_lock(session, "crawl", LockOwner.here(holder, run_id), timedelta(hours=2))
        if not taken.acquired:
            ...  # refuse: lock_info(session, "crawl") says who holds it
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from archive.schema.models import CrawlLock, table_of
from archive.times import utcnow
from archive.write.upsert import dialect_insert


@dataclass(frozen=True)
class LockInfo:
    name: str
    holder: str
    acquired_at: datetime
    heartbeat_at: datetime
    host: str | None = None
    pid: int | None = None
    run_id: int | None = None


@dataclass(frozen=True)
class LockOwner:
    """Who asks for a lock: the holder string plus where it runs (host, PID) and its run."""

    holder: str
    host: str | None = None
    pid: int | None = None
    run_id: int | None = None

    @classmethod
    def here(cls, holder: str, run_id: int | None = None) -> LockOwner:
        """This process on this host."""
        return cls(holder, socket.gethostname(), os.getpid(), run_id)


@dataclass(frozen=True)
class Takeover:
    """The outcome of :func:`take_lock`: acquired or not, and whom we took the lock from."""

    acquired: bool
    previous: LockInfo | None = None
    dead_pid: bool = False


def _as_timedelta(value: timedelta | float) -> timedelta:
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


def acquire_lock(
    session: Session,
    name: str,
    holder: str,
    stale_after: timedelta | float,
    *,
    now: datetime | None = None,
    owner: LockOwner | None = None,
    take_over: str | None = None,
) -> bool:
    """Take lock ``name`` for ``holder``; True if taken (or already ours), False if held.

    Atomic on SQLite and PostgreSQL: one ``INSERT ... ON CONFLICT DO UPDATE ... WHERE`` that
    only overwrites a lock that is ours, whose heartbeat is older than ``stale_after``, or whose
    holder is exactly ``take_over`` (a holder known to be dead; if another crawl took the lock
    in the meantime the holder differs and nothing is overwritten).
    """
    now = now or utcnow()
    cutoff = now - _as_timedelta(stale_after)
    table = table_of(CrawlLock)
    values = {"holder": holder, "acquired_at": now, "heartbeat_at": now}
    if owner is not None:
        values.update(host=owner.host, pid=owner.pid, run_id=owner.run_id)
    conditions = [table.c.holder == holder, table.c.heartbeat_at < cutoff]
    if take_over is not None:
        conditions.append(table.c.holder == take_over)
    stmt = dialect_insert(session.connection(), table).values(name=name, **values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.name], set_=values, where=or_(*conditions)
    ).returning(table.c.holder)
    return session.execute(stmt).first() is not None


def take_lock(
    session: Session,
    name: str,
    owner: LockOwner,
    stale_after: timedelta | float,
    *,
    now: datetime | None = None,
) -> Takeover:
    """Acquire lock ``name`` for ``owner``, taking it over from a dead holder on this host.

    The result names the previous holder when the lock was taken from someone (dead PID or
    stale heartbeat), so the caller can log it and close that holder's run.
    """
    previous = lock_info(session, name)
    dead = previous is not None and previous.holder != owner.holder and holder_is_dead_here(
        previous, owner.host
    )
    acquired = acquire_lock(
        session, name, owner.holder, stale_after, now=now, owner=owner,
        take_over=previous.holder if dead and previous is not None else None,
    )
    if not acquired or previous is None or previous.holder == owner.holder:
        return Takeover(acquired)
    return Takeover(True, previous, dead)


def holder_is_dead_here(info: LockInfo, host: str | None = None) -> bool:
    """True when the holder ran on ``host`` (default: this host) and its PID is gone.

    A PID that exists is taken as alive (it may have been reused: then the heartbeat rule
    decides, which errs on the safe side). Holders on other hosts are never judged here.
    """
    here = host or socket.gethostname()
    if info.host is None or info.pid is None or info.host != here:
        return False
    return not pid_exists(info.pid)


def pid_exists(pid: int) -> bool:
    """Whether a process with this PID exists on this host (signal 0 probes without sending)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by someone else
    return True


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
        select(
            CrawlLock.name, CrawlLock.holder, CrawlLock.acquired_at, CrawlLock.heartbeat_at,
            CrawlLock.host, CrawlLock.pid, CrawlLock.run_id,
        ).where(CrawlLock.name == name)
    ).first()
    return None if row is None else LockInfo(*row)
