"""No input makes the extractor slow: adversarial inputs cost about what normal text of the same
size costs, and time grows linearly with size. Prints every ratio beside its bound, each measured
against normal text in the same run; exits 1 when a ratio is over its bound (`.ci/run` runs it
as a step of its own; the test suite holds no timing).

    .venv/bin/python bench/linear_time.py            # every check, about a minute
    .venv/bin/python bench/linear_time.py --quick    # smaller inputs

Ratios, never absolute seconds, and the best of three runs, so a slow or busy machine moves
both sides of each comparison.
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import adversarial, realistic  # noqa: E402
from directive_graph.loaders import extract_citations  # noqa: E402


def seconds(text: str, repeat: int = 3) -> float:
    """The best of `repeat` runs (the least disturbed by the rest of the machine)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        extract_citations(text)
        best = min(best, time.perf_counter() - t0)
    return best


def _repeat(piece: str, size: int) -> str:
    return piece * (size // len(piece.encode()) + 1)


# Inputs of one size that must cost at most `bound` x normal text: (name, make, bound). Bounds
# sit above the figures of a quiet machine (in BENCHMARKS-style comments below) and far below
# what a quadratic path costs; linear growth is checked separately (GROWTH).
SAME_SIZE: list[tuple[str, Callable[[int], str], float]] = [
    # long digit runs, "số số số", one long line, dates: about normal text (1x)
    *(
        (f"adversarial:{k}", lambda n, k=k: adversarial(k, n), 4.0)
        for k in ("digits", "so-so", "one-line", "dates")
    ),
    # type words without numbers: every one is an anchor that reads its neighbourhood (3.5x)
    ("adversarial:keywords", lambda n: adversarial("keywords", n), 6.0),
    ("unclosed-tags", lambda n: _repeat("<b", n), 4.0),  # "<" starts a tag that never ends
    ("long-open-tag", lambda n: "<a" + "b" * n, 4.0),
    ("entity-starts", lambda n: _repeat("&#", n), 4.0),  # "&#" never completed (1.8x)
    ("entity-digits", lambda n: _repeat("&#12345678", n), 4.0),  # too long for an entity (2.1x)
    ("entity-names", lambda n: _repeat("&" + "a" * 40, n), 4.0),
    ("combining-run", lambda n: "a" + "\u0301" * (n // 2), 4.0),  # one base, many marks
    ("combining-only", lambda n: "\u0301" * (n // 2), 4.0),
    ("khoa-open", lambda n: _repeat("(khóa ", n), 4.0),
    # An anchor every five characters: bounded work per anchor, so a fixed multiple of normal
    # text (12x-20x). Before the first word of a law name was checked first, "luật " cost 60x.
    *(
        (f"run:{p.strip()}", lambda n, p=p: _repeat(p, n), 35.0)
        for p in ("luật ", "Luật ", "hiến pháp ", "điều lệ số ")
    ),
]

# Inputs dense with real citations cost more per byte, but must scale linearly: 4x the input at
# most 8x the time (quadratic would be 16x).
GROWTH: list[tuple[str, Callable[[int], str]]] = [
    *(
        (f"adversarial:{k}", lambda n, k=k: adversarial(k, n))
        for k in ("symbols", "types-digits", "keywords", "digits")
    ),
    ("luat", lambda n: _repeat("luật ", n)),
    ("law-list", lambda n: _repeat("Luật A, ", n)),  # a citation every 8 characters
    ("nfd-report", lambda n: unicodedata.normalize("NFD", realistic(n))),  # a Mac-made text
    ("nfd-pairs", lambda n: _repeat("a\u0301\u0323", n)),
    ("tone-variants", lambda n: _repeat("khoá XII uỷ ", n)),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="inputs of 200 KB, not 1 MB")
    args = parser.parse_args(argv)
    size = 200_000 if args.quick else 1_000_000
    slack = 0.05  # seconds: the floor under which a ratio says nothing
    failed = []

    normal = seconds(realistic(size))
    print(f"normal text, {size:,} bytes: {normal:.3f} s (the reference)")
    print(f"{'input':<28}{'seconds':>9}{'x normal':>10}{'bound':>8}")
    for name, make, bound in SAME_SIZE:
        took = seconds(make(size))
        ok = took < bound * normal + slack
        print(f"{name:<28}{took:>9.3f}{took / normal:>10.2f}{bound:>8.1f}{'' if ok else '  OVER'}")
        failed += [] if ok else [name]

    print(f"\n{'growth, 4x the input':<28}{'small':>9}{'large':>9}{'ratio':>8}{'bound':>8}")
    for name, make in GROWTH:
        small, large = seconds(make(size // 8)), seconds(make(size // 2))
        ok = large < 8.0 * small + slack
        print(
            f"{name:<28}{small:>9.3f}{large:>9.3f}{large / small:>8.2f}{8.0:>8.1f}"
            f"{'' if ok else '  OVER'}"
        )
        failed += [] if ok else [name]

    if failed:
        print(f"over the bound: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
