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
