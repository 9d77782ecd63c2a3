"""Registry files in the vbpl metadata layout (so_ky_hieu, loai_van_ban, ngay_ban_hanh ...) as CSV,
TSV and JSON lines: fields mapped to the project's, unusable rows rejected (counted, named by
line), dates in every style, reloads idempotent, written in bulk with the same graph as the normal
path, and a file of neither layout refused in one line. Counts of work, never seconds (timing is
bench/registry_load.py's)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from directive_graph.graph import embedded_writes
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import (
    TtyRows,
    load_paths,
    read_registry_file,
    registry_batch,
)
from directive_graph.loaders.registry_layouts import iso_date, read_registry

CLI = [sys.executable, "-m", "directive_graph.api.cli"]
COLUMNS = [
    "id", "so_ky_hieu", "loai_van_ban", "ngay_ban_hanh", "co_quan_ban_hanh", "nguoi_ky",
    "tinh_trang_hieu_luc", "ngay_co_hieu_luc", "ngay_het_hieu_luc", "trich_yeu",
]  # fmt: skip
# (so_ky_hieu, loai_van_ban, ngay_ban_hanh, co_quan_ban_hanh, tinh_trang_hieu_luc,
#  ngay_co_hieu_luc, ngay_het_hieu_luc, trich_yeu)
ROWS = [
    ("15/2020/NĐ-CP", "Nghị định", "03/02/2020", "Chính phủ", "Còn hiệu lực", "15/4/2020", "",
     "Quy định xử phạt vi phạm hành chính trong lĩnh vực bưu chính, viễn thông"),
    ("01/2021/TT-BTC", "Thông tư", "2021-01-07", "Bộ Tài chính", "Hết hiệu lực toàn bộ",
     "2021-02-22T00:00:00", "1/7/2023", "Hướng dẫn về quản lý phí"),
    ("123/QĐ-TTg", "QUYẾT ĐỊNH", "5/1/2021", "Thủ tướng Chính phủ", "Còn hiệu lực", "5/1/2021",
     "", "Phê duyệt Đề án"),
    ("45/2019/QH14", "Luật", "2019-11-20", "Quốc hội", "Còn hiệu lực", "01/01/2021", "",
     "Bộ luật Lao động"),
    ("59/2020/QH14", "Luật", "17/06/2020", "Quốc hội", "Còn hiệu lực", "01/01/2021", "",
     "Doanh nghiệp"),
    ("14/2023/TTLT-BTC-BYT", "Thông tư liên tịch", "2023-03-01", "Bộ Tài chính; Bộ Y tế",
     "Chưa có hiệu lực", "", "", "Hướng dẫn liên tịch"),
]  # fmt: skip
# the rows each of these becomes (its node's properties)
EXPECTED = {
    "15-2020-nd-cp": {
        "code": "15/2020/NĐ-CP", "kind": "nghi_dinh", "number": "15", "year": 2020,
        "symbol": "NĐ-CP", "issued_on": "2020-02-03", "in_force_from": "2020-04-15",
        "in_force_status": "Còn hiệu lực", "issuer": "Chính phủ",
    },
    "1-2021-tt-btc": {
        "code": "01/2021/TT-BTC", "kind": "thong_tu", "issued_on": "2021-01-07",
        "in_force_from": "2021-02-22", "in_force_until": "2023-07-01",
        "in_force_status": "Hết hiệu lực toàn bộ", "issuer": "Bộ Tài chính",
    },
    "123-qd-ttg-2021": {  # no year in its code: the date's
        "code": "123/QĐ-TTg", "kind": "quyet_dinh", "year": 2021, "issued_on": "2021-01-05",
        "in_force_from": "2021-01-05", "issuer": "Thủ tướng Chính phủ",
    },
    "45-2019-qh14": {"kind": "luat", "title": "Bộ luật Lao động"},  # (a code listed as Luật)
    "59-2020-qh14": {"kind": "luat", "title": "Luật Doanh nghiệp", "issued_on": "2020-06-17"},
    "14-2023-ttlt-btc-byt": {"kind": "thong_tu_lien_tich", "issuer": "Bộ Tài chính; Bộ Y tế"},
}  # fmt: skip


def _dicts(rows=ROWS) -> list[dict]:
    keys = ["so_ky_hieu", "loai_van_ban", "ngay_ban_hanh", "co_quan_ban_hanh",
            "tinh_trang_hieu_luc", "ngay_co_hieu_luc", "ngay_het_hieu_luc", "trich_yeu"]  # fmt: skip
    return [
        {"id": str(i), "nguoi_ky": "Nguyễn Văn A", **dict(zip(keys, row, strict=True))}
        for i, row in enumerate(rows)
    ]


def write_csv(path: Path, rows=ROWS, delimiter: str = ",", end: str = "\n") -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=delimiter, lineterminator=end)
    writer.writeheader()
    writer.writerows(_dicts(rows))
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def write_jsonl(path: Path, rows=ROWS) -> Path:
    lines = [
        json.dumps({k: v or None for k, v in d.items()}, ensure_ascii=False) for d in _dicts(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load(paths, data: Path):
    return load_paths(paths, EmbeddedStore(data), Registry.empty())


def graph(store: EmbeddedStore) -> tuple[list, list]:
    """The whole graph, in an order of its own: nodes with their properties and sources, edges
    with their evidence."""
    nodes, edges = store.dump()
    canon = json.dumps
    return (
        sorted((n.id, str(n.label), canon(n.props, sort_keys=True, ensure_ascii=False),
                canon(n.sources, sort_keys=True, ensure_ascii=False)) for n in nodes),
        sorted((e.source, e.target, str(e.type), canon(e.props, sort_keys=True),
                sorted(canon(ev.to_dict(), sort_keys=True) for ev in e.evidence))
               for e in edges),
    )  # fmt: skip


def run(*args):
    return subprocess.run([*CLI, *args], capture_output=True, text=True, check=False)


# --- the layout: what each row becomes --------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "tsv", "jsonl", "json", "crlf.csv", "bom.csv"])
def test_vbpl_rows_become_directives_with_their_fields(tmp_path, kind):
    path = tmp_path / f"vbpl.{kind}"
    if kind == "jsonl":
        write_jsonl(path)
    elif kind == "json":  # a list of objects
        path.write_text(json.dumps(_dicts(), ensure_ascii=False), encoding="utf-8")
    else:
        write_csv(path, delimiter="\t" if kind == "tsv" else ",",
                  end="\r\n" if kind == "crlf.csv" else "\n")  # fmt: skip
        if kind == "bom.csv":
            path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    store = EmbeddedStore(tmp_path / "data")
    report = load_paths([path], store, Registry.empty())
    assert report.registries_read == 1 and not report.failures
    assert (report.registry_rows_read, report.registry_rows_kept) == (len(ROWS), len(ROWS))
    assert report.registry_rows_rejected == {} and report.registry_dates_dropped == 0
    for node_id, props in EXPECTED.items():
        node = store.node(node_id)
        assert node is not None, node_id
        assert {k: node.props.get(k) for k in props} == props, node_id
    first = store.node("15-2020-nd-cp").props
    line = 1 if kind == "jsonl" else 2  # a CSV's first row is its second line (a JSON list's too)
    assert first["source"] == f"{path.name}:{line}" and "in_force_until" not in first
    assert "nguoi_ky" not in first and "id" not in first  # other columns are left out
    # the bodies and their ISSUED_BY edges, as for a registry of the project's layout
    issued = {e.target for e in store.edges(source="14-2023-ttlt-btc-byt")}
    assert issued == {"body-bo-tai-chinh", "body-bo-y-te"}
    assert store.node("body-thu-tuong-chinh-phu").props["name"] == "Thủ tướng Chính phủ"
    (doc,) = store.documents()
    assert doc.props["format"] == "registry" and doc.props["entries"] == len(ROWS)


@pytest.mark.parametrize(
    "written, kind",
    [
        ("Quyết định", "quyet_dinh"),
        (unicodedata.normalize("NFD", "Quyết định"), "quyet_dinh"),  # decomposed
        ("  QUYẾT   ĐỊNH ", "quyet_dinh"),
        ("Bộ luật", "bo_luat"),
        ("Thông tư liên tịch", "thong_tu_lien_tich"),
        ("Nghị quyết liên tịch", "nghi_quyet"),
        ("Văn bản hợp nhất", "van_ban_hop_nhat"),
        ("Sắc lệnh", "sac_lenh"),
        ("Lệnh", "lenh"),
        ("Công điện", "cong_dien"),
        ("Hiến pháp", "hien_phap"),
        ("Pháp lệnh", "phap_lenh"),
        ("Chương trình", "chuong_trinh"),
    ],
)
def test_type_words_in_any_case_and_normal_form(tmp_path, written, kind):
    path = write_csv(
        tmp_path / "r.csv", [("7/2021/XX-YY", written, "2021-03-04", "", "", "", "", "Về việc")]
    )
    (entry,) = read_registry(path).entries
    assert entry.kind == kind


def test_type_words_composed_decomposed_or_in_between(tmp_path):
    words = ["Quyết định", "Quye\u0302\u0301t định", "Quy\u00ea\u0301t đi\u0323nh"]
    rows = [
        (f"{i}/2020/QĐ-TTg", w, "2020-01-01", "", "", "", "", "") for i, w in enumerate(words, 1)
    ]
    kinds = [e.kind for e in read_registry(write_csv(tmp_path / "r.csv", rows)).entries]
    assert kinds == ["quyet_dinh"] * 3


def test_type_words_are_compared_in_one_tone_placement():
    from directive_graph.loaders.registry_layouts import fold

    assert fold("Hoá đơn") == fold("HÓA ĐƠN") == fold("hóa  đơn")
    assert fold(unicodedata.normalize("NFD", "Thông tư")) == "thông tư"


@pytest.mark.parametrize(
    "text, iso",
    [
        ("2020-01-15", "2020-01-15"),
        ("15/01/2020", "2020-01-15"),
        ("5/1/2020", "2020-01-05"),
        ("2020-01-15T00:00:00", "2020-01-15"),
        ("2020-01-15T00:00:00Z", "2020-01-15"),
        ("15/01/2020 08:30:00", "2020-01-15"),
        ("15-01-2020", "2020-01-15"),
        ("29/02/2024", "2024-02-29"),
        ("31/02/2021", None),  # impossible
        ("29/02/2023", None),
        ("2021-13-01", None),
        ("00/00/0000", None),
        ("n/a", None),
    ],
)
def test_dates_in_every_style(text, iso):
    assert iso_date(text) == iso


def test_mixed_date_styles_in_one_file_and_impossible_dates_dropped(tmp_path):
    rows = [
        ("1/2020/NĐ-CP", "Nghị định", "2020-01-15", "Chính phủ", "", "15/01/2020", "", "A"),
        ("2/2020/NĐ-CP", "Nghị định", "15/01/2020", "Chính phủ", "", "2020-01-15T00:00:00", "", "B"),
        ("3/2020/NĐ-CP", "Nghị định", "5/1/2020", "Chính phủ", "", "31/02/2020", "2021-13-01", "C"),
    ]  # fmt: skip
    store = EmbeddedStore(tmp_path / "data")
    report = load_paths([write_csv(tmp_path / "r.csv", rows)], store, Registry.empty())
    assert report.registry_rows_kept == 3 and report.registry_dates_dropped == 2
    one, two, three = (store.node(f"{i}-2020-nd-cp").props for i in (1, 2, 3))
    assert one["issued_on"] == two["issued_on"] == "2020-01-15" == one["in_force_from"]
    assert two["in_force_from"] == "2020-01-15" and three["issued_on"] == "2020-01-05"
    assert "in_force_from" not in three and "in_force_until" not in three  # dropped, row kept


def test_the_reader_makes_each_entrys_id_and_facts_as_the_entry_would(tmp_path):
    """The vbpl reader makes each entry's id and facts as it reads (`prepared`, without the
    Entry): the very ones Entry.id and Entry.facts() give, whatever the row (a Party code; no
    date; a law's title), except a local body's document, whose id also holds its province
    (Entry has none: it would fall back on the title's)."""
    rows = [
        *ROWS,
        ("12/QĐ-UBND", "Quyết định", "2022-03-04", "Ủy ban nhân dân tỉnh Bắc Ninh", "", "", "",
         "Về giá đất trên địa bàn tỉnh"),
        ("18-NQ/TW", "Nghị quyết", "25/10/2017", "Ban Chấp hành Trung ương", "", "", "", "Về tinh gọn"),
        ("3/2019/QH14", "Bộ luật", "", "", "", "", "", "Dân sự"),
        ("7/SL", "Sắc lệnh", "1945-09-10", "Chủ tịch nước", "", "", "", ""),
    ]  # fmt: skip
    read = read_registry(write_csv(tmp_path / "r.csv", rows))
    assert read.kept == len(rows) == len(read.entries)
    expected = [(e.id, {**e.facts(), "source": e.source}, e.code) for e in read.entries]
    local = [i for i, e in enumerate(read.entries) if e.code == "12/QĐ-UBND"]
    assert [read.prepared[i][0] for i in local] == ["12-qd-ubnd-bac-ninh-2022"]
    for i in local:
        expected[i] = ("12-qd-ubnd-bac-ninh-2022", *expected[i][1:])
    assert read.prepared == expected
    assert {e.id for e in read.entries} >= {"18-nq-tw-2017", "3-2019-qh14"}


# --- rows that cannot be used ---------------------------------------------------------------


BAD = [
    ("9/2020/NĐ-CP", "Văn bản khác", "2020-01-01", "", "", "", "", "unknown type"),  # line 2
    ("", "Nghị định", "2020-01-01", "", "", "", "", "no so_ky_hieu"),  # line 3
    ("Không số", "Quyết định", "2020-01-01", "", "", "", "", "unreadable"),  # line 4
    ("12/QĐ-TTg", "Quyết định", "31/02/2020", "", "", "", "", "no year"),  # line 5
    ("", "", "", "", "", "", "", ""),  # line 6: no type either
]


def test_unusable_rows_are_rejected_counted_and_named_the_rest_loads(tmp_path):
    path = write_csv(tmp_path / "r.csv", ROWS[:2] + BAD)
    store = EmbeddedStore(tmp_path / "data")
    report = load_paths([path], store, Registry.empty())
    assert not report.failures and report.registries_read == 1
    assert report.registry_rows_read == 7 and report.registry_rows_kept == 2
    assert report.registry_rows_rejected == {
        "unknown type": 1,
        "empty so_ky_hieu": 1,
        "unreadable so_ky_hieu": 1,
        "no year (none in so_ky_hieu, no ngay_ban_hanh)": 1,
        "empty loai_van_ban": 1,
    }
    lines = {line: reason for _, line, reason in report.rejected_rows}
    assert lines == {
        4: "unknown type: 'Văn bản khác'",
        5: "empty so_ky_hieu",
        6: "unreadable so_ky_hieu: 'Không số'",
        7: "no year (none in so_ky_hieu, no ngay_ban_hanh): '12/QĐ-TTg'",
        8: "empty loai_van_ban",
    }
    assert report.registry_dates_dropped == 1  # the impossible date of the row without a year
    assert {n.id for n in store.nodes() if str(n.label) == "Directive"} == {
        "15-2020-nd-cp",
        "1-2021-tt-btc",
    }
    data = report.to_dict()
    assert data["registry_rows_rejected"]["unknown type"] == 1
    assert {"path": str(path), "line": 4, "reason": "unknown type: 'Văn bản khác'"} in data[
        "rejected_rows"
    ]


def test_json_lines_that_are_no_objects_are_rejected_by_line(tmp_path):
    path = write_jsonl(tmp_path / "r.jsonl", ROWS[:1])
    path.write_text(path.read_text(encoding="utf-8") + "\n[1, 2]\n{broken\n", encoding="utf-8")
    read = read_registry(path)
    assert (read.rows, read.kept) == (3, 1)
    assert read.examples == [(3, "not a JSON object"), (4, "not a JSON object")]


def test_only_the_first_rejected_rows_are_listed_all_are_counted(tmp_path):
    path = write_csv(tmp_path / "r.csv", [BAD[0]] * 40)
    report = load([path], tmp_path / "d")
    assert report.registry_rows_rejected == {"unknown type": 40}
    assert len(report.rejected_rows) == 10 and report.rejected_rows[0][1] == 2


def test_rows_of_the_project_layout_are_rejected_too_not_fatal(tmp_path):
    path = tmp_path / "own.csv"
    path.write_text(
        "code,kind,number,year,symbol,issued_on,issuer,title\n"
        "35-CT/TW,chi_thi,35,2024,CT/TW,2024-06-14,Bộ Chính trị,Về đại hội\n"
        "36-CT/TW,chi_thi_sai,36,2024,CT/TW,2024-06-14,Bộ Chính trị,Sai loại\n"
        ",chi_thi,37,2024,CT/TW,,,\n",
        encoding="utf-8",
    )
    store = EmbeddedStore(tmp_path / "data")
    report = load_paths([path], store, Registry.empty())
    assert report.registry_rows_kept == 1
    assert report.registry_rows_rejected == {"unknown kind": 1, "empty code": 1}
    assert store.node("35-ct-tw-2024").props["issuer"] == "Bộ Chính trị"
    registry, digest = read_registry_file(path)  # the older interface: the rows kept
    assert [e.code for e in registry.entries] == ["35-CT/TW"] and len(digest) == 64


# --- files that are no registry -------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content",
    [
        ("other.csv", "ten,gia\nabc,1\n"),
        ("other.tsv", "ten\tgia\nabc\t1\n"),
        ("other.jsonl", '{"ten": "abc"}\n'),
        ("other.jsonl", "not json at all\n"),
        ("empty.csv", ""),
    ],
)
def test_a_file_of_neither_layout_fails_in_one_line(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    out = run("load", str(path), "--data", str(tmp_path / "data"))
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    (line,) = out.stderr.strip().splitlines()
    assert str(path) in line and "not a registry" in line
    assert "so_ky_hieu" in line and "code" in line  # the columns expected, both layouts


def test_a_registry_in_another_encoding_is_a_decode_error(tmp_path):
    path = tmp_path / "tcvn3.csv"
    path.write_bytes(b"so_ky_hieu,loai_van_ban\n1/2020/N\xae-CP,Ngh\xdf \xae\xdfnh\n")  # TCVN3
    report = load([path], tmp_path / "data")
    ((where, reason),) = report.failures
    assert where == str(path) and "not UTF-8" in reason and "\n" not in reason
    out = run("load", str(path), "--data", str(tmp_path / "data"))
    assert out.returncode != 0 and "Traceback" not in out.stderr and "not UTF-8" in out.stderr


def test_a_data_file_in_a_folder_of_texts_is_skipped_not_failed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bang-gia.jsonl").write_text('{"ten": "abc"}\n', encoding="utf-8")
    write_jsonl(folder / "vbpl.jsonl")
    report = load([folder], tmp_path / "data")
    assert report.registries_read == 1 and not report.failures
    assert [Path(p).name for p, _ in report.skipped] == ["bang-gia.jsonl"]


# --- reloads, and bulk against the normal path ----------------------------------------------


def test_reload_of_the_same_file_is_skipped_and_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "vbpl.csv")
    store = EmbeddedStore(tmp_path / "data")
    first = load_paths([path], store, Registry.empty())
    before = graph(store)
    again = load_paths([path], EmbeddedStore(tmp_path / "data"), Registry.empty())
    assert first.directives_new == len(store.nodes()) - 1  # all but the Document node
    assert again.registries_read == again.documents_unchanged == 1
    assert (again.directives_new, again.directives_updated, again.edges_new) == (0, 0, 0)
    assert again.registry_rows_read == 0  # skipped before its rows are parsed
    assert graph(EmbeddedStore(tmp_path / "data")) == before


def _apply_normally(store: EmbeddedStore, path: Path):
    read = read_registry(path)
    with store.session() as s:
        return s.apply_many([registry_batch(path, read.entries, read.sha256)])[0]


def _apply_in_bulk(store: EmbeddedStore, path: Path):
    read = read_registry(path)
    with store.session() as s:  # the entries in columns, as `load` writes them
        return s.apply_bulk(registry_batch(path, read, read.sha256, rows=True))


TEXT = (
    "Căn cứ Nghị định số 15/2020/NĐ-CP ngày 03/02/2020 của Chính phủ; thực hiện Quyết định số "
    "123/QĐ-TTg ngày 05/01/2021 của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh ban hành kế hoạch.\n"
)
# a second listing of a row (the same document twice: two sources, one node)
TWICE = [*ROWS, ("15/2020/NĐ-CP", "Nghị định", "04/02/2020", "Chính phủ", "", "", "", "Lặp")]


@pytest.mark.parametrize("before", ["empty", "texts", "other registry"])
def test_bulk_writes_the_graph_the_normal_path_writes(tmp_path, before):
    """Into an empty store, and into one that holds some of the nodes already (texts citing
    them, an earlier registry): the same nodes, properties, sources, conflicts, edges, evidence
    and counts."""
    text = tmp_path / "ke-hoach.txt"
    text.write_text(TEXT, encoding="utf-8")
    other = write_jsonl(tmp_path / "earlier.jsonl", ROWS[:3])
    path = write_csv(tmp_path / "vbpl.csv", TWICE)
    stores = {how: EmbeddedStore(tmp_path / how) for how in ("normal", "bulk")}
    for store in stores.values():
        if before == "texts":
            load_paths([text], store, Registry.load())
        elif before == "other registry":
            _apply_normally(store, other)
    normal = _apply_normally(stores["normal"], path)
    bulk = _apply_in_bulk(stores["bulk"], path)
    assert bulk == normal and not bulk.unchanged and bulk.nodes_new > 0
    assert graph(stores["bulk"]) == graph(stores["normal"])
    if before != "empty":
        assert bulk.nodes_updated > 0  # nodes held before were merged
    node = stores["bulk"].node("15-2020-nd-cp")
    assert {v["value"] for v in node.props["conflicts"]["issued_on"]} == {
        "2020-02-03",
        "2020-02-04",
    }
    assert _apply_in_bulk(stores["bulk"], path).unchanged  # and again: a no-op


def test_a_changed_file_replaces_what_it_said_in_bulk_as_normally(tmp_path):
    path = write_csv(tmp_path / "vbpl.csv")
    stores = {how: EmbeddedStore(tmp_path / how) for how in ("normal", "bulk")}
    _apply_normally(stores["normal"], path)
    load_paths([path], stores["bulk"], Registry.empty())
    changed = list(ROWS[1:])  # a row gone, a date changed
    changed[0] = (*changed[0][:2], "2021-01-08", *changed[0][3:])
    write_csv(path, changed)
    _apply_normally(stores["normal"], path)
    report = load_paths([path], stores["bulk"], Registry.empty())
    assert report.documents_unchanged == 0 and report.registries_read == 1
    assert graph(stores["bulk"]) == graph(stores["normal"])
    bulk = stores["bulk"]
    assert bulk.node("15-2020-nd-cp") is None  # its only source was the file's old version
    assert bulk.node("1-2021-tt-btc").props["issued_on"] == "2021-01-08"
    assert len(bulk.documents()) == 1


def test_a_registry_is_written_with_statements_per_table_not_per_row(tmp_path, monkeypatch):
    """Work counted, not timed: a registry of 600 rows into an empty store is one transaction
    with no statement per node or edge; into a store holding 2 of its nodes, those 2 are merged
    one by one and nothing else is."""
    calls = {"put_node": 0, "put_edge": 0, "merge": 0, "transactions": 0}

    def counted(name, f):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return f(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(embedded_writes, "put_node", counted("put_node", embedded_writes.put_node))
    monkeypatch.setattr(embedded_writes, "put_edge", counted("put_edge", embedded_writes.put_edge))
    monkeypatch.setattr(
        embedded_writes, "_merge_node", counted("merge", embedded_writes._merge_node)
    )
    rows = [
        (f"{i}/2022/NĐ-CP", "Nghị định", "2022-05-01", "Chính phủ", "Còn hiệu lực", "", "", "X")
        for i in range(1, 601)
    ]
    path = write_csv(tmp_path / "big.csv", rows)
    store = EmbeddedStore(tmp_path / "data")
    transaction = store._transaction

    def counted_transaction(write):
        calls["transactions"] += write
        return transaction(write)

    monkeypatch.setattr(store, "_transaction", counted_transaction)
    report = load_paths([path], store, Registry.empty())
    assert report.directives_new == 600 + 1 and report.edges_new == 600  # and the body
    assert calls == {"put_node": 0, "put_edge": 0, "merge": 0, "transactions": 1}

    held = EmbeddedStore(tmp_path / "held")
    write_csv(tmp_path / "two.csv", rows[:2])
    _apply_normally(held, tmp_path / "two.csv")  # the normal path: node by node
    calls.update(put_node=0, put_edge=0, merge=0)
    load_paths([path], held, Registry.empty())
    assert calls["merge"] == 3  # the two directives and the body
    assert calls["put_edge"] == 2  # the edges between them, held before: merged


# --- the command line and its progress bar ------------------------------------------------------


def test_the_command_line_reports_rows_kept_and_rejected(tmp_path):
    path = write_jsonl(tmp_path / "vbpl.jsonl", ROWS + BAD[:2])
    out = run("load", str(path), "--data", str(tmp_path / "data"))
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""  # not a terminal: no progress bar
    text = out.stdout
    assert "rows read           8" in text and "rows kept           6" in text
    assert "rows rejected       2" in text and "unknown type" in text
    assert f"{path}:7: unknown type: 'Văn bản khác'" in text
    assert f"{path}:8: empty so_ky_hieu" in text
    again = run("load", str(path), "--data", str(tmp_path / "data"), "--json")
    data = json.loads(again.stdout)
    assert data["documents_unchanged"] == 1 and data["registries_read"] == 1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_row_bar_draws_on_a_terminal_at_most_ten_times_a_second(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr("directive_graph.loaders.load.time.monotonic", lambda: clock[0])
    stream = _Terminal()
    bar = TtyRows(stream)
    for done in range(0, 100_001, 1000):  # 101 calls within 0.5 s
        bar("/data/national.csv", "read", done, 100_000)
        clock[0] += 0.005
    draws = stream.getvalue().count("\r")
    assert 4 <= draws <= 8  # the first, one per 0.1 s, and the last
    assert "100,000/100,000 lines" in stream.getvalue()
    bar("/data/national.csv", "write", 99_000, 99_000)
    assert "writing 99,000 entries" in stream.getvalue()
    bar("/data/national.csv", "done", 0, 0)
    assert stream.getvalue().endswith("\r\x1b[K")  # the line left blank for what follows
    drawn = stream.getvalue().replace("\x1b[K", "").split("\r")
    assert all(len(line) <= TtyRows.WIDTH for line in drawn)


def test_the_row_bar_prints_nothing_when_not_a_terminal():
    stream = io.StringIO()
    bar = TtyRows(stream)
    for phase in ("read", "write", "done"):
        bar("national.csv", phase, 10, 10)
    assert stream.getvalue() == ""


def test_neo4j_holds_the_same_graph_of_a_vbpl_registry(tmp_path, neo4j_store):
    """Neo4j writes the rows through its own path (`apply_bulk`'s default: facts and edges):
    the same export as the embedded store's bulk write, and a reload is skipped there too."""
    path = write_jsonl(tmp_path / "vbpl.jsonl", TWICE + BAD[:1])
    embedded = EmbeddedStore(tmp_path / "data")
    load_paths([path], embedded, Registry.empty())
    report = load_paths([path], neo4j_store, Registry.empty())
    assert report.registry_rows_kept == len(TWICE) and report.registry_rows_rejected == {
        "unknown type": 1
    }
    assert neo4j_store.export() == embedded.export()
    again = load_paths([path], neo4j_store, Registry.empty())
    assert again.documents_unchanged == 1 and again.registry_rows_read == 0


def test_local_documents_keep_their_province_and_do_not_merge(tmp_path):
    """Decisions of two provinces' People's Committees with the same number, year and title are
    two documents: the province (from co_quan_ban_hanh) is part of each id; one without a
    province it can be told from is rejected rather than merged by its title."""
    rows = [
        ("15/2021/QĐ-UBND", "Quyết định", "2021-03-01", "UBND tỉnh Bắc Ninh", "Còn hiệu lực",
         "2021-03-15", "", "Ban hành Quy chế làm việc"),
        ("15/2021/QĐ-UBND", "Quyết định", "2021-04-01", "Ủy ban nhân dân tỉnh Hà Tĩnh",
         "Còn hiệu lực", "2021-04-15", "", "Ban hành Quy chế làm việc"),
        ("16/2021/QĐ-UBND", "Quyết định", "2021-04-01", "Ủy ban nhân dân", "", "", "",
         "Ban hành Quy chế làm việc"),
    ]  # fmt: skip
    data = tmp_path / "data"
    report = load([write_csv(tmp_path / "local.csv", rows)], data)
    ids = sorted(n.id for n in EmbeddedStore(data).nodes() if str(n.label) == "Directive")
    assert ids == ["15-2021-qd-ubnd-bac-ninh", "15-2021-qd-ubnd-ha-tinh"]
    assert "without its province" in json.dumps(report.to_dict(), ensure_ascii=False)
