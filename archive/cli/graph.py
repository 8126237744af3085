"""``archive graph``: the link graph for Gephi, networkx or a spreadsheet."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from archive.cli.common import db_option, output_file, read_session
from archive.cli.exits import OutputFailed
from archive.cli.filters import article_filter, filter_options
from archive.cli.output import force_option
from archive.contract import LINK_KINDS
from archive.errors import ArchiveError
from archive.research.graph import (
    GRAPH_FORMATS,
    check_kinds,
    link_graph,
    write_edges,
    write_graph,
    write_graph_csv,
)


@click.command("graph")
@db_option
@click.option("--format", "fmt", type=click.Choice(GRAPH_FORMATS), default="graphml",
              show_default=True,
              help="graphml / gexf (Gephi, networkx); csv: nodes.csv + edges.csv in --out DIR.")
@click.option("--kinds", metavar="K1,K2,...",
              help=f"Only these link kinds (default all: {', '.join(LINK_KINDS)}).")
@click.option("--include-external", is_flag=True,
              help="Also draw links to pages not in the archive, as nodes with external=true.")
@filter_options
@click.option("--out", type=click.Path(),
              help="Write to FILE (graphml/gexf) or DIR (csv) instead of standard output "
                   "(existing files need --force).")
@force_option
def graph_command(fmt: str, kinds: str | None, include_external: bool, out: str | None,
                  force: bool, **filters: Any) -> None:
    """Export the link graph: articles are nodes (title, date, categories), links are edges
    (kind, anchor text). The filters choose the articles; links between them are kept.

    Example:

        archive graph --format gexf --kinds next_story,also_read,body --out links.gexf
        archive graph --format csv --since 2023-01-01 --include-external --out graph-2023/
    """
    try:
        chosen = check_kinds([k.strip() for k in kinds.split(",") if k.strip()] if kinds else None)
    except ArchiveError as exc:
        raise click.BadParameter(str(exc), param_hint="--kinds") from exc
    with read_session() as session:
        graph = link_graph(session, kinds=chosen, include_external=include_external,
                           filters=article_filter(filters))
    if fmt == "csv" and out is not None:
        nodes, edges = _write_csv_folder(graph, Path(out), force)
        click.echo(f"wrote {nodes} and {edges}", err=True)
    elif fmt == "csv":
        write_edges(graph, sys.stdout)
    elif out is not None:
        with output_file(out, force=force) as path:
            write_graph(graph, fmt, path)
    else:
        write_graph(graph, fmt, sys.stdout.buffer)
    click.echo(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges",
               err=True)


def _write_csv_folder(graph: Any, folder: Path, force: bool) -> tuple[Path, Path]:
    """nodes.csv and edges.csv in ``folder`` (created if needed), each written atomically."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputFailed(f"cannot create folder {folder}: {exc.strerror or exc}") from exc
    nodes, edges = folder / "nodes.csv", folder / "edges.csv"
    with output_file(str(nodes), force=force) as nodes_tmp, \
            output_file(str(edges), force=force) as edges_tmp:
        write_graph_csv(graph, nodes_tmp, edges_tmp)
    return nodes, edges


def register(group: click.Group) -> None:
    group.add_command(graph_command)
