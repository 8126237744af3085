"""The seeded MariaDB data dir, built once and cached under ``.cache/wordpress/<key>/``.

The key hashes WordPress's and MariaDB's versions, the seed script, the generated seed JSON (all posts, users, terms, options) and
the wp-config template, so any change to what would be seeded builds a new template. Building
takes a minute (MariaDB install + ``wp_install()`` + a few hundred ``wp_insert_post``); runs copy
the ``data/`` dir. A lock file serialises parallel builders; a build is moved into place only
once complete. Run ``python -m tests.wordpress.cache`` to build it ahead of the tests.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from tests.wordpress.mariadb import MariaDB, mariadb_binaries
from tests.wordpress.plan import SitePlan, build_plan
from tests.wordpress.seeddata import seed_json
from tests.wordpress.tree import HERE, WORDPRESS, WP_CONFIG, build_tree

logger = logging.getLogger(__name__)

CACHE_DIR = HERE.parent.parent / ".cache" / "wordpress"
SEED_SCRIPT = HERE / "seed.php"
#: The origin written into the template's database; each run rewrites it to its own.
TEMPLATE_ORIGIN = "http://wordpress-template.invalid"
SEED_TIMEOUT = 900


def _versions() -> bytes:
    """WordPress's and MariaDB's versions: a package upgrade builds a new template."""
    bins = mariadb_binaries()
    server = subprocess.run([bins["server"], "--version"], capture_output=True, timeout=30).stdout if bins else b""
    return (WORDPRESS / "wp-includes" / "version.php").read_bytes() + server


def template_key(data: dict[str, Any]) -> str:
    digest = hashlib.sha256()
    digest.update(_versions())
    digest.update(SEED_SCRIPT.read_bytes())
    digest.update(WP_CONFIG.encode())
    digest.update(json.dumps(data, sort_keys=True).encode())
    return digest.hexdigest()[:16]


def ensure_template(plan: SitePlan) -> Path:
    """The cached template dir for ``plan`` (``data/`` + ``report.json``), built if missing."""
    data = seed_json(plan, TEMPLATE_ORIGIN)
    target = CACHE_DIR / template_key(data)
    if (target / "report.json").exists():
        return target
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with open(CACHE_DIR / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (target / "report.json").exists():
            _build(data, target)
            _prune(keep=target)
    return target


def _prune(keep: Path) -> None:
    """Remove templates of earlier plans (each holds a full data dir)."""
    for old in CACHE_DIR.iterdir():
        if old.is_dir() and old != keep and not old.name.startswith("build-"):
            shutil.rmtree(old, ignore_errors=True)


def _build(data: dict[str, Any], target: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="build-", dir=CACHE_DIR))
    try:
        MariaDB.install(work / "data")
        db = MariaDB(work / "data", work).start()
        try:
            db.sql("CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;")
            site = build_tree(work / "site", TEMPLATE_ORIGIN, db.socket)
            (work / "plan.json").write_text(json.dumps(data, ensure_ascii=False))
            _seed(site, work)
        finally:
            db.stop()
        check_report(data, json.loads((work / "report.json").read_text()))
        target.mkdir()
        shutil.move(work / "data", target / "data")
        shutil.move(work / "report.json", target / "report.json")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _seed(site: Path, work: Path) -> None:
    done = subprocess.run(
        ["php", str(SEED_SCRIPT), str(site), str(work / "plan.json"), str(work / "report.json")],
        capture_output=True, text=True, timeout=SEED_TIMEOUT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"seed.php failed ({done.returncode}): {done.stdout[-2000:]}{done.stderr[-3000:]}")
    logger.info("%s", done.stdout.strip())


def check_report(data: dict[str, Any], report: list[dict[str, Any]]) -> None:
    """WordPress kept every planned id, slug and permalink; hidden posts are hidden."""
    got = {row["id"]: row for row in report}
    expected_status = {"publish": "publish", "draft": "draft", "private": "private", "future": "future"}
    for post in data["posts"]:
        row = got.get(post["id"])
        if post["status"] in ("deleted", "trash"):
            if row is not None:
                raise RuntimeError(f"post {post['id']} should be gone: {row}")
            continue
        if row is None or row["status"] != expected_status[post["status"]] or row["slug"] != post["slug"]:
            raise RuntimeError(f"post {post['id']} not seeded as planned: {row}")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    print(ensure_template(build_plan()))
