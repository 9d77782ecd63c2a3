"""Run every benchmark and write BENCHMARKS.md (with the machine it ran on).

    eval "$(scripts/neo4j start --export)"          # for the Neo4j rows
    .venv/bin/python bench/run_all.py --sizes 10000 100000 [1000000] [--no-neo4j]

Each measurement runs in a subprocess of its own (`bench/run_all.py step ...`), so peak memory
(ru_maxrss) and cold-open times are that step's alone. Sizes count directives; the generated
graph has about five links per directive (issuer, citations, plans, tasks).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def timed(fn, samples) -> dict:
    times = []
    for s in samples:
        t0 = time.perf_counter()
        fn(s)
        times.append((time.perf_counter() - t0) * 1000)
    return {"p50_ms": round(statistics.median(times), 2), "p99_ms": round(pct(times, 99), 2)}


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# --- steps (each in its own process) ----------------------------------------------------------


def step_build(n: int, data: str) -> dict:
    from bench.generate import graph_rows
    from directive_graph.graph.embedded import EmbeddedStore

    t0 = time.perf_counter()
    nodes, edges = graph_rows(n)
    t_gen = time.perf_counter() - t0
    store = EmbeddedStore(data)
    t0 = time.perf_counter()
    with store.session() as s:
        s.bulk_write(nodes, edges, fresh=True)
    seconds = time.perf_counter() - t0
    size = sum(f.stat().st_size for f in Path(data).glob("graph.sqlite*"))
    return {
        "nodes": len(nodes), "relationships": len(edges), "generate_s": round(t_gen, 1),
        "load_s": round(seconds, 1), "rels_per_s": round(len(edges) / seconds),
        "disk_mb": round(size / 1e6, 1), "disk_bytes_per_directive": round(size / n),
        "peak_mb": peak_mb(),
    }  # fmt: skip


def step_open(data: str, n: int) -> dict:
    """A cold process: open the store and answer one "tasks implementing"."""
    from directive_graph.graph.embedded import EmbeddedStore
    from directive_graph.queries import catalogue

    t0 = time.perf_counter()
    store = EmbeddedStore(data)
    opened = time.perf_counter() - t0
    catalogue.tasks_implementing(store, _query_samples(store, n, 1)[0])
    return {"open_s": round(opened, 2), "first_answer_s": round(time.perf_counter() - t0, 2),
            "peak_mb": peak_mb()}  # fmt: skip


def _query_samples(store, n: int, k: int = 300):
    rng = random.Random(7)
    ids = [f"{i}-nq-tw-{2000 + i % 25}" for i in rng.sample(range(n), k)]
    return ids


def _queries(store, n: int) -> dict:
    from directive_graph.queries import catalogue

    ids = _query_samples(store, n)
    for d in ids[:20]:
        catalogue.tasks_implementing(store, d)
    years = [2000 + i % 25 for i in range(60)]
    catalogue.directives(store, issuer="body-0", year=2000)  # builds the lazy indexes first
    return {
        "tasks_implementing": timed(lambda d: catalogue.tasks_implementing(store, d), ids),
        "citations_of": timed(
            lambda d: (catalogue.cites(store, d), catalogue.cited_by(store, d)), ids
        ),
        "by_issuer_year": timed(  # a page, as GET /directives gives
            lambda y: catalogue.directives(store, issuer=f"body-{y % 50}", year=y, limit=50),
            years,
        ),
    }


def step_queries_embedded(n: int, data: str) -> dict:
    from directive_graph.graph.embedded import EmbeddedStore

    store = EmbeddedStore(data)
    return {**_queries(store, n), "peak_mb": peak_mb()}


def step_neo4j(n: int) -> dict:
    from bench.generate import graph_rows
    from directive_graph.graph.neo4j_store import Neo4jStore

    store = Neo4jStore()
    store.clear()
    nodes, edges = graph_rows(n)
    t0 = time.perf_counter()
    with store.session() as s:
        s.bulk_write(nodes, [])
    t_nodes = time.perf_counter() - t0
    t0 = time.perf_counter()
    with store.session() as s:
        s.bulk_write([], edges, fresh=True)  # the emptied database: as `push --replace`
    t_edges = time.perf_counter() - t0
    out = {
        "nodes_per_s": round(len(nodes) / t_nodes), "rels_per_s": round(len(edges) / t_edges),
        "load_s": round(t_nodes + t_edges, 1), **_queries(store, n),
    }  # fmt: skip
    store.close()
    return out


def step_api(n: int, data: str, port: int) -> dict:
    import http.client

    from bench.api_bench import wait_ready

    ids = [f"{i}-nq-tw-{2000 + i % 25}" for i in random.Random(7).sample(range(n), 300)]
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/directive-graph"), "serve", "--data", data, "--port", str(port),
         "--log-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_ready(port, seconds=300)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

        def get(path):
            conn.request("GET", path)
            r = conn.getresponse()
            r.read()
            assert r.status < 500, (path, r.status)

        for d in ids[:20]:
            get(f"/directives/{d}/tasks")
        return {
            "tasks_implementing": timed(lambda d: get(f"/directives/{d}/tasks"), ids),
            "citations_of": timed(lambda d: get(f"/directives/{d}/citations"), ids),
            "by_issuer_year": timed(
                lambda y: get(f"/directives?issuer=body-{y % 50}&year={y}&limit=100"),
                [2000 + i % 25 for i in range(60)],
            ),
        }
    finally:
        server.terminate()
        server.wait(timeout=60)


def step_post_during_load(data: str, port: int, docs: int = 3000, posts: int = 200) -> dict:
    """POST /documents (one client, one after another) while `directive-graph load` writes a
    folder of `docs` generated texts into the same data directory: the commit latency a
    service's writer sees while the CLI loads."""
    import http.client

    from bench.api_bench import wait_ready
    from bench.generate import plan_texts, write_documents

    folder = Path(tempfile.mkdtemp())
    key = "bench-key-0123456789abcdef"
    env = {**os.environ, "DIRECTIVE_GRAPH_API_KEY": key}
    env.pop("NEO4J_URI", None)
    cli = ROOT / ".venv/bin/directive-graph"
    server = subprocess.Popen(
        [str(cli), "serve", "--data", data, "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    try:
        write_documents(folder, docs, seed=29)
        wait_ready(port, seconds=300)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        loader = subprocess.Popen([str(cli), "load", "--data", data, str(folder)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        times, statuses = [], []
        texts = plan_texts(posts, seed=int(time.time()))  # new texts: each post writes
        time.sleep(2)  # the loader is under way
        for name, text in texts:
            body = json.dumps({"name": f"bench-{name}", "text": text}).encode()
            t0 = time.perf_counter()
            conn.request("POST", "/documents", body=body,
                         headers={"content-type": "application/json", "x-api-key": key})  # fmt: skip
            r = conn.getresponse()
            r.read()
            times.append((time.perf_counter() - t0) * 1000)
            statuses.append(r.status)
        still_loading = loader.poll() is None
        loader.wait(timeout=3600)
        return {"post": {"p50_ms": round(statistics.median(times), 2),
                         "p99_ms": round(pct(times, 99), 2)},
                "ok": statuses.count(201), "posts": posts, "loader_still_running": still_loading,
                "loader_exit": loader.returncode}  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


def step_extract(mb: float) -> dict:
    import re

    from bench.corpus import realistic
    from directive_graph.loaders import extract_citations

    text = realistic(int(mb * 1e6))
    size = len(text.encode()) / 1e6
    t0 = time.perf_counter()
    found = extract_citations(text)
    t_all = time.perf_counter() - t0
    pattern = re.compile(r"\d{1,5}-NQ/TW")
    t0 = time.perf_counter()
    sum(1 for _ in pattern.finditer(text))
    t_re = time.perf_counter() - t0
    return {"mb_per_s": round(size / t_all, 1), "regex_mb_per_s": round(size / t_re, 1),
            "citations_per_s": round(len(found) / t_all)}  # fmt: skip


def step_text_load(docs: int, neo4j: bool) -> dict:
    from bench.generate import write_documents
    from directive_graph.graph.embedded import EmbeddedStore
    from directive_graph.graph.registry import Registry
    from directive_graph.loaders.load import load_paths

    folder = Path(tempfile.mkdtemp())
    try:
        write_documents(folder, docs)
        out = {}
        stores = [("embedded", lambda: EmbeddedStore(Path(tempfile.mkdtemp())))]
        if neo4j:
            from directive_graph.graph.neo4j_store import Neo4jStore

            def emptied() -> Neo4jStore:
                s = Neo4jStore()
                s.clear()
                return s

            stores.append(("neo4j", emptied))
        for name, fresh in stores:
            # load --jobs 1 (in one process) into an empty store, then the default (a worker
            # process per core) into another: the same graph; the second is the figure
            figures = {}
            for jobs in (1, None):
                store = fresh()
                t0 = time.perf_counter()
                r = load_paths([folder], store, Registry.load(), jobs=jobs)
                dt = time.perf_counter() - t0
                figures[jobs] = (round(r.documents_read / dt, 1), round(r.edges_new / dt))
            out[name] = {
                "docs_per_s": figures[None][0],
                "rels_per_s": figures[None][1],
                "docs_per_s_one_process": figures[1][0],
            }
        return out
    finally:
        shutil.rmtree(folder, ignore_errors=True)


STEPS = {
    "build": step_build, "open": step_open, "queries_embedded": step_queries_embedded,
    "neo4j": step_neo4j, "api": step_api, "extract": step_extract, "text_load": step_text_load,
    "post_during_load": step_post_during_load,
}  # fmt: skip


def run_step(name: str, *args) -> dict:
    cmd = [sys.executable, __file__, "step", name, *map(str, args)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the report ---------------------------------------------------------------------------------


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    cpu = next((ln.split(":", 1)[1].strip() for ln in cpuinfo if ln.startswith("model name")), "?")
    mem = next((ln.split()[1] for ln in meminfo if ln.startswith("MemTotal")), "0")
    return (
        f"{os.cpu_count()} cores ({cpu}), {int(mem) / 1e6:.0f} GB RAM, {platform.platform()}, "
        f"Python {platform.python_version()}"
    )


def q(row: dict, key: str) -> str:
    v = row.get(key) or {}
    return f"{v.get('p50_ms', '-')} / {v.get('p99_ms', '-')}"


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "step":
        print(json.dumps(STEPS[sys.argv[2]](*[_arg(a) for a in sys.argv[3:]])))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--no-neo4j", action="store_true")
    parser.add_argument(
        "--api-max", type=int, default=1_000_000, help="skip the API above this size"
    )
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    args = parser.parse_args()
    neo4j = not args.no_neo4j and bool(os.environ.get("NEO4J_URI"))
    rows = []
    for n in args.sizes:
        data = tempfile.mkdtemp(prefix=f"bench-{n}-")
        try:
            row = {"n": n, "build": run_step("build", n, data), "open": run_step("open", data, n)}
            row["embedded"] = run_step("queries_embedded", n, data)
            if n <= args.api_max:
                row["api"] = run_step("api", n, data, 8700 + len(rows))
                row["post_during_load"] = run_step("post_during_load", data, 8800 + len(rows))
            if neo4j:
                row["neo4j"] = run_step("neo4j", n)
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
        finally:
            shutil.rmtree(data, ignore_errors=True)
    extract = run_step("extract", 20)
    text_load = run_step("text_load", 2000, int(neo4j))
    write_report(args.output, rows, extract, text_load, neo4j)


def _arg(a: str):
    return (
        int(a) if a.lstrip("-").isdigit() else (float(a) if a.replace(".", "", 1).isdigit() else a)
    )


def write_report(path: str, rows, extract, text_load, neo4j: bool) -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Written by `bench/run_all.py` on {time.strftime('%Y-%m-%d')}, on {machine()}.",
        'Rerun: `eval "$(scripts/neo4j start --export)"; .venv/bin/python bench/run_all.py`.',
        "",
        "## Extraction (20 MB of report text, a citation every ~2 KB)",
        "",
        f"Whole pipeline {extract.get('mb_per_s')} MB/s ({extract.get('citations_per_s')} citations/s); "
        f"one compiled `re` pattern over the same text {extract.get('regex_mb_per_s')} MB/s.",
        "",
        "## Loading texts (2,000 generated plans, reports and decisions)",
        "",
    ]
    for store, r in (text_load or {}).items():
        if isinstance(r, dict):
            lines.append(
                f"- {store}: {r.get('docs_per_s')} documents/s, {r.get('rels_per_s')} relationships/s"
                f" (in one process, --jobs 1: {r.get('docs_per_s_one_process')} documents/s)"
            )
    lines += [
        "",
        "## The graph at scale (generated graph, ~5 links per directive)",
        "",
        "| directives | nodes | relationships | bulk load, embedded (rels/s) | disk (MB; bytes/directive) "
        "| open cold; first answer (s) | peak memory: build; queries (MB) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        b, o = r["build"], r["open"]
        lines.append(
            f"| {r['n']:,} | {b.get('nodes', '-'):,} | {b.get('relationships', '-'):,} | {b.get('rels_per_s', '-'):,} "
            f"| {b.get('disk_mb', '-')}; {b.get('disk_bytes_per_directive', '-')} "
            f"| {o.get('open_s', '-')}; {o.get('first_answer_s', '-')} "
            f"| {b.get('peak_mb', '-')}; {max(o.get('peak_mb', 0), r['embedded'].get('peak_mb', 0))} |"
        )
    lines += [
        "",
        "Query latency, p50 / p99 in ms (tasks implementing: transitive, with inferred links; "
        "citations of: cites + cited by; by issuer and year: a page of 50, 100 through the API):",
        "",
        "| directives | where | tasks implementing | citations of | by issuer and year |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        for where in ("embedded", "api", "neo4j"):
            if where in r and "error" not in r[where]:
                lines.append(f"| {r['n']:,} | {where} | {q(r[where], 'tasks_implementing')} | "
                             f"{q(r[where], 'citations_of')} | {q(r[where], 'by_issuer_year')} |")  # fmt: skip
            elif where in r:
                lines.append(f"| {r['n']:,} | {where} | error: {r[where]['error']} | | |")
    lines += [
        "",
        "A document posted to the service while `directive-graph load` writes 3,000 "
        "texts into the same data directory (POST /documents, p50 / p99 in ms):",
        "",
    ]
    for r in rows:
        p = r.get("post_during_load")
        if p and "error" not in p:
            lines.append(f"- {r['n']:,} directives: {q(p, 'post')} ({p.get('ok')} of "
                         f"{p.get('posts')} saved; the load still running at the end: "
                         f"{p.get('loader_still_running')})")  # fmt: skip
        elif p:
            lines.append(f"- {r['n']:,} directives: error: {p['error']}")
    if neo4j:
        lines += ["", "Neo4j bulk load (through the driver, batched UNWIND ... MERGE):", ""]
        for r in rows:
            n4 = r.get("neo4j", {})
            lines.append(f"- {r['n']:,} directives: {n4.get('nodes_per_s', '-')} nodes/s, "
                         f"{n4.get('rels_per_s', '-')} relationships/s, {n4.get('load_s', '-')} s in all")  # fmt: skip
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
