"""Memory and time of the JSON-LD export: the project's streaming writer (graph/rdf.py
`write_jsonld`) beside rdflib's serializer over the same graph, in the same run, each in a
fresh process (peak RSS is per process).

    .venv/bin/python bench/export_memory.py [--plans 2000]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _measure(data_dir: str, how: str) -> None:
    from directive_graph.graph import rdf
    from directive_graph.graph.embedded import EmbeddedStore

    data = EmbeddedStore(data_dir).export()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w", encoding="utf-8") as out:
        if how == "stream":
            rdf.write_jsonld(data, out)
        else:
            out.write(rdf.to_rdf(data).serialize(format="json-ld", auto_compact=True))
        size = out.tell()
    extra = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(f"{how:8} {time.perf_counter() - t0:7.1f} s {extra:9.1f} MB above the graph "
          f"{size / 1e6:8.1f} MB written")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=2000)
    parser.add_argument("--measure", nargs=2, metavar=("DATA", "HOW"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.measure:
        _measure(*args.measure)
        return 0
    from bench.generate import plan_texts
    from directive_graph.graph.embedded import EmbeddedStore
    from directive_graph.graph.registry import Registry
    from directive_graph.loaders.load import load_paths

    work = Path(tempfile.mkdtemp(prefix="export-memory-"))
    (work / "in").mkdir()
    for name, text in plan_texts(args.plans):
        (work / "in" / name).write_text(text, encoding="utf-8")
    load_paths([work / "in"], EmbeddedStore(work / "data"), Registry.load())
    print(f"JSON-LD export of {args.plans} generated plans")
    for how in ("stream", "rdflib"):
        subprocess.run([sys.executable, __file__, "--measure", str(work / "data"), how],
                       check=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
