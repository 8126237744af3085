"""Contract records as Parquet (pyarrow): typed columns, lists and link/image structs kept nested.

Written one row group per batch, so memory stays flat. pyarrow is imported here only, so the
rest of the archive works without it (``pip install 'asianlite-archive[research]'``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from archive.errors import ArchiveError


@cache
def _types() -> dict[str, Any]:
    import pyarrow as pa

    text = pa.string()
    stamp = pa.timestamp("us", tz="UTC")
    return {
        "post_id": pa.int64(), "url": text, "shortlink": text, "title": text, "summary": text,
        "body": text, "published_at": stamp, "modified_at": stamp,
        "authors": pa.list_(text), "category": text, "categories": pa.list_(text),
        "tags": pa.list_(text), "source": text, "reading_minutes": pa.int64(), "language": text,
        "images": pa.list_(pa.struct([("url", text), ("caption", text), ("alt", text)])),
        "links": pa.list_(pa.struct([("kind", text), ("url", text), ("text", text)])),
    }


def parquet_schema(fields: Sequence[str]) -> Any:
    """The Arrow schema of records with these contract ``fields``."""
    import pyarrow as pa

    types = _types()
    return pa.schema([(name, types[name]) for name in fields])


def write_parquet_batches(batches: Iterable[list[dict[str, Any]]], out: Any,
                          fields: Sequence[str]) -> int:
    """Write every batch of records as a row group of ``out``; returns the number of records.

    Times (ISO 8601 strings in the records) become UTC timestamps.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - pyarrow is in the research/test extras
        raise ArchiveError("Parquet export needs pyarrow: pip install 'asianlite-archive[research]'"
                           ) from exc
    schema = parquet_schema(fields)
    count = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for batch in batches:
            columns = [_column(name, [record[name] for record in batch]) for name in fields]
            writer.write_table(pa.Table.from_arrays(columns, schema=schema))
            count += len(batch)
    return count


def _column(name: str, values: list[Any]) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    types = _types()
    if name in ("published_at", "modified_at"):
        return pc.cast(pa.array(values, pa.string()), pa.timestamp("us", tz="UTC"))
    return pa.array(values, types[name])
