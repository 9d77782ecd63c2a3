"""Neo4j first loads at scale: `push` through the driver against `push --bulk` (CSV + neo4j-admin).

    eval "$(scripts/neo4j start --export)"      # a server of your own: its graph is emptied
    .venv/bin/python bench/neo4j_bulk.py [--directives 100000] [--runs 3] [--no-merge]
    .venv/bin/python bench/neo4j_bulk.py --no-push     # bulk and neo4j-admin only, no server

On the graph of bench/generate.py `graph_rows`, in interleaved runs (the machine is shared:
medians), prints relationships per second of
  push          the driver into the running server (what `push --replace` does: emptied, then
                every node and relationship created in batches of UNWIND),
  push merge    the driver's incremental way (`push` without --replace: MERGE, evidence read
                first) into the emptied database,
  bulk          what `push --bulk` does: write the CSV files (graph/neo4j_bulk.py), then run
                neo4j-admin database import full into a fresh Neo4j home,
  neo4j-admin   the reference: the bare import tool on the same CSV files (written once, not
                timed), into another fresh home,
each end to end (nodes included), with the ratios. The import tool is the project's jars
(scripts/neo4j) or NEO4J_HOME/bin/neo4j-admin (graph/neo4j_bulk.find_admin).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import graph_rows
from directive_graph.graph.neo4j_bulk import find_admin, import_arguments, run_import, write_csv
from directive_graph.graph.neo4j_store import Neo4jStore


def timed_push(store: Neo4jStore, nodes, edges, fresh: bool) -> float:
    store.clear()
    t0 = time.perf_counter()
    with store.session() as s:
        s.bulk_write(nodes, edges, fresh=fresh)
    return time.perf_counter() - t0


def timed_bulk(nodes, edges, scratch: Path) -> float:
    home = scratch / "bulk-home"
    t0 = time.perf_counter()
    files = write_csv(nodes, edges, scratch / "bulk-csv")
    run_import(find_admin(home), files)
    elapsed = time.perf_counter() - t0
    shutil.rmtree(home)
    return elapsed


def timed_bare(files, scratch: Path) -> float:
    home = scratch / "bare-home"
    home.mkdir()
    tool = find_admin(home)
    args = [*tool.command, *import_arguments(files), f"--report-file={scratch / 'bare.report'}"]
    t0 = time.perf_counter()
    subprocess.run(args, env=tool.env, check=True, capture_output=True)
    elapsed = time.perf_counter() - t0
    shutil.rmtree(home)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--directives", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-merge", action="store_true", help="skip the incremental push")
    parser.add_argument(
        "--no-push", action="store_true", help="only bulk and neo4j-admin (no server needed)"
    )
    args = parser.parse_args()
    nodes, edges = graph_rows(args.directives)
    print(
        f"corpus: {args.directives:,} directives, {len(nodes):,} nodes, "
        f"{len(edges):,} relationships; tool: {find_admin().where}"
    )
    store = None if args.no_push else Neo4jStore()
    times: dict[str, list[float]] = {"push": [], "push merge": [], "bulk": [], "neo4j-admin": []}
    with tempfile.TemporaryDirectory(prefix="dg-bulk-bench-") as tmp:
        scratch = Path(tmp)
        reference = write_csv(nodes, edges, scratch / "reference-csv")
        for run in range(args.runs):
            steps = [
                ("bulk", lambda: timed_bulk(nodes, edges, scratch)),
                ("neo4j-admin", lambda: timed_bare(reference, scratch)),
            ]
            if store is not None:
                steps.insert(0, ("push", lambda: timed_push(store, nodes, edges, fresh=True)))
                if not args.no_merge:
                    steps.append(
                        ("push merge", lambda: timed_push(store, nodes, edges, fresh=False))
                    )
            for name, step in steps:
                times[name].append(step())
                print(f"run {run + 1}: {name} {times[name][-1]:.1f} s", flush=True)
    if store is not None:
        store.clear()
        store.close()
    rate = {k: len(edges) / statistics.median(v) for k, v in times.items() if v}
    for name, value in rate.items():
        print(f"{name:12} {value:10,.0f} relationships/s  (median of {len(times[name])})")
    print(f"bulk / neo4j-admin  {rate['bulk'] / rate['neo4j-admin']:.2f}")
    if "push" in rate:
        print(f"bulk / push         {rate['bulk'] / rate['push']:.2f}")
    if "push merge" in rate:
        print(f"push merge / push   {rate['push merge'] / rate['push']:.2f}")


if __name__ == "__main__":
    main()
