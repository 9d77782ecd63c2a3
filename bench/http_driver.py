"""A small HTTP/1.1 load driver for bench/api_bench.py: C concurrent keep-alive connections, each
sending one GET at a time (no pipelining) and reading the whole answer (Content-Length) before
the next; run in its own process(es), so the server's process does nothing but serve.

    python bench/http_driver.py --port 8765 --connections 32 --paths FILE --requests 20000 \
        [--processes 1] [--warmup 500]

FILE holds one path per line; the connections take them in turn. Prints one JSON line:
{"requests", "seconds", "latencies_ms" (sorted), "statuses", "cpu_seconds" (the driver's own
CPU time while it measured)}. Built on asyncio
protocols with uvloop (a request costs the driver ~15 µs), so one driver process keeps up with
a server answering ~30,000 req/s; `--processes` splits the connections over more processes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import sys
import time
from collections import Counter


class _Connection(asyncio.Protocol):
    """One keep-alive connection: `request(raw)` resolves to (status, body length) once the
    answer's headers and Content-Length bytes have arrived."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.waiter: asyncio.Future | None = None
        self.need = -1
        self.head = 0
        self.status = 0
        self.closed = asyncio.get_running_loop().create_future()

    def connection_made(self, transport) -> None:
        self.transport = transport

    def request(self, raw: bytes) -> asyncio.Future:
        self.waiter = asyncio.get_running_loop().create_future()
        self.buffer.clear()
        self.need = -1
        self.transport.write(raw)
        return self.waiter

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.need < 0:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end]).lower()
            self.status = int(head[9:12])
            at = head.find(b"content-length:")
            stop = head.find(b"\r\n", at)
            length = int(head[at + 15 : stop if stop > 0 else None])
            self.head = end + 4
            self.need = self.head + length
        if len(self.buffer) >= self.need and self.waiter is not None and not self.waiter.done():
            self.waiter.set_result((self.status, self.need - self.head))

    def connection_lost(self, exc) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionError("the server closed the connection"))
        if not self.closed.done():
            self.closed.set_result(None)


async def _drive(port: int, connections: int, paths: list[str], requests: int, warmup: int):
    loop = asyncio.get_running_loop()
    raws = [f"GET {p} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode() for p in paths]
    conns = []
    for _ in range(connections):
        _, proto = await loop.create_connection(_Connection, "127.0.0.1", port)
        conns.append(proto)
    latencies: list[float] = []
    statuses: Counter = Counter()
    counter = [0]
    total = warmup + requests
    start = [0.0]
    cpu = [0.0]

    async def worker(conn: _Connection) -> None:
        while True:
            i = counter[0]
            if i >= total:
                return
            counter[0] = i + 1
            if i == warmup:
                start[0] = time.perf_counter()
                cpu[0] = time.process_time()
            t0 = time.perf_counter()
            status, _ = await conn.request(raws[i % len(raws)])
            if i >= warmup:
                latencies.append((time.perf_counter() - t0) * 1000)
                statuses[status] += 1

    await asyncio.gather(*(worker(c) for c in conns))
    seconds = time.perf_counter() - start[0]
    latencies.sort()
    cpu_seconds = time.process_time() - cpu[0]
    for c in conns:
        c.transport.close()
    return {"requests": len(latencies), "seconds": seconds, "latencies_ms": latencies,
            "statuses": dict(statuses), "cpu_seconds": cpu_seconds}  # fmt: skip


def _run(args: tuple) -> dict:
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    return asyncio.run(_drive(*args))


def drive(port: int, connections: int, paths: list[str], requests: int, warmup: int = 500,
          processes: int = 1) -> dict:  # fmt: skip
    """Run the load from `processes` child processes (connections and requests split between
    them); the merged result: requests, seconds (the longest child's), sorted latencies."""
    if processes == 1:
        return _run((port, connections, paths, requests, warmup))
    per = [connections // processes + (i < connections % processes) for i in range(processes)]
    jobs = [(port, n, paths[i::processes] or paths, requests // processes, warmup // processes)
            for i, n in enumerate(per)]  # fmt: skip
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = pool.map(_run, jobs)
    statuses: Counter = Counter()
    for r in results:
        statuses.update({int(k): v for k, v in r["statuses"].items()})
    latencies = sorted(x for r in results for x in r["latencies_ms"])
    return {"requests": len(latencies), "seconds": max(r["seconds"] for r in results),
            "latencies_ms": latencies, "statuses": dict(statuses),
            "cpu_seconds": sum(r["cpu_seconds"] for r in results)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--paths", required=True, help="a file of paths, one a line")
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--warmup", type=int, default=500)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    with open(args.paths, encoding="utf-8") as f:
        paths = f.read().splitlines()
    result = drive(args.port, args.connections, paths, args.requests, args.warmup, args.processes)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
