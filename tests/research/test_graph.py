"""archive graph: GraphML, GEXF and CSV round-trip through networkx with the expected nodes and
edges (computed from the replica's ground truth), on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from collections import Counter

import networkx as nx
import pytest

from tests.servers.records import archived_targets

KINDS = ("next_story", "also_read", "body")



def expected_edges(records, kinds, external=False):
    targets = archived_targets(records)
    edges = Counter()
    for record in records:
        for link in record["links"]:
            if link["kind"] not in kinds:
                continue
            target = targets.get(link["url"])
            if target is None and external:
                target = link["url"]
            if target is not None:
                edges[(record["url"], target, link["kind"], link["text"] or "")] += 1
    return edges


def edges_of(graph):
    return Counter((s, t, d["kind"], d["text"] or "") for s, t, d in graph.edges(data=True))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_round_trips_with_expected_nodes_and_edges(filled, tmp_path, fmt, cli):
    url, records = filled
    out = tmp_path / f"links.{fmt}"
    result = cli("graph", "--db", url, "--format", fmt, "--kinds", ",".join(KINDS), "--out", str(out))
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert set(graph.nodes) == {r["url"] for r in records}
    expected = expected_edges(records, KINDS)
    assert sum(expected.values()) > len(records) // 2  # the chain alone gives most of them
    assert edges_of(graph) == expected
    node = graph.nodes[records[3]["url"]]
    assert node["label"] == records[3]["title"]
    assert node["published"] == records[3]["published_at"][:10]
    assert node["categories"] == "; ".join(records[3]["categories"])
    assert node["external"] in (False, "false")


def test_external_targets_are_optional_nodes(filled, tmp_path, cli):
    url, records = filled
    out = tmp_path / "all.graphml"
    cli("graph", "--db", url, "--include-external", "--out", str(out))
    graph = nx.read_graphml(out)
    all_kinds = {link["kind"] for r in records for link in r["links"]}
    assert edges_of(graph) == expected_edges(records, all_kinds, external=True)
    external = {n for n, is_external in graph.nodes(data="external") if is_external}
    assert external == {link["url"] for r in records for link in r["links"]
                        if link["url"] not in archived_targets(records)}
    assert external  # the replica has body links and embeds leaving the site


def test_csv_for_gephi_and_filters(filled, tmp_path, cli):
    url, records = filled
    folder = tmp_path / "graph"
    since = sorted(r["published_at"] for r in records)[len(records) // 2][:10]
    result = cli("graph", "--db", url, "--format", "csv", "--since", since, "--kinds", "next_story",
                 "--out", str(folder))
    assert result.exit_code == 0, result.output
    nodes = list(csv.DictReader(open(folder / "nodes.csv", encoding="utf-8")))
    edges = list(csv.DictReader(open(folder / "edges.csv", encoding="utf-8")))
    kept = [r for r in records if r["published_at"][:10] >= since]
    assert {n["Id"] for n in nodes} == {r["url"] for r in kept}
    assert Counter((e["Source"], e["Target"], e["Kind"], e["Label"]) for e in edges) == \
        expected_edges(kept, ("next_story",))
    assert {e["Type"] for e in edges} == {"Directed"}
    stdout = cli("graph", "--db", url, "--format", "csv", "--kinds", "next_story").stdout
    assert stdout.splitlines()[0] == "source,target,kind,text"
    assert len(stdout.splitlines()) - 1 == sum(expected_edges(records, ("next_story",)).values())


def test_unknown_kind_is_a_clear_error(filled, cli):
    url, _ = filled
    result = cli("graph", "--db", url, "--kinds", "body,sideways")
    assert result.exit_code == 2 and "sideways" in result.stderr and "next_story" in result.stderr
