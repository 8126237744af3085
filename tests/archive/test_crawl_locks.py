"""The crawl lock: one holder at a time, stale locks are taken over, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from archive.crawl.locks import (
    LockOwner,
    acquire_lock,
    heartbeat,
    lock_info,
    release_lock,
    take_lock,
)

T0 = datetime(2025, 1, 1, tzinfo=UTC)
STALE = timedelta(minutes=30)



def acquire(sessions, holder, now, name="crawl"):
    with sessions.begin() as session:
        return acquire_lock(session, name, holder, STALE, now=now)


def test_second_holder_is_refused_until_release(sessions):
    assert acquire(sessions, "host-a:1", T0)
    assert not acquire(sessions, "host-b:2", T0 + timedelta(minutes=1))
    with sessions() as session:
        info = lock_info(session, "crawl")
    assert info is not None and info.holder == "host-a:1" and info.acquired_at == T0
    assert acquire(sessions, "host-a:1", T0 + timedelta(minutes=2))  # re-entrant for its holder
    with sessions.begin() as session:
        assert not release_lock(session, "crawl", "host-b:2")
        assert release_lock(session, "crawl", "host-a:1")
    assert acquire(sessions, "host-b:2", T0 + timedelta(minutes=3))


def test_stale_lock_is_taken_over_and_heartbeat_keeps_it_fresh(sessions):
    assert acquire(sessions, "host-a:1", T0)
    with sessions.begin() as session:
        assert heartbeat(session, "crawl", "host-a:1", now=T0 + timedelta(minutes=25))
    assert not acquire(sessions, "host-b:2", T0 + timedelta(minutes=50))  # heartbeat 25 min ago
    assert acquire(sessions, "host-b:2", T0 + timedelta(minutes=56))  # 31 min: stale
    with sessions.begin() as session:
        assert not heartbeat(session, "crawl", "host-a:1")  # the old holder learns it lost it
        assert lock_info(session, "crawl").holder == "host-b:2"


def test_locks_are_independent_by_name(sessions):
    assert acquire(sessions, "a", T0, name="crawl")
    assert acquire(sessions, "b", T0, name="backfill")
    with sessions() as session:
        assert lock_info(session, "other") is None


def _dead_pid() -> int:
    """The PID of a process that has exited (and been reaped) on this host."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait(timeout=30)
    return proc.pid


def take(sessions, owner, now=T0):
    with sessions.begin() as session:
        return take_lock(session, "crawl", owner, STALE, now=now)


def test_a_dead_pid_on_this_host_is_taken_over_at_once(sessions):
    dead = LockOwner("dead", socket.gethostname(), _dead_pid(), run_id=7)
    assert take(sessions, dead).acquired

    outcome = take(sessions, LockOwner.here("next"), now=T0 + timedelta(seconds=1))

    assert outcome.acquired and outcome.dead_pid
    assert outcome.previous is not None and outcome.previous.run_id == 7
    with sessions() as session:
        info = lock_info(session, "crawl")
    assert info is not None and (info.holder, info.host, info.pid) == ("next", socket.gethostname(), os.getpid())


def test_a_live_pid_or_another_host_keeps_the_lock_until_stale(sessions):
    assert take(sessions, LockOwner("alive", socket.gethostname(), os.getppid())).acquired
    assert not take(sessions, LockOwner.here("next"), now=T0 + timedelta(minutes=1)).acquired
    with sessions.begin() as session:
        release_lock(session, "crawl", "alive")
    assert take(sessions, LockOwner("elsewhere", "other-host", _dead_pid())).acquired
    assert not take(sessions, LockOwner.here("next"), now=T0 + timedelta(minutes=1)).acquired
    stale = take(sessions, LockOwner.here("next"), now=T0 + STALE + timedelta(minutes=1))
    assert stale.acquired and not stale.dead_pid and stale.previous.holder == "elsewhere"
