"""The web view (api/web.py): every page as HTML through the app, and the main path in a real
Chromium (Debian's, driven by Playwright) against a real server on loopback: home, search "KL
21", the directive with its tasks and its drawn graph, a document with its citations linked,
/docs and /redoc drawn from the package's own files, and no request leaving localhost."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import sync_playwright

from directive_graph.api.main import create_app
from directive_graph.api.settings import Settings
from directive_graph.api.web import _ordinal as _ordinal_key
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.model import EdgeType, Label
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import load_paths
from tests.support import BODIES, CHROMIUM, CHROMIUM_ARGS, FIXTURES, REPORT, serving

KL21 = "21-kl-tw-2021"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "texts" / "tin-co-ma.txt"
    hostile.parent.mkdir()
    hostile.write_text(
        "<script>alert(1)</script> Tin hoạt động\n\nThực hiện Kết luận số 21-KL/TW ngày "
        "25/10/2021 của Ban Chấp hành Trung ương <img src=x onerror=alert(2)>.\n",
        encoding="utf-8",
    )
    (hostile.parent / "bao-cao-nham-co-quan.txt").write_text(  # a body the registry disagrees on
        "Thực hiện Kế hoạch số 03-KH/TW, ngày 01/12/2021 của Ban Bí thư, các cấp ủy đã quán triệt "
        "nghiêm túc.\n",
        encoding="utf-8",
    )
    s = EmbeddedStore(folder / "data")
    load_paths([REPORT, FIXTURES, BODIES, hostile.parent], s, Registry.load())
    return s


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(Settings(), store=store)) as c:
        yield c


def _external(html: str) -> list[str]:
    """URLs a page would load from elsewhere (src=, href= of links and scripts)."""
    return [u for u in re.findall(r'(?:src|href)="([^"]+)"', html)
            if re.match(r"(?:https?:)?//", u)]  # fmt: skip


def test_every_page_answers_in_html_with_nothing_from_elsewhere(client, store):
    doc = next(n.id for n in store.nodes(Label.DOCUMENT))
    task = next(n.id for n in store.nodes(Label.TASK))
    pages = ["/", "/search?q=KL+21", "/search?q=NQ+18", "/search?q=luân+chuyển",
             "/search?issuer=Bộ+Chính+trị&kind=quy_dinh", f"/directive/{KL21}", f"/document/{doc}",
             f"/task/{task}", "/body/body-bo-tai-chinh", "/coverage?issuer=Bộ+Chính+trị",
             "/coverage", "/docs", "/redoc"]  # fmt: skip
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["content-type"].startswith("text/html"), path
        assert _external(r.text) == [], (path, _external(r.text))
    assert client.get("/static/vendor/cytoscape.min.js").status_code == 200
    assert client.get("/directive/khong-co").status_code == 404
    assert client.get("/search?year=abc").status_code == 400


def test_a_citation_as_typed_finds_its_directive_and_a_bare_one_its_candidates(client):
    found = client.get("/search", params={"q": "Kết luận số 21-KL/TW"}).text
    assert f'href="/directive/{KL21}"' in found
    ambiguous = client.get("/search", params={"q": "NQ 18"}).text
    assert "18-nq-tw-2017" in ambiguous and "18-nq-tw-2022" in ambiguous
    r = client.get("/directive/KL 21", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/directive/{KL21}"


def test_the_directive_page_shows_tasks_with_evidence_stated_first(client):
    html = client.get(f"/directive/{KL21}").text
    tasks = html[html.index('id="tasks"') :]
    assert "<mark>" in tasks  # the cited words marked in the evidence sentence
    stated, inferred = tasks.find('class="task stated"'), tasks.find('class="task inferred"')
    assert stated >= 0 and (inferred == -1 or stated < inferred)
    assert 'id="graph-data"' in html and '"label": "Task"' in html


def test_text_from_a_document_is_escaped_everywhere(client, store):
    doc = next(n for n in store.nodes(Label.DOCUMENT) if "tin-co-ma" in n.props.get("path", ""))
    html = client.get(f"/document/{doc.id}").text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f'<a class="cite" href="/directive/{KL21}"' in html  # its citation linked


def test_the_lineage_of_a_body_is_on_its_page(client):
    html = client.get("/body/body-bo-tai-chinh").text
    assert "Bộ Kế hoạch và Đầu tư" in html and "95/2023/TT-BKHĐT" in html


def test_in_a_real_browser_search_open_follow_and_stay_local(store):
    app = create_app(Settings(), store=store)
    with serving(app) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        requested: list[str] = []
        page.on("request", lambda req: requested.append(req.url))
        page.goto(base + "/")
        page.fill("form.search input[name=q]", "KL 21")
        page.click("form.search button[type=submit]")
        page.wait_for_url("**/search?**")
        page.click(f'a.result[href="/directive/{KL21}"]')
        page.wait_for_url(f"**/directive/{KL21}")
        assert page.locator("#tasks ol.tasks li").count() >= 2
        page.wait_for_selector("#graph[data-nodes]")
        drawn = int(page.get_attribute("#graph", "data-nodes") or 0)
        assert drawn >= 3 and page.locator("#graph canvas").count() >= 1
        # a document that cites it, then back to the directive through the linked citation
        page.click("#tasks .taskdoc h3 a")
        page.wait_for_url("**/document/**")
        page.click(f'a.cite[href="/directive/{KL21}"] >> nth=0')
        page.wait_for_url(f"**/directive/{KL21}")
        for path, ready in (("/docs", ".swagger-ui .info"), ("/redoc", "h1")):
            page.goto(base + path)
            page.wait_for_selector(ready, timeout=20_000)
        browser.close()
    outside = [u for u in requested if not u.startswith((base, "data:", "blob:"))]
    assert outside == [] and len(requested) > 10


def test_the_neo4j_browser_guide_is_served_for_any_origin(client):
    r = client.get("/neo4j-guide")
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
    assert '<article class="guide"' in r.text or "<slide" in r.text
    assert client.options("/neo4j-guide").status_code == 200


def test_a_plans_page_lists_the_tasks_it_sets(client, store):
    """Kế hoạch 12-KH/TU's own text assigns tasks: its page lists them, in reading order, beside
    the tasks of other texts that implement it."""
    (doc,) = [e.source for e in store.edges(target="12-kh-tu-quang-nam-2022",
                                             types=(EdgeType.IS_DIRECTIVE,))]  # fmt: skip
    want = [store.node(e.target) for e in store.edges(source=doc, types=(EdgeType.HAS_TASK,))]
    assert want  # (the fixture plan holds tasks)
    html = client.get("/directive/12-kh-tu-quang-nam-2022").text
    own = html[html.index('id="own-tasks"') : html.index('id="tasks"')]
    for task in want:
        assert f'href="/task/{task.id}"' in own
    ordinals = re.findall(r'class="ord" href="/task/[^"]+">([^<]+)<', own)
    assert ordinals == sorted(ordinals, key=_ordinal_key)


def test_a_conflict_names_the_sources_of_each_value(client, store):
    """The registry says Bộ Chính trị issued Kế hoạch 03-KH/TW, a report says Ban Bí thư: the page
    shows both values, each with where it comes from."""
    conflicts = store.node("3-kh-tw-2021").props["conflicts"]["issuer"]
    html = client.get("/directive/3-kh-tw-2021").text
    part = html[html.index('class="conflicts"') :]
    part = part[: part.index("</ul>")]
    for value in conflicts:
        assert value["value"] in part
        assert f"({value['sources'][0]}" in part, part  # (it printed "()" for every value)
