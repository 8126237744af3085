"""A throw-away MariaDB server for the WordPress harness: a data dir in a temp dir, a unix socket,
no TCP at all (``--skip-networking``) and no grant tables (any local user is the superuser).

``MariaDB.install(datadir)`` creates a fresh data dir; ``MariaDB(datadir, sock_dir).start()``
serves an existing one (a copy of the cached, seeded template). Statements are run through the
``mariadb`` command-line client, so the tests need no Python MySQL driver.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import time
from pathlib import Path

logger = logging.getLogger(__name__)

START_TIMEOUT = 60.0
#: Small buffers and logs: the template data dir is copied for every run.
SERVER_OPTIONS = (
    "--innodb-buffer-pool-size=32M",
    "--innodb-log-file-size=8M",
    "--innodb-flush-log-at-trx-commit=0",
    "--skip-log-bin",
    "--character-set-server=utf8mb4",
    "--collation-server=utf8mb4_unicode_520_ci",
)


def mariadb_binaries() -> dict[str, str] | None:
    """Paths of mariadbd, mariadb-install-db and the client; None when MariaDB is not installed."""
    names = {"server": ("mariadbd", "mysqld"), "install": ("mariadb-install-db", "mysql_install_db"),
             "client": ("mariadb", "mysql")}
    found: dict[str, str] = {}
    for role, candidates in names.items():
        for name in candidates:
            path = shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None)
            if path:
                found[role] = path
                break
        else:
            return None
    return found


def _user_args() -> list[str]:
    return ["--user=root"] if os.geteuid() == 0 else []


class MariaDB:
    """One mariadbd process serving ``datadir`` on ``sock_dir/mysql.sock``."""

    def __init__(self, datadir: Path, sock_dir: Path) -> None:
        bins = mariadb_binaries()
        if bins is None:
            raise RuntimeError("MariaDB is not installed (mariadbd, mariadb-install-db, mariadb)")
        self.bins = bins
        self.datadir = datadir
        self.socket = sock_dir / "mysql.sock"
        self.log = sock_dir / "mariadb.log"
        self.process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def install(datadir: Path) -> None:
        """Initialise an empty data dir (system tables only)."""
        bins = mariadb_binaries()
        if bins is None:
            raise RuntimeError("MariaDB is not installed")
        datadir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [bins["install"], "--no-defaults", f"--datadir={datadir}", "--skip-test-db",
             "--auth-root-authentication-method=normal", *_user_args(), *SERVER_OPTIONS],
            check=True, capture_output=True, timeout=180,
        )

    def start(self) -> MariaDB:
        """Start mariadbd and wait until its socket answers."""
        command = [
            self.bins["server"], "--no-defaults", f"--datadir={self.datadir}",
            f"--socket={self.socket}", f"--pid-file={self.socket.with_suffix('.pid')}",
            f"--log-error={self.log}", "--skip-networking", "--skip-grant-tables",
            *_user_args(), *SERVER_OPTIONS,
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"mariadbd exited: {self._log_tail()}")
            if self.socket.exists() and self._ping():
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"mariadbd did not answer in {START_TIMEOUT}s: {self._log_tail()}")

    def _ping(self) -> bool:
        probe = subprocess.run([self.bins["client"], "--no-defaults", f"--socket={self.socket}",
                                "-uroot", "-e", "SELECT 1"], capture_output=True, timeout=30)
        return probe.returncode == 0

    def _log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""

    def sql(self, statements: str, database: str | None = None) -> str:
        """Run SQL through the client; return its tab-separated output (no column names)."""
        command = [self.bins["client"], "--no-defaults", f"--socket={self.socket}", "-uroot",
                   "--batch", "--skip-column-names", "--default-character-set=utf8mb4"]
        if database:
            command.append(database)
        done = subprocess.run(command, input=statements.encode(), capture_output=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"SQL failed: {done.stderr.decode(errors='replace')}")
        return done.stdout.decode()

    def stop(self) -> None:
        """Shut the server down cleanly (so the data dir can be reused as a template)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            logger.warning("mariadbd did not stop in 60s; killing it")
            self.process.kill()
            self.process.wait(timeout=10)
