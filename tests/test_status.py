"""In force or not: `status` from the links texts state and from the registry (the Pháp điển's
relations and in-force dates), citation checking against a text's date, on the CLI and the API.

tests/force/ holds texts written for this project in the style of a Politburo directive and two
district plans. Facts used: Chỉ thị số 45-CT/TW of 14/4/2025 of the Politburo (đại hội đảng bộ
các cấp tiến tới Đại hội XIV) replaced Chỉ thị số 35-CT/TW of 14/6/2024 (the codes and dates as
published on tulieuvankien.dangcongsan.vn); the plans and their numbers are invented. The
registry facts (Nghị định 103/2009/NĐ-CP, Luật Lâm nghiệp 16/2017/QH14) are rows of
graph/data/phapdien.csv, built from the Pháp điển tables.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from directive_graph.api.main import create_app
from directive_graph.api.settings import Settings
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.errors import QueryError
from directive_graph.graph.model import EdgeType
from directive_graph.graph.registry import Registry
from directive_graph.loaders import extract_citations
from directive_graph.loaders.load import load_paths
from directive_graph.queries.lookup import require_known
from directive_graph.queries.status import check_citations, status
from tests.support import ROOT

FORCE = Path(__file__).parent / "force"
CT35 = "35-ct-tw-2024"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


def loaded(tmp_path: Path, name: str, text: str, registry: Registry) -> EmbeddedStore:
    """A new store in `tmp_path` holding one text, written there as `name`."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    store = EmbeddedStore(tmp_path / "data")
    load_paths([tmp_path / name], store, registry)
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory, registry) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("force"))
    load_paths([FORCE], store, registry)
    return store


def test_a_text_that_replaces_another_decides_its_status(store, registry):
    row = status(store, CT35, registry=registry)
    assert (row["status"], row["by"], row["since"]) == ("replaced", ["45-ct-tw-2025"], "2025-04-14")
    (event,) = [e for e in row["events"] if e["type"] == "REPLACES"]
    assert event["stated"] and "thay thế" in event["text"]
    assert event["source"].startswith("doc-chi-thi-45")


def test_before_the_replacement_it_was_in_force_as_far_as_anyone_knows(store, registry):
    # nothing had happened to it by then, and no registry gives its in-force date
    assert status(store, CT35, "2025-01-01", registry)["status"] == "unknown"
    assert status(store, "45-ct-tw-2025", registry=registry)["status"] == "unknown"


def test_registry_relations_are_per_article(store, registry):
    """The Pháp điển says 01/2012/NĐ-CP amended and repealed articles of 103/2009/NĐ-CP: part
    of it, so it is partly repealed, not repealed; before that it was in force."""
    row = status(store, "103-2009-nd-cp", registry=registry)
    assert row["status"] == "partly repealed" and row["by"] == ["1-2012-nd-cp"]
    repeals = [e for e in row["events"] if e["type"] == "REPEALS"]
    assert repeals and all(e["articles"] for e in repeals)
    assert status(store, "103-2009-nd-cp", "2011-01-01", registry)["status"] == "in force"
    assert status(store, "103-2009-nd-cp", "2009-12-01", registry)["status"] == "not yet in force"


def test_a_bad_date_and_an_unknown_directive_are_query_errors(store, registry):
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        status(store, CT35, "14/4/2025", registry)
    with pytest.raises(QueryError, match="no directive"):
        status(store, "999-ct-tw-1900", registry=registry)


def test_check_flags_a_citation_replaced_before_the_citing_text(store, registry):
    text = (FORCE / "ke-hoach-2025-van-dan-35.txt").read_text(encoding="utf-8")
    rows = check_citations(store, registry, extract_citations(text), "2025-06-02")
    flagged = [r for r in rows if r["check"]["outdated"]]
    assert [r["id"] for r in flagged] == [CT35]
    assert "45-ct-tw-2025" in flagged[0]["check"]["message"]
    earlier = (FORCE / "ke-hoach-2024-truoc-khi-thay.txt").read_text(encoding="utf-8")
    rows = check_citations(store, registry, extract_citations(earlier), "2024-08-20")
    assert not any(r["check"]["outdated"] for r in rows)
    rows = check_citations(store, registry, extract_citations(earlier), None)
    assert all(r["check"]["status"] == "unknown" for r in rows)


def _cli(*args: str, data: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "directive_graph.api.cli", *args, "--data", str(data)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip


def test_cli_status_and_check(tmp_path):
    data = tmp_path / "data"
    assert _cli("load", str(FORCE), data=data).returncode == 0
    done = _cli("status", CT35, "--json", data=data)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "replaced"
    done = _cli("check", str(FORCE / "ke-hoach-2025-van-dan-35.txt"), data=data)
    assert done.returncode == 0 and "1 outdated" in done.stdout and "45-ct-tw-2025" in done.stdout
    # a decree only the registry knows, with no graph at all
    done = _cli("status", "Nghị định 103/2009/NĐ-CP", "--on", "2011-01-01", data=tmp_path / "none")
    assert done.returncode == 0, done.stderr
    assert "in force" in done.stdout.splitlines()[0]
    done = _cli("status", CT35, "--on", "someday", data=data)
    assert done.returncode != 0 and "YYYY-MM-DD" in done.stderr and "Traceback" not in done.stderr


def test_api_status_and_checked_citations(store):
    app = create_app(Settings(api_key="k" * 24), store=store)
    with TestClient(app) as client:
        r = client.get(f"/directives/{CT35}/status")
        assert r.status_code == 200 and r.json()["status"] == "replaced"
        r = client.get(f"/directives/{CT35}/status", params={"on": "2025-01-01"})
        assert r.json()["status"] == "unknown"
        r = client.get("/directives/Nghị định 103/2009/NĐ-CP/status")
        assert r.status_code == 200 and r.json()["directive"] == "103-2009-nd-cp"
        assert client.get(f"/directives/{CT35}/status", params={"on": "x"}).status_code == 422
        assert client.get("/directives/999-ct-tw-1900/status").status_code == 404
        text = (FORCE / "ke-hoach-2025-van-dan-35.txt").read_text(encoding="utf-8")
        r = client.post("/citations", params={"check": "true"}, json={"text": text})
        assert r.status_code == 200 and r.json()["on"] == "2025-06-02"
        assert [c["id"] for c in r.json()["citations"] if c["check"]["outdated"]] == [CT35]
        plain = client.post("/citations", json={"text": text}).json()
        assert "check" not in plain["citations"][0]


def test_rdf_gives_force_as_eli_terms(tmp_path, registry):
    """A law the registry dates, cited by a text: eli:first_date_entry_in_force; a text that
    replaces another: eli:repeals (ELI has no "replaces")."""
    from directive_graph.graph import rdf

    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "bao-cao.txt").write_text(
        "UBND HUYỆN Y\nY, ngày 05 tháng 5 năm 2021\nBÁO CÁO\n"
        "Thực hiện Luật Lâm nghiệp năm 2017, huyện đã giao rừng cho cộng đồng.\n",
        encoding="utf-8",
    )
    store = EmbeddedStore(tmp_path / "data")
    load_paths([tmp_path / "t", FORCE], store, registry)
    ttl = rdf.serialize(store.export(), "turtle")
    assert "eli:first_date_entry_in_force" in ttl and '"2019-01-01"^^xsd:date' in ttl
    assert "eli:repeals" in ttl


EXPIRY = """ỦY BAN NHÂN DÂN
TỈNH BẮC NINH
Số: 25/2025/QĐ-UBND
Bắc Ninh, ngày 20 tháng 6 năm 2025

QUYẾT ĐỊNH
Ban hành Quy chế lưu trữ hồ sơ điện tử (bản thử của dự án)

Điều 1. Ban hành kèm theo Quyết định này Quy chế lưu trữ hồ sơ điện tử.
Điều 2. Quyết định này có hiệu lực kể từ ngày 01 tháng 7 năm 2025. Quyết định số \
12/2020/QĐ-UBND ngày 10 tháng 3 năm 2020 của Ủy ban nhân dân tỉnh Bắc Ninh hết hiệu lực \
kể từ ngày 01/7/2025.
Điều 3. Theo báo cáo, Quyết định số 13/2019/QĐ-UBND ngày 10/3/2019 của UBND tỉnh Bắc Ninh \
đã hết hiệu lực.
"""


def test_hết_hiệu_lực_kể_từ_ngày_ends_force_on_that_day(tmp_path, registry):
    """The text's own provision ends the target's force on the day it names; a report that
    another document "đã hết hiệu lực" states no act of the text."""
    store = loaded(tmp_path, "qd.txt", EXPIRY, registry)
    own = "25-2025-qd-ubnd-bac-ninh"
    (edge,) = store.edges(source=own, types=(EdgeType.REPEALS,))
    assert edge.target == "12-2020-qd-ubnd-bac-ninh"
    assert edge.evidence[0].text.startswith("hết hiệu lực")
    before = status(store, edge.target, "2025-06-30", registry=registry)
    after = status(store, edge.target, "2025-07-01", registry=registry)
    assert before["status"] != "repealed"
    assert (after["status"], after["by"], after["since"]) == ("repealed", [own], "2025-07-01")
    assert status(store, "13-2019-qd-ubnd-bac-ninh", registry=registry)["status"] == "unknown"
    # a local code typed without its province names the graph's one document of that code
    assert require_known(store, registry, "Quyết định số 12/2020/QĐ-UBND") == edge.target


def test_a_law_asked_for_by_name_and_year_is_that_version(tmp_path, registry):
    """ "Luật Đất đai năm 2013" is the 2013 law even when only the 2024 one is in the graph;
    the name alone is the one the graph holds (registry rows 45/2013/QH13 and 31/2024/QH15,
    graph/data/registry.csv)."""
    text = tmp_path / "ke-hoach.txt"
    text.write_text(
        "ỦY BAN NHÂN DÂN HUYỆN A\nSố: 15/KH-UBND\nA, ngày 10 tháng 3 năm 2025\n\nKẾ HOẠCH\n"
        "Triển khai thi hành Luật Đất đai trên địa bàn huyện\n\nI. NHIỆM VỤ\n"
        "1. Tuyên truyền, phổ biến Luật Đất đai đến cán bộ và nhân dân.\n",
        encoding="utf-8",
    )
    store = EmbeddedStore(tmp_path / "d")
    load_paths([text], store, registry)
    assert store.node("31-2024-qh15") is not None and store.node("45-2013-qh13") is None
    assert require_known(store, registry, "Luật Đất đai năm 2013") == "45-2013-qh13"
    assert require_known(store, registry, "Luật Đất đai năm 2024") == "31-2024-qh15"
    assert require_known(store, registry, "Luật Đất đai") == "31-2024-qh15"


PARTIAL_REPEAL = """ỦY BAN NHÂN DÂN
TỈNH HÀ NAM
Số: 31/2025/QĐ-UBND
Hà Nam, ngày 02 tháng 6 năm 2025

QUYẾT ĐỊNH
Bãi bỏ một phần và toàn bộ một số quyết định của Ủy ban nhân dân tỉnh

Điều 1. Bãi bỏ khoản 3 Điều 4 của Quyết định số 18/2021/QĐ-UBND ngày 05 tháng 5 năm 2021 của
Ủy ban nhân dân tỉnh.

Điều 2. Bãi bỏ Quyết định số 19/2022/QĐ-UBND ngày 10 tháng 6 năm 2022 của Ủy ban nhân dân tỉnh.
"""


def test_a_clause_repealed_leaves_the_text_in_force_amended(tmp_path, registry):
    """ "Bãi bỏ khoản 3 Điều 4 của Quyết định X": X is amended, in force, and the evidence says
    which part; "Bãi bỏ Quyết định Y" repeals Y."""
    store = loaded(tmp_path, "qd.txt", PARTIAL_REPEAL, registry)
    own = "31-2025-qd-ubnd-ha-nam"
    (amended,) = store.edges(source=own, types=(EdgeType.AMENDS,))
    assert amended.target == "18-2021-qd-ubnd-ha-nam"
    assert "khoản 3 Điều 4" in amended.evidence[0].note
    assert status(store, amended.target, registry=registry)["status"] == "amended"
    (repealed,) = store.edges(source=own, types=(EdgeType.REPEALS,))
    assert repealed.target == "19-2022-qd-ubnd-ha-nam"
    assert status(store, repealed.target, registry=registry)["status"] == "repealed"


CIRCULAR = """BỘ TƯ PHÁP
Số: 09/2025/TT-BTP
Hà Nội, ngày 15 tháng 5 năm 2025

THÔNG TƯ
Quy định về mẫu sổ hộ tịch

Điều 1. Phạm vi điều chỉnh

Thông tư này quy định mẫu sổ hộ tịch.

Điều 2. Hiệu lực thi hành

1. Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2025.

2. Thông tư số 04/2020/TT-BTP ngày 28 tháng 5 năm 2020 của Bộ trưởng Bộ Tư pháp hết hiệu lực kể từ
ngày Thông tư này có hiệu lực thi hành.
"""


def test_the_day_a_text_takes_effect_is_read_from_the_text(tmp_path, registry):
    """ "Thông tư này có hiệu lực thi hành kể từ ngày D": the circular is not yet in force before
    D; the one it ends "kể từ ngày Thông tư này có hiệu lực" is repealed from D; the issuer
    before "hết hiệu lực" is the minister, not "... hết hiệu lực"."""
    store = loaded(tmp_path, "tt.txt", CIRCULAR, registry)
    own = "9-2025-tt-btp"
    assert store.node(own).props["in_force_from"] == "2025-07-01"
    assert status(store, own, "2025-06-30", registry=registry)["status"] == "not yet in force"
    assert status(store, own, "2025-07-01", registry=registry)["status"] == "in force"
    old = "4-2020-tt-btp"
    assert store.node(old).props["issuer"] == "Bộ Tư pháp"  # (the minister's ministry)
    assert not [n for n in store.nodes_by_id([e.target for e in store.edges(source=old)]).values()
                if "hiệu lực" in str(n.props.get("name", ""))]  # fmt: skip
    gone = status(store, old, "2025-07-02", registry=registry)
    assert (gone["status"], gone["since"], gone["by"]) == ("repealed", "2025-07-01", [own])


CODIFIED = """Đề mục 9.2. THỬ NGHIỆM

Điều 9.2.LQ.1. Phạm vi điều chỉnh

Luật này quy định về thử nghiệm.

(Điều 1 Luật số 91/2021/QH15, có hiệu lực thi hành kể từ ngày 01/01/2022)

Điều 9.2.LQ.2. Đối tượng áp dụng

Luật này áp dụng đối với cơ quan, tổ chức.

(Điều 2 Luật số 91/2021/QH15, có hiệu lực thi hành kể từ ngày 01/01/2022, được sửa đổi bởi Điều 3
Luật số 93/2024/QH15, có hiệu lực thi hành kể từ ngày 01/07/2025)
"""


def test_a_codified_text_dates_the_force_of_what_it_cites(tmp_path, registry):
    """The notes of a codified text (the Pháp điển's form): "(Điều 1 Luật số X, có hiệu lực thi
    hành kể từ ngày D)" gives X's in-force day; "được sửa đổi bởi Điều 3 Luật số Y" is Y
    AMENDS X, dated from Y's day."""
    store = loaded(tmp_path, "pd.txt", CODIFIED, registry)
    assert store.node("91-2021-qh15").props["in_force_from"] == "2022-01-01"
    assert store.node("93-2024-qh15").props["in_force_from"] == "2025-07-01"
    (edge,) = store.edges(target="91-2021-qh15", types=(EdgeType.AMENDS,))
    assert edge.source == "93-2024-qh15"
    on = status(store, "91-2021-qh15", "2025-07-01", registry=registry)
    assert (on["status"], on["since"]) == ("amended", "2025-07-01")
    assert status(store, "91-2021-qh15", "2025-06-30", registry=registry)["status"] == "in force"


GAZETTE = """CÔNG BÁO/Số 301 + 302/Ngày 14-03-2025 3

PHẦN I. VĂN BẢN QUY PHẠM PHÁP LUẬT

CHÍNH PHỦ
Số: 399/2025/NĐ-CP
Hà Nội, ngày 03 tháng 3 năm 2025

NGHỊ ĐỊNH
Quy định chi tiết một số điều của Luật Lưu trữ

Căn cứ Luật Lưu trữ ngày 21 tháng 6 năm 2024;

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh

Nghị định này quy định chi tiết một số điều của Luật Lưu trữ.

4 CÔNG BÁO/Số 301 + 302/Ngày 14-03-2025

Chương II
ĐIỀU KHOẢN THI HÀNH

Điều 2. Hiệu lực thi hành

1. Nghị định này có hiệu lực thi hành từ ngày 15 tháng 4 năm 2025.

2. Nghị định số 12/2013/NĐ-CP ngày 03 tháng 01 năm 2013 của Chính phủ quy định chi tiết thi hành
một số điều của Luật Lưu trữ hết hiệu lực kể từ ngày Nghị định này có hiệu lực thi hành.

Điều 3. Trách nhiệm thi hành

Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ chịu trách nhiệm thi hành Nghị định này.
"""


def test_a_decree_as_the_gazette_prints_it(tmp_path, registry):
    """The gazette's page headers and sections are no part of the decree (its chapters are its
    own outline); the decree it ends, though a clause citing the law it details stands between
    them ("... quy định chi tiết ... Luật Lưu trữ hết hiệu lực"), is repealed from the day the
    decree takes effect, and the law it details is not."""
    from directive_graph.loaders.tasks import extract_tasks

    store = loaded(tmp_path, "nd.txt", GAZETTE, registry)
    own = "399-2025-nd-cp"
    gone = status(store, "12-2013-nd-cp", registry=registry)
    assert (gone["status"], gone["since"], gone["by"]) == ("repealed", "2025-04-15", [own])
    assert not store.edges(source=own, target="33-2024-qh15", types=(EdgeType.REPEALS,))
    assert [t.ordinal for t in extract_tasks(GAZETTE)] == ["II.d3.p1"]


# A consolidated text (văn bản hợp nhất) in the Official Gazette's form, written for this project;
# the numbers, dates and titles are of the real circulars of the Ministry of Home Affairs.
CONSOLIDATED = (
    "BỘ NỘI VỤ\nSố: 05/VBHN-BNV\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHà Nội, ngày 10 tháng 8 "
    "năm 2024\n\nTHÔNG TƯ\nHướng dẫn về chế độ tập sự của viên chức\n\nThông tư số "
    "12/2022/TT-BNV ngày 30 tháng 12 năm 2022 của Bộ trưởng Bộ Nội vụ hướng dẫn về chế độ tập "
    "sự của viên chức, có hiệu lực kể từ ngày 15 tháng 02 năm 2023, được sửa đổi, bổ sung bởi:"
    "\n\nThông tư số 06/2024/TT-BNV ngày 28 tháng 6 năm 2024 của Bộ trưởng Bộ Nội vụ sửa đổi, "
    "bổ sung một số điều của Thông tư số 12/2022/TT-BNV, có hiệu lực kể từ ngày 15 tháng 8 năm "
    "2024.\n\nCăn cứ Nghị định số 115/2020/NĐ-CP ngày 25 tháng 9 năm 2020 của Chính phủ quy định "
    "về tuyển dụng, sử dụng và quản lý viên chức;\n\nĐiều 12. Hiệu lực thi hành\n1. Thông tư này "
    "có hiệu lực kể từ ngày 15 tháng 02 năm 2023.\n2. Thông tư số 15/2012/TT-BNV ngày 25 tháng 12 "
    "năm 2012 của Bộ trưởng Bộ Nội vụ hướng dẫn về tuyển dụng viên chức hết hiệu lực kể từ ngày "
    "Thông tư này có hiệu lực.\n"
)


def test_a_consolidated_text_speaks_as_the_document_it_consolidates(tmp_path, registry):
    """Its preamble and its articles are the base circular's (12/2022); the day after the
    amending circular's title is that one's (06/2024), not the base's it names."""
    store = loaded(tmp_path, "van-ban-hop-nhat.txt", CONSOLIDATED, registry)
    base = store.node("12-2022-tt-bnv")
    assert base.props["in_force_from"] == "2023-02-15"
    assert store.node("6-2024-tt-bnv").props["in_force_from"] == "2024-08-15"
    based = {e.target for e in store.edges(source="12-2022-tt-bnv", types=(EdgeType.BASED_ON,))}
    assert based == {"115-2020-nd-cp"}
    row = status(store, "15-2012-tt-bnv", registry=registry)
    assert (row["status"], row["by"], row["since"]) == (
        "repealed",
        ["12-2022-tt-bnv"],
        "2023-02-15",
    )
    assert not store.edges(source="5-vbhn-bnv-2024", types=(EdgeType.BASED_ON, EdgeType.REPEALS))
