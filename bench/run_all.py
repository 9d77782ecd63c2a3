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
    bare = _bare_sqlite_load(nodes, edges)
    return {
        "nodes": len(nodes), "relationships": len(edges), "generate_s": round(t_gen, 1),
        "load_s": round(seconds, 1), "rels_per_s": round(len(edges) / seconds),
        "bare_rels_per_s": round(len(edges) / bare),
        "disk_mb": round(size / 1e6, 1), "disk_bytes_per_directive": round(size / n),
        "peak_mb": peak_mb(),
    }  # fmt: skip


def _bare_sqlite_load(nodes, edges) -> float:
    """The reference of a bulk load: SQLite itself writing the same rows into the store's own
    tables and indexes (ids to row numbers, one row per piece of evidence, JSON properties),
    with nothing of ours between; seconds."""
    import sqlite3

    from directive_graph.graph.embedded_schema import INDEXES, TABLES

    folder = Path(tempfile.mkdtemp(prefix="bench-bare-"))
    try:
        t0 = time.perf_counter()
        db = sqlite3.connect(folder / "bare.sqlite", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("BEGIN")
        for ddl in TABLES:
            db.execute(ddl)
        row_of = {nid: i for i, (nid, _l, _p, _s) in enumerate(nodes, 1)}
        labels: dict = {}
        db.executemany(
            "INSERT INTO nodes (n, id, label, props) VALUES (?, ?, ?, ?)",
            ((row_of[nid], nid, labels.setdefault(str(label), len(labels)), json.dumps(props))
             for nid, label, props, _s in nodes),
        )  # fmt: skip
        types: dict = {}
        db.executemany(
            "INSERT INTO links (source, type, target, start, \"end\", text, stated, confidence,"
            " note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((row_of.get(e.source, 0), types.setdefault(str(e.type), len(types)),
              row_of.get(e.target, 0), ev.start, ev.end, ev.sentence, int(ev.stated),
              ev.confidence, ev.note)
             for e in edges for ev in (e.evidence or [None]) if ev is not None),
        )  # fmt: skip
        for ddl in INDEXES:
            db.execute(ddl)
        db.execute("COMMIT")
        db.close()
        return time.perf_counter() - t0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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
    import sqlite3

    from directive_graph.graph.embedded import EmbeddedStore

    store = EmbeddedStore(data)
    out = {**_queries(store, n), "peak_mb": peak_mb()}
    # the reference: one indexed lookup of a node's incoming links with their evidence text,
    # straight from SQLite on the same file (what a one-hop answer costs with nothing of ours)
    db = sqlite3.connect(f"file:{Path(data) / 'graph.sqlite'}?mode=ro", uri=True)
    bare = "SELECT l.source, l.text FROM nodes n JOIN links l ON l.target = n.n WHERE n.id = ?"
    ids = _query_samples(store, n)
    for d in ids[:20]:
        db.execute(bare, (d,)).fetchall()
    out["bare_lookup"] = timed(lambda d: db.execute(bare, (d,)).fetchall(), ids)
    return out


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
    out["round_trip"] = _neo4j_round_trip(300)
    store.close()
    return out


def _neo4j_round_trip(k: int) -> dict:
    """The reference of a Neo4j answer: `RETURN 1` through the same driver and server."""
    from neo4j import GraphDatabase

    uri = os.environ["NEO4J_URI"]
    auth = (os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""))
    with GraphDatabase.driver(uri, auth=auth) as driver, driver.session() as session:
        for _ in range(20):
            session.run("RETURN 1").consume()
        return timed(lambda _: session.run("RETURN 1").consume(), range(k))


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
        out = {
            "tasks_implementing": timed(lambda d: get(f"/directives/{d}/tasks"), ids),
            "citations_of": timed(lambda d: get(f"/directives/{d}/citations"), ids),
            "by_issuer_year": timed(
                lambda y: get(f"/directives?issuer=body-{y % 50}&year={y}&limit=100"),
                [2000 + i % 25 for i in range(60)],
            ),
        }
        conn.request("GET", f"/directives/{ids[0]}/tasks")
        sample = conn.getresponse().read()
    finally:
        server.terminate()
        server.wait(timeout=60)
    out["trivial"] = _trivial_endpoint(sample, [f"/directives/{d}/tasks" for d in ids], port)
    return out


def _trivial_endpoint(sample: bytes, paths: list[str], port: int) -> dict:
    """The reference of an API answer: a FastAPI endpoint that only returns `sample`
    (bench/trivial_app.py), served by the same uvicorn, timed by the same client."""
    import http.client

    from bench.api_bench import wait_ready

    folder = Path(tempfile.mkdtemp(prefix="bench-trivial-"))
    (folder / "answer.json").write_bytes(sample)
    env = {**os.environ, "TRIVIAL_ANSWER": str(folder / "answer.json"), "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bench.trivial_app:app", "--port", str(port),
         "--log-level", "warning"], env=env, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_ready(port, seconds=60, path=paths[0])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

        def get(path):
            conn.request("GET", path)
            conn.getresponse().read()

        for p in paths[:20]:
            get(p)
        return timed(get, paths)
    finally:
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


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
        texts = plan_texts(2 * posts, seed=int(time.time()))  # new texts: each post writes

        def post_all(batch) -> tuple[list[float], list[int]]:
            times, statuses = [], []
            for name, text in batch:
                body = json.dumps({"name": f"bench-{name}", "text": text}).encode()
                t0 = time.perf_counter()
                conn.request("POST", "/documents", body=body,
                             headers={"content-type": "application/json", "x-api-key": key})  # fmt: skip
                r = conn.getresponse()
                r.read()
                times.append((time.perf_counter() - t0) * 1000)
                statuses.append(r.status)
            return times, statuses

        alone, _ = post_all(texts[posts:])  # the reference: the same kind of posts, no load
        loader = subprocess.Popen([str(cli), "load", "--data", data, str(folder)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(2)  # the loader is under way
        times, statuses = post_all(texts[:posts])
        still_loading = loader.poll() is None
        loader.wait(timeout=3600)
        return {"post": {"p50_ms": round(statistics.median(times), 2),
                         "p99_ms": round(pct(times, 99), 2)},
                "alone": {"p50_ms": round(statistics.median(alone), 2),
                          "p99_ms": round(pct(alone, 99), 2)},
                "ok": statuses.count(201), "posts": posts, "loader_still_running": still_loading,
                "loader_exit": loader.returncode}  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


def step_extract(mb: float) -> dict:
    """The extractor on `mb` MB of real text (the seed and the development corpus repeated,
    when ../shared is beside the project; else the synthetic reports) beside one `re`
    alternation of the anchor words over the same text, medians of 3 interleaved runs; then
    `extract_many` in 2 processes beside 1."""
    import re

    from bench.corpus import realistic
    from bench.extract_bench import ONE_ALTERNATION, SHARED, interleaved, real_text
    from directive_graph.loaders import extract_citations, extract_many

    size = int(mb * 1e6)
    found = real_text([d for d in SHARED if d.is_dir()], size)
    text, label = found or (realistic(size), "synthetic reports (bench/corpus.py)")
    mb = len(text.encode()) / 1e6
    one_re = re.compile(ONE_ALTERNATION)
    t = interleaved({"ours": lambda: extract_citations(text),
                     "re": lambda: sum(1 for _ in one_re.finditer(text))}, 3)  # fmt: skip
    pieces = [text[i : i + 20_000] for i in range(0, len(text), 20_000)]
    many = interleaved({"1": lambda: extract_many(pieces, jobs=1),
                        "2": lambda: extract_many(pieces, jobs=2)}, 1)  # fmt: skip
    return {"input": label, "mb": round(mb, 1), "mb_per_s": round(mb / t["ours"], 1),
            "regex_mb_per_s": round(mb / t["re"], 1),
            "citations_per_s": round(len(extract_citations(text)) / t["ours"]),
            "many_1_mb_per_s": round(mb / many["1"], 1),
            "many_2_mb_per_s": round(mb / many["2"], 1)}  # fmt: skip


def step_api_concurrent(n: int, workers: int) -> dict:
    """GET /directives/{ref}/tasks at `n` directives over 32 connections, beside the trivial
    FastAPI endpoint with the same server settings and driver (bench/api_bench.py)."""
    import argparse as _argparse

    from bench.api_bench import concurrent
    from bench.generate import graph_rows
    from directive_graph.graph.embedded import EmbeddedStore
    from directive_graph.graph.model import Label

    folder = tempfile.mkdtemp(prefix="bench-api32-")
    try:
        store = EmbeddedStore(folder)
        nodes, edges = graph_rows(n)
        with store.session() as s:
            s.bulk_write(nodes, edges, fresh=True)
        ids = sorted(x[0] for x in nodes if x[1] is Label.DIRECTIVE)
        del nodes, edges
        store.close()
        sample = store_answer(folder, ids[0])
        args = _argparse.Namespace(requests=5000, connections=32, runs=3)
        with contextlib_redirect():
            runs = concurrent(args, folder, ids, sample, workers)
        out = {}
        for name, rs in runs.items():
            out[name] = {"rps": round(statistics.median(r["rps"] for r in rs)),
                         "p99_ms": round(max(r["p99"] for r in rs), 1)}  # fmt: skip
        return out
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def store_answer(folder: str, directive: str) -> bytes:
    """The bytes GET /directives/{directive}/tasks answers (the trivial endpoint returns them)."""
    from fastapi.testclient import TestClient

    from directive_graph.api.main import create_app
    from directive_graph.api.settings import Settings

    app = create_app(Settings(data=folder))
    with TestClient(app) as client:
        return client.get(f"/directives/{directive}/tasks").content


def contextlib_redirect():
    import contextlib

    return contextlib.redirect_stdout(sys.stderr)  # the step's stdout is its JSON line


def step_neo4j_bulk(n: int) -> dict:
    """At `n` directives: `push` through the driver into the emptied server, and `push --bulk`
    (CSV written, then neo4j-admin's import) beside neo4j-admin's import of the same CSV alone
    (bench/neo4j_bulk.py), one run each."""
    from bench.generate import graph_rows
    from bench.neo4j_bulk import timed_bare, timed_bulk, timed_push
    from directive_graph.graph.neo4j_bulk import write_csv
    from directive_graph.graph.neo4j_store import Neo4jStore

    nodes, edges = graph_rows(n)
    out = {"relationships": len(edges)}
    with tempfile.TemporaryDirectory(prefix="dg-bulk-") as tmp:
        scratch = Path(tmp)
        reference = write_csv(nodes, edges, scratch / "reference-csv")
        out["bulk_rels_per_s"] = round(len(edges) / timed_bulk(nodes, edges, scratch))
        out["bare_rels_per_s"] = round(len(edges) / timed_bare(reference, scratch))
    store = Neo4jStore()
    try:
        out["push_rels_per_s"] = round(len(edges) / timed_push(store, nodes, edges, fresh=True))
        store.clear()
    finally:
        store.close()
    return out


def step_rdf_read(n: int) -> dict:
    """Reading an export back (`read_triples`, what `load` does with a .ttl or .nt file) beside
    pyoxigraph's bare parse of the same bytes, at `n` generated directives."""

    from bench.rdf_bench import generated, read_back

    out = {}
    for name, count, ours, bare in read_back(generated(n)):
        out[name] = {"triples": count, "triples_per_s": round(ours), "bare_per_s": round(bare)}
    return out


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
        # the reference: reading the same files and extracting their citations, nothing more,
        # in as many processes as the load uses (the floor of any load of these texts)
        from directive_graph.loaders import extract_many
        from directive_graph.loaders.documents import document_text, iter_documents

        t0 = time.perf_counter()
        paths = list(iter_documents([folder]))
        extract_many([document_text(p) for p in paths], jobs=os.cpu_count() or 1)
        out["extract_only_docs_per_s"] = round(len(paths) / (time.perf_counter() - t0), 1)
        return out
    finally:
        shutil.rmtree(folder, ignore_errors=True)


STEPS = {
    "build": step_build, "open": step_open, "queries_embedded": step_queries_embedded,
    "neo4j": step_neo4j, "api": step_api, "extract": step_extract, "text_load": step_text_load,
    "post_during_load": step_post_during_load, "rdf_read": step_rdf_read,
    "api_concurrent": step_api_concurrent, "neo4j_bulk": step_neo4j_bulk,
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
    parser = argparse.ArgumentParser(
        description="Run every benchmark, each figure beside its reference measured in the same "
        "run, and write BENCHMARKS.md."
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000],
                        help="graph sizes, in directives (default: 10000 100000)")  # fmt: skip
    parser.add_argument("--no-neo4j", action="store_true", help="leave the Neo4j rows out")
    parser.add_argument(
        "--api-max", type=int, default=1_000_000, help="skip the API above this size"
    )
    parser.add_argument("--rdf-size", type=int, default=20_000,
                        help="directives of the graph whose export is read back")  # fmt: skip
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    args = parser.parse_args()
    neo4j = not args.no_neo4j and bool(os.environ.get("NEO4J_URI"))
    from directive_graph.api.progress import Steps

    steps = Steps()
    big = max(args.sizes)
    total = len(args.sizes) * (4 + (neo4j and 1) + 2) + 5 + (neo4j and 1)
    rows = []
    with steps.step("benchmarks", total=total) as bar:

        def step(name: str, *a):
            result = run_step(name, *a)
            bar.advance()
            return result

        for n in args.sizes:
            data = tempfile.mkdtemp(prefix=f"bench-{n}-")
            try:
                row = {"n": n, "build": step("build", n, data), "open": step("open", data, n)}
                row["embedded"] = step("queries_embedded", n, data)
                if n <= args.api_max:
                    row["api"] = step("api", n, data, 8700 + len(rows))
                    row["post_during_load"] = step("post_during_load", data, 8800 + len(rows))
                if neo4j:
                    row["neo4j"] = step("neo4j", n)
                rows.append(row)
                print(json.dumps(row), file=sys.stderr)
            finally:
                shutil.rmtree(data, ignore_errors=True)
        once = {
            "extract": step("extract", 20),
            "rdf_read": step("rdf_read", args.rdf_size),
            "text_load": step("text_load", 2000, int(neo4j)),
            "api_concurrent": {w: step("api_concurrent", big, w) for w in (1, 2)},
            "n": big,
        }
        if neo4j:
            once["neo4j_bulk"] = step("neo4j_bulk", big)
    write_report(args.output, rows, once, neo4j)


def _arg(a: str):
    return (
        int(a) if a.lstrip("-").isdigit() else (float(a) if a.replace(".", "", 1).isdigit() else a)
    )


def _num(v) -> str:
    if isinstance(v, float) and v < 100:
        return f"{v:,.2f}"
    return f"{v:,.0f}" if isinstance(v, (int, float)) else "-"


def figures(rows: list[dict], once: dict) -> list[tuple[str, str, str, str, str]]:
    """(figure, ours, reference, ratio, target) rows: a rate's ratio is ours / reference, a
    latency's is reference / ours (both: 1.00 = as fast as the reference, higher is better).
    A figure whose step failed or has no reference is left out."""
    out = []

    def rate(what, ours, unit, ref_what, ref, target=""):
        if isinstance(ours, (int, float)) and isinstance(ref, (int, float)) and ref:
            out.append((what, f"{_num(ours)} {unit}", f"{ref_what}: {_num(ref)} {unit}",
                        f"{ours / ref:.2f}", target))  # fmt: skip

    def latency(what, ours, ref_what, ref, target=""):
        a, b = (ours or {}).get("p50_ms"), (ref or {}).get("p50_ms")
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and a:
            out.append((what, f"p50 {a} ms, p99 {ours.get('p99_ms')} ms",
                        f"{ref_what}: p50 {b} ms, p99 {ref.get('p99_ms')} ms", f"{b / a:.2f}",
                        target))  # fmt: skip

    ex = once.get("extract") or {}
    rate("extraction, one core", ex.get("mb_per_s"), "MB/s", "one `re` alternation of the "
         "anchor words, same text", ex.get("regex_mb_per_s"), "35 MB/s, 0.6x")  # fmt: skip
    rate(
        "extract_many, 2 processes",
        ex.get("many_2_mb_per_s"),
        "MB/s",
        "extract_many in 1 process, same texts",
        ex.get("many_1_mb_per_s"),
        "2 cores used",
    )
    big = f"{once.get('n', 0):,} directives"
    for w, api in (once.get("api_concurrent") or {}).items():
        if not isinstance(api, dict) or "error" in api:
            continue
        trivial = (api.get("trivial") or {}).get("rps")
        for case, what in (
            ("cold", "each directive asked once"),
            ("hot", "1,000 directives, answers cached"),
        ):
            got = api.get(case) or {}
            rate(f"GET /directives/{{ref}}/tasks, {big}, 32 connections, {w} worker(s), {what} "
                 f"(p99 {got.get('p99_ms')} ms; trivial's {api['trivial'].get('p99_ms')} ms)",
                 got.get("rps"), "req/s", "a FastAPI endpoint returning the same answer, same "
                 "server settings and driver", trivial, "0.8x, p99 < 20 ms")  # fmt: skip
    bulk = once.get("neo4j_bulk") or {}
    rate(f"Neo4j first load, `push --bulk` (CSV written, then imported), {big}",
         bulk.get("bulk_rels_per_s"), "rels/s", "neo4j-admin importing the same CSV alone",
         bulk.get("bare_rels_per_s"), "100,000 rels/s")  # fmt: skip
    rate(f"Neo4j load through the driver (`push`), {big}", bulk.get("push_rels_per_s"),
         "rels/s", "neo4j-admin importing the same graph's CSV", bulk.get("bare_rels_per_s"),
         "25,000 rels/s")  # fmt: skip
    tl = once.get("text_load") or {}
    for store_name in ("embedded", "neo4j"):
        t = tl.get(store_name)
        if isinstance(t, dict):
            rate(f"loading 2,000 generated texts into the {store_name} store (worker processes;"
                 f" in one: {_num(t.get('docs_per_s_one_process'))} documents/s)",
                 t.get("docs_per_s"), "documents/s", "reading the same files and extracting "
                 "their citations alone, as many processes", tl.get("extract_only_docs_per_s"),
                 "1,000/s" if store_name == "embedded" else "300/s")  # fmt: skip
    for name, r in (once.get("rdf_read") or {}).items():
        if isinstance(r, dict):
            rate(f"reading an export back ({name}, {r.get('triples', 0):,} triples)",
                 r.get("triples_per_s"), "triples/s", "pyoxigraph's parse alone, same bytes",
                 r.get("bare_per_s"), "300,000 triples/s")  # fmt: skip
    for r in rows:
        n = f"{r['n']:,} directives"
        b = r.get("build") or {}
        rate(f"bulk load, embedded, {n}", b.get("rels_per_s"), "rels/s",
             "SQLite writing the same rows and indexes", b.get("bare_rels_per_s"))  # fmt: skip
        e = r.get("embedded") or {}
        latency(f"tasks implementing, embedded, {n}", e.get("tasks_implementing"),
                "one indexed one-hop lookup in SQLite", e.get("bare_lookup"))  # fmt: skip
        a = r.get("api") or {}
        latency(f"GET /directives/{{ref}}/tasks, one connection, {n}", a.get("tasks_implementing"),
                "a FastAPI endpoint returning the same answer", a.get("trivial"))  # fmt: skip
        n4 = r.get("neo4j") or {}
        latency(f"tasks implementing, Neo4j, {n}", n4.get("tasks_implementing"),
                "`RETURN 1` through the same driver", n4.get("round_trip"))  # fmt: skip
        p = r.get("post_during_load") or {}
        latency(f"POST /documents while `load` writes 3,000 texts, {n}", p.get("post"),
                "the same posts with no load running", p.get("alone"))  # fmt: skip
    return out


def write_report(path: str, rows, once: dict, neo4j: bool) -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Written by `bench/run_all.py` on {time.strftime('%Y-%m-%d')}, on {machine()}.",
        'Rerun: `eval "$(scripts/neo4j start --export)"; .venv/bin/python bench/run_all.py`.',
        "",
        "Every figure stands beside a reference measured in the same run, on the same machine, "
        "so that the ratio can be read even when the machine is shared. The ratio is ours / the "
        "reference for a rate and the reference's time / ours for a latency: 1.00 is as fast as "
        "the reference, higher is better.",
        "",
        "| figure | ours | reference, same run | ratio | target |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in figures(rows, once):
        lines.append("| " + " | ".join(row) + " |")
    lines += [
        "",
        "## The graph at scale (generated graph, ~5 links per directive)",
        "",
        "| directives | nodes | relationships | bulk load, embedded (rels/s) | SQLite alone, same "
        "rows (rels/s) | disk (MB; bytes/directive) | open cold; first answer (s) | peak memory: "
        "build; queries (MB) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        b, o = r["build"], r["open"]
        lines.append(
            f"| {r['n']:,} | {_num(b.get('nodes'))} | {_num(b.get('relationships'))} "
            f"| {_num(b.get('rels_per_s'))} | {_num(b.get('bare_rels_per_s'))} "
            f"| {b.get('disk_mb', '-')}; {b.get('disk_bytes_per_directive', '-')} "
            f"| {o.get('open_s', '-')}; {o.get('first_answer_s', '-')} "
            f"| {b.get('peak_mb', '-')}; {max(o.get('peak_mb', 0), r['embedded'].get('peak_mb', 0))} |"
        )
    lines += [
        "",
        "Query latency, p50 / p99 in ms (tasks implementing: transitive, with inferred links; "
        "citations of: cites + cited by; by issuer and year: a page of 50, 100 through the API), "
        "each beside its reference (embedded: one indexed one-hop lookup in SQLite on the same "
        "file; api: a FastAPI endpoint that returns the same answer, same client; neo4j: `RETURN "
        "1` through the same driver):",
        "",
        "| directives | where | tasks implementing | citations of | by issuer and year | "
        "reference |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    refs = {"embedded": "bare_lookup", "api": "trivial", "neo4j": "round_trip"}
    for r in rows:
        for where in ("embedded", "api", "neo4j"):
            if where in r and "error" not in r[where]:
                lines.append(f"| {r['n']:,} | {where} | {q(r[where], 'tasks_implementing')} | "
                             f"{q(r[where], 'citations_of')} | {q(r[where], 'by_issuer_year')} | "
                             f"{q(r[where], refs[where])} |")  # fmt: skip
            elif where in r:
                lines.append(f"| {r['n']:,} | {where} | error: {r[where]['error']} | | | |")
    if neo4j:
        lines += ["", "Neo4j load through the driver (batched UNWIND ... MERGE):", ""]
        for r in rows:
            n4 = r.get("neo4j", {})
            lines.append(f"- {r['n']:,} directives: {_num(n4.get('nodes_per_s'))} nodes/s, "
                         f"{_num(n4.get('rels_per_s'))} relationships/s, "
                         f"{n4.get('load_s', '-')} s in all")  # fmt: skip
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
