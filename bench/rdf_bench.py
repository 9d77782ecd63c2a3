"""RDF export speed: the streaming Turtle and N-Triples writers of `graph/rdf.py` on 100,000
generated directives (about 200,000 nodes and 300,000 edges with evidence), and rdflib's own
serializers on a 10,000-directive slice for comparison; then reading the files back
(`read_triples`, the path of `load`: the writers' layout split as bytes, pyoxigraph for anything
else) beside pyoxigraph's parse of the same bytes with nothing done per triple (the ceiling of a
reader built on pyoxigraph's terms), and beside rdflib on the slice.

    .venv/bin/python bench/rdf_bench.py [N_DIRECTIVES]
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import graph_rows
from directive_graph.graph.store import FORMAT_VERSION


def node_link(nodes, edges) -> dict:
    """Node-link data from `graph_rows` output, in the shape and order of `store.export()`
    (edges with the same (source, target, type) merged, as a store merges them)."""
    merged: dict[tuple[str, str, str], dict] = {}
    for e in edges:
        key = (e.source, e.target, str(e.type))
        link = merged.get(key)
        if link is None:
            merged[key] = {
                "source": e.source,
                "target": e.target,
                "type": str(e.type),
                **e.props,
                "evidence": [ev.to_dict() for ev in e.evidence],
            }
        else:
            for ev in e.evidence:
                if ev.to_dict() not in link["evidence"]:
                    link["evidence"].append(ev.to_dict())
    out_nodes = {}
    for node_id, label, props, _sources in nodes:
        out_nodes[node_id] = {"id": node_id, "label": str(label), **props}
    return {
        "directed": True,
        "multigraph": True,
        "graph": {"format_version": FORMAT_VERSION},
        "nodes": sorted(out_nodes.values(), key=lambda n: (n["label"], n["id"])),
        "links": [merged[k] for k in sorted(merged)],
    }


def generated(n_directives: int) -> dict:
    return node_link(*graph_rows(n_directives))


def _time(label: str, fn) -> float:
    t0 = time.perf_counter()
    triples = fn()
    dt = time.perf_counter() - t0
    print(f"{label:<40} {triples:>10,d} triples  {dt:7.2f} s  {triples / dt:>12,.0f} triples/s")
    return triples / dt


def read_back(data: dict) -> list[tuple[str, int, float, float]]:
    """(format, triples, read_triples' triples/s, pyoxigraph's bare parse's) for `data` written
    as N-Triples and as Turtle."""
    from directive_graph.graph.rdf import write_ntriples, write_turtle

    out = []
    for name, writer in (("nt", write_ntriples), ("turtle", write_turtle)):
        buf = io.StringIO()
        count = writer(data, buf)
        raw = buf.getvalue().encode()
        del buf
        out.append((name, count, *read_rates(raw, name, count)))
    return out


def read_rates(raw: bytes, name: str, count: int, repeat: int = 3) -> tuple[float, float]:
    """Triples/s of `read_triples` and of pyoxigraph's bare parse of `raw`, interleaved."""
    import statistics

    import pyoxigraph as ox

    from directive_graph.graph.rdf import read_triples

    fmt = ox.RdfFormat.N_TRIPLES if name == "nt" else ox.RdfFormat.TURTLE
    ours, bare = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        read_triples(raw, name)
        ours.append(count / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        for _quad in ox.parse(raw, format=fmt):
            pass
        bare.append(count / (time.perf_counter() - t0))
    return statistics.median(ours), statistics.median(bare)


def main(argv: list[str]) -> int:
    from directive_graph.graph.rdf import to_rdf, write_ntriples, write_turtle

    n = int(argv[0]) if argv else 100_000
    t0 = time.perf_counter()
    data = generated(n)
    print(
        f"{n:,d} directives: {len(data['nodes']):,d} nodes, {len(data['links']):,d} links "
        f"(generated in {time.perf_counter() - t0:.1f} s)"
    )
    sizes = {}

    tmp = Path(tempfile.mkdtemp(prefix="rdf-bench-"))

    def run(writer, name):
        path = tmp / f"graph.{name}"
        with path.open("w", encoding="utf-8", newline="\n") as f:
            count = writer(data, f)
        sizes[name] = path.stat().st_size
        path.unlink()
        return count

    _time("write_turtle", lambda: run(write_turtle, "turtle"))
    _time("write_ntriples", lambda: run(write_ntriples, "nt"))
    for name, size in sizes.items():
        print(f"  {name}: {size / 1e6:.0f} MB")
    tmp.rmdir()

    print("\nreading back (medians of 3 interleaved runs):")
    for name, _count, ours, ceiling in read_back(data):
        print(
            f"  {name:<7} read_triples {ours:>10,.0f} triples/s   pyoxigraph parse alone "
            f"{ceiling:>10,.0f}/s   ratio {ours / ceiling:.2f}"
        )

    n_slice = min(n, 10_000)
    small = generated(n_slice)
    graph_box = {}

    def build():
        graph_box["g"] = to_rdf(small)
        return len(graph_box["g"])

    print(f"\nrdflib, {n_slice:,d} directives:")
    _time("to_rdf (rdflib graph)", build)
    g = graph_box["g"]
    for fmt in ("turtle", "nt"):
        _time(f"rdflib serialize {fmt}", lambda fmt=fmt: (g.serialize(format=fmt), len(g))[1])
    _time("write_turtle (same slice)", lambda: write_turtle(small, io.StringIO()))
    _time("write_ntriples (same slice)", lambda: write_ntriples(small, io.StringIO()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
