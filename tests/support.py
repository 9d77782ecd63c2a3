"""Paths and helpers the tests share: test modules import from here, never from each other.

Everything the suite reads is the project's own (a user's clone has nothing beside it): the report in
tests/report/ is written in the style of the reference report, citing the same directives.
"""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"  # a plan, a report with tasks, a news item without tasks
REPORT = TESTS / "report"  # a six-monthly report of a regional meeting (tasks, 12 directives)
KINDS = TESTS / "kinds"  # texts of every kind, some with no number of their own
CLI = [sys.executable, "-m", "directive_graph.api.cli"]
BODIES = TESTS / "bodies"  # bodies merged and renamed in 2025
CHROMIUM = "/usr/bin/chromium"  # Debian's package: scripts/test installs it
# Chromium as root in a closed network: no sandbox, no background connections (they are refused)
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]  # fmt: skip


def serving(app, **config):
    """A real uvicorn server for `app` on a free loopback port, in a thread: a context manager
    that yields the base URL and stops the server on exit."""
    import contextlib
    import socket
    import threading
    import time

    import uvicorn

    @contextlib.contextmanager
    def run():
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", **config))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            thread.join(10)

    return run()
