"""The HTTP API under concurrent load: requests/s, p50 and p99 of `GET /directives/{ref}/tasks`
on a generated graph (100k directives, embedded store), beside FastAPI's trivial endpoint
(bench/trivial_app.py: the same answer, returned as it is) measured in the same run with the
same driver and the same server settings (uvicorn, uvloop, httptools, N workers).

    .venv/bin/python bench/api_bench.py [--directives 100000] [--connections 32] \
        [--requests 10000] [--runs 3] [--workers 1,2]

The driver (bench/http_driver.py) runs in its own process: `--connections` keep-alive
connections, one request at a time each; its CPU time per request is printed, to show it is
not the bottleneck. Two workloads of ours:

- hot: 1,000 directives requested over and over (after a warm-up, the answer cache serves
  them: api/cache.py);
- cold: every request a directive not asked before in that server (the cache cannot help;
  SQLite and the route do the work: with the embedded store, by api/routes/directives.py's
  `TasksShortcut`, one query for the directive and one for its tasks).

Each figure is the median of `--runs` interleaved runs (trivial, cold, hot, trivial, ...); the
ratio is ours / trivial. The rate limit (1200/minute per client by default) would throttle
the driver's one client address: the bench turns it off for our server
(DIRECTIVE_GRAPH_RATE_LIMIT=off; the trivial app has none). The one-connection figures of the
web page and `POST /citations` come first (one worker).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.generate import graph_rows  # noqa: E402
from directive_graph.graph.embedded import EmbeddedStore  # noqa: E402
from directive_graph.graph.model import Label  # noqa: E402

TEXT = (
    "Thực hiện Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương và NQ 18; "
    "căn cứ Nghị định số 15/2020/NĐ-CP của Chính phủ, Quyết định số 1234/QĐ-TTg và Nghị quyết "
    "Trung ương 5 khóa XIII về tổ chức cơ sở đảng."
)
HOT = 1_000  # directives of the hot workload


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, seconds: float = 120, path: str = "/health") -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the API did not come up")


def measure(conn, method: str, paths: list[str], body: bytes | None = None) -> list[float]:
    """One connection, one request at a time (the single-connection figures)."""
    times = []
    headers = {"content-type": "application/json"} if body else {}
    for path in paths:
        t0 = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status >= 500:
            raise SystemExit(f"{method} {path}: {response.status}")
        times.append((time.perf_counter() - t0) * 1000)
    return times


def report(name: str, times: list[float]) -> None:
    total = sum(times) / 1000
    print(
        f"{name:34s} {len(times) / total:8,.0f} req/s  p50 {statistics.median(times):6.2f} ms  "
        f"p99 {percentile(times, 99):6.2f} ms"
    )


def drive(port: int, paths: list[str], connections: int, requests: int, workdir: Path) -> dict:
    """bench/http_driver.py in its own process: req/s, p50, p99 and the driver's CPU µs per
    request."""
    listing = workdir / f"paths-{port}-{time.monotonic_ns()}.txt"
    listing.write_text("\n".join(paths), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench/http_driver.py"), "--port", str(port),
         "--connections", str(connections), "--paths", str(listing), "--requests",
         str(requests), "--warmup", str(min(1000, requests // 10))],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    listing.unlink()
    r = json.loads(out)
    lat = r["latencies_ms"]
    bad = {k: v for k, v in r["statuses"].items() if k != "200"}
    if bad:
        raise SystemExit(f"port {port}: answers other than 200: {bad}")
    lat.sort()
    cpu = r["cpu_seconds"]
    return {"rps": r["requests"] / r["seconds"], "p50": percentile(lat, 50),
            "p99": percentile(lat, 99), "driver_us": cpu / max(1, r["requests"]) * 1e6}  # fmt: skip


def start(command: list[str], env: dict, port: int, path: str) -> subprocess.Popen:
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        wait_ready(port, path=path)
    except SystemExit:
        server.terminate()
        raise
    return server


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


def line(name: str, runs: list[dict], reference: list[dict] | None = None) -> str:
    rps = statistics.median(r["rps"] for r in runs)
    p50 = statistics.median(r["p50"] for r in runs)
    p99s = [r["p99"] for r in runs]
    text = (f"  {name:28s} {rps:7,.0f} req/s  p50 {p50:6.2f} ms  p99 {statistics.median(p99s):6.2f} "
            f"ms (runs: {', '.join(f'{x:.1f}' for x in p99s)})")  # fmt: skip
    if reference:
        text += f"  ratio {rps / statistics.median(r['rps'] for r in reference):.2f}x"
    return text


def concurrent(args, tmp: str, ids: list[str], sample: bytes, workers: int) -> dict:
    """Interleaved runs of the trivial endpoint, ours on hot directives (answers cached) and
    ours on directives each asked once (cold), with `workers` server processes; prints them
    and returns the runs by name."""
    work = Path(tmp)
    answer = work / "answer.json"
    answer.write_bytes(sample)
    ours_port, trivial_port = free_port(), free_port()
    env = {**os.environ, "DIRECTIVE_GRAPH_RATE_LIMIT": "off"}  # one client address: capacity
    ours = start(
        [str(ROOT / ".venv/bin/directive-graph"), "serve", "--data", tmp, "--port",
         str(ours_port), "--log-level", "warning", "--workers", str(workers)], env, ours_port,
        "/health",
    )  # fmt: skip
    trivial = start(
        [sys.executable, "-m", "uvicorn", "bench.trivial_app:app", "--port", str(trivial_port),
         "--http", "httptools", "--loop", "uvloop", "--workers", str(workers), "--log-level",
         "warning"], {**os.environ, "TRIVIAL_ANSWER": str(answer), "PYTHONPATH": str(ROOT)},
        trivial_port, f"/directives/{ids[0]}/tasks",
    )  # fmt: skip
    rng = random.Random(5)
    hot_ids = rng.sample(ids, HOT)
    hot_set = set(hot_ids)
    cold_ids = [d for d in ids if d not in hot_set]
    rng.shuffle(cold_ids)
    per_run = args.requests + min(1000, args.requests // 10)
    results: dict[str, list[dict]] = {"trivial": [], "cold": [], "hot": []}
    try:
        drive(ours_port, [f"/directives/{d}/tasks" for d in hot_ids], args.connections, HOT, work)
        for run in range(args.runs):
            hot = [f"/directives/{d}/tasks" for d in rng.choices(hot_ids, k=per_run)]
            cold = [f"/directives/{d}/tasks" for d in cold_ids[run * per_run : (run + 1) * per_run]]
            if len(cold) < per_run:
                raise SystemExit("too few directives for the cold runs: raise --directives")
            results["trivial"].append(
                drive(trivial_port, hot, args.connections, args.requests, work)
            )
            results["cold"].append(drive(ours_port, cold, args.connections, args.requests, work))
            results["hot"].append(drive(ours_port, hot, args.connections, args.requests, work))
    finally:
        stop(ours)
        stop(trivial)
    driver = max(r["driver_us"] for rs in results.values() for r in rs)
    print(f"{workers} worker(s), {args.connections} connections, {args.requests:,} requests a run, "
          f"medians of {args.runs} interleaved runs (driver: at most {driver:.0f} µs CPU a request, "
          f"{1e6 / driver:,.0f} req/s of capacity):")  # fmt: skip
    print(line("trivial FastAPI endpoint", results["trivial"]))
    print(line("ours, hot (1,000 directives)", results["hot"], results["trivial"]))
    print(line("ours, cold (each new)", results["cold"], results["trivial"]))
    return results


def single_connection(tmp: str, ids: list[str], requests: int) -> bytes:
    """The single-connection figures (web page, POST /citations); returns one tasks answer."""
    port = free_port()
    env = {**os.environ, "DIRECTIVE_GRAPH_RATE_LIMIT": "off"}
    server = start(
        [str(ROOT / ".venv/bin/directive-graph"), "serve", "--data", tmp, "--port", str(port),
         "--log-level", "warning"], env, port, "/health",
    )  # fmt: skip
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        rng = random.Random(3)
        pages = [f"/directive/{d}" for d in rng.choices(ids, k=max(100, requests // 4))]
        print("one connection:")
        report("  GET /directive/{id} (web page)", measure(conn, "GET", pages))
        body = json.dumps({"text": TEXT}).encode()
        report("  POST /citations", measure(conn, "POST", ["/citations"] * requests, body))
        conn.request("GET", f"/directives/{ids[0]}/tasks")
        return conn.getresponse().read()
    finally:
        stop(server)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--directives", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=10_000, help="a run (default 10000)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", default="1,2", help="worker counts to measure (1,2)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        store = EmbeddedStore(tmp)
        nodes, edges = graph_rows(args.directives)
        with store.session() as s:
            s.bulk_write(nodes, edges, fresh=True)
        store.close()
        print(f"graph: {args.directives:,} directives, {len(nodes):,} nodes, {len(edges):,} edges "
              f"(built in {time.perf_counter() - t0:.1f} s)")  # fmt: skip
        ids = sorted(n[0] for n in nodes if n[1] is Label.DIRECTIVE)
        del nodes, edges
        sample = single_connection(tmp, ids, 1000)
        print("GET /directives/{ref}/tasks, ours beside the trivial endpoint (same answer, "
              "uvloop + httptools for both; our rate limit off):")  # fmt: skip
        for workers in (int(w) for w in args.workers.split(",")):
            concurrent(args, tmp, ids, sample, workers)


if __name__ == "__main__":
    main()
