"""The HTTP API under load: requests/s and p50/p99 for `/directives/{ref}/tasks`, the web
view's directive page and `POST /citations` on a generated graph, embedded store, one uvicorn worker, driven from this
process (a separate one) over loopback with keep-alive.

    .venv/bin/python bench/api_bench.py [--directives 100000] [--requests 2000]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
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


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def wait_ready(port: int, seconds: float = 120) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the API did not come up")


def measure(conn, method: str, paths: list[str], body: bytes | None = None) -> list[float]:
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--directives", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        store = EmbeddedStore(tmp)
        nodes, edges = graph_rows(args.directives)
        with store.session() as s:
            s.bulk_write(nodes, edges, fresh=True)
        print(f"graph: {args.directives:,} directives, {len(nodes):,} nodes, {len(edges):,} edges "
              f"(built in {time.perf_counter() - t0:.1f} s)")  # fmt: skip
        ids = [n[0] for n in nodes if n[1] is Label.DIRECTIVE]
        env = {**os.environ, "DIRECTIVE_GRAPH_RATE_LIMIT": "off"}  # one client: capacity
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/directive-graph"), "serve", "--data", tmp, "--port",
             str(args.port), "--log-level", "warning"], env=env,
        )  # fmt: skip
        try:
            wait_ready(args.port)
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
            rng = random.Random(3)
            measure(conn, "GET", [f"/directives/{d}/tasks" for d in rng.sample(ids, 100)])
            paths = [f"/directives/{d}/tasks" for d in rng.choices(ids, k=args.requests)]
            report("GET /directives/{ref}/tasks", measure(conn, "GET", paths))
            pages = [f"/directive/{d}" for d in rng.choices(ids, k=max(100, args.requests // 4))]
            report("GET /directive/{id} (web page)", measure(conn, "GET", pages))
            body = json.dumps({"text": TEXT}).encode()
            report("POST /citations", measure(conn, "POST", ["/citations"] * args.requests, body))
            conn.request("GET", paths[0])
            sample = conn.getresponse().read()
        finally:
            server.terminate()
            server.wait(timeout=30)
        ours = measure_reference(tmp, sample, paths, args.port + 1)
        print(f"reference: the same answer from a FastAPI endpoint that only returns it "
              f"(same uvicorn, same run): {ours}")  # fmt: skip


def measure_reference(tmp: str, sample: bytes, paths: list[str], port: int) -> str:
    answer = Path(tmp) / "answer.json"
    answer.write_bytes(sample)
    env = {**os.environ, "TRIVIAL_ANSWER": str(answer), "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bench.trivial_app:app", "--port", str(port),
         "--http", "h11", "--log-level", "warning"], env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        for _ in range(200):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", paths[0])
                break
            except OSError:
                time.sleep(0.1)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        measure(conn, "GET", paths[:100])
        times = measure(conn, "GET", paths)
        report("  trivial endpoint", times)
        return f"{len(times) / (sum(times) / 1000):.0f} req/s"
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
