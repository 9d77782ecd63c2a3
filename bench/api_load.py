"""The HTTP API under concurrent load: `directive-graph serve` in a subprocess on a free loopback
port, over a store loaded with the test fixtures and the seed report; N clients (threads, each
with its own keep-alive httpx connection) mix

    GET  /directives/{ref}/tasks     GET /directives?issuer=&q=&year=&kind=
    POST /citations                  GET /citations/resolve?q=&year=

for S seconds, then it prints requests/s, p50/p99 latency and the error count. Every answer is
checked against the status it should have (200, or 300 for an ambiguous reference); a transport
error, a timeout, a 5xx or any other status counts as an error, and the exit code is then 1.

    .venv/bin/python bench/api_load.py [--clients 50] [--seconds 20]

`run_load()` is the same for tests (tests/test_api_hardening.py runs 50 clients for 5 s).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "tests" / "fixtures", ROOT / "tests" / "report"]

TEXT = (
    "Thực hiện Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương và NQ 18; "
    "căn cứ Nghị định số 15/2020/NĐ-CP của Chính phủ, Kết luận số 74-KL/TW và Quy định số "
    "50-QĐ/TW về công tác tổ chức cán bộ."
)

# (name, method, path, params or JSON body, expected status)
MIX: list[tuple[str, str, str, dict | None, int]] = [
    ("tasks", "GET", "/directives/KL 21/tasks", None, 200),
    ("tasks", "GET", "/directives/21-kl-tw-2021/tasks", {"transitive": "false"}, 200),
    ("tasks", "GET", "/directives/50-qd-tw-2021/tasks", {"include_inferred": "false"}, 200),
    ("tasks", "GET", "/directives/Kết luận số 74-KL/TW/tasks", None, 200),
    ("tasks", "GET", "/directives/NQ 18/tasks", None, 300),
    ("list", "GET", "/directives", {"issuer": "Bộ Chính trị", "limit": "3"}, 200),
    ("list", "GET", "/directives", {"q": "luân chuyển"}, 200),
    ("list", "GET", "/directives", {"year": "2022", "kind": "quy_dinh"}, 200),
    ("list", "GET", "/directives", {"limit": "2", "cursor": "18-nq-tw-2017"}, 200),
    ("citations", "POST", "/citations", {"text": TEXT}, 200),
    ("citations", "POST", "/citations", {"text": "Chỉ thị số 05-CT/TU và NQ 18."}, 200),
    ("resolve", "GET", "/citations/resolve", {"q": "NQ 18", "year": "2017"}, 200),
    ("resolve", "GET", "/citations/resolve", {"q": "NQ 18"}, 200),
    ("resolve", "GET", "/citations/resolve", {"q": "74-KL/TW", "issuer": "Bộ Chính trị"}, 200),
]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_command() -> list[str]:
    """`directive-graph serve`: the venv's entry point when installed, else the module."""
    script = Path(sys.executable).with_name("directive-graph")
    return [str(script)] if script.exists() else [sys.executable, "-m", "directive_graph.api.cli"]


def load_store(data_dir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from directive_graph.graph.embedded import EmbeddedStore
    from directive_graph.graph.registry import Registry
    from directive_graph.loaders.load import load_paths

    missing = [str(p) for p in SOURCES if not p.exists()]
    if missing:
        raise SystemExit(f"missing input: {', '.join(missing)}")
    load_paths(SOURCES, EmbeddedStore(data_dir), Registry.load())


def wait_ready(server: subprocess.Popen, base: str, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}:\n{_tail(log)}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer /health in {seconds:.0f} s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def client_loop(
    index: int,
    base: str,
    deadline: list[float],
    max_requests: int,
    out: list,
    start: threading.Barrier,
) -> None:
    """One client: its own connection (max 1, kept alive), a random walk through MIX until
    `deadline[0]` (set before the barrier opens) or `max_requests`."""
    rng = random.Random(index)
    latencies: dict[str, list[float]] = {}
    statuses: Counter = Counter()
    problems: list[str] = []
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    with httpx.Client(base_url=base, limits=limits, timeout=30) as client:
        start.wait()
        n = 0
        while n < max_requests and time.monotonic() < deadline[0]:
            name, method, path, data, expected = MIX[rng.randrange(len(MIX))]
            t0 = time.perf_counter()
            try:
                if method == "GET":
                    r = client.get(path, params=data)
                else:
                    r = client.post(path, json=data)
                r.read()
            except httpx.HTTPError as e:
                statuses["transport error"] += 1
                problems.append(f"{method} {path}: {type(e).__name__}: {e}")
                n += 1
                continue
            latencies.setdefault(name, []).append((time.perf_counter() - t0) * 1000)
            statuses[r.status_code] += 1
            if r.status_code != expected:
                problems.append(f"{method} {path} {data}: {r.status_code}: {r.text[:200]}")
            n += 1
    out[index] = (latencies, statuses, problems)


def run_load(
    clients: int = 50,
    seconds: float = 20.0,
    workdir: Path | None = None,
    max_requests_per_client: int = 1_000_000,
    quiet: bool = True,
) -> dict:
    """Start the server, run the clients, stop the server; the numbers as a dict."""
    own = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="api-load-")) if own else Path(workdir)
    data_dir = workdir / "data"
    log = workdir / "server.log"
    load_store(data_dir)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in ("DIRECTIVE_GRAPH_API_KEY", "NEO4J_URI")}
    env["DIRECTIVE_GRAPH_RATE_LIMIT"] = "off"  # every client is 127.0.0.1: this measures capacity
    command = [*serve_command(), "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--data", str(data_dir), "--log-level", "warning"]
    with open(log, "wb") as log_file:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    try:
        wait_ready(server, base, log)
        results: list = [None] * clients
        # the clock starts once every client is ready
        start = threading.Barrier(clients + 1, timeout=60)
        deadline = [0.0]
        threads = [
            threading.Thread(
                target=client_loop,
                args=(i, base, deadline, max_requests_per_client, results, start),
                daemon=True,
            )
            for i in range(clients)
        ]
        for t in threads:
            t.start()
        t0 = time.monotonic()
        deadline[0] = t0 + seconds
        start.wait()
        for t in threads:
            t.join(timeout=seconds + 120)
        elapsed = time.monotonic() - t0
        hung = sum(t.is_alive() for t in threads)
        server_alive = server.poll() is None
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    latencies: dict[str, list[float]] = {}
    statuses: Counter = Counter()
    problems: list[str] = []
    crashed = sum(item is None for item in results)  # a client that died of something else
    for item in results:
        if item is None:
            continue
        for name, values in item[0].items():
            latencies.setdefault(name, []).extend(values)
        statuses.update(item[1])
        problems.extend(item[2])
    every = [v for values in latencies.values() for v in values]
    requests = sum(statuses.values())
    server_errors = sum(n for s, n in statuses.items() if isinstance(s, int) and s >= 500)
    result = {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "requests": requests,
        "requests_per_second": round(requests / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(every, 50), 2),
        "p99_ms": round(percentile(every, 99), 2),
        "by_endpoint": {
            name: {
                "requests": len(values),
                "p50_ms": round(percentile(values, 50), 2),
                "p99_ms": round(percentile(values, 99), 2),
            }
            for name, values in sorted(latencies.items())
        },
        "statuses": {str(k): v for k, v in sorted(statuses.items(), key=lambda kv: str(kv[0]))},
        "server_errors": server_errors,
        "errors": len(problems) + crashed + (0 if server_alive else 1),
        "hung_clients": hung,
        "crashed_clients": crashed,
        "server_alive": server_alive,
        "first_errors": problems[:10],
    }
    if result["errors"] and not quiet:
        print(_tail(log), file=sys.stderr)
    if own:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    r = run_load(args.clients, args.seconds, quiet=False)
    print(
        f"{r['clients']} clients, {r['seconds']:.1f} s: {r['requests']:,} requests, "
        f"{r['requests_per_second']:,.1f} req/s, p50 {r['p50_ms']:.2f} ms, "
        f"p99 {r['p99_ms']:.2f} ms, errors {r['errors']} (5xx {r['server_errors']})"
    )
    for name, row in r["by_endpoint"].items():
        print(
            f"  {name:10s} {row['requests']:8,d} requests  p50 {row['p50_ms']:8.2f} ms  "
            f"p99 {row['p99_ms']:8.2f} ms"
        )
    print(f"  statuses: {r['statuses']}")
    for line in r["first_errors"]:
        print(f"  error: {line}", file=sys.stderr)
    return 1 if r["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
