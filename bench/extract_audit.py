"""Audit the extractor on a folder of real texts: counts of suspicious citations by category.

    .venv/bin/python bench/extract_audit.py DIR [--sample N] [--seed S] [--show K]
                                              [--dates N] [--shorts N]

DIR is searched recursively for *.md and *.txt files (`--sample N` reads N of them, chosen with
`--seed`). Nothing is written; the report goes to stdout. The categories are heuristics that
flag likely errors for a person to look at, not a score: a flagged citation may be right.

- crash: extract_citations raised; span: `original[start:end] != text`
- named laws and codes: the title ends on a function word ("Luật Lưu trữ, các", "Luật Báo chí
  gồm"), or holds a word that starts the sentence again (", các ", " ban hành ", " đối với ")
- common nouns read as laws: "kỷ luật", "pháp luật", "luật pháp" inside a citation's text
- template numbers: a code or number right after "Mẫu", "Biểu", "Phụ lục" ("Mẫu số 01/TB-...")
- short forms: a heading type word before a numbered item ("NGHỊ ĐỊNH\\n1", "Quyết định:\\n1."),
  a type word and its number on different lines, a number followed by "." or ")" as a list item,
  an abbreviation glued to a number with no citing word before it ("TB1", "CT3"), a year read
  as a list member ("Thông tư 41 2025")
- dates: issue dates taken from a deadline or an in-force clause ("chậm nhất ngày", "đến ngày",
  "có hiệu lực từ ngày")

`--dates N` prints N random citations that have a date written within 160 characters of them,
with the date the extractor gave, for checking by hand; `--shorts N` prints N random short forms.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import directive_graph.loaders.citations
from directive_graph.graph.model import Form
from directive_graph.graph.text import fold_key
from directive_graph.loaders import extract_citations

directive_graph.loaders.citations.STRICT = (
    True  # count a failing citation as a crash, not a logged skip
)

# Words a law's name never ends on: conjunctions, determiners, prepositions, verbs of the clause.
FUNCTION_WORDS = {
    "các", "những", "và", "hoặc", "hay", "gồm", "bao", "nếu", "thì", "là", "mà", "nhưng", "của",
    "cho", "với", "đối", "theo", "tại", "trong", "ngoài", "để", "khi", "từ", "đến", "về", "do",
    "bởi", "được", "bị", "đã", "sẽ", "đang", "có", "không", "chưa", "phải", "cần", "này", "đó",
    "đây", "sau", "trước", "trừ", "kèm", "cụ", "như", "nhằm", "ban", "quy", "hướng", "một",
    "mọi", "khác", "khoản", "điểm", "chương", "mục", "năm", "ngày", "việc", "thực",
    "liên", "tuân", "đáp", "trình", "gửi", "vì", "nên", "còn", "cũng", "đều", "vẫn", "rằng",
}  # fmt: skip
# Phrases inside a title that show the sentence took over again
CLAUSE_WORDS = re.compile(
    r",\s+(?:các|những|gồm|trừ|nhưng|trong|nếu|việc)\s|\s(?:và|cùng)\s+(?:các|những)\s"
    r"|\s(?:bao\s+gồm|gồm|đối\s+với|nếu|kèm\s+theo|quy\s+định|hướng\s+dẫn|như\s+sau)\b"
    r"|(?<!^luật)(?<!^pháp lệnh)\sban\s+hành\b",
    re.I,
)
COMMON_NOUN = re.compile(r"(?:kỷ|pháp)\s+luật\b|luật\s+(?:pháp|sư)\b", re.I)
TEMPLATE_BEFORE = re.compile(r"(?:mẫu|biểu|phụ\s+lục)(?:\s+số)?\s*[:.]?\s*$", re.I)
DEADLINE_BEFORE_DATE = re.compile(
    r"(?:chậm\s+nhất|trước|đến|hết|hạn|hoàn\s+thành\s+trong|hiệu\s+lực(?:\s+thi\s+hành)?"
    r"(?:\s+kể)?\s+từ)\s+(?:ngày\s*)?$",
    re.I,
)
CITING_WORDS = re.compile(
    r"(?:theo|thực\s+hiện|triển\s+khai|quán\s+triệt|của|tại|và|số|về|căn\s+cứ|với|cụ\s+thể\s+hóa)"
    r"[\s,]*$",
    re.I,
)
DATE = re.compile(
    r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:19|20)\d\d\b"
    r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(?:19|20)\d\d",
    re.I,
)


def texts(folder: Path, sample: int | None, seed: int) -> list[Path]:
    paths = sorted(p for ext in ("*.md", "*.txt") for p in folder.rglob(ext) if p.is_file())
    if sample and sample < len(paths):
        paths = random.Random(seed).sample(paths, sample)
    return paths


def named_flags(c) -> list[str]:
    flags = []
    title = fold_key(c.title or c.text)
    words = title.replace(",", " ").split()
    # "số" and "điều" end real names ("Pháp lệnh Dân số", "Luật Đê điều"); "một số điều" ends the
    # generic name of an amending law whose amended laws are not named
    if len(words) > 1 and words[-1].strip(".") in FUNCTION_WORDS:
        flags.append("named: ends on a function word")
    elif title.endswith(("một số điều", "bổ sung")):
        flags.append("named: an amending law without the laws it amends")
    if CLAUSE_WORDS.search(title):
        flags.append("named: holds a clause word")
    return flags


def short_flags(c, text: str) -> list[str]:
    flags = []
    surface = c.text
    type_part = re.match(r"\D*", surface).group()
    after = text[c.end : c.end + 3]
    before = text[max(0, c.start - 30) : c.start]
    if "\n" in surface:
        flags.append("short: type word and number on different lines")
    letters = [ch for ch in type_part if ch.isalpha()]
    if len(letters) > 3 and all(ch.isupper() for ch in letters):
        flags.append("short: heading type word")
    if "/" not in surface and re.match(r"[.)](?:\s|$)", after):
        flags.append("short: number ends as a list item")
    if re.fullmatch(r"[A-ZĐ][A-Za-zĐ]{1,3}\d{1,4}", surface) and not CITING_WORDS.search(before):
        flags.append("short: glued abbreviation without a citing word")
    if re.fullmatch(r"(?:19|20)\d\d", surface):
        flags.append("short: a year read as a list member")
    return flags


def audit(paths: list[Path], show: int, date_sample: int, short_sample: int, seed: int) -> None:
    counts: Counter = Counter()
    examples: dict[str, list[str]] = {}
    dated: list[str] = []
    shorts: list[str] = []
    size = 0
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        size += len(text.encode())
        try:
            found = extract_citations(text)
        except Exception as e:  # counting crashes is the point
            counts["crash"] += 1
            examples.setdefault("crash", []).append(f"{path}: {e!r}")
            continue
        for c in found:
            counts["citations"] += 1
            counts[f"form {c.form}"] += 1
            flags = []
            if text[c.start : c.end] != c.text:
                flags.append("span")
            if c.form is Form.NAMED:
                flags += named_flags(c)
            if COMMON_NOUN.match(c.text) or (
                re.match(r"luật", c.text, re.I)
                and re.search(r"(?:kỷ|pháp|ty)\s*$", text[max(0, c.start - 6) : c.start], re.I)
            ):
                flags.append("common noun read as a law")
            # the form's own number right after "Mẫu số": a bare code or a glued abbreviation
            # ("Phụ lục Thông tư 81/2025/TT-BTC" is the circular's appendix: a citation)
            own_number = c.text[:1].isdigit() or re.fullmatch(r"[A-ZĐ]{2,4}\s?\d{1,4}", c.text)
            if own_number and TEMPLATE_BEFORE.search(text[max(0, c.start - 14) : c.start]):
                flags.append(f"template number read as a {c.form} citation")
            if c.form is Form.SHORT:
                flags += short_flags(c, text)
            if c.issued_on:
                counts["with issue date"] += 1
                day, month, year = c.issued_on[8:], c.issued_on[5:7], c.issued_on[:4]
                window = text[c.end : c.end + 400]
                written = [int(day), int(month), int(year)]
                before = text[max(0, c.start - 240) : c.start]
                said_before = any(
                    [int(x) for x in re.findall(r"\d+", m.group())] == written
                    for m in DATE.finditer(before)
                )  # "Ngày 12/6/2025, Quốc hội ban hành ...": the date is the one before
                for m in DATE.finditer(window):
                    nums = [int(x) for x in re.findall(r"\d+", m.group())]
                    if nums == written and not said_before:
                        if DEADLINE_BEFORE_DATE.search(window[max(0, m.start() - 40) : m.start()]):
                            flags.append("date: a deadline or in-force date as the issue date")
                        break
            for f in flags:
                counts[f] += 1
                examples.setdefault(f, []).append(
                    f"{path.name}: {text[max(0, c.start - 30) : c.start]!r} [[{c.text!r}]] "
                    f"{text[c.end : c.end + 40]!r}"
                )
            near = text[max(0, c.start - 160) : c.end + 160]
            if DATE.search(near):
                dated.append(f"{path.name}: {near!r}\n      -> {c.text!r} issued_on={c.issued_on}")
            if c.form is Form.SHORT:
                shorts.append(
                    f"{path.name}: {text[max(0, c.start - 50) : c.start]!r} [[{c.text!r}]] "
                    f"{text[c.end : c.end + 50]!r}"
                )
    print(f"files {len(paths)}, {size / 1e6:.1f} MB")
    named = counts["form named"] or 1
    short = counts["form short"] or 1
    for key in sorted(counts):
        share = ""
        if key.startswith("named:"):
            share = f"  ({counts[key] / named:.1%} of named)"
        elif key.startswith("short:"):
            share = f"  ({counts[key] / short:.1%} of short)"
        print(f"  {key:58s} {counts[key]:7d}{share}")
    rng = random.Random(seed)
    for key in sorted(examples):
        if key in ("crash",) or show:
            print(f"\n== {key}")
            for line in examples[key][: show or 20]:
                print("   ", line)
    if date_sample:
        print(f"\n== {date_sample} citations with a date written near them")
        for line in rng.sample(dated, min(date_sample, len(dated))):
            print("  ", line)
    if short_sample:
        print(f"\n== {short_sample} short forms")
        for line in rng.sample(shorts, min(short_sample, len(shorts))):
            print("  ", line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--sample", type=int, help="read only N files, chosen at random")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=0, help="examples to print per category")
    parser.add_argument("--dates", type=int, default=0, help="print N dated citations to check")
    parser.add_argument("--shorts", type=int, default=0, help="print N short forms to check")
    args = parser.parse_args()
    audit(texts(args.folder, args.sample, args.seed), args.show, args.dates, args.shorts, args.seed)


if __name__ == "__main__":
    main()
