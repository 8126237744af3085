"""Issue 16, finding 6: article text is hostile input. Terminal output carries no control
characters (JSON keeps the data exact, escaped); CSV cells never start a formula."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import main
from archive.schema.engine import open_archive_engine, session_factory
from archive.write.store import store_article

ESCAPES = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m\x7f\x08\r"
TITLE = f"Clear{ESCAPES}screen monsoon"
# (The archive collapses whitespace in titles, so a leading tab or CR is tested on its own.)
FORMULAS = ["=HYPERLINK(\"http://127.0.0.1/x\",\"click\")", "+44 20 7946 0000", "-2+3", "@SUM(A1)"]
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'archive.db'}"
    engine = open_archive_engine(url)
    with session_factory(engine).begin() as session:
        store_article(session, {
            "post_id": 1, "url": "https://asianlite.com/2024/top-news/escapes", "title": TITLE,
            "summary": "monsoon" + ESCAPES, "body": f"The monsoon {ESCAPES} arrived in Kerala.",
            "source": "ANI\x1b[5m", "category": "Top News", "categories": ["Top News"],
            "published_at": "2024-05-01T10:00:00+00:00"})
        for i, formula in enumerate(FORMULAS, start=2):
            store_article(session, {
                "post_id": i, "url": f"https://asianlite.com/2024/top-news/formula-{i}",
                "title": formula, "summary": formula, "body": f"Formula cricket {i}.",
                "published_at": "2024-05-02T10:00:00+00:00",
                "links": [{"kind": "body", "url": f"https://asianlite.com/2024/top-news/formula-{i}",
                           "text": formula}]})
    engine.dispose()
    return url


def run(url: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("args", [["search", "monsoon"], ["stats"]])
def test_tables_carry_no_control_characters(archive: str, args: list[str]) -> None:
    output = run(archive, *args)
    assert not RAW_CONTROL.search(output), repr(output)
    if args[0] == "search":
        assert "Clear]52;c;ZXZpbA==[2J31mscreen monsoon" in output


@pytest.mark.parametrize("args", [["show", "1"], ["search", "monsoon", "--json"],
                                  ["stats", "--json"]])
def test_json_output_is_exact_but_inert(archive: str, args: list[str]) -> None:
    output = run(archive, *args)
    assert not RAW_CONTROL.search(output), repr(output)
    data = json.loads(output)
    if args[0] == "show":
        assert data["title"] == TITLE and data["source"] == "ANI\x1b[5m"
    elif args[0] == "search":
        assert data[0]["title"] == TITLE


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_csv_export_neutralises_formulas(archive: str) -> None:
    cells = _cells(run(archive, "export", "--format", "csv", "--fields", "post_id,title,summary"))
    for formula in FORMULAS:
        assert cells.count("'" + formula) == 2, formula  # title and summary
        assert formula not in cells
    assert "2" in cells  # numbers stay numbers


def test_csv_search_and_graph_neutralise_formulas(archive: str, tmp_path: Path) -> None:
    search_cells = _cells(run(archive, "search", "formula", "--csv", "--limit", "50"))
    assert {"'" + f for f in FORMULAS} <= set(search_cells)
    assert not set(FORMULAS) & set(search_cells)
    run(archive, "graph", "--format", "csv", "--out", str(tmp_path / "g"))
    node_cells = _cells((tmp_path / "g" / "nodes.csv").read_text("utf-8"))
    edge_cells = _cells((tmp_path / "g" / "edges.csv").read_text("utf-8"))
    assert {"'" + f for f in FORMULAS} <= set(node_cells) & set(edge_cells)
    assert not set(FORMULAS) & (set(node_cells) | set(edge_cells))


@pytest.mark.parametrize("cell, expected", [
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("=1+1", "'=1+1"), ("plain", "plain"),
    ("a=b", "a=b"), ("-", "'-"),
])
def test_neutralise(cell: str, expected: str) -> None:
    from archive.research.csv_safety import neutralise
    from archive.research.export import write_csv

    assert neutralise(cell) == expected
    out = io.StringIO()
    write_csv([{"title": cell}], out, ["title"])
    assert list(csv.reader(io.StringIO(out.getvalue())))[1:] == [[expected]]
