"""Issue 16, finding 6: ``scrapy crawl`` with an ARCHIVE_DB_URL of a kind the archive does not
run on stops at once with one line and exit code 2 (bad arguments), never a traceback."""

from __future__ import annotations

import pytest

from tests.crawling import run_crawl


@pytest.mark.parametrize("db_url", ["foo://x", "mysql://user@127.0.0.1/archive",
                                    "mysql+pymysql://user@127.0.0.1/archive"])
def test_an_unsupported_database_url_is_a_usage_error(db_url: str, free_port: int) -> None:
    # Nothing listens on free_port: had the crawl started, it would fail instead of exit 2.
    result = run_crawl(f"http://127.0.0.1:{free_port}", db_url)
    assert result.returncode == 2, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if "ARCHIVE_DB_URL" in line]
    assert errors == [f"scrapy crawl asianlite: ARCHIVE_DB_URL: unsupported database URL {db_url}: "
                      "the archive runs on sqlite:///FILE or postgresql+psycopg://user:password@"
                      "host/dbname"]
    assert "Spider opened" not in result.output
