"""Check the graph gold files against the texts and the citation gold (shape, indexes, lines).

python eval/check_gold.py ../shared/corpus eval/graph-gold
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TYPES = {
    "IMPLEMENTS",
    "REVIEWS",
    "BASED_ON",
    "AMENDS",
    "SUPPLEMENTS",
    "REPLACES",
    "REPEALS",
    "SUSPENDS",
    "GUIDES",
}
TASK_TYPES = {"IMPLEMENTS", "REVIEWS"}


def check(corpus: Path, gold_dir: Path) -> list[str]:
    problems = []
    for path in sorted(gold_dir.glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        name = path.name
        text_path = corpus / g["file"]
        if not text_path.exists():
            problems.append(f"{name}: no text {g['file']}")
            continue
        lines = text_path.read_bytes().decode("utf-8").split("\n")
        ids = {c["id"] for c in g["cited"]}
        own = g["document"].get("id")
        known = ids | ({own} if own else set())
        if g.get("mentions_are_lines"):
            # no citation gold (e.g. the seed): mentions are 1-based line numbers of the text
            for c in g["cited"]:
                for n in c["mentions"]:
                    if not 1 <= n <= len(lines) or not lines[n - 1].strip():
                        problems.append(
                            f"{name}: {c['id']}: mention line {n} is empty or out of range"
                        )
            cites = []
        else:
            cites = json.loads((corpus / "gold" / name).read_text(encoding="utf-8"))["citations"]
        seen: dict[int, str] = {}
        for c in [] if g.get("mentions_are_lines") else g["cited"]:
            for k in c["mentions"]:
                if not 0 <= k < len(cites):
                    problems.append(f"{name}: {c['id']}: mention {k} out of range")
                elif k in seen:
                    problems.append(f"{name}: mention {k} in {seen[k]} and {c['id']}")
                else:
                    seen[k] = c["id"]
                    if cites[k].get("self"):
                        problems.append(f"{name}: mention {k} is the self-citation")
        for k, c in enumerate(cites):
            if k not in seen and not c.get("self") and not c.get("doubt"):
                problems.append(
                    f"{name}: citation {k} ({c['surface']!r}, line {c['line']}) "
                    "belongs to no cited document"
                )
        for lk in g.get("document_links", []):
            if lk["type"] not in TYPES or lk["target"] not in ids:
                problems.append(f"{name}: document link {lk}")
        for lk in g.get("links", []):
            if lk["type"] not in TYPES or lk["target"] not in known or lk["source"] not in known:
                problems.append(f"{name}: link {lk}")
        task_lines = set()
        for t in g.get("tasks", []):
            n = t["line"]
            if not 1 <= n <= len(lines) or not lines[n - 1].strip():
                problems.append(f"{name}: task line {n} is empty or out of range")
            if n in task_lines:
                problems.append(f"{name}: two tasks start on line {n}")
            task_lines.add(n)
            for lk in t.get("links", []):
                if lk["type"] not in TASK_TYPES or lk["target"] not in known:
                    problems.append(f"{name}: task {n} link {lk}")
    return problems


if __name__ == "__main__":
    found = check(Path(sys.argv[1]), Path(sys.argv[2]))
    print("\n".join(found) or "ok")
    sys.exit(1 if found else 0)
