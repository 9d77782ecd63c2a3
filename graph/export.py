"""Exports of the graph (or of a selection of it) in five formats, and reading RDF files back.

- `export(data, fmt, out, base)`: `data` is node-link JSON (`GraphStore.export()`), `fmt` one
  of FORMATS, `out` a text or binary stream (binary gets UTF-8).
    - turtle, nt: the streaming writers of `graph/rdf.py` (ELI + the dg: vocabulary);
    - jsonld: the same triples streamed as expanded JSON-LD (full IRIs, one object per subject;
      rdflib's serializer, used before, held the whole graph in memory twice);
    - graphml: networkx GraphML for Gephi, yEd, Cytoscape: node attribute `label` (Directive,
      Body, Document, Task), edge attributes `type` and `label` (the type again, for display),
      edge ids e0, e1 ...; GraphML holds scalars only, so lists and
      dicts (aliases, period, evidence ...) are JSON strings, null values are left out, and an
      attribute whose values mix types (int here, str there) is written as strings throughout,
      and control characters XML cannot hold become U+FFFD;
    - json: the node-link data as given (what `directive-graph export --format json` writes).
- `MEDIA_TYPES`, `EXTENSIONS`, `format_for_path(path)`.
- `select(data, directive=, issuer=, year=, depth=1)`: a sub-graph, in the same node-link form.
- `read_rdf_file(path)`: node-link data from a .ttl, .nt or .jsonld file written here.
"""

from __future__ import annotations

import json
import re
from collections import deque
from pathlib import Path
from typing import BinaryIO, TextIO

import networkx as nx

from directive_graph.graph import rdf
from directive_graph.graph.errors import FormatError, InputError, NotFound
from directive_graph.graph.rdf import DEFAULT_BASE

FORMATS = ("turtle", "jsonld", "nt", "graphml", "json")
MEDIA_TYPES = {
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "graphml": "application/graphml+xml",
    "json": "application/json",
}
EXTENSIONS = {
    "turtle": ".ttl",
    "jsonld": ".jsonld",
    "nt": ".nt",
    "graphml": ".graphml",
    "json": ".json",
}
_BY_SUFFIX = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".jsonld": "jsonld",
    ".json-ld": "jsonld",
    ".graphml": "graphml",
    ".json": "json",
}
RDF_FORMATS = ("turtle", "nt", "jsonld")


class SelectionError(NotFound):
    """The selection names nothing in the graph, or names it ambiguously."""


def format_for_path(path: str | Path) -> str:
    """The format of a file name: .ttl/.turtle, .nt, .jsonld/.json-ld, .graphml, .json."""
    suffix = Path(path).suffix.lower()
    try:
        return _BY_SUFFIX[suffix]
    except KeyError:
        known = ", ".join(sorted(_BY_SUFFIX))
        raise FormatError(f"{path}: unknown export format {suffix!r}; use one of {known}") from None


def _normalise(fmt: str) -> str:
    fmt = fmt.lower()
    fmt = {"ttl": "turtle", "json-ld": "jsonld", "ntriples": "nt", "n-triples": "nt"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise FormatError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    return fmt


class _Utf8:
    """A text face for a binary stream."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(text.encode("utf-8"))
        return len(text)


def _text(out: TextIO | BinaryIO):
    try:
        out.write("")  # type: ignore[call-overload]  # a binary stream refuses str
    except TypeError:
        return _Utf8(out)  # type: ignore[arg-type]
    return out


def export(data: dict, fmt: str, out: TextIO | BinaryIO, base: str = DEFAULT_BASE) -> None:
    """Write node-link `data` to `out` as turtle, jsonld, nt, graphml or json."""
    fmt = _normalise(fmt)
    stream = _text(out)
    if fmt == "turtle":
        rdf.write_turtle(data, stream, base)
    elif fmt == "nt":
        rdf.write_ntriples(data, stream, base)
    elif fmt == "jsonld":
        rdf.write_jsonld(data, stream, base)
    elif fmt == "graphml":
        for line in nx.generate_graphml(to_networkx_flat(data)):
            stream.write(line)
            stream.write("\n")
    else:
        stream.write(json.dumps(data, ensure_ascii=False, indent=2))
        stream.write("\n")


# ---------------------------------------------------------------------------------------------
# GraphML


# Characters XML 1.0 cannot hold, even escaped: GraphML gets U+FFFD in their place.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _flat(value):
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and _NOT_XML.search(value):
        value = _NOT_XML.sub("\ufffd", value)
    return value


def to_networkx_flat(data: dict) -> nx.MultiDiGraph:
    """A MultiDiGraph with scalar attributes only (see the module docstring), for GraphML."""
    g = nx.MultiDiGraph()
    g.graph.update({k: _flat(v) for k, v in (data.get("graph") or {}).items() if v is not None})
    node_attrs = []
    for n in data.get("nodes", ()):
        attrs = {k: _flat(v) for k, v in n.items() if k != "id" and v is not None}
        node_attrs.append((n["id"], attrs))
    edge_attrs = []
    for i, e in enumerate(data.get("links", ())):
        attrs = {"label": e["type"]}  # shown on the edge by Gephi and yEd
        attrs.update(
            (k, _flat(v)) for k, v in e.items() if k not in ("source", "target") and v is not None
        )
        attrs.setdefault("evidence", "[]")
        edge_attrs.append((e["source"], e["target"], f"e{i}", attrs))  # GraphML ids: unique
    _one_type_per_name([a for _, a in node_attrs])
    _one_type_per_name([a for *_, a in edge_attrs])
    g.add_nodes_from(node_attrs)
    for source, target, key, attrs in edge_attrs:
        for end in (source, target):
            if end not in g:
                g.add_node(end)
        g.add_edge(source, target, key=key, **attrs)
    return g


def _one_type_per_name(rows: list[dict]) -> None:
    """GraphML declares one type per attribute name: where values mix types, use strings."""
    types: dict[str, set] = {}
    for attrs in rows:
        for k, v in attrs.items():
            types.setdefault(k, set()).add(type(v))
    mixed = {k for k, ts in types.items() if len(ts) > 1}
    if not mixed:
        return
    for attrs in rows:
        for k in mixed & attrs.keys():
            v = attrs[k]
            attrs[k] = v if isinstance(v, str) else json.dumps(v)


# ---------------------------------------------------------------------------------------------
# Selections


def select(
    data: dict,
    directive: str | None = None,
    issuer: str | None = None,
    year: int | str | None = None,
    depth: int = 1,
) -> dict:
    """A sub-graph of node-link `data`, in the same form and order.

    - `directive` (an id, or a code such as "03-KH/TW" / an alias naming one directive): that
      directive and every node within `depth` hops of it, following links both ways;
    - `issuer` (a body's id or name, or one of its aliases): the directives it issued (ISSUED_BY
      links, or their `issuer` property);
    - `year`: the directives of that year (their `year`, else the year of `issued_on`);
      `issuer` and `year` together: the directives matching both.

    For an issuer or a year, the selected directives come with every node within `depth` hops
    (depth=1: who issued them, what they cite, what implements or mentions them); depth=0 keeps
    the directives alone. In every case the links are all those among the kept nodes. With no
    criterion, the whole graph. Raises SelectionError when a directive or an issuer is unknown
    (or a reference is ambiguous).
    """
    if depth < 0:
        raise InputError("depth must be 0 or more")
    nodes = data.get("nodes", [])
    links = data.get("links", [])
    by_id = {n["id"]: n for n in nodes}
    if directive is not None:
        if issuer is not None or year is not None:
            raise InputError("select one directive, or directives by issuer and/or year")
        seeds = {_find_directive(by_id, directive)}
    elif issuer is not None or year is not None:
        seeds = {n["id"] for n in nodes if n.get("label") == "Directive"}
        if issuer is not None:
            seeds &= _issued_by(nodes, links, issuer)
        if year is not None:
            seeds &= {n for n in seeds if _year_of(by_id[n]) == str(year).strip()}
    else:
        seeds = set(by_id)
    keep = _within(seeds, links, depth)
    return {
        **{k: v for k, v in data.items() if k not in ("nodes", "links")},
        "nodes": [n for n in nodes if n["id"] in keep],
        "links": [e for e in links if e["source"] in keep and e["target"] in keep],
    }


def _within(seeds: set[str], links: list[dict], depth: int) -> set[str]:
    if depth == 0 or not seeds:
        return set(seeds)
    neighbours: dict[str, set[str]] = {}
    for e in links:
        neighbours.setdefault(e["source"], set()).add(e["target"])
        neighbours.setdefault(e["target"], set()).add(e["source"])
    seen = dict.fromkeys(seeds, 0)
    queue = deque(seeds)
    while queue:
        current = queue.popleft()
        if seen[current] == depth:
            continue
        for other in neighbours.get(current, ()):
            if other not in seen:
                seen[other] = seen[current] + 1
                queue.append(other)
    return set(seen)


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _find_directive(by_id: dict[str, dict], ref: str) -> str:
    if ref in by_id:
        return ref
    wanted = _fold(ref)
    found = [
        n["id"]
        for n in by_id.values()
        if n.get("label") == "Directive"
        and (
            _fold(n.get("code") or "") == wanted
            or _fold(n["id"]) == wanted
            or any(_fold(a) == wanted for a in n.get("aliases") or ())
        )
    ]
    if not found:
        raise SelectionError(f"no directive {ref!r} in the graph; give its id or its code")
    if len(found) > 1:
        raise SelectionError(f"{ref!r} is ambiguous: {', '.join(sorted(found))}; give an id")
    return found[0]


def _issued_by(nodes: list[dict], links: list[dict], issuer: str) -> set[str]:
    wanted = _fold(issuer)
    bodies = {
        n["id"]
        for n in nodes
        if n.get("label") == "Body"
        and (
            n["id"] == issuer
            or _fold(n.get("name") or "") == wanted
            or any(_fold(a) == wanted for a in n.get("aliases") or ())
        )
    }
    names = {wanted} | {_fold(n.get("name") or "") for n in nodes if n["id"] in bodies}
    directives = {e["source"] for e in links if e["type"] == "ISSUED_BY" and e["target"] in bodies}
    directives |= {
        n["id"]
        for n in nodes
        if n.get("label") == "Directive" and _fold(n.get("issuer") or "") in names
    }
    if not bodies and not directives:
        raise SelectionError(f"no body {issuer!r} in the graph; give its id or its name")
    return directives


def _year_of(node: dict) -> str | None:
    year = node.get("year")
    if year is not None:
        return str(year)
    issued = node.get("issued_on")
    if isinstance(issued, str) and len(issued) >= 4 and issued[:4].isdigit():
        return issued[:4]
    return None


# ---------------------------------------------------------------------------------------------
# Reading RDF back


def read_rdf_file(path: str | Path, format: str | None = None, base: str | None = None) -> dict:
    """Node-link data from a Turtle, N-Triples or JSON-LD file written by `export` (the format
    from the file name unless given; the base from the file's dg:Graph unless given)."""
    path = Path(path)
    fmt = _normalise(format) if format else format_for_path(path)
    if fmt not in RDF_FORMATS:
        raise FormatError(f"{path}: not an RDF file (turtle, nt or jsonld), but {fmt}")
    if fmt in ("turtle", "nt"):  # the writers' layout split as bytes, else pyoxigraph (rdf.py)
        data = path.read_bytes()
        try:
            with rdf.no_outbound(str(path), FormatError):
                return rdf.read_triples(data, fmt, base)
        except FormatError:
            raise
        except InputError as e:
            raise FormatError(f"{path}: {e}; give a file written by `export`") from e
    return rdf.from_rdf(rdf.parse(path.read_bytes(), fmt, source=str(path)), base=base)
