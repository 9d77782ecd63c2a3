"""No input makes the extractor slow: adversarial inputs of equal size take about the time of
normal text, and time grows linearly with size. Ratios, not absolute seconds, so the test holds
on a slow or busy machine."""

from __future__ import annotations

import time

import pytest

from bench.corpus import adversarial, realistic
from directive_graph.loaders import extract_citations

SIZE = 400_000


def _seconds(text: str, repeat: int = 2) -> float:
    """The best of `repeat` runs (the least disturbed by the rest of the machine)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        extract_citations(text)
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.fixture(scope="module")
def normal_seconds() -> float:
    return _seconds(realistic(SIZE))


# The kinds the issue names: long digit runs, "số số số", keywords without numbers, one long line.
@pytest.mark.parametrize("kind", ["digits", "so-so", "keywords", "one-line", "dates"])
def test_adversarial_input_costs_about_normal_text(kind, normal_seconds):
    assert _seconds(adversarial(kind, SIZE)) < 4 * normal_seconds + 0.05


# Inputs dense with real citations cost more per byte, but must still scale linearly.
@pytest.mark.parametrize("kind", ["symbols", "types-digits", "keywords", "digits"])
def test_time_grows_linearly_with_size(kind):
    small = _seconds(adversarial(kind, SIZE // 4))
    large = _seconds(adversarial(kind, SIZE))
    assert large < 4 * 2.0 * small + 0.05  # 4x the input: at most ~8x the time, never 16x
