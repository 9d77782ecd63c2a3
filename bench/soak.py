"""A soak test of the service (loopback only, bounded): `directive-graph serve` in a subprocess,
32 clients for 60 s mixing reads, citation lookups, exports and posted documents, on the
embedded store and (with --neo4j) on Neo4j. Every 10 s it prints the requests, the p99 latency
and the server's RSS; at the end it checks that no answer was a 5xx and that the RSS at the end
is within 20% of the RSS after the warm-up (the first 10 s). Exit code 1 when either fails.

    .venv/bin/python bench/soak.py [--clients 32] [--seconds 60] [--neo4j]

The server runs with its rate limit off (every client here is 127.0.0.1: this measures what the
service holds, not what one client may ask). Exports come back 429 when two are already running
(that bound is the point); a 429 is no failure.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.api_load import (
    ROOT,
    TEXT,
    free_port,
    load_store,
    percentile,
    serve_command,
    wait_ready,
)
from bench.generate import plan_texts

KEY = "soak-test-key-0123456789"
WINDOW = 10.0  # seconds per printed line
TEXTS = 40  # posted documents: each written once, then answered "unchanged" (the graph settles)
READS = [
    ("GET", "/directives/KL 21/tasks", None),
    ("GET", "/directives/21-kl-tw-2021/chain", None),
    ("GET", "/directives", {"issuer": "Bộ Chính trị", "limit": "5"}),
    ("GET", "/directives/21-kl-tw-2021/status", None),
    ("GET", "/bodies", {"limit": "20"}),
    ("GET", "/health", None),
]
LOOKUPS = [
    ("POST", "/citations", {"text": TEXT}),
    ("POST", "/citations?check=true", {"text": TEXT}),
    ("GET", "/citations/resolve", {"q": "NQ 18", "year": "2017"}),
]
EXPORTS = [("GET", "/export", {"format": "nt"}), ("GET", "/export", {"format": "json"})]


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def client(index: int, base: str, stop: list[float], texts, samples: list, lock, start) -> None:
    rng = random.Random(index)
    with httpx.Client(base_url=base, timeout=60, headers={"X-API-Key": KEY}) as http:
        start.wait()
        while time.monotonic() < stop[0]:
            roll = rng.random()
            if roll < 0.55:
                method, path, data = rng.choice(READS)
            elif roll < 0.85:
                method, path, data = rng.choice(LOOKUPS)
            elif roll < 0.90:
                method, path, data = rng.choice(EXPORTS)
            else:
                name, text = texts[rng.randrange(len(texts))]
                method, path, data = "POST", "/documents", {"name": name, "text": text}
            t0 = time.perf_counter()
            try:
                r = http.get(path, params=data) if method == "GET" else http.post(path, json=data)
                status: int | str = r.status_code
            except httpx.HTTPError as e:
                status = f"transport {type(e).__name__}"
            with lock:
                samples.append((time.monotonic(), (time.perf_counter() - t0) * 1000, status))


def soak(clients: int, seconds: float, neo4j: str | None) -> int:
    work = Path(tempfile.mkdtemp(prefix="soak-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    env.update(DIRECTIVE_GRAPH_API_KEY=KEY, DIRECTIVE_GRAPH_RATE_LIMIT="off")
    command = [*serve_command(), "serve", "--host", "127.0.0.1", "--port", str(port),
               "--log-level", "warning"]  # fmt: skip
    if neo4j:
        sources = [str(ROOT / "tests" / "fixtures"), str(ROOT / "tests" / "report")]
        subprocess.run([*serve_command(), "load", "--neo4j", neo4j, *sources], check=True,
                       env=env, capture_output=True)  # fmt: skip
        command += ["--neo4j", neo4j]
    else:
        load_store(work / "data")
        command += ["--data", str(work / "data")]
    log = work / "server.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_ready(server, base, log)
        texts = plan_texts(TEXTS, seed=97)
        samples: list = []
        lock = threading.Lock()
        start = threading.Barrier(clients + 1, timeout=60)
        stop = [time.monotonic() + seconds + 5]
        threads = [threading.Thread(target=client, args=(i, base, stop, texts, samples, lock,
                                                         start), daemon=True)
                   for i in range(clients)]  # fmt: skip
        for t in threads:
            t.start()
        start.wait()
        t0 = time.monotonic()
        stop[0] = t0 + seconds
        store = f"Neo4j {neo4j}" if neo4j else "the embedded store"
        print(f"soak: {clients} clients for {seconds:.0f} s on {store}, server pid {server.pid}")
        print(f"{'t (s)':>6} {'requests':>9} {'req/s':>7} {'p99 ms':>8} {'5xx':>5} {'429':>5} "
              f"{'RSS MB':>8}")  # fmt: skip
        rss: list[float] = []
        seen = 0
        for window in range(1, int(seconds / WINDOW) + 1):
            time.sleep(max(0.0, t0 + window * WINDOW - time.monotonic()))
            with lock:
                batch = samples[seen:]
                seen = len(samples)
            rss.append(rss_mb(server.pid))
            codes = Counter(s for _, _, s in batch)
            errors = sum(n for c, n in codes.items() if not isinstance(c, int) or c >= 500)
            p99 = percentile([ms for _, ms, _ in batch], 99)
            print(f"{window * WINDOW:6.0f} {len(batch):9d} {len(batch) / WINDOW:7.0f} "
                  f"{p99:8.1f} {errors:5d} {codes.get(429, 0):5d} {rss[-1]:8.1f}")  # fmt: skip
        for t in threads:
            t.join(timeout=120)
        codes = Counter(s for _, _, s in samples)
        bad = {c: n for c, n in codes.items() if not isinstance(c, int) or c >= 500}
        growth = (rss[-1] - rss[0]) / rss[0] if rss and rss[0] else float("nan")
        print(f"total {len(samples)} requests: {dict(sorted(codes.items(), key=str))}")
        print(f"5xx or transport errors: {sum(bad.values())} {bad or ''}")
        print(f"RSS after warm-up {rss[0]:.1f} MB, at the end {rss[-1]:.1f} MB "
              f"({growth:+.1%}; bound +20%)")  # fmt: skip
        return 0 if not bad and growth <= 0.20 else 1
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--neo4j", nargs="?", const=os.environ.get("NEO4J_URI"), default=None,
                        help="soak the Neo4j store (default URI: $NEO4J_URI)")  # fmt: skip
    args = parser.parse_args()
    if args.neo4j is None and "--neo4j" in sys.argv:
        parser.error("--neo4j needs a URI or $NEO4J_URI")
    return soak(args.clients, args.seconds, args.neo4j)


if __name__ == "__main__":
    sys.exit(main())
