"""The web view for people, served by the API itself (`directive-graph serve`, at `/`).

Plain HTML pages in Vietnamese (English where it helps), rendered on the server with Jinja2
(autoescaped): every page is a GET with a URL one can share, and works without JavaScript;
JavaScript only draws a directive's neighbourhood (Cytoscape.js, bundled in api/static/vendor
with its licence, like Swagger UI and ReDoc for /docs and /redoc: nothing comes from a CDN).

- `/`: search by citation as a person types it, by subject words, issuer, kind, year;
- `/search?q=&issuer=&kind=&year=`: the directive a citation names (or its candidates), then
  directives whose title holds the words;
- `/directive/{id}`: facts, aliases, conflicts, status (in force, amended, replaced ...), its
  links both ways, the tasks implementing it grouped by document (stated before inferred, each
  with its evidence sentence and the cited words marked) and its drawn neighbourhood;
- `/document/{id}`: the text with every citation marked and linked to its node, its tasks, its
  unresolved references with candidates;
- `/body/{id}`: a body, what it became (2025 mergers) and its directives;
- `/coverage?issuer=&year=`: directives of a body or a year with no implementing task.

Each page reads a bounded amount: at most MAX_ROWS rows of any list, MAX_GRAPH nodes drawn,
MAX_TEXT characters of a document's text.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from directive_graph.api.deps import RegistryDep, StoreDep
from directive_graph.graph.bodies import canonical_body, split_issuers
from directive_graph.graph.errors import DirectiveGraphError, InputError
from directive_graph.graph.ids import body_id
from directive_graph.graph.model import KIND_LABELS, RELATIONS, Directive, EdgeType, Label, Node
from directive_graph.loaders.documents import page_of
from directive_graph.queries import catalogue
from directive_graph.queries.lookup import resolve_reference
from directive_graph.queries.status import status

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(include_in_schema=False)

MAX_ROWS = 200  # rows of any list on a page
MAX_GRAPH = 60  # nodes drawn
MAX_TEXT = 400_000  # characters of a document shown
MAX_COVERAGE = 500  # directives checked by the coverage page

STATUS_VI = {
    "in force": "còn hiệu lực", "amended": "đã được sửa đổi, bổ sung",
    "partly repealed": "bị bãi bỏ một phần", "suspended": "bị đình chỉ",
    "replaced": "đã được thay thế", "repealed": "đã bị bãi bỏ",
    "no longer in force": "hết hiệu lực", "not yet in force": "chưa có hiệu lực",
    "unknown": "chưa rõ",
}  # fmt: skip
EDGE_VI = {
    "IMPLEMENTS": "thực hiện", "REVIEWS": "sơ kết, tổng kết", "BASED_ON": "căn cứ",
    "AMENDS": "sửa đổi", "SUPPLEMENTS": "bổ sung", "REPLACES": "thay thế", "REPEALS": "bãi bỏ",
    "SUSPENDS": "đình chỉ", "GUIDES": "hướng dẫn", "CITES": "dẫn chiếu",
    "ISSUED_BY": "ban hành bởi", "MENTIONS": "nhắc đến", "HAS_TASK": "giao nhiệm vụ",
    "MERGED_INTO": "hợp nhất vào", "SUCCEEDED_BY": "kế tục bởi", "PART_OF": "trực thuộc",
    "RESPONSIBLE": "chủ trì", "IS_DIRECTIVE": "là văn bản",
}  # fmt: skip


def _kind(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", kind or "")


def highlight(sentence: str | None, *words: str | None) -> Markup:
    """`sentence`, escaped, with each of `words` (the cue, the cited code) marked where it
    occurs (case and spacing aside)."""
    text = sentence or ""
    terms = sorted({w for w in words if w and w.strip()}, key=len, reverse=True)
    if not terms or not text:
        return escape(text)
    pattern = "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in terms)
    out, last = [], 0
    for m in re.finditer(pattern, text, re.IGNORECASE):
        out += [escape(text[last : m.start()]), Markup("<mark>"), escape(m.group()),
                Markup("</mark>")]  # fmt: skip
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


templates.env.filters["kind"] = _kind
templates.env.filters["edge"] = lambda t: EDGE_VI.get(str(t), str(t))
templates.env.filters["status_vi"] = lambda s: STATUS_VI.get(s, s)
templates.env.globals["highlight"] = highlight
templates.env.globals["page_of"] = page_of
templates.env.globals["kinds"] = sorted(KIND_LABELS.items(), key=lambda kv: kv[1])


def _page(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def _not_found(request: Request, what: str) -> HTMLResponse:
    return _page(request, "missing.html", 404, what=what)


def _title(node: Node | None, fallback: str) -> str:
    if node is None:
        return fallback
    p = node.props
    if node.label is Label.DIRECTIVE:
        d = Directive.from_props(node.id, p)
        head = " ".join(x for x in (_kind(d.kind), d.code or "") if x)
        return f"{head} {d.display_title or ''}".strip() or node.id
    if node.label is Label.TASK:
        return f"{p.get('ordinal') or ''} {(p.get('text') or '')[:80]}".strip()
    return p.get("title") or p.get("name") or node.id


def _href(node_id: str, label: Label | str | None) -> str:
    label = str(label or "")
    if label == "Directive":
        return f"/directive/{node_id}"
    if label == "Document":
        return f"/document/{node_id}"
    if label == "Body":
        return f"/body/{node_id}"
    if label == "Task":
        return f"/task/{node_id}"
    return f"/directive/{node_id}"


# --- the pages ------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep) -> HTMLResponse:
    stats = store.stats()
    return _page(request, "home.html", stats=stats)


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    store: StoreDep,
    registry: RegistryDep,
    q: Annotated[str, Query(max_length=300)] = "",
    issuer: Annotated[str, Query(max_length=200)] = "",
    kind: Annotated[str, Query(max_length=40)] = "",
    year: Annotated[str, Query(max_length=4)] = "",
) -> Response:
    q, issuer, kind, year = q.strip(), issuer.strip(), kind.strip(), year.strip()
    if year and not year.isdigit():
        return _page(request, "search.html", 400, q=q, issuer=issuer, kind=kind, year=year,
                     error=f"Năm «{year}» không hợp lệ (year: write it as 2022).", found=None,
                     candidates=[], rows=[])  # fmt: skip
    found, candidates, how = None, [], ""
    if q:
        try:
            res = resolve_reference(store, registry, q, year=int(year) if year else None,
                                    issuer=issuer or None)  # fmt: skip
        except DirectiveGraphError:
            res = None
        if res is not None and res.status == "found" and res.id and res.in_graph:
            found, how = store.node(res.id), res.how
        elif res is not None and res.status == "ambiguous":
            ids = [c["id"] for c in res.candidates]
            nodes = store.nodes_by_id(ids)
            candidates = [{"id": i, "title": _title(nodes.get(i), i), "in_graph": i in nodes}
                          for i in ids]  # fmt: skip
    issuer_name = canonical_body(issuer) if issuer else None
    rows: list[Any] = []
    try:
        if q:
            from directive_graph.api.routes.directives import list_directives

            page = list_directives(store, limit=MAX_ROWS, cursor=None, kind=kind or None,
                                   issuer=issuer_name, year=int(year) if year else None,
                                   term=None, q=q)  # fmt: skip
            rows = page["items"]
        elif issuer or kind or year:
            rows = catalogue.directives(store, issuer=issuer_name, kind=kind or None,
                                        year=year or None, limit=MAX_ROWS)  # fmt: skip
    except InputError as e:
        return _page(request, "search.html", 400, q=q, issuer=issuer, kind=kind, year=year,
                     error=str(e), found=None, candidates=[], rows=[])  # fmt: skip
    if found is not None and len(rows) == 0 and not candidates and "go" in request.query_params:
        return RedirectResponse(f"/directive/{found.id}", status_code=303)
    return _page(request, "search.html", q=q, issuer=issuer, kind=kind, year=year, error=None,
                 found=found and {"id": found.id, "title": _title(found, found.id), "how": how},
                 candidates=candidates, rows=rows)  # fmt: skip


@router.get("/directive/{directive_id}", response_class=HTMLResponse)
def directive_page(
    request: Request, directive_id: str, store: StoreDep, registry: RegistryDep
) -> HTMLResponse:
    node = store.node(directive_id)
    if node is None or node.label is not Label.DIRECTIVE:
        res = resolve_reference(store, registry, directive_id)
        if res.status == "found" and res.id and store.node(res.id) is not None:
            return RedirectResponse(f"/directive/{res.id}", status_code=303)  # type: ignore[return-value]
        return _not_found(request, directive_id)
    d = Directive.from_props(node.id, node.props)
    out_edges = store.edges(source=node.id)
    in_edges = store.edges(target=node.id)
    ids = sorted({e.target for e in out_edges} | {e.source for e in in_edges})[: MAX_ROWS * 4]
    nodes = store.nodes_by_id(ids)

    def link_rows(edges, other) -> list[dict]:
        rows = []
        for e in edges:
            if e.type not in RELATIONS:
                continue
            nid = other(e)
            n = nodes.get(nid)
            best = sorted(e.evidence, key=lambda ev: (not ev.stated, -ev.confidence))
            rows.append({
                "type": str(e.type), "id": nid, "title": _title(n, nid),
                "href": _href(nid, n.label if n else None),
                "stated": any(ev.stated for ev in e.evidence),
                "evidence": best[0] if best else None,
            })  # fmt: skip
        rows.sort(key=lambda r: (not r["stated"], r["type"], r["id"]))
        return rows[:MAX_ROWS]

    issuers = [nodes[e.target] for e in out_edges
               if e.type is EdgeType.ISSUED_BY and e.target in nodes]  # fmt: skip
    mentions = [e for e in in_edges if e.type is EdgeType.MENTIONS]
    tasks = catalogue.tasks_implementing(store, node.id, True, True)
    groups: dict[str, dict] = {}
    for row in tasks:
        doc = row["task"]["document"] or "?"
        groups.setdefault(doc, {"document": doc, "stated": [], "inferred": []})
        groups[doc]["inferred" if row["link"]["inferred"] else "stated"].append(row)
    docs = store.nodes_by_id(sorted(groups))
    for doc, g in groups.items():
        g["title"] = _title(docs.get(doc), doc)
        g["pages"] = tuple((docs[doc].props.get("pages") or ()) if doc in docs else ())
    ordered = sorted(groups.values(), key=lambda g: (not g["stated"], g["title"]))
    own = _own_tasks(store, [e.source for e in in_edges if e.type is EdgeType.IS_DIRECTIVE])
    try:
        force = status(store, node.id, registry=registry)
    except DirectiveGraphError:
        force = None
    return _page(
        request, "directive.html", d=d, node=node, kind_label=_kind(d.kind),
        issuers=issuers, force=force, outgoing=link_rows(out_edges, lambda e: e.target),
        incoming=link_rows(in_edges, lambda e: e.source),
        mentions=len(mentions), mention_docs=_mention_docs(store, mentions),
        groups=ordered[:MAX_ROWS], tasks_total=len(tasks), own_tasks=own,
        graph=_script_json(_neighbourhood(node, out_edges, in_edges, nodes, tasks)),
    )  # fmt: skip


def _own_tasks(store, documents: list[str]) -> list[dict]:
    """The tasks a directive's own text sets (the documents that are it), in reading order: a
    plan's page lists what the plan assigns, beside what implements it."""
    out = [{**row, "document": doc} for doc in documents[:4] for row in _document_tasks(store, doc)]
    return out[:MAX_ROWS]


def _document_tasks(store, document: str) -> list[dict]:
    """A document's tasks in reading order (at most MAX_ROWS): id, ordinal, text, responsible
    bodies, period."""
    edges = store.edges(source=document, types=(EdgeType.HAS_TASK,))
    nodes = store.nodes_by_id(sorted(e.target for e in edges)[:MAX_ROWS])
    rows = sorted(nodes.items(), key=lambda kv: _ordinal(kv[1].props.get("ordinal")))
    return [{"id": tid, "ordinal": t.props.get("ordinal"), "text": t.props.get("text"),
             "responsible": t.props.get("responsible") or [], "period": t.props.get("period")}
            for tid, t in rows]  # fmt: skip


def _script_json(value) -> Markup:
    """JSON safe inside <script type="application/json">: no "<" can close the element."""
    text = json.dumps(value, ensure_ascii=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _mention_docs(store, mentions) -> list[dict]:
    ids = sorted({e.source for e in mentions})[:MAX_ROWS]
    found = store.nodes_by_id(ids)
    return [{"id": i, "title": _title(found.get(i), i)} for i in ids]


def _neighbourhood(node: Node, out_edges, in_edges, nodes, tasks) -> dict[str, Any]:
    """Cytoscape elements: the directive, its issuers and the directives it links with, and
    the first tasks implementing it (at most MAX_GRAPH nodes)."""
    elements: dict[str, dict] = {}
    edges: list[dict] = []

    def add(nid: str, label: str, caption: str) -> bool:
        if nid in elements:
            return True
        if len(elements) >= MAX_GRAPH:
            return False
        elements[nid] = {"id": nid, "label": label, "caption": caption[:40],
                         "href": _href(nid, label)}  # fmt: skip
        return True

    d = Directive.from_props(node.id, node.props)
    add(node.id, "Directive", d.code or node.id)
    for e in [*out_edges, *in_edges]:
        if e.type not in (*RELATIONS, EdgeType.ISSUED_BY):
            continue
        other = e.target if e.source == node.id else e.source
        n = nodes.get(other)
        if n is None or n.label not in (Label.DIRECTIVE, Label.BODY, Label.DOCUMENT):
            continue
        caption = n.props.get("code") or n.props.get("name") or n.props.get("title") or other
        if add(other, str(n.label), caption):
            edges.append({"source": e.source, "target": e.target, "type": str(e.type)})
    for row in tasks:
        t = row["task"]
        target = row["link"]["target"]
        if target not in elements or not add(t["id"], "Task", t["ordinal"] or "task"):
            continue
        edges.append({"source": t["id"], "target": target, "type": row["link"]["type"]})
    return {"nodes": list(elements.values()), "edges": edges}


@router.get("/document/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, document_id: str, store: StoreDep) -> HTMLResponse:
    node = store.node(document_id)
    if node is None or node.label is not Label.DOCUMENT:
        return _not_found(request, document_id)
    p = node.props
    mentions = store.edges(source=node.id, types=(EdgeType.MENTIONS,))
    targets = store.nodes_by_id(sorted({e.target for e in mentions}))
    spans = sorted(
        (ev.start, ev.end, e.target) for e in mentions for ev in e.evidence
        if ev.document == node.id and ev.end > ev.start
    )  # fmt: skip
    text, why = _document_text(p)
    tasks = [{**row, "links": catalogue.directives_of_task(store, row["id"], True)}
             for row in _document_tasks(store, node.id)]  # fmt: skip
    cited = [{"id": i, "title": _title(n, i)} for i, n in sorted(targets.items())]
    return _page(
        request, "document.html", node=node, p=p,
        body=_marked(text, spans, targets) if text is not None else None, why=why,
        cited=cited[:MAX_ROWS], tasks=tasks, unresolved=(p.get("unresolved") or [])[:MAX_ROWS],
    )  # fmt: skip


def _ordinal(ordinal: str | None) -> tuple:
    return catalogue._ordinal_key(ordinal)


def _document_text(p: dict) -> tuple[str | None, str]:
    """The document's text, read again from the file it was loaded from when that file is
    still there and unchanged (its sha256), else None and why."""
    from directive_graph.graph.errors import InputError as ReadError
    from directive_graph.loaders.documents import read_document

    path = p.get("path") or ""
    if not path or path.startswith("api:"):
        return None, "Văn bản được gửi qua API: dịch vụ không lưu toàn văn (the text was posted)."
    file = Path(path)
    try:
        if not file.is_file():
            return None, f"Không còn tệp {path} (the file is gone)."
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        if digest != p.get("sha256"):
            return None, f"Tệp {path} đã thay đổi từ khi nạp (the file changed since loading)."
        text = read_document(file).text
    except (OSError, ReadError) as e:
        return None, f"Không đọc được {path} ({e})."
    if len(text) > MAX_TEXT:
        return text[:MAX_TEXT], f"Chỉ hiện {MAX_TEXT:,} ký tự đầu (the first characters only)."
    return text, ""


def _marked(text: str, spans: list[tuple[int, int, str]], targets: dict[str, Node]) -> Markup:
    out, last = [], 0
    for start, end, target in spans:
        if start < last or end > len(text):
            continue
        n = targets.get(target)
        title = escape(_title(n, target))
        out += [escape(text[last:start]),
                Markup(f'<a class="cite" href="/directive/{escape(target)}" title="{title}">'),
                escape(text[start:end]), Markup("</a>")]  # fmt: skip
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)


@router.get("/task/{task_id}", response_class=HTMLResponse)
def task_page(request: Request, task_id: str, store: StoreDep) -> Response:
    node = store.node(task_id)
    if node is None or node.label is not Label.TASK:
        return _not_found(request, task_id)
    links = catalogue.directives_of_task(store, task_id, True)
    targets = store.nodes_by_id(sorted({lk["target"] for lk in links}))
    doc = node.props.get("document")
    document = {"id": doc, "title": _title(store.node(doc), doc) if doc else ""}
    titles = {i: _title(n, i) for i, n in targets.items()}
    return _page(request, "task.html", node=node, p=node.props, links=links, titles=titles,
                 document=document)  # fmt: skip


@router.get("/body/{body}", response_class=HTMLResponse)
def body_page(request: Request, body: str, store: StoreDep) -> HTMLResponse:
    try:
        answer = catalogue.lineage(store, body)
    except DirectiveGraphError:
        return _not_found(request, body)
    node = store.node(answer["body"])
    became = store.edges(source=answer["body"], types=catalogue.HISTORY)
    parts = store.edges(source=answer["body"], types=(EdgeType.PART_OF,))
    later = store.nodes_by_id(sorted({e.target for e in [*became, *parts]}))
    return _page(request, "body.html", node=node, answer=answer,
                 became=[(e, later.get(e.target)) for e in became],
                 parts=[later.get(e.target) for e in parts])  # fmt: skip


@router.get("/coverage", response_class=HTMLResponse)
def coverage(
    request: Request,
    store: StoreDep,
    issuer: Annotated[str, Query(max_length=200)] = "",
    year: Annotated[str, Query(max_length=4)] = "",
) -> HTMLResponse:
    """Directives of a body or a year that no task implements, grouped by body."""
    issuer, year = issuer.strip(), year.strip()
    bodies = sorted(store.nodes(Label.BODY), key=lambda n: n.props.get("name") or n.id)
    groups: dict[str, list] = {}
    checked, error = 0, None
    if year and not year.isdigit():
        error = f"Năm «{year}» không hợp lệ."
    elif issuer or year:
        name = canonical_body(issuer) if issuer else None
        rows = catalogue.directives(store, issuer=name, year=year or None, limit=MAX_COVERAGE)
        for r in rows:
            checked += 1
            if catalogue.tasks_implementing(store, r["id"], True, False):
                continue
            for who in split_issuers(r["issuer"]) or ["(không rõ cơ quan ban hành)"]:
                groups.setdefault(who, []).append(r)
    ordered = sorted(groups.items())
    return _page(request, "coverage.html", 400 if error else 200, issuer=issuer, year=year,
                 error=error, groups=ordered, checked=checked, limit=MAX_COVERAGE,
                 bodies=[(b.id, b.props.get("name") or b.id) for b in bodies][:MAX_ROWS],
                 body_id=body_id)  # fmt: skip


# --- Neo4j Browser's guide, for a Neo4j that does not serve it itself (Docker) --------------

GUIDE = Path(catalogue.__file__).resolve().parent / "neo4j_browser" / "guide.html"


@router.api_route("/neo4j-guide", methods=["GET", "OPTIONS"], response_class=HTMLResponse)
def neo4j_guide() -> Response:
    """The Browser guide (`:play http://localhost:8000/neo4j-guide`): Browser fetches it from
    its own page, so the answer allows any origin; it holds no data, only the guide's slides."""
    headers = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET",
               "Access-Control-Allow-Headers": "pragma, cache-control, content-type"}  # fmt: skip
    try:
        text = GUIDE.read_text(encoding="utf-8")
    except OSError:
        return Response("guide not installed", status_code=404, headers=headers)
    return HTMLResponse(text, headers=headers)


# --- /docs and /redoc from the package's own files ------------------------------------------


@router.get("/docs", response_class=HTMLResponse)
def swagger() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json", title="directive-graph API",
        swagger_js_url="/static/vendor/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui.css", swagger_favicon_url="/static/favicon.svg",
    )  # fmt: skip


@router.get("/redoc", response_class=HTMLResponse)
def redoc() -> HTMLResponse:
    return get_redoc_html(
        openapi_url="/openapi.json", title="directive-graph API",
        redoc_js_url="/static/vendor/redoc.standalone.js", redoc_favicon_url="/static/favicon.svg",
        with_google_fonts=False,
    )  # fmt: skip


def static_files() -> StaticFiles:
    return StaticFiles(directory=str(STATIC))
