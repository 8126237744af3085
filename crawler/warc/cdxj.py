"""A CDXJ index (cdxj-indexer) beside each complete WARC file: ``NAME.warc.gz`` -> ``NAME.cdxj``.

pywb reads CDXJ files from a collection's ``indexes/`` folder; ``wb-manager add`` builds its own
as well (README, "Raw capture").
"""

from __future__ import annotations

from pathlib import Path

from cdxj_indexer.main import write_cdx_index


def index_path(warc: Path) -> Path:
    name = warc.name.removesuffix(".gz").removesuffix(".warc")
    return warc.with_name(f"{name}.cdxj")


def write_cdxj(warc: Path) -> Path:
    """Index ``warc`` (sorted CDXJ lines, one per response/revisit record); the index's path."""
    out = index_path(warc)
    tmp = out.with_name(out.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        write_cdx_index(handle, [str(warc)], {"sort": True})
    tmp.replace(out)
    return out
