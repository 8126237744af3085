"""archive plot: each figure has the expected axes and data; the PNG files are valid."""

from __future__ import annotations

import struct
from collections import Counter

import pytest

from archive.research.plots import PLOTS
from archive.schema.engine import open_archive_engine, session_factory
from tests.servers.records import fill_archive

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXPECTED = {
    "timeline": ("Articles per month", "month", "articles"),
    "categories": ("Category mix per year", "year", "share of articles"),
    "sources": ("Wire-agency share per year", "year", "share of articles"),
    "degree": ("Link-degree distribution", "links per article (degree)", "articles"),
}


@pytest.fixture
def filled(sqlite_url):
    open_archive_engine(sqlite_url).dispose()
    return sqlite_url, fill_archive(sqlite_url)


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("kind", sorted(PLOTS))
def test_figure_axes_then_png_file(filled, tmp_path, kind, cli):
    url, records = filled
    engine = open_archive_engine(url, upgrade=False, write=False)
    with session_factory(engine)() as session:
        figure = PLOTS[kind](session)
    engine.dispose()
    (ax,) = figure.axes
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == EXPECTED[kind]
    if kind == "timeline":
        assert sum(patch.get_height() for patch in ax.patches) == len(records)
        assert len(ax.patches) == len({r["published_at"][:7] for r in records})
    if kind == "sources":
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert set(legend) == {r["source"] or "(none)" for r in records}
    if kind == "categories":
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        top = Counter(r["category"] for r in records).most_common(1)[0][0]
        assert legend[0] == top
    if kind == "degree":
        assert ax.get_xscale() == "log" and len(ax.get_lines()) == 2
    out = tmp_path / f"{kind}.png"
    result = cli("plot", kind, "--db", url, "--out", str(out), "--dpi", "50")
    assert result.exit_code == 0, result.output
    assert png_size(out) == (500, 250)  # 10 x 5 inches at 50 dpi
    assert out.stat().st_size > 2000


def test_plot_with_filters_and_unknown_kind(filled, tmp_path, cli):
    url, records = filled
    out = tmp_path / "since.png"
    since = sorted(r["published_at"] for r in records)[-5][:10]
    assert cli("plot", "timeline", "--db", url, "--since", since, "--out", str(out)).exit_code == 0
    assert out.read_bytes()[:8] == PNG_SIGNATURE
    bad = cli("plot", "pie", "--db", url, "--out", str(out))
    assert bad.exit_code == 2 and "timeline" in bad.stderr
