# PYTHON_ARGCOMPLETE_OK
"""The `directive-graph` command line. Each subcommand parses, delegates, and prints."""

from __future__ import annotations

import argparse
import errno
import json
import shutil
import sys
from pathlib import Path

from directive_graph.api.progress import Steps
from directive_graph.graph.errors import DirectiveGraphError, InputError
from directive_graph.graph.model import KIND_LABELS, EdgeType
from directive_graph.loaders import extract_citations
from directive_graph.loaders.documents import document_text

TABLE_COLUMNS = ("start", "end", "kind", "form", "code", "number", "year", "issued_on", "issuer")


def _print_table(rows: list[dict], columns: tuple[str, ...], out=sys.stdout) -> None:
    """An aligned table as wide as the terminal (120 columns when output is not one): the
    widest columns give up room first, and their cells are cut with "…". Kinds are shown by
    their Vietnamese name ("Nghị quyết"; --json keeps the slug)."""
    cells = [[_cell(r.get(c) if c != "kind" else KIND_LABELS.get(r.get(c) or "", r.get(c)))
              for c in columns] for r in rows]  # fmt: skip
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    room = shutil.get_terminal_size((120, 24)).columns - 2 * (len(columns) - 1)
    while sum(widths) > room and max(widths) > 12:  # the widest gives up a column at a time
        widths[widths.index(max(widths))] -= 1
    print("  ".join(c[:w].ljust(w) for c, w in zip(columns, widths, strict=True)), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in cells:
        print("  ".join(_fit(v, w) for v, w in zip(row, widths, strict=True)).rstrip(), file=out)


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


def _cell(value, width: int = 200) -> str:
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_extract(args: argparse.Namespace) -> int:
    files = args.file
    if len(files) == 1 and (files[0] == "-" or not Path(files[0]).is_dir()):
        text = document_text(files[0])  # every format `load` reads (txt, md, html, docx, pdf)
        _print_citations([c.to_dict() for c in extract_citations(text)], args.format)
        return 0
    from directive_graph.loaders import extract_many
    from directive_graph.loaders.documents import iter_documents

    paths = [str(p) for p in iter_documents(f for f in files if f != "-")]
    texts = [document_text(p) for p in paths]
    if "-" in files:
        paths.append("-")
        texts.append(document_text("-"))
    found = extract_many(texts, jobs=args.jobs)
    if args.format == "table":
        for path, citations in zip(paths, found, strict=True):
            print(f"== {path}")
            _print_citations([c.to_dict() for c in citations], "table")
            print()
        print(f"{sum(map(len, found))} citations in {len(paths)} files")
    else:
        rows = [{"file": path, "citations": [c.to_dict() for c in citations]}
                for path, citations in zip(paths, found, strict=True)]  # fmt: skip
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
    return 0


def _positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1 (--jobs)."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is no number of processes; give 1 or more")
    return number


def _print_citations(citations: list[dict], fmt: str) -> None:
    """One file's citations: a JSON array, or a table and their count."""
    if fmt == "table":
        _print_table([{**c, "text": c["text"]} for c in citations], ("text", *TABLE_COLUMNS))
        print(f"\n{len(citations)} citations")
    else:
        json.dump(citations, sys.stdout, ensure_ascii=False, indent=2)
        print()


def cmd_evaluate(args: argparse.Namespace) -> int:
    from directive_graph.loaders.evaluate import evaluate

    score = evaluate(Path(args.text_dir), Path(args.gold_dir))
    result = score.to_dict()
    graph = None
    if args.graph_gold:
        from directive_graph.queries.evaluate import evaluate_graph

        graph = evaluate_graph(Path(args.text_dir), Path(args.gold_dir), Path(args.graph_gold))
    if args.json:
        both = {"citations": result, "graph": graph.to_dict()} if graph else result
        json.dump(both, sys.stdout, ensure_ascii=False, indent=2)
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
    failed = []
    if args.min_f1 is not None and score.f1 < args.min_f1:
        failed.append(f"citation F1 {score.f1:.4f} is below the gate {args.min_f1}")
    if graph is not None:
        if not args.json:
            _print_graph_score(graph, args.verbose)
        failed += _graph_gates(graph, args)
    for line in failed:
        print(line, file=sys.stderr)
    return 1 if failed else 0


def _print_graph_score(graph, verbose: bool) -> None:
    g = graph.to_dict()
    print("\ngraph (the development corpus loaded together, scored against the graph gold)")
    for name in ("tasks", "stated_task_links", "document_links"):
        s = g[name]
        print(
            f"{name.replace('_', ' '):22s}P {s['precision']:.4f}  R {s['recall']:.4f}  "
            f"F1 {s['f1']:.4f}   (tp {s['tp']}, fp {s['fp']}, fn {s['fn']})"
        )
    t = g["transitive"]
    print(
        f"{'transitive answers':22s}P {t['precision']:.4f}  R {t['recall']:.4f}   "
        f"({t['right']} right of {t['returned']} returned, {t['expected']} expected)"
    )
    r = g["resolution"]
    print(
        f"{'resolution':22s}{r['accuracy']:.4f} of {r['datable']} datable documents right, "
        f"{r['wrong']} wrong"
    )
    for what in ("bogus", "split", "merged"):
        print(f"{what + ' nodes':22s}{len(g[what])}")
        for row in g[what]:
            print(f"  {row}")
    if verbose:
        for line in graph.details:
            print(f"  {line}")


def _graph_gates(graph, args: argparse.Namespace) -> list[str]:
    g = graph.to_dict()
    checks = (
        ("task F1", g["tasks"]["f1"], args.min_task_f1),
        ("stated task link F1", g["stated_task_links"]["f1"], args.min_task_link_f1),
        ("document link F1", g["document_links"]["f1"], args.min_link_f1),
        ("transitive precision", g["transitive"]["precision"], args.min_transitive),
        ("resolution accuracy", g["resolution"]["accuracy"], args.min_resolution),
    )
    failed = [
        f"{name} {value:.4f} is below the gate {gate}"
        for name, value, gate in checks
        if gate is not None and value < gate
    ]
    for what in ("bogus", "split", "merged"):
        limit = getattr(args, f"max_{what}")
        if limit is not None and len(g[what]) > limit:
            failed.append(f"{len(g[what])} {what} nodes, more than the gate {limit}")
    if args.max_wrong is not None and g["resolution"]["wrong"] > args.max_wrong:
        failed.append(
            f"{g['resolution']['wrong']} documents resolved wrongly (gate {args.max_wrong})"
        )
    return failed


def _store(args: argparse.Namespace, create: bool = False):
    """The store the command names; only `load` creates one where there is none. Which store
    it is goes to stderr in one line when stderr is a terminal (-q hides it), so a graph that
    looks empty says where it was read."""
    from directive_graph.graph.stores import open_store

    store = open_store(args.data, args.neo4j, create=create)
    if not getattr(args, "quiet", False) and sys.stderr.isatty():  # for a person, not a pipe
        print(f"directive-graph: using {store.describe()}", file=sys.stderr)
    return store


def cmd_load(args: argparse.Namespace) -> int:
    from directive_graph.graph.registry import Registry
    from directive_graph.loaders.load import TtyRows, load_paths, tty_progress

    store = _store(args, create=True)
    quiet = args.quiet
    report = load_paths(
        args.paths, store, Registry.load(), progress=None if quiet else tty_progress,
        row_progress=None if quiet else TtyRows(), exclude=args.exclude, jobs=args.jobs,
    )  # fmt: skip
    if args.json:
        json.dump(report.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(f"documents read        {report.documents_read}")
        for kind, n in report.kinds.most_common():
            print(f"  {n:6d}  {KIND_LABELS.get(kind, kind) or '(no number of its own)'}")
        print(f"  unchanged (skipped) {report.documents_unchanged}")
        if report.excluded:
            print(f"  excluded            {report.excluded} (--exclude)")
        print(f"registry files read   {report.registries_read}")
        if report.registry_rows_read:
            rejected = report.registry_rows_rejected
            print(f"  rows read           {report.registry_rows_read}")
            print(f"  rows kept           {report.registry_rows_kept}")
            print(f"  rows rejected       {sum(rejected.values())}")
            for reason, n in sorted(rejected.items(), key=lambda kv: (-kv[1], kv[0])):
                print(f"    {n:9d}  {reason}")
            for path, line, reason in report.rejected_rows:
                print(f"    {path}:{line}: {reason}")
            if report.registry_dates_dropped:
                print(f"  dates dropped       {report.registry_dates_dropped} (impossible or "
                      "unreadable: left out, the rest of the row kept)")  # fmt: skip
        if report.graphs_imported:
            print(f"graphs imported       {report.graphs_imported}")
            print(f"  nodes imported      {report.nodes_imported}")
            print(f"  edges imported      {report.edges_imported}")
        print(f"nodes new             {report.directives_new}")
        print(f"nodes updated         {report.directives_updated}")
        print(f"edges new             {report.edges_new}")
        print(f"unresolved references {len(report.unresolved)}")
        for u in report.unresolved:
            extra = f" (candidates: {', '.join(u.candidates)})" if u.candidates else ""
            print(f"  {u.path}:{u.line}: {u.text!r}: {u.reason}{extra}")
        if report.skipped:
            print(f"skipped {len(report.skipped)} data files (.csv, .json ...), not registries")
        print(f"failed                {len(report.failures)}")
        for _path, reason in report.failures:
            print(f"failed: {reason}", file=sys.stderr)
        print(f"graph saved in {store.describe()}")
    return 1 if report.failures else 0  # every other file is loaded all the same


def cmd_show(args: argparse.Namespace) -> int:
    from directive_graph.queries.lookup import describe

    store = _store(args)
    node_id = _one_directive(store, args.ref, any_node=True)
    view = describe(store, node_id)
    if args.json:
        json.dump(view, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    others = {lk["target"] for lk in view["out"]} | {lk["source"] for lk in view["in"]}
    _print_view(view, store.nodes_by_id(sorted(others)[:2000]))
    return 0


def _caption(node) -> str:
    """A node as a reader names it: a directive by kind and code, a document by its title."""
    p = node.props
    if p.get("code") or p.get("kind"):
        return " ".join(x for x in (KIND_LABELS.get(p.get("kind") or "", ""), p.get("code")) if x)
    return _cell(p.get("title") or p.get("name") or p.get("text"), 70)


def _print_view(view: dict, others: dict | None = None) -> None:
    node = view["node"]
    others = others or {}
    print(f"{node['id']}  ({node['label']})")
    shown_keys = [k for k in node if k not in ("id", "label", "aliases", "conflicts", "unresolved")
                  and not k.startswith("_")]  # fmt: skip
    width = max([10, *(len(k) for k in shown_keys)])  # one column for every value
    for key in shown_keys:
        value = node[key]
        if key == "kind" and value in KIND_LABELS:
            value = f"{KIND_LABELS[value]} ({value})"
        print(f"  {key:{width}s} {value}")
    if node.get("aliases"):
        print(f"  {'aliases':{width}s} {' | '.join(node['aliases'])}")
    for key, values in (node.get("conflicts") or {}).items():
        shown = "; ".join(f"{v['value']} ({', '.join(v['sources'])})" for v in values)
        print(f"  {'CONFLICT':{width}s} {key}: {shown}")
    for direction in ("out", "in"):
        for link in view[direction]:
            other = link["target"] if direction == "out" else link["source"]
            arrow = f"-[{link['type']}]->" if direction == "out" else f"<-[{link['type']}]-"
            name = _caption(others[other]) if other in others else ""
            print(f"  {arrow} {other}" + (f"  {name}" if name else ""))
            for ev in link["evidence"][:3]:
                where = f"{ev['document']}:{ev['start']}-{ev['end']}"
                kind = "stated" if ev["stated"] else f"inferred {ev['confidence']:.2f}"
                print(f"      {where} {kind}: {_cell(ev['sentence'])}")


def cmd_stats(args: argparse.Namespace) -> int:
    stats = _store(args).stats()
    if args.json:
        json.dump(stats, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for section, counts in stats.items():
        if isinstance(counts, dict):
            print(section.replace("_", " "))
            for key, n in counts.items():
                print(f"  {n:6d}  {key}")
        else:
            print(f"{section.replace('_', ' ')}: {counts}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from directive_graph.graph.export import export, select
    from directive_graph.graph.rdf import DEFAULT_BASE

    if args.format == "neo4j-csv":
        return _export_neo4j_csv(args)
    store = _store(args)
    steps = Steps(quiet=args.quiet)
    directive = _one_directive(store, args.directive) if args.directive else None
    with steps.step("reading the graph"):
        data = store.export()
        if directive or args.issuer or args.year:
            data = select(
                data, directive=directive, issuer=args.issuer, year=args.year, depth=args.depth
            )
    base = args.base or DEFAULT_BASE
    what = f"writing {len(data['nodes']):,} nodes and {len(data['links']):,} links as {args.format}"
    if args.output:
        with open(args.output, "wb") as f, steps.counting(f, what) as out:
            export(data, args.format, out, base)
        print(f"wrote {len(data['nodes'])} nodes and {len(data['links'])} links to {args.output}")
    else:
        if sys.stdout.isatty():  # the export itself is on the terminal: no bar across it
            steps = Steps(enabled=False)
        with steps.counting(sys.stdout.buffer, what) as out:
            export(data, args.format, out, base)
        sys.stdout.flush()
    return 0


def _export_neo4j_csv(args: argparse.Namespace) -> int:
    """The whole graph as neo4j-admin CSV files in the folder -o, and the command to import it."""
    from directive_graph.graph.neo4j_bulk import import_command, write_csv

    if not args.output:
        raise InputError("--format neo4j-csv writes a folder of files: pass -o DIR")
    if args.directive or args.issuer or args.year:
        raise InputError(
            "--format neo4j-csv writes the whole graph (for an import): drop --directive, "
            "--issuer and --year"
        )
    store = _store(args)
    with Steps(quiet=args.quiet).step(f"writing the graph as neo4j-admin CSV in {args.output}"):
        nodes, edges = store.dump()
        files = write_csv(nodes, edges, args.output)
    print(
        f"wrote {files.node_count} nodes and {files.relationship_count} relationships to "
        f"{args.output}; import them into a stopped Neo4j (Community: database neo4j) with:"
    )
    print(import_command(files))
    print("then start it: the first directive-graph command that connects creates the indexes")
    return 0


def cmd_sparql(args: argparse.Namespace) -> int:
    from directive_graph.graph.rdf import sparql

    rows = sparql(_store(args).export(), args.query)
    if args.json or not rows:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2, default=str)
        print()
    else:
        _print_table(rows, tuple(dict.fromkeys(k for r in rows for k in r)))
        print(f"\n{len(rows)} rows")
    return 0


def _one_directive(store, ref: str, any_node: bool = False) -> str:
    """The id `ref` names, resolved as the API resolves it (UnresolvedReference otherwise)."""
    from directive_graph.graph.registry import Registry
    from directive_graph.queries.lookup import require_directive

    if any_node and store.node(ref.strip()) is not None:
        return ref.strip()  # `show` describes bodies, documents and tasks too
    return require_directive(store, Registry.load(), ref)


def cmd_tasks(args: argparse.Namespace) -> int:
    from directive_graph.queries.catalogue import tasks_implementing

    store = _store(args)
    directive = store.node(_one_directive(store, args.ref))
    rows = tasks_implementing(store, directive.id, not args.direct, args.inferred)
    if args.json:
        json.dump(
            {"directive": directive.id, "tasks": rows}, sys.stdout, ensure_ascii=False, indent=2
        )
        print()
        return 0
    print(f"tasks implementing {directive.id} ({directive.props.get('code') or ''})")
    docs = store.nodes_by_id(sorted({r["task"]["document"] for r in rows if r["task"]["document"]}))
    table = []
    for r in rows:
        link = r["link"]
        how = link["how"] if not link["inferred"] else f"inferred {link['confidence']:.2f}"
        table.append(
            {
                "task": r["task"]["ordinal"],
                "document": _doc_title(docs, r["task"]["document"]),
                "link": link["type"],
                "how": how,
                "via": " > ".join(link["via"]),
                "evidence": link["evidence"][0]["text"] if link["evidence"] else "",
                "text": r["task"]["text"],
            }
        )
    _print_table(table, ("task", "link", "how", "via", "evidence", "text", "document"))
    print(f"\n{len(rows)} tasks")
    for doc in store.edges(target=directive.id, types=(EdgeType.IS_DIRECTIVE,)):
        own = store.edges(source=doc.source, types=(EdgeType.HAS_TASK,))
        if own:  # a plan's own tasks are not ones implementing it: say where they are
            print(f"its own text sets {len(own)} tasks: directive-graph show {doc.source}")
    return 0


def _doc_title(docs: dict, doc_id: str | None) -> str:
    """A document by its title (its file's name when it has none), not its internal id."""
    node = docs.get(doc_id or "")
    if node is None:
        return doc_id or ""
    return node.props.get("title") or node.props.get("name") or node.id


def _store_or_registry(args: argparse.Namespace):
    """The store the command names, or, where there is no graph yet, an empty one: `status` and
    `check` answer from the registry alone."""
    import tempfile

    from directive_graph.graph.embedded import EmbeddedStore
    from directive_graph.graph.errors import NoGraph

    try:
        return _store(args)
    except NoGraph:
        args._empty = tempfile.TemporaryDirectory(prefix="directive-graph-")  # kept with args
        return EmbeddedStore(args._empty.name)


def cmd_status(args: argparse.Namespace) -> int:
    from directive_graph.graph.registry import Registry
    from directive_graph.queries.lookup import require_known
    from directive_graph.queries.status import status

    store, registry = _store_or_registry(args), Registry.load()
    row = status(store, require_known(store, registry, args.ref), args.on, registry)
    if args.json:
        json.dump(row, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    on = f" on {row['on']}" if row["on"] else ""
    by = f" by {', '.join(row['by'])}" if row["by"] else ""
    since = f" from {row['since']}" if row["since"] else ""
    print(f"{row['directive']} ({row['code'] or ''}){on}: {row['status']}{by}{since}")
    if row["title"]:
        print(f"  {row['title']}")
    table = [
        {
            "date": ev["date"] or "undated",
            "event": ev["type"],
            "by": ev["by"] or ev["by_code"] or "",
            "articles": ev["articles"] or "",
            "source": ev["source"],
        }
        for ev in row["events"]
    ]
    if table:
        print()
        _print_table(table, ("date", "event", "by", "articles", "source"))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Flag the citations of a document that were replaced or repealed before its date."""
    from pathlib import Path

    from directive_graph.graph.registry import Registry
    from directive_graph.loaders import extract_citations, read_document
    from directive_graph.queries.status import check_citations

    src = read_document(Path(args.file))
    on = args.on or src.issued_on
    store = _store_or_registry(args)
    rows = check_citations(store, Registry.load(), extract_citations(src.text), on)
    flagged = [r for r in rows if r["check"]["outdated"]]
    if args.json:
        json.dump({"file": args.file, "on": on, "citations": rows}, sys.stdout,
                  ensure_ascii=False, indent=2)  # fmt: skip
        print()
        return 0
    if on is None:
        print(f"{args.file}: no date found in the text; give --on YYYY-MM-DD to check it")
        return 0
    for r in flagged:
        print(f"{args.file}: {r['citation']['text']!r}: {r['check']['message']}")
    print(f"{args.file} ({on}): {len(rows)} citations, {len(flagged)} outdated")
    return 0


def cmd_registry(args: argparse.Namespace) -> int:
    """Build graph/data/phapdien.csv, relations.csv, bodies.csv and plenums.csv from the public
    tables."""
    from pathlib import Path

    from directive_graph.graph.registry import DATA
    from directive_graph.loaders.registry_sources import build_registry, write_built

    built = build_registry(Path(args.sources))
    paths = write_built(built, Path(args.out) if args.out else DATA)
    print(built.summary())
    for where, why in built.rejected[: args.show]:
        print(f"  rejected {where}: {why}")
    if len(built.rejected) > args.show:
        print(f"  ... {len(built.rejected) - args.show} more (--show N lists more)")
    print("wrote " + ", ".join(str(p) for p in paths))
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from directive_graph.queries.catalogue import QUERIES, run_query

    if args.name == "list":
        if args.json:
            rows = [{"name": n, "params": list(q.params), "doc": q.doc} for n, q in QUERIES.items()]
            json.dump(sorted(rows, key=lambda r: r["name"]), sys.stdout, indent=2)
            print()
            return 0
        for name, q in sorted(QUERIES.items()):
            print(f"{name:22s} {' '.join(q.params):45s} {q.doc}")
        return 0
    from directive_graph.graph.registry import Registry

    result = run_query(_store(args), args.name, args.args, Registry.load())
    if args.json or not isinstance(result, list) or not result or not isinstance(result[0], dict):
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    flat = [{k: v for k, v in r.items() if not isinstance(v, (list, dict))} for r in result]
    columns = tuple(dict.fromkeys(k for r in flat for k in r))
    _print_table(flat, columns)
    print(f"\n{len(result)} rows")
    return 0


def cmd_push(args: argparse.Namespace) -> int:
    """Copy the embedded store into Neo4j, document by document (idempotent)."""
    from directive_graph.graph.embedded import EmbeddedStore
    from directive_graph.graph.neo4j_store import Neo4jStore
    from directive_graph.graph.push import push

    source = EmbeddedStore(args.data, create=False)
    if args.bulk:
        return _push_bulk(args, source)
    target = Neo4jStore(args.neo4j)
    try:
        with Steps(quiet=args.quiet).step(f"copying the graph to {target.uri}"):
            counts = push(source, target, replace=args.replace)
    finally:
        target.close()
    print(f"pushed {counts['nodes']} nodes and {counts['edges']} relationships to {target.uri}")
    return 0


def _push_bulk(args: argparse.Namespace, source) -> int:
    """`push --bulk`: the graph as CSV files, imported by neo4j-admin into a stopped server."""
    import os
    import tempfile

    from directive_graph.graph.neo4j_bulk import bulk_import

    database = os.environ.get("NEO4J_DATABASE") or "neo4j"
    steps = Steps(quiet=args.quiet)
    with steps.step("reading the embedded store"):
        nodes, edges = source.dump()
    with (
        tempfile.TemporaryDirectory(prefix="dg-neo4j-csv-") as scratch,
        steps.step(f"writing {len(edges):,} relationships as CSV and importing them"),
    ):
        done = bulk_import(
            nodes,
            edges,
            args.csv or scratch,
            neo4j_home=args.neo4j_home,
            database=database,
            replace=args.replace,
        )
    print(
        f"imported {done['nodes']} nodes and {done['edges']} relationships into database "
        f"{database} of {done['home']} ({done['tool']}); start the server: the first "
        "directive-graph command that connects creates the indexes and constraints"
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """An online copy of the embedded store (consistent while others read and write it)."""
    from directive_graph.graph.embedded import EmbeddedStore

    dest = EmbeddedStore(args.data, create=False).backup(args.destination)
    print(
        f"backed up {args.data or 'the data directory'} to {dest}; to restore it, stop the "
        f"programs that use the store and copy {dest.name} back as DATA/graph.sqlite"
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """uvicorn with uvloop and httptools when installed (the default dependencies), the header
    deadline of api/limits.py, and `--workers` processes (each with its own store connections,
    answer cache, rate-limit counts and export slots)."""
    import json
    import os

    import uvicorn

    from directive_graph.api import limits
    from directive_graph.api.main import SERVE_ENV, create_app
    from directive_graph.api.settings import Settings

    settings = Settings.from_env(args.data, args.neo4j)  # wrong settings stop here, once
    writes = "on (X-API-Key)" if settings.api_key else "off (set DIRECTIVE_GRAPH_API_KEY)"
    workers = max(1, args.workers)
    print(
        f"serving on http://{args.host}:{args.port}/ (web view; the API's reference at /docs); "
        f"write endpoints {writes}" + (f"; {workers} worker processes" if workers > 1 else ""),
        file=sys.stderr,
    )
    fast = getattr(limits, "HeaderTimeoutHttpTools", None)
    try:
        import uvloop  # noqa: F401

        loop = "uvloop"
    except ImportError:
        loop = "asyncio"
    if workers > 1:  # each worker builds the app (main.served_app) from what this one read
        os.environ[SERVE_ENV] = json.dumps({"data": args.data, "neo4j": args.neo4j})
        app: object = "directive_graph.api.main:served_app"
    else:
        app = create_app(settings)
    uvicorn.run(
        app, factory=workers > 1, workers=workers if workers > 1 else None,  # type: ignore[arg-type]
        host=args.host, port=args.port, log_level=args.log_level, loop=loop,
        http=fast or limits.HeaderTimeoutH11,  # a deadline for the request line and headers
        limit_concurrency=args.max_connections,  # beyond: 503 at once (per worker)
        timeout_keep_alive=5, h11_max_incomplete_event_size=limits.MAX_HEADER_BYTES,
    )  # fmt: skip
    return 0


def _store_options(p: argparse.ArgumentParser, data_help: str) -> None:
    p.add_argument("--data", help=data_help)
    p.add_argument("--neo4j", metavar="URI", help="use Neo4j at URI (default $NEO4J_URI if set)")


EPILOG = """examples:
  directive-graph load ./texts                      load a folder of texts (creates ./data)
  directive-graph tasks "KL 21"                     tasks implementing Kết luận số 21-KL/TW
  directive-graph status "Chỉ thị 35-CT/TW" --on 2025-06-01
  directive-graph serve                             the web view at http://127.0.0.1:8000/

exit codes:
  0  done
  1  done in part: `load` loaded what it could but some files failed; a gate of `evaluate` failed
  2  bad input: a file, a reference, a query, an option (the message names it and the fix)
  3  the store: a damaged or foreign data directory, a full disk, Neo4j down
130 interrupted (what was committed stays)

On a terminal, every graph command says on stderr which store it reads (-q hides it). With
--json, answers and errors are JSON on standard output: {"error": "...", "exit_code": 2}.
Shell completion: eval "$(register-python-argcomplete directive-graph)" (bash, zsh)."""


EXAMPLES = {
    "extract": "example:\n  directive-graph extract plan.docx --format table",
    "load": "examples:\n  directive-graph load ./texts --exclude 'README*' --exclude '*.md'\n"
    "  directive-graph load registry.csv --data /srv/graph",
    "show": 'example:\n  directive-graph show "Nghị quyết 18-NQ/TW năm 2017"',
    "tasks": 'example:\n  directive-graph tasks "KL 21" --direct --json',
    "status": 'example:\n  directive-graph status "Nghị định 103/2009/NĐ-CP" --on 2012-06-01',
    "check": "example:\n  directive-graph check plan.txt --on 2025-06-02",
    "query": "examples:\n  directive-graph query list\n  directive-graph query directives "
    'issuer="Bộ Chính trị" year=2022',
    "sparql": 'example:\n  directive-graph sparql "SELECT ?d WHERE { ?d a eli:LegalResource } '
    'LIMIT 5"',
    "serve": "example:\n  directive-graph serve --port 8000 --data /srv/graph",
    "export": "example:\n  directive-graph export --format turtle --issuer 'Bộ Chính trị' -o x.ttl",
    "stats": "example:\n  directive-graph stats --json",
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("directive-graph")
    except PackageNotFoundError:  # run from a checkout that is not installed
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="directive-graph",
        description="A knowledge graph of Vietnamese Party and state directives: load texts, "
        "find what implements what, look citations up.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"directive-graph {_version()}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--json", action="store_true",
        help='print the answer as JSON, and errors as {"error": ..., "exit_code": N}',
    )  # fmt: skip
    common.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="nothing on stderr but errors: neither the store read nor progress bars",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_parser = sub.add_parser

    def with_common(name: str, **kwargs):
        kwargs.setdefault("parents", [common])
        kwargs.setdefault("epilog", EXAMPLES.get(name))
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        return add_parser(name, **kwargs)

    sub.add_parser = with_common  # type: ignore[method-assign]  # every command takes --json, -q

    p = sub.add_parser("extract", help="print the directive citations found in a text")
    p.add_argument(
        "file",
        nargs="+",
        help="a text file (txt, md, html, docx, pdf), - for standard input, or folders and several"
        " files: then one entry per file ({file, citations} in JSON)",
    )
    p.add_argument(
        "--format", choices=("json", "table"), default="json", help="json (default) or a table"
    )
    p.add_argument(
        "--jobs",
        type=_positive_int,
        default=1,
        help="worker processes for several files (default 1)",
    )
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("evaluate", help="score the extractor against gold annotations")
    p.add_argument("text_dir", help="folder of texts (NNN_name.txt)")
    p.add_argument("gold_dir", help="folder of gold annotations (NNN.json)")
    p.add_argument("--min-f1", type=float, default=None, help="exit 1 when F1 is below this")
    p.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    p.add_argument(
        "--graph-gold",
        metavar="DIR",
        help="also load the texts together and score the graph against DIR (eval/graph-gold)",
    )
    for flag, what in (
        ("--min-task-f1", "task F1"),
        ("--min-task-link-f1", "stated task link F1"),
        ("--min-link-f1", "document link F1"),
        ("--min-transitive", "the share of right transitive answers"),
        ("--min-resolution", "the share of datable documents resolved right"),
    ):
        p.add_argument(flag, type=float, default=None, help=f"exit 1 when {what} is below this")
    for what in ("bogus", "split", "merged"):
        p.add_argument(
            f"--max-{what}", type=int, default=None, help=f"exit 1 above this many {what} nodes"
        )
    p.add_argument("--max-wrong", type=int, default=None, help="exit 1 above this many wrong")
    p.set_defaults(func=cmd_evaluate)

    data_help = "data directory of the embedded store (default $DIRECTIVE_GRAPH_DATA or ./data)"
    p = sub.add_parser("load", help="load texts, folders and registry files into the graph")
    p.add_argument(
        "paths",
        nargs="+",
        help=".txt .md .html .docx .pdf files, folders, registries (.csv .tsv .json .jsonl: "
        "the project's columns or vbpl's), graphs written by `export`",
    )
    p.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB",
        help="leave out files whose name or path matches (repeatable): --exclude 'README*'",
    )  # fmt: skip
    p.add_argument(
        "--jobs", "-j", type=_positive_int, default=None, metavar="N",
        help="worker processes reading the texts (default: one per core; 1: none, all in one "
        "process); the graph is the same whatever N is",
    )  # fmt: skip
    _store_options(p, data_help)
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("show", help="a directive with its links and their evidence")
    p.add_argument("ref", help='an id (18-nq-tw-2017) or a citation ("Nghị quyết 18-NQ/TW 2017")')
    _store_options(p, data_help)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("stats", help="counts by label, kind, issuer and year")
    _store_options(p, data_help)
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("tasks", help="tasks that implement a directive, with evidence")
    p.add_argument("ref", help='a directive: "KL 21", "Kết luận số 21-KL/TW", 21-kl-tw-2021')
    p.add_argument("--direct", action="store_true", help="no tasks of plans that implement it")
    p.add_argument(
        "--inferred", action="store_true", help="add links inferred from the subject (guesses)"
    )
    p.add_argument("--stated-only", action="store_true", help=argparse.SUPPRESS)  # the default
    _store_options(p, data_help)
    p.set_defaults(func=cmd_tasks)

    p = sub.add_parser("status", help="in force, amended, replaced or repealed, and by what")
    p.add_argument("ref", help='a directive: "Nghị định 103/2009/NĐ-CP", "CT 35", an id')
    p.add_argument("--on", metavar="YYYY-MM-DD", help="its status on that day (default: all known)")
    _store_options(p, data_help)
    p.set_defaults(func=cmd_status)

    p = sub.add_parser(
        "check", help="flag a document's citations replaced or repealed before its date"
    )
    p.add_argument("file", help="a text (txt, html, docx, pdf)")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="the text's date, when it does not say")
    _store_options(p, data_help)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("registry", help="build the registry from public tables (Pháp điển)")
    rsub = p.add_subparsers(dest="action", required=True)
    b = rsub.add_parser("build", help="phapdien_docs.tsv + phapdien_relations.tsv -> CSVs")
    b.add_argument(
        "sources", help="the folder of the tables (../shared/reference/registry-sources)"
    )
    b.add_argument("--out", help="where to write (default: the package's graph/data)")
    b.add_argument("--show", type=int, default=20, help="rejected rows to list (default 20)")
    b.set_defaults(func=cmd_registry)

    p = sub.add_parser("query", help="run a named query (`query list` shows them)")
    p.add_argument("name", help="a query name, or list")
    p.add_argument("args", nargs="*", help="values, positional or key=value")
    _store_options(p, data_help)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("sparql", help="run a SPARQL query over the graph (rdflib)")
    p.add_argument("query", help='e.g. "SELECT ?d WHERE { ?d a eli:LegalResource }"')
    _store_options(p, data_help)
    p.set_defaults(func=cmd_sparql)

    p = sub.add_parser("serve", help="run the web view and the HTTP API (FastAPI, uvicorn)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    p.add_argument(
        "--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"),
        help="uvicorn's log level (default info)",
    )  # fmt: skip
    p.add_argument(
        "--max-connections", type=int, default=256,
        help="connections served at once; beyond, 503 at once (default 256, per worker)",
    )  # fmt: skip
    p.add_argument(
        "--workers", type=int, default=1,
        help="worker processes (uvicorn's; default 1): about one per core",
    )  # fmt: skip
    _store_options(p, data_help)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("backup", help="copy the embedded store to a file, while it is in use")
    p.add_argument("destination", help="a file, or a folder (graph.sqlite is written in it)")
    p.add_argument("--data", help=data_help)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "push",
        help="copy the embedded store into Neo4j",
        description="Copy the embedded store into Neo4j through the driver (a running server; "
        "repeatable, for increments), or with --bulk through neo4j-admin's import (a first "
        "load, several times faster): --bulk needs the server STOPPED and imports into "
        "database neo4j (Community edition imports into `neo4j` only); the tool is "
        "$NEO4J_HOME/bin/neo4j-admin of a distribution, else the jars of the project's "
        "server (scripts/neo4j), whose store is $DG_NEO4J_HOME/server. The indexes and "
        "constraints are created when the server next runs, by the first directive-graph "
        "command that connects.",
    )
    p.add_argument("--data", help=data_help)
    p.add_argument("--neo4j", metavar="URI", help="the Neo4j server (default $NEO4J_URI)")
    p.add_argument(
        "--replace",
        action="store_true",
        help="empty the Neo4j graph first (with --bulk: overwrite the existing database)",
    )
    p.add_argument(
        "--bulk",
        action="store_true",
        help="first load of a stopped server through neo4j-admin database import full",
    )
    p.add_argument(
        "--neo4j-home",
        metavar="DIR",
        help="with --bulk: the Neo4j home to import into (default $NEO4J_HOME, else the "
        "project's server, $DG_NEO4J_HOME/server)",
    )
    p.add_argument(
        "--csv", metavar="DIR", help="with --bulk: keep the CSV files in DIR (default: deleted)"
    )
    p.set_defaults(func=cmd_push)

    p = sub.add_parser(
        "export", help="write the graph: turtle, jsonld, nt, graphml, json or neo4j-csv"
    )
    p.add_argument(
        "--format", default="json",
        choices=("turtle", "jsonld", "nt", "graphml", "json", "neo4j-csv"),
        help="json (node-link, default), turtle, jsonld, nt (RDF, ELI terms), graphml (Gephi) "
        "or neo4j-csv (a folder of CSV files for neo4j-admin database import full; prints "
        "the command)",
    )  # fmt: skip
    p.add_argument("--output", "-o", help="a file (default: standard output); neo4j-csv: a folder")
    p.add_argument("--directive", help="only this directive and its neighbourhood")
    p.add_argument("--issuer", help="only this issuer's directives (name or body id)")
    p.add_argument("--year", type=int, help="only this year's directives")
    p.add_argument("--depth", type=int, default=1, help="hops around the selection (default 1)")
    p.add_argument(
        "--base", help="base URI of RDF exports (default https://directive-graph.example/id/)"
    )
    _store_options(p, data_help)
    p.set_defaults(func=cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    """The command line; every error of the project ends here as one line and its exit code
    (graph/errors.py: 2 for input, 3 for the store), never as a traceback."""
    parser = build_parser()
    try:
        import argcomplete

        argcomplete.autocomplete(parser)  # answers the shell's completion request, then exits
    except ImportError:  # completion is optional
        pass
    args = parser.parse_args(argv)
    if not args.command:  # bare `directive-graph`: what it does and how to start
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except DirectiveGraphError as e:
        return _fail(args, str(e), e.exit_code)
    except BrokenPipeError:  # the reader of our output went away (`| head`)
        return 0
    except OSError as e:  # a file named on the command line, or the disk
        where = f"{e.filename}: " if e.filename else ""
        fix = {
            errno.ENOSPC: "the disk is full: free space, run it again (what was committed stays)",
            errno.EROFS: "the file system is read-only: give a writable --data or -o",
            errno.EACCES: "check the path's permissions, or give another one",
        }.get(e.errno or 0, "check the path and its permissions")
        return _fail(args, f"{where}{e.strerror or e}; {fix}",
                     3 if e.errno in (errno.ENOSPC, errno.EROFS) else 2)  # fmt: skip
    except KeyboardInterrupt:
        return _fail(args, "interrupted (what was committed stays)", 130)


def _fail(args: argparse.Namespace, message: str, code: int) -> int:
    """One line on stderr, or with --json the error as JSON on standard output."""
    if getattr(args, "json", False):
        json.dump({"error": message, "exit_code": code}, sys.stdout, ensure_ascii=False)
        print()
    else:
        print(f"directive-graph: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
