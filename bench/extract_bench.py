"""Throughput of the citation extractor: prints MB/s and citations/s beside the scan of one
compiled `re` pattern over the same text, and the time of adversarial inputs of equal size.

    .venv/bin/python bench/extract_bench.py [--mb 5] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import ADVERSARIAL_KINDS, adversarial, realistic
from directive_graph.loaders import extract_citations

ONE_PATTERN = re.compile(r"\d{1,5}-NQ/TW")


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=5.0, help="size of each input in MB")
    parser.add_argument(
        "--corpus", help="a folder of .txt files to repeat instead of synthetic text"
    )
    args = parser.parse_args()
    size = int(args.mb * 1_000_000)
    if args.corpus:
        texts = [p.read_text(encoding="utf-8") for p in sorted(Path(args.corpus).glob("*.txt"))]
        base = "\n".join(texts)
        text = (base * (size // len(base.encode()) + 1))[:size]
        label = f"corpus {args.corpus}"
    else:
        text = realistic(size)
        label = "synthetic reports, a citation every ~2 KB"
    mb = len(text.encode()) / 1e6
    found = extract_citations(text)
    t_extract = best_of(lambda: extract_citations(text))
    t_re = best_of(lambda: sum(1 for _ in ONE_PATTERN.finditer(text)))
    print(f"input: {label}, {mb:.1f} MB, {len(found)} citations")
    print(
        f"extractor          {mb / t_extract:8.1f} MB/s  {len(found) / t_extract:10.0f} citations/s"
    )
    print(f"one re pattern     {mb / t_re:8.1f} MB/s  (r'\\d{{1,5}}-NQ/TW', scan only)")
    print("adversarial inputs of the same size (seconds; compare with the extractor's above):")
    print(f"  {'normal':14s} {t_extract:6.2f}s")
    for kind in ADVERSARIAL_KINDS:
        adv = adversarial(kind, size)
        t = best_of(lambda adv=adv: extract_citations(adv), repeat=1)
        print(f"  {kind:14s} {t:6.2f}s  ({t / t_extract:4.1f}x normal)")


if __name__ == "__main__":
    main()
