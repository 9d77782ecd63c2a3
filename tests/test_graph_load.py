"""Loading texts into the embedded store: one node per directive, links with evidence,
idempotent reloads, conflicts recorded, unreadable files reported, saves atomic."""

from __future__ import annotations

import json

import pytest

from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.errors import StoreError
from directive_graph.graph.model import EdgeType, Evidence
from directive_graph.graph.registry import Registry
from directive_graph.loaders.documents import read_document
from directive_graph.loaders.load import build_batch, load_paths
from tests.support import REPORT

SEED_DIR = REPORT


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


@pytest.fixture
def seed_store(tmp_path, registry) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path / "data")
    report = load_paths([SEED_DIR], store, registry)
    assert report.documents_read == 1 and not report.failures
    return store


def edge_types(store, source, target):
    return {str(e.type) for e in store.edges(source=source) if e.target == target}


def test_seed_gives_one_node_per_directive(seed_store):
    directives = {n.id for n in seed_store.nodes() if str(n.label) == "Directive"}
    numbered = {
        "6-kl-btctw-2022", "50-qd-tw-2021", "57-qd-tw-2022", "58-qd-tw-2022", "65-qd-tw-2022",
        "3-kh-tw-2021", "21-kl-tw-2021", "74-kl-tw-2020", "18-nq-tw-2017", "19-nq-tw-2017",
        "39-nq-tw-2015", "28-kl-tw-2022",
    }  # fmt: skip
    # the fourth plenum conclusion is 21-KL/TW itself; the fifth plenum resolution is 21-NQ/TW
    assert directives == numbered | {"dh-xiii", "21-nq-tw-2022"}
    doc = seed_store.documents()[0]
    assert doc.props["unresolved"] == []


def test_seed_links_with_evidence(seed_store):
    assert "IMPLEMENTS" in edge_types(seed_store, "3-kh-tw-2021", "21-kl-tw-2021")
    for reviewed in ("18-nq-tw-2017", "19-nq-tw-2017", "39-nq-tw-2015"):
        assert "REVIEWS" in edge_types(seed_store, "74-kl-tw-2020", reviewed)
    (link,) = [e for e in seed_store.edges(source="74-kl-tw-2020") if e.target == "39-nq-tw-2015"]
    (ev,) = link.evidence
    doc = seed_store.documents()[0]
    text = SEED_DIR.joinpath(doc.props["name"]).read_text(encoding="utf-8")
    assert ev.document == doc.id and ev.stated
    assert text[ev.start : ev.end].startswith("Kết luận số 74-KL/TW")
    assert text[ev.start : ev.end].endswith("Nghị quyết số 39-NQ/TW")
    assert "04 năm thực hiện" in ev.text and "39-NQ/TW" in ev.sentence


def test_seed_issuers(seed_store):
    expected = {
        "6-kl-btctw-2022": "body-ban-to-chuc-trung-uong",
        "57-qd-tw-2022": "body-ban-bi-thu",
        "65-qd-tw-2022": "body-bo-chinh-tri",
        "3-kh-tw-2021": "body-bo-chinh-tri",
        "18-nq-tw-2017": "body-ban-chap-hanh-trung-uong",
        "21-kl-tw-2021": "body-ban-chap-hanh-trung-uong",
    }
    for directive, body in expected.items():
        assert "ISSUED_BY" in edge_types(seed_store, directive, body), directive
    assert "PART_OF" in edge_types(seed_store, "body-bo-chinh-tri", "body-ban-chap-hanh-trung-uong")


def test_every_mention_is_kept_with_its_span(seed_store):
    mentions = [
        e for e in seed_store.edges(types=(EdgeType.MENTIONS,)) if e.target == "21-kl-tw-2021"
    ]
    (edge,) = mentions
    # "Kết luận Hội nghị lần thứ tư ..." and two "Kết luận số 21-KL/TW"
    assert len(edge.evidence) == 3
    assert len({ev.start for ev in edge.evidence}) == 3


def test_reload_is_idempotent(tmp_path, registry):
    store = EmbeddedStore(tmp_path / "d")
    load_paths([SEED_DIR], store, registry)
    first = store.export()
    again = load_paths([SEED_DIR], EmbeddedStore(tmp_path / "d"), registry)
    assert again.documents_unchanged == 1 and again.edges_new == 0
    assert EmbeddedStore(tmp_path / "d").export() == first


def test_changed_file_replaces_what_it_said(tmp_path, registry):
    path = tmp_path / "bao-cao.txt"
    path.write_text("Thực hiện Nghị định số 15/2020/NĐ-CP của Chính phủ.", encoding="utf-8")
    store = EmbeddedStore(tmp_path / "d")
    load_paths([path], store, registry)
    assert store.node("15-2020-nd-cp") is not None
    path.write_text("Thực hiện Nghị định số 30/2020/NĐ-CP của Chính phủ.", encoding="utf-8")
    load_paths([path], store, registry)
    assert store.node("15-2020-nd-cp") is None and store.node("30-2020-nd-cp") is not None
    assert len(store.documents()) == 1


def test_new_files_add_to_the_graph(tmp_path, registry):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Quy định số 65-QĐ/TW, ngày 28/4/2022 của Bộ Chính trị.", encoding="utf-8")
    b.write_text(
        "Quán triệt Quy định số 65-QĐ/TW, ngày 28/4/2022 về luân chuyển cán bộ.", encoding="utf-8"
    )
    store = EmbeddedStore(tmp_path / "d")
    load_paths([a], store, registry)
    load_paths([b], store, registry)
    node = store.node("65-qd-tw-2022")
    assert node.props["issuer"] == "Bộ Chính trị" and node.props["subject"] == "luân chuyển cán bộ"
    mentions = store.edges(target="65-qd-tw-2022", types=(EdgeType.MENTIONS,))
    assert {e.source for e in mentions} == {d.id for d in store.documents()}
    assert len(mentions) == 2


def test_conflicting_dates_are_recorded_not_overwritten(tmp_path, registry):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Quy định số 57-QĐ/TW, ngày 08/02/2022 của Ban Bí thư.", encoding="utf-8")
    b.write_text("Quy định số 57-QĐ/TW, ngày 18/02/2022 của Ban Bí thư.", encoding="utf-8")
    store = EmbeddedStore(tmp_path / "d")
    load_paths([a, b], store, registry)
    node = store.node("57-qd-tw-2022")
    conflict = node.props["conflicts"]["issued_on"]
    assert {c["value"] for c in conflict} == {"2022-02-08", "2022-02-18"}
    assert all(c["sources"] for c in conflict)


def test_unreadable_files_are_reported_and_the_rest_loads(tmp_path, registry):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("Kết luận số 21-KL/TW.", encoding="utf-8")
    (tmp_path / "in" / "legacy.txt").write_bytes(b"Ngh\xdf quy\xd5t s\xe8 18")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    report = load_paths(
        [tmp_path / "in", tmp_path / "scan.pdf"], EmbeddedStore(tmp_path / "d"), registry
    )
    assert report.documents_read == 1
    reasons = dict(report.failures)
    assert "not UTF-8" in reasons[str(tmp_path / "in" / "legacy.txt")]
    assert "pdf" in reasons[str(tmp_path / "scan.pdf")].lower()


def test_a_failed_document_leaves_the_store_as_it_was(tmp_path, registry):
    store = EmbeddedStore(tmp_path / "d")
    load_paths([SEED_DIR], store, registry)
    before = store.export()
    extra = tmp_path / "x.txt"
    extra.write_text("Thực hiện Nghị định số 15/2020/NĐ-CP.", encoding="utf-8")
    batch, _ = build_batch(read_document(extra), registry)
    batch.add_edge(batch.document.id, "no-such-node", EdgeType.CITES, Evidence("x"))
    broken = [batch, "not a batch"]
    with pytest.raises(AttributeError), store.session() as s:
        s.apply_many(broken)  # the first commits, the second fails in its own transaction
    after = EmbeddedStore(tmp_path / "d")
    assert after.node(batch.document.id) is not None
    assert len(after.documents()) == len(store.documents()) == 2
    assert {n["id"] for n in before["nodes"]} <= {n["id"] for n in after.export()["nodes"]}


def test_unknown_format_version_is_refused(tmp_path):
    import sqlite3

    EmbeddedStore(tmp_path)
    with sqlite3.connect(tmp_path / "graph.sqlite") as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'format_version'")
    with pytest.raises(StoreError, match="format version 99"):
        EmbeddedStore(tmp_path)


def test_a_data_directory_of_the_json_format_is_migrated_once(tmp_path, registry):
    import networkx as nx

    g = nx.MultiDiGraph()
    g.add_node("18-nq-tw-2017", label="Directive", props={"code": "18-NQ/TW"},
               sources={"registry": {"code": "18-NQ/TW"}})  # fmt: skip
    g.add_node("body-bo-chinh-tri", label="Body", props={"name": "Bộ Chính trị"}, sources={})
    g.add_edge("18-nq-tw-2017", "body-bo-chinh-tri", key="ISSUED_BY", props={},
               evidence=[Evidence("registry", note="test").to_dict()])  # fmt: skip
    data = nx.node_link_data(g, edges="links")
    data["graph"] = {"format_version": 1}
    (tmp_path / "graph.json").write_text(json.dumps(data), encoding="utf-8")
    store = EmbeddedStore(tmp_path)
    assert store.node("18-nq-tw-2017").props["code"] == "18-NQ/TW"
    assert [e.target for e in store.edges(source="18-nq-tw-2017")] == ["body-bo-chinh-tri"]
    assert (tmp_path / "graph.json.migrated").exists() and not (tmp_path / "graph.json").exists()
    assert EmbeddedStore(tmp_path).export() == store.export()  # once: nothing the second time


def test_a_directory_without_a_graph_is_an_error_except_for_loading(tmp_path):
    with pytest.raises(StoreError, match="no graph here"):
        EmbeddedStore(tmp_path / "nothing", create=False)
    assert not (tmp_path / "nothing").exists()
    with pytest.raises(StoreError, match="not a directory"):
        EmbeddedStore(tmp_path / "x.txt" if (tmp_path / "x.txt").write_text("x") else None)


def test_registry_file_loads_as_directives(tmp_path, registry):
    reg = tmp_path / "extra.csv"
    reg.write_text(
        "code,kind,number,year,symbol,issued_on,issuer,term,plenum,congress,title,source,note\n"
        "35-CT/TW,chi_thi,35,2024,CT/TW,2024-06-14,Bộ Chính trị,XIII,,,đại hội đảng bộ các cấp,test,\n",
        encoding="utf-8",
    )
    store = EmbeddedStore(tmp_path / "d")
    report = load_paths([reg], store, registry)
    assert report.registries_read == 1
    node = store.node("35-ct-tw-2024")
    assert node.props["issued_on"] == "2024-06-14" and node.props["issuer"] == "Bộ Chính trị"


def test_export_is_node_link_json(seed_store):
    data = seed_store.export()
    node = next(n for n in data["nodes"] if n["id"] == "18-nq-tw-2017")
    assert node["label"] == "Directive" and node["code"] == "18-NQ/TW" and node["year"] == 2017
    link = next(lk for lk in data["links"] if lk["type"] == "REVIEWS")
    assert {"source", "target", "type", "evidence"} <= set(link)
    assert link["evidence"][0]["document"].startswith("doc-")
