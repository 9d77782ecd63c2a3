"""Throughput of the citation extractor beside a scan of one `re` alternation of the project's
anchor words over the same text (and the `regex` module's, when installed), as ratios: medians of
interleaved runs (ours, reference, ours, reference ...), so that a busy machine moves both sides.
Then `extract_many` with two processes, and the adversarial inputs of the same size.

    .venv/bin/python bench/extract_bench.py [--mb 20] [--runs 5] [--corpus DIR ...]
                                            [--jobs 2] [--no-adversarial]

The input is the seed and the development corpus (/work/shared/seed, /work/shared/corpus, or the
folders given with --corpus) joined and repeated to `--mb` MB; with none of them, synthetic
report text from bench/corpus.py.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import ADVERSARIAL_KINDS, adversarial, realistic
from directive_graph.loaders import extract_citations, extract_many
from directive_graph.loaders.vocab import SHORT_ABBREVIATIONS, TYPE_WORDS

SHARED = (Path("/work/shared/seed"), Path("/work/shared/corpus"))
# The reference: one alternation of the anchor words (type words, abbreviations), longest first,
# scanned over the original text; a scan only, it reads nothing.
ANCHOR_WORDS = sorted({*TYPE_WORDS, *SHORT_ABBREVIATIONS}, key=len, reverse=True)
ONE_ALTERNATION = "|".join(re.escape(w) for w in ANCHOR_WORDS)


def real_text(folders: list[Path], size: int) -> tuple[str, str] | None:
    texts = [p.read_text(encoding="utf-8") for d in folders for p in sorted(d.glob("*.txt"))]
    if not texts:
        return None
    base = "\n".join(texts)
    text = base * (size // len(base.encode()) + 1)
    text = text[: len(text) * size // len(text.encode())]  # about `size` bytes, whole characters
    return text, f"{len(texts)} real texts ({', '.join(str(d) for d in folders)}) repeated"


def seconds(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def interleaved(fns: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """The median seconds of each function over `runs` rounds, each round running all once."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            times[name].append(seconds(fn))
    return {name: statistics.median(t) for name, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=20.0, help="size of the input in MB")
    parser.add_argument("--runs", type=int, default=5, help="interleaved rounds (medians)")
    parser.add_argument("--corpus", type=Path, action="append", help="folders of .txt files")
    parser.add_argument("--jobs", type=int, default=2, help="processes for extract_many")
    parser.add_argument("--no-adversarial", action="store_true")
    args = parser.parse_args()
    size = int(args.mb * 1_000_000)
    found = real_text(args.corpus or [d for d in SHARED if d.is_dir()], size)
    if found:
        text, label = found
    else:
        text, label = realistic(size), "synthetic reports (bench/corpus.py), a citation every ~2 KB"
    mb = len(text.encode()) / 1e6
    cited = extract_citations(text)
    print(f"input: {label}, {mb:.1f} MB, {len(cited)} citations")

    one_re = re.compile(ONE_ALTERNATION)
    fns: dict[str, Callable[[], object]] = {
        "extractor": lambda: extract_citations(text),
        "one re alternation": lambda: sum(1 for _ in one_re.finditer(text)),
    }
    try:
        import regex  # type: ignore[import-untyped]

        one_regex = regex.compile(ONE_ALTERNATION)
        fns["one regex alternation"] = lambda: sum(1 for _ in one_regex.finditer(text))
    except ImportError:
        pass
    t = interleaved(fns, args.runs)
    ours = t["extractor"]
    print(f"medians of {args.runs} interleaved runs:")
    print(f"  {'extractor':24s} {mb / ours:7.1f} MB/s  {len(cited) / ours:9.0f} citations/s")
    for name, sec in t.items():
        if name != "extractor":
            print(f"  {name:24s} {mb / sec:7.1f} MB/s  extractor/this = {sec / ours:5.2f}x")

    # extract_many over the same text cut into documents of about 20 KB, one process and N
    pieces = [text[i : i + 20_000] for i in range(0, len(text), 20_000)]
    t = interleaved(
        {
            "jobs=1": lambda: extract_many(pieces, jobs=1),
            f"jobs={args.jobs}": lambda: extract_many(pieces, jobs=args.jobs),
        },
        max(1, args.runs // 2),
    )
    one = t["jobs=1"]
    print(f"extract_many over {len(pieces)} texts of 20 KB:")
    for name, sec in t.items():
        print(f"  {name:24s} {mb / sec:7.1f} MB/s  speed-up {one / sec:4.2f}x")

    if args.no_adversarial:
        return
    adv_size = min(size, 2_000_000)  # "symbols" holds a citation every 17 bytes: slow per MB
    normal = realistic(adv_size)
    base = min(seconds(lambda: extract_citations(normal)) for _ in range(3))
    print(f"adversarial inputs of {adv_size / 1e6:.0f} MB (seconds; x the synthetic reports):")
    print(f"  {'normal':14s} {base:6.2f}s")
    for kind in ADVERSARIAL_KINDS:
        adv = adversarial(kind, adv_size)
        sec = seconds(lambda adv=adv: extract_citations(adv))
        print(f"  {kind:14s} {sec:6.2f}s  ({sec / base:4.1f}x normal)")


if __name__ == "__main__":
    main()
