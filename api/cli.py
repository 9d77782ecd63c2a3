"""The `directive-graph` command line. Each subcommand parses, delegates, and prints."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from loaders import DecodeError, extract_citations, read_text

TABLE_COLUMNS = ("start", "end", "kind", "form", "code", "number", "year", "issued_on", "issuer")


def _print_table(rows: list[dict], columns: tuple[str, ...], out=sys.stdout) -> None:
    """A plain aligned table; long cells are cut so a row stays on one line."""
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)), file=out)


def _cell(value) -> str:
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= 48 else text[:47] + "…"


def cmd_extract(args: argparse.Namespace) -> int:
    text = read_text(args.file)
    citations = [c.to_dict() for c in extract_citations(text)]
    if args.format == "table":
        _print_table([{**c, "text": c["text"]} for c in citations], ("text", *TABLE_COLUMNS))
        print(f"\n{len(citations)} citations")
    else:
        json.dump(citations, sys.stdout, ensure_ascii=False, indent=2)
        print()
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from loaders.evaluate import evaluate

    score = evaluate(Path(args.text_dir), Path(args.gold_dir))
    result = score.to_dict()
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(f"precision  {result['precision']:.4f}")
        print(f"recall     {result['recall']:.4f}")
        print(f"F1         {result['f1']:.4f}   (tp {score.tp}, fp {score.fp}, fn {score.fn})")
        for form, value in result["recall_by_form"].items():
            print(f"recall[{form}]".ljust(22) + f"{value:.4f}")
        print(f"date accuracy         {result['date_accuracy']}")
        print(f"symbol accuracy       {result['symbol_accuracy']}")
        if args.verbose:
            for f in score.files:
                for g in f.misses:
                    print(f"  miss   {f.name}: {g.kind} {g.number} {g.surface!r}")
                for p in f.extras:
                    print(f"  extra  {f.name}: {p.kind} {p.number} {p.text!r}")
    if args.min_f1 is not None and score.f1 < args.min_f1:
        print(f"F1 {score.f1:.4f} is below the gate {args.min_f1}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="directive-graph",
        description="A knowledge graph of Vietnamese Party and state directives.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="print the directive citations found in a text")
    p.add_argument("file", help="a UTF-8 text file, or - for standard input")
    p.add_argument("--format", choices=("json", "table"), default="json")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("evaluate", help="score the extractor against gold annotations")
    p.add_argument("text_dir", help="folder of texts (NNN_name.txt)")
    p.add_argument("gold_dir", help="folder of gold annotations (NNN.json)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--min-f1", type=float, default=None, help="exit 1 when F1 is below this")
    p.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    p.set_defaults(func=cmd_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (DecodeError, FileNotFoundError, ValueError) as e:
        print(f"directive-graph: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
