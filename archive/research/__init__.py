"""Reading the archive for research: filters, search, export (JSONL, CSV, Parquet), the link graph,
statistics, plots, one article's details, Datasette and the notebook API."""
