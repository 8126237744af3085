"""The link graph as a networkx MultiDiGraph: articles are nodes, links are edges.

Node keys are canonical URLs (stable across archives and readable in Gephi). Article nodes
carry ``label`` (title), ``published`` (ISO date), ``category``, ``categories`` (joined with
"; ", since GraphML/GEXF have no lists), ``source`` and ``external=False``; with
``include_external`` link targets outside the archive become nodes with ``external=True``.
Edges carry ``kind`` and ``text`` (the anchor text). Only current links are drawn.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import networkx as nx
from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.contract import LINK_KINDS
from archive.errors import ArchiveError
from archive.research.csv_safety import safe_row
from archive.research.filters import ArticleFilter, apply_filters
from archive.schema.models import Article, ArticleCategory, Category, Link

GRAPH_FORMATS = ("graphml", "gexf", "csv")
EDGE_FIELDS = ("source", "target", "kind", "text")


def check_kinds(kinds: Iterable[str] | None) -> tuple[str, ...]:
    """The link kinds to draw (all when none given), or a clear error naming the valid ones."""
    chosen = tuple(kinds or LINK_KINDS)
    unknown = [kind for kind in chosen if kind not in LINK_KINDS]
    if unknown:
        raise ArchiveError(f"unknown link kind(s) {', '.join(unknown)}; "
                           f"choose from {', '.join(LINK_KINDS)}")
    return chosen


def link_graph(session: Session, *, kinds: Iterable[str] | None = None,
               include_external: bool = False, filters: ArticleFilter | None = None,
               ) -> nx.MultiDiGraph:
    """The archive's link graph; ``filters`` restrict the articles (and links between them)."""
    chosen = check_kinds(kinds)
    graph = nx.MultiDiGraph()
    urls = _add_articles(session, graph, filters)
    rows = session.execute(
        select(Link.article_id, Link.target_article_id, Link.target_url, Link.kind, Link.text)
        .where(Link.kind.in_(chosen), Link.current.is_(True))
        .order_by(Link.article_id, Link.position, Link.id)
    )
    for source_id, target_id, target_url, kind, text in rows:
        source = urls.get(source_id)
        if source is None:
            continue
        target = urls.get(target_id) if target_id is not None else None
        if target is None:
            if not include_external or target_id is not None:
                continue  # outside the archive, or an archived article the filters left out
            target = target_url
            if target not in graph:
                graph.add_node(target, label=target, published="", category="",
                               categories="", source="", external=True)
        graph.add_edge(source, target, kind=kind, text=text or "")
    return graph


def _add_articles(session: Session, graph: nx.MultiDiGraph,
                  filters: ArticleFilter | None) -> dict[int, str]:
    """Add every (filtered) article as a node; return their URLs by article id."""
    categories: dict[int, list[str]] = defaultdict(list)
    for article_id, name in session.execute(
        select(ArticleCategory.article_id, Category.name)
        .join(Category, Category.id == ArticleCategory.category_id)
        .order_by(ArticleCategory.article_id, ArticleCategory.position)
    ):
        categories[article_id].append(name)
    rows = session.execute(apply_filters(
        select(Article.id, Article.url, Article.title, Article.published_at, Category.name,
               Article.source).outerjoin(Category, Category.id == Article.category_id), filters,
    ).order_by(Article.id))
    urls: dict[int, str] = {}
    for article_id, url, title, published, category, source in rows:
        urls[article_id] = url
        graph.add_node(url, label=title, published=published.date().isoformat() if published
                       else "", category=category or "",
                       categories="; ".join(categories.get(article_id, ())), source=source or "",
                       external=False)
    return urls


def write_graph(graph: nx.MultiDiGraph, fmt: str, out: str | Path | IO[bytes]) -> None:
    """Write ``graph`` as GraphML or GEXF (``out``: a path or a binary file)."""
    if fmt == "graphml":
        nx.write_graphml(graph, out)
    elif fmt == "gexf":
        nx.write_gexf(graph, out)
    else:
        raise ArchiveError(f"unknown graph format {fmt!r}; use one of {', '.join(GRAPH_FORMATS)}")


def write_graph_csv(graph: nx.MultiDiGraph, nodes_path: str | Path,
                    edges_path: str | Path) -> tuple[Path, Path]:
    """Gephi's spreadsheet import: ``nodes_path`` (Id, Label, ...) and ``edges_path`` (Source,
    Target, Type, Kind, Label); text cells are neutralised against formula injection."""
    nodes_path, edges_path = Path(nodes_path), Path(edges_path)
    with open(nodes_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["Id", "Label", "Published", "Category", "Categories", "Source",
                         "External"])
        for node, data in graph.nodes(data=True):
            writer.writerow(safe_row([node, data["label"], data["published"], data["category"],
                                      data["categories"], data["source"],
                                      str(data["external"]).lower()]))
    with open(edges_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["Source", "Target", "Type", "Kind", "Label"])
        for source, target, data in graph.edges(data=True):
            writer.writerow(safe_row([source, target, "Directed", data["kind"], data["text"]]))
    return nodes_path, edges_path


def write_edges(graph: nx.MultiDiGraph, out: IO[str]) -> None:
    """The edge list as CSV on a text stream (source, target, kind, text)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EDGE_FIELDS)
    for source, target, data in graph.edges(data=True):
        writer.writerow(safe_row([source, target, data["kind"], data["text"]]))
