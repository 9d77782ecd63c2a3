"""The reference input, the seed report beside the project: every directive it cites, with
every mention (the checks of tests/report_checks.py, which the project's own report passes)."""

from __future__ import annotations

import pytest

from tests.report_checks import CHECKS


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_seed(check, seed_text):
    check(seed_text)
