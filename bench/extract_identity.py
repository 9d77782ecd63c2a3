"""Dump every citation the extractor finds, with every field, so that two versions of the code
can be compared byte for byte (a change meant to be output-neutral must keep the sha256).

    .venv/bin/python bench/extract_identity.py [--out FILE] [--mb 2]

Inputs, in this order: the seed and every development-corpus text (/work/shared, skipped when
absent; `--shared DIR` elsewhere), those texts joined as the benchmark joins them, every text
fixture under tests/, and generated text from bench/corpus.py: `realistic` (`--mb` MB), each
`adversarial` kind, and variants that exercise cleaning (NFD, HTML entities, invisible
characters, markup, Windows line ends, lookalike letters, a mix of tone placements).

Each citation is one line: the input's name, its index, `repr` (the public fields) and a JSON
object of every field, the private ones included (`_norm_span`, `_context_end`, `_list_head`,
`_subject_start`). Prints the sha256 of the dump and the number of citations.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import html
import json
import random
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import ADVERSARIAL_KINDS, adversarial, realistic  # noqa: E402
from directive_graph.loaders import extract_citations  # noqa: E402


def shared_texts(shared: Path) -> list[tuple[str, str]]:
    out = []
    for sub in ("seed", "corpus"):
        for p in sorted((shared / sub).glob("*.txt")):
            out.append((f"{sub}/{p.name}", p.read_text(encoding="utf-8")))
    return out


def _entities(text: str, rng: random.Random) -> str:
    """Some letters as numeric or named entities, some "&" as "&amp;": a page kept as HTML."""
    out = []
    for ch in text:
        r = rng.random()
        if ch == "&" or (ch in "<>" and r < 0.5):
            out.append(html.escape(ch))
        elif ord(ch) > 127 and r < 0.3:
            out.append(f"&#{ord(ch)};" if r < 0.15 else f"&#x{ord(ch):x};")
        elif ch == " " and r < 0.02:
            out.append("&nbsp;")
        elif ch == "ô" and r < 0.6:
            out.append("&ocirc;")
        else:
            out.append(ch)
    return "".join(out)


def _invisible(text: str, rng: random.Random) -> str:
    marks = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
    return "".join(ch + (rng.choice(marks) if rng.random() < 0.01 else "") for ch in text)


def _markup(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    return " ".join(
        f"<em>{w}</em>" if rng.random() < 0.05 else (f"<b>{w}" if rng.random() < 0.01 else w)
        for w in words
    )


def _lookalikes(text: str, rng: random.Random) -> str:
    table = {"Đ": "Ð", "đ": "ð", " ": "\u00a0", "-": "\u2013", '"': "\u201c", "_": "_"}
    return "".join(table.get(ch, ch) if rng.random() < 0.2 else ch for ch in text)


def _new_tones(text: str) -> str:
    return text.replace("ủy", "uỷ").replace("óa", "oá").replace("òa", "oà").replace("ọa", "oạ")


def generated(mb: float) -> Iterator[tuple[str, str]]:
    size = int(mb * 1_000_000)
    base = realistic(size)
    yield "realistic", base
    small = realistic(200_000, every=600, seed=11)
    for kind in ADVERSARIAL_KINDS:
        yield f"adversarial:{kind}", adversarial(kind, 200_000)
    yield "nfd", unicodedata.normalize("NFD", small)
    yield "entities", _entities(small, random.Random(1))
    yield "invisible", _invisible(small, random.Random(2))
    yield "markup", _markup(small, random.Random(3))
    yield "crlf", small.replace("\n", "\r\n")
    yield "lookalikes", _lookalikes(small, random.Random(4))
    yield "new-tones", _new_tones(small)
    yield "upper", small.upper()


def inputs(shared: Path, mb: float) -> Iterator[tuple[str, str]]:
    real = shared_texts(shared) if shared.is_dir() else []
    yield from real
    if real:
        joined = "\n".join(t for _, t in real)
        yield "shared-joined", joined
        yield "shared-nfd", unicodedata.normalize("NFD", joined)
        yield "shared-entities", _entities(joined, random.Random(5))
    for p in sorted(ROOT.glob("tests/**/*")):
        if p.suffix in (".txt", ".md", ".html") and p.is_file():
            yield f"tests/{p.relative_to(ROOT / 'tests')}", p.read_text(encoding="utf-8")
    yield from generated(mb)


def dump_line(name: str, i: int, c) -> str:
    fields = {f.name: getattr(c, f.name) for f in dataclasses.fields(c)}
    fields["kind"], fields["form"] = str(c.kind), str(c.form)
    body = json.dumps(fields, ensure_ascii=False, sort_keys=True)
    return f"{name}\t{i}\t{c!r}\t{body}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/extract_identity.txt"))
    parser.add_argument("--mb", type=float, default=2.0, help="size of the realistic input")
    parser.add_argument("--shared", type=Path, default=Path("/work/shared"))
    args = parser.parse_args()
    digest = hashlib.sha256()
    count = 0
    with args.out.open("w", encoding="utf-8") as out:
        for name, text in inputs(args.shared, args.mb):
            found = extract_citations(text)
            header = f"== {name} {len(text)} chars {len(found)} citations\n"
            out.write(header)
            digest.update(header.encode())
            for i, c in enumerate(found):
                line = dump_line(name, i, c)
                out.write(line)
                digest.update(line.encode())
            count += len(found)
    print(f"{args.out}: {count} citations, sha256 {digest.hexdigest()}")


if __name__ == "__main__":
    main()
