"""Neo4j: bulk load of a generated corpus, then the latency of "tasks implementing a directive".

    eval "$(scripts/neo4j start --export)"
    .venv/bin/python bench/neo4j_bench.py [--directives 100000] [--queries 500]

Prints nodes/s and relationships/s through the driver (batched UNWIND ... MERGE), and p50/p99
of the query (transitive, with inferred links) on random directives. The database is emptied
first: run it against a server of your own.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import graph_rows
from directive_graph.graph.model import Label
from directive_graph.graph.neo4j_store import Neo4jStore
from directive_graph.queries.catalogue import tasks_implementing


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--directives", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--batch", type=int, default=20_000)
    args = parser.parse_args()
    nodes, edges = graph_rows(args.directives)
    store = Neo4jStore()
    store.clear()
    t0 = time.perf_counter()
    with store.session() as s:
        s.bulk_write(nodes, [], size=args.batch)
    t_nodes = time.perf_counter() - t0
    t0 = time.perf_counter()
    with store.session() as s:
        s.bulk_write([], edges, size=args.batch, fresh=True)  # the emptied database
    t_edges = time.perf_counter() - t0
    size = f"{args.directives:,} directives, {len(nodes):,} nodes, {len(edges):,} relationships"
    print(f"corpus: {size}")
    print(f"nodes          {len(nodes) / t_nodes:10,.0f} /s  ({t_nodes:.1f} s)")
    print(f"relationships  {len(edges) / t_edges:10,.0f} /s  ({t_edges:.1f} s)")
    ids = [n[0] for n in nodes if n[1] is Label.DIRECTIVE]
    rng = random.Random(1)
    for d in rng.sample(ids, 20):  # warm up the page cache and the query plans
        tasks_implementing(store, d)
    times, found = [], 0
    for d in rng.sample(ids, args.queries):
        t0 = time.perf_counter()
        rows = tasks_implementing(store, d)
        times.append((time.perf_counter() - t0) * 1000)
        found += len(rows)
    print(
        f"tasks implementing (transitive): p50 {statistics.median(times):.2f} ms, "
        f"p99 {percentile(times, 99):.2f} ms over {args.queries} directives ({found} tasks found)"
    )
    store.close()


if __name__ == "__main__":
    main()
