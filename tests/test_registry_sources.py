"""The registry built from public tables (loaders/registry_sources.py), on tables written here
in the layout of the public registry-sources tables (real codes and dates of the Pháp điển:
Luật Lâm nghiệp 16/2017/QH14, Nghị định 156/2018/NĐ-CP, Nghị định 103/2009/NĐ-CP and
01/2012/NĐ-CP; the junk rows are invented)."""

from __future__ import annotations

import subprocess
import sys

from directive_graph.graph.registry import Registry, entry_of_row, relation_of_row
from directive_graph.loaders.registry_sources import build_registry, write_built
from tests.support import ROOT

DOCS = """so_ky_hieu\tloai_van_ban\ttrich_yeu\tngay_ban_hanh\tco_quan_pd\tngay_hieu_luc\tn_dieu_in_phapdien\tn_files
16/2017/QH14\tLuật\tLâm nghiệp\t2017-11-15\tQuốc hội\t2019-01-01\t108\t1
156/2018/NĐ-CP\tNghị định\tQuy định chi tiết thi hành một số điều của Luật Lâm nghiệp\t2018-11-16\tBộ Nông nghiệp và Phát triển nông thôn\t2019-01-01\t40\t1
103/2009/NĐ-CP\tNghị định\tVề việc ban hành Quy chế hoạt động văn hóa\t2009-11-06\tBộ Văn hoá, Thể thao và Du lịch\t2010-01-01\t12\t1
01/2012/NĐ-CP\tNghị định\t\t2012-01-04\t\t2012-02-27\t3\t1
22/2021/QD-TTg\tQuyết định\t\t2021-07-02\t\t2021-08-20\t2\t1
16/2017/QH14\tLuật\tLâm nghiệp\t2017-11-15\tQuốc hội\t2019-01-01\t108\t1
35/2021/TT-\tThông tư\t\t\t\t2021-05-01\t1\t1
02\tThông tư\t\t\t\t\t0\t0
9/2020/XX-YY\tCông văn mật\t\t\t\t\t0\t0
"""
RELATIONS = """source_so_ky_hieu\trelation\ttarget_so_ky_hieu\tn_articles
01/2012/NĐ-CP\tsua_doi\t103/2009/NĐ-CP\t2
01/2012/NĐ-CP\tbai_bo\t103/2009/NĐ-CP\t1
01/2012/NĐ-CP\tgop_y\t103/2009/NĐ-CP\t1
01/2012/NĐ-CP\tbai_bo\t35/2021/TT-\t1
"""


def _tables(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "phapdien_docs.tsv").write_text(DOCS, encoding="utf-8")
    (folder / "phapdien_relations.tsv").write_text(RELATIONS, encoding="utf-8")
    return folder


def test_rows_keep_their_source_and_the_extractors_reading_of_the_code(tmp_path):
    built = build_registry(_tables(tmp_path))
    rows = {r["code"]: r for r in built.documents}
    law = rows["16/2017/QH14"]
    assert (law["kind"], law["title"], law["term"], law["issuer"]) == (
        "luat", "Luật Lâm nghiệp", "XIV", "Quốc hội",
    )  # fmt: skip
    assert law["in_force_from"] == "2019-01-01" and law["source"].startswith("phapdien_docs.tsv:2")
    # the Pháp điển's body field names the lead ministry; the issuer comes from the symbol
    assert rows["156/2018/NĐ-CP"]["issuer"] == "Chính phủ"
    assert rows["103/2009/NĐ-CP"]["title"] == "ban hành Quy chế hoạt động văn hóa"
    # a D for Đ is the same code, spelt as texts are read; the note keeps the table's spelling
    assert "written 22/2021/QD-TTg" in rows["22/2021/QĐ-TTg"]["note"]


def test_what_is_rejected_is_reported_with_its_line(tmp_path):
    built = build_registry(_tables(tmp_path))
    reasons = dict(built.rejected)
    assert reasons["phapdien_docs.tsv:7"] == "duplicate"
    assert "reads otherwise" in reasons["phapdien_docs.tsv:8"]  # "35/2021/TT-": cut short
    assert "without number" in reasons["phapdien_docs.tsv:9"]
    assert "unknown type" in reasons["phapdien_docs.tsv:10"]
    assert "unknown relation" in reasons["phapdien_relations.tsv:4"]
    assert "not kept" in reasons["phapdien_relations.tsv:5"]
    assert "rejected 6" in built.summary()


def test_relations_load_into_the_registry_per_article(tmp_path):
    built = build_registry(_tables(tmp_path))
    assert [(r["type"], r["articles"], r["on"]) for r in built.relations] == [
        ("AMENDS", "2", "2012-02-27"), ("REPEALS", "1", "2012-02-27"),
    ]  # fmt: skip
    registry = Registry(
        [entry_of_row(r, "t") for r in built.documents],
        [relation_of_row(r, "t") for r in built.relations],
    )
    assert {r.type for r in registry.relations_to("103/2009/nđ-cp")} == {"AMENDS", "REPEALS"}
    assert registry.by_id("16-2017-qh14")[0].in_force_from == "2019-01-01"


def test_the_build_is_rerunnable_byte_for_byte(tmp_path):
    folder = _tables(tmp_path)
    a = write_built(build_registry(folder), tmp_path / "a")
    b = write_built(build_registry(folder), tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


def test_cli_builds_and_a_missing_folder_is_one_line(tmp_path):
    cli = [sys.executable, "-m", "directive_graph.api.cli", "registry", "build"]
    out = tmp_path / "out"
    done = subprocess.run([*cli, str(_tables(tmp_path)), "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "5 documents" in done.stdout and (out / "phapdien.csv").exists()
    done = subprocess.run([*cli, str(tmp_path / "nowhere"), "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode != 0 and "phapdien_docs.tsv" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_the_shipped_registry_holds_the_phapdien():
    registry = Registry.load()
    assert len(registry.entries) > 3000 and len(registry.relations) > 1000
    assert registry.by_id("16-2017-qh14")[0].title == "Luật Lâm nghiệp"
