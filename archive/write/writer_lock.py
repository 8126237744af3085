"""One writer at a time in a shared PostgreSQL archive.

Storing an article reads before it writes (is it archived? which links can be resolved?), so
two crawler processes storing the same or linked articles at once would collide on the unique
keys or leave a link unresolved that each thought the other would resolve. A transaction-level
advisory lock makes the writers take turns; it is released at commit or rollback, so it can
neither leak nor deadlock with the row locks. SQLite allows one writer anyway: nothing to do.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

#: the advisory lock key of article writes: "asianlit" in ASCII
WRITER_LOCK_KEY = 0x6173_6961_6E6C_6974


def take_writer_lock(conn: Connection) -> None:
    """Wait until no other transaction is storing articles, then hold the turn until commit."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK_KEY})
