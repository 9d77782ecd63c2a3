"""The project's report (tests/report/): every directive it cites, with every mention (the
checks of tests/report_checks.py, which the seed beside the project passes too)."""

from __future__ import annotations

import pytest

from tests.report_checks import CHECKS


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_report(check, report_text):
    check(report_text)
