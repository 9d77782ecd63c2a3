"""Score the extractor against gold annotations, by the rule of the corpus's ANNOTATION.md.

A prediction matches a gold citation when the spans overlap, the kinds are equal and, for gold
with a number, the numbers are equal; each gold matches at most one prediction. Gold marked
`doubt` counts neither way, and neither does a prediction overlapping it. Line 1 of each text
(`# source: ...`) is not part of the text.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from directive_graph.graph.errors import InputError
from directive_graph.graph.model import Citation, Kind
from directive_graph.loaders.citations import extract_citations
from directive_graph.loaders.reading import decode_bytes

# The gold's kinds; ours outside this list (dieu_le, phuong_an ...) are its "other".
GOLD_KINDS = {
    "nghi_quyet", "ket_luan", "ke_hoach", "quy_dinh", "quyet_dinh", "chi_thi", "thong_bao",
    "huong_dan", "quy_che", "chuong_trinh", "de_an", "bao_cao", "cong_van", "to_trinh",
    "thong_tri", "luat", "bo_luat", "nghi_dinh", "thong_tu", "thong_tu_lien_tich", "phap_lenh",
    "cong_dien", "hien_phap",
}  # fmt: skip


def gold_kind(kind: Kind | str) -> str:
    return str(kind) if str(kind) in GOLD_KINDS else "other"


@dataclass(slots=True)
class GoldCitation:
    start: int
    end: int
    kind: str
    number: str | None
    form: str
    date: str | None
    symbol: str | None
    doubt: bool
    surface: str


@dataclass(slots=True)
class FileScore:
    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[GoldCitation] = field(default_factory=list)
    extras: list[Citation] = field(default_factory=list)


@dataclass(slots=True)
class Score:
    files: list[FileScore] = field(default_factory=list)
    by_form: Counter = field(default_factory=Counter)  # (form, "tp"|"all")
    date_right: int = 0
    date_total: int = 0
    symbol_right: int = 0
    symbol_total: int = 0

    @property
    def tp(self) -> int:
        return sum(f.tp for f in self.files)

    @property
    def fp(self) -> int:
        return sum(f.fp for f in self.files)

    @property
    def fn(self) -> int:
        return sum(f.fn for f in self.files)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        forms = sorted({f for f, _ in self.by_form})
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "recall_by_form": {
                f: round(self.by_form[(f, "tp")] / self.by_form[(f, "all")], 4)
                for f in forms
                if self.by_form[(f, "all")]
            },
            "date_accuracy": round(self.date_right / self.date_total, 4)
            if self.date_total
            else None,
            "symbol_accuracy": (
                round(self.symbol_right / self.symbol_total, 4) if self.symbol_total else None
            ),
            "files": {f.name: {"tp": f.tp, "fp": f.fp, "fn": f.fn} for f in self.files},
        }


def strip_source_line(text: str) -> str:
    """Drop line 1 (`# source: ...`) the way ANNOTATION.md says, keeping every other byte."""
    if text.startswith("# source:"):
        cut = text.find("\n")
        return "" if cut < 0 else text[cut + 1 :]
    return text


def locate_gold(text: str, citations: list[dict]) -> list[GoldCitation]:
    """Give each gold citation its span: the k-th time a surface appears on its line."""
    line_starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            line_starts.append(i + 1)
    seen: Counter = Counter()
    out = []
    for c in citations:
        surface = c["surface"]
        line = max(0, int(c.get("line") or 2) - 2)  # gold lines count the source line
        from_pos = line_starts[min(line, len(line_starts) - 1)]
        key = (line, surface)
        pos = -1
        search_from = from_pos
        for _ in range(seen[key] + 1):
            pos = text.find(surface, search_from)
            if pos < 0:
                break
            search_from = pos + 1
        if pos < 0:
            pos = text.find(surface)
        if pos < 0:
            raise InputError(f"gold surface {surface!r} (line {c.get('line')}) is not in the text")
        seen[key] += 1
        out.append(
            GoldCitation(
                pos,
                pos + len(surface),
                c["kind"],
                str(int(c["number"])) if c.get("number") not in (None, "") else None,
                c.get("form") or "full",
                c.get("date"),
                c.get("symbol"),
                bool(c.get("doubt")),
                surface,
            )
        )
    return out


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def score_file(name: str, text: str, gold: list[GoldCitation], score: Score) -> FileScore:
    predicted = extract_citations(text)
    fs = FileScore(name)
    used: set[int] = set()
    doubts = [g for g in gold if g.doubt]
    for g in gold:
        if g.doubt:
            continue
        score.by_form[(g.form, "all")] += 1
        hit = None
        for i, p in enumerate(predicted):
            if i in used or not _overlaps(p.start, p.end, g.start, g.end):
                continue
            if gold_kind(p.kind) != g.kind:
                continue
            if g.number is not None and p.number != g.number:
                continue
            hit = i
            break
        if hit is None:
            fs.fn += 1
            fs.misses.append(g)
            continue
        used.add(hit)
        fs.tp += 1
        score.by_form[(g.form, "tp")] += 1
        p = predicted[hit]
        score.date_total += 1
        score.date_right += p.issued_on == g.date
        if g.symbol:
            score.symbol_total += 1
            score.symbol_right += p.symbol == g.symbol
    for i, p in enumerate(predicted):
        if i in used:
            continue
        if any(_overlaps(p.start, p.end, d.start, d.end) for d in doubts):
            continue
        fs.fp += 1
        fs.extras.append(p)
    score.files.append(fs)
    return fs


def evaluate(text_dir: Path, gold_dir: Path) -> Score:
    """Score every text in `text_dir` that has a gold file (gold/NNN.json for NNN_*.txt)."""
    score = Score()
    golds = sorted(gold_dir.glob("*.json"))
    if not golds:
        raise FileNotFoundError(f"{gold_dir}: no gold *.json files; give the folder of gold data.")
    for gold_path in golds:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text_path = text_dir / gold["file"]
        text = strip_source_line(decode_bytes(text_path.read_bytes(), str(text_path)))
        score_file(gold["file"], text, locate_gold(text, gold["citations"]), score)
    return score
