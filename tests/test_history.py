"""Bodies over time (graph/history.py): periods, dated SUCCEEDED_BY / MERGED_INTO links, the
issuer that existed on a citation's date, and the lineage query, through the loader, the
catalogue, the CLI and the API. Fixtures: tests/bodies (the project's own texts)."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from directive_graph.api.cli import main
from directive_graph.api.main import create_app
from directive_graph.api.settings import Settings
from directive_graph.graph import history
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.errors import QueryError
from directive_graph.graph.model import EdgeType, Label
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import load_paths
from directive_graph.loaders.registry_sources import ministry_periods, plenum_rows
from directive_graph.queries import catalogue

BODIES = Path(__file__).parent / "bodies"


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bodies") / "data"
    s = EmbeddedStore(path)
    load_paths([BODIES], s, Registry.load())
    s.close()
    return path


@pytest.fixture
def store(data):
    s = EmbeddedStore(data)
    yield s
    s.close()


def _edges(store, types):
    return {(e.source, str(e.type), e.target): e for e in store.edges(types=types)}


# --- periods -----------------------------------------------------------------------------------


def test_a_merged_province_organ_names_its_successor_and_date():
    for organ, after in (
        ("Ủy ban nhân dân tỉnh Bắc Giang", "Ủy ban nhân dân tỉnh Bắc Ninh"),
        ("Ban thường vụ Tỉnh ủy Hậu Giang", "Ban thường vụ Thành ủy Cần Thơ"),
        ("Hội đồng nhân dân tỉnh Bình Dương", "Hội đồng nhân dân thành phố Hồ Chí Minh"),
    ):
        p = history.period(organ)
        assert (p.existed_until, p.change) == ("2025-07-01", history.MERGED), organ
        assert history.successor_names(p) == [after]
        assert "202/2025/QH15" in p.source


def test_a_province_that_went_on_under_its_name_has_no_end():
    for organ in ("Ủy ban nhân dân tỉnh Bắc Ninh", "Thành ủy Cần Thơ", "Tỉnh ủy Quảng Ninh"):
        p = history.period(organ)
        assert p.existed_until is None and p.successors == (), organ


def test_a_rename_is_followed_both_ways_a_merger_is_not():
    assert history.body_on("Ủy ban nhân dân thành phố Huế", "2024-12-31").name == (
        "Ủy ban nhân dân tỉnh Thừa Thiên Huế"
    )
    assert history.body_on("Tỉnh ủy Thừa Thiên Huế", "2025-03-01").name == "Thành ủy Huế"
    assert history.body_on("Ủy ban nhân dân tỉnh Hậu Giang", "2025-08-01").name == (
        "Ủy ban nhân dân tỉnh Hậu Giang"  # a text naming a merged body keeps it
    )
    assert history.issuer_on("Thành ủy Huế; Bộ Y tế", "2023") == "Tỉnh ủy Thừa Thiên Huế; Bộ Y tế"


def test_a_recurring_ministry_name_resolves_to_the_period_of_the_date():
    ids = {on: history.body_on("Bộ Nội vụ", on).id for on in ("1960", "1980-05-01", "2024")}
    assert ids == {
        "1960": "body-bo-noi-vu-1945-1975",
        "1980-05-01": "body-bo-noi-vu-1975-1998",
        "2024": "body-bo-noi-vu",
    }
    assert history.body_on("Bộ Nội vụ", None).id == "body-bo-noi-vu"
    assert history.body_on("Sở Tư pháp tỉnh Y", "2020").id == "body-so-tu-phap-tinh-y"  # unknown


def test_the_2025_ministries_merge_on_the_day_their_successors_were_created():
    p = history.period("Bộ Kế hoạch và Đầu tư")
    assert (p.existed_from, p.existed_until, p.change) == ("1995", "2025-02-18", "merged")
    assert [b.name for _, b in history.lineage(p)] == ["Bộ Tài chính"]
    chain = [(a.id, b.id) for a, b in history.lineage(history.period("Bộ Nông nghiệp"))]
    assert chain[-1] == ("body-bo-nong-nghiep-va-phat-trien-nong-thon",
                         "body-bo-nong-nghiep-va-moi-truong")  # fmt: skip


# --- the importer ---------------------------------------------------------------------------


def test_ministry_table_rows_are_kept_with_sources_or_rejected_with_reasons():
    rows = [
        (2, {"status": "current", "name": "Bộ A", "from": "28/8/1945", "to": "", "fate": ""}),
        (3, {"status": "former", "name": "Bộ B và C", "from": "1990", "to": "2025",
             "fate": "sáp nhập vào Bộ A"}),
        (4, {"status": "current", "name": "Bộ D", "from": "18/2/2025", "to": "", "fate": ""}),
        (5, {"status": "former", "name": "Bộ A", "from": "1950", "to": "1960",
             "fate": "đổi tên thành Bộ E"}),
        (6, {"status": "former", "name": "Bộ E", "from": "1960", "to": "19x", "fate": ""}),
        (7, {"status": "former", "name": "Bộ F", "from": "1960", "to": "1970",
             "fate": "chuyển thành cục"}),
    ]  # fmt: skip
    kept, rejected = ministry_periods(rows)
    by_id = {r["id"]: r for r in kept}
    assert set(by_id) == {"body-bo-a", "body-bo-a-1950-1960", "body-bo-b-va-c", "body-bo-d"}
    b = by_id["body-bo-b-va-c"]
    assert (b["existed_until"], b["change"], b["successors"]) == ("2025-02-18", "merged",
                                                                  "body-bo-a")  # fmt: skip
    assert "derived" in b["note"] and b["source"].startswith("ministries_wikipedia.tsv:3")
    assert "not in the table" in by_id["body-bo-a-1950-1960"]["note"]  # Bộ E was rejected
    assert [w for w, _ in rejected] == ["ministries_wikipedia.tsv:6", "ministries_wikipedia.tsv:7"]


def test_plenum_dates_are_read_in_every_written_form():
    rows = [
        (2, {"khoa": "XII", "hoi_nghi": "6", "thoi_gian": "04-11/10/2017"}),
        (3, {"khoa": "XI", "hoi_nghi": "8", "thoi_gian": "30/9-9/10/2013"}),
        (4, {"khoa": "VIII", "hoi_nghi": "2", "thoi_gian": "16–24 tháng 12 năm 1996"}),
        (5, {"khoa": "VIII", "hoi_nghi": "6 (lần thứ nhất)", "thoi_gian": "13–17 tháng 10 năm 1998"}),
        (6, {"khoa": "VIII", "hoi_nghi": "6 (lần thứ hai)", "thoi_gian": "25 tháng 1 – 2 tháng 2 năm 1999"}),
        (7, {"khoa": "XIII", "hoi_nghi": "1", "thoi_gian": "31/01/2021"}),
        (8, {"khoa": "III", "hoi_nghi": "9", "thoi_gian": "tháng 12/1963"}),
        (9, {"khoa": "VIII", "hoi_nghi": "bất thường", "thoi_gian": "15–16 tháng 9 năm 1997"}),
    ]  # fmt: skip
    kept, rejected = plenum_rows(rows)
    spans = {(r["term"], r["plenum"]): (r["started_on"], r["ended_on"]) for r in kept}
    assert spans == {
        ("XII", "6"): ("2017-10-04", "2017-10-11"),
        ("XI", "8"): ("2013-09-30", "2013-10-09"),
        ("VIII", "2"): ("1996-12-16", "1996-12-24"),
        ("VIII", "6"): ("1998-10-13", "1999-02-02"),  # two sessions
        ("XIII", "1"): ("2021-01-31", "2021-01-31"),
    }
    assert [w for w, _ in rejected] == ["party_plenums_wikipedia.tsv:8",
                                        "party_plenums_wikipedia.tsv:9"]  # fmt: skip


def test_registry_plenum_resolutions_fall_on_their_plenum():
    """Every Central Committee resolution of the registry with a plenum was issued during or
    within 75 days after that plenum (before the next one), as the shipped plenum table dates it."""
    plenums = {
        (r["term"], r["plenum"]): r
        for r in csv.DictReader((history.DATA.parent / "plenums.csv").open(encoding="utf-8"))
    }
    checked = 0
    for e in Registry.load().entries:
        key = (e.term, str(e.plenum))
        if not (e.plenum and e.term and e.issued_on) or key not in plenums:
            continue
        p = plenums[key]
        assert p["started_on"] <= e.issued_on, (e.code, e.issued_on, p)
        gap = (date.fromisoformat(e.issued_on) - date.fromisoformat(p["ended_on"])).days
        assert gap <= 75, (e.code, e.issued_on, p)  # signed weeks later; plenums are months apart
        checked += 1
    assert checked >= 10


# --- the graph ------------------------------------------------------------------------------


def test_issuers_are_the_bodies_of_the_citation_date(store):
    issued = {(e.source, e.target) for e in store.edges(types=(EdgeType.ISSUED_BY,))}
    assert ("15-kh-ubnd-thua-thien-hue-2024", "body-uy-ban-nhan-dan-tinh-thua-thien-hue") in issued
    assert ("120-qd-bnv-1980", "body-bo-noi-vu-1975-1998") in issued
    assert ("95-2023-tt-bkhdt", "body-bo-ke-hoach-va-dau-tu") in issued
    node = store.node("15-kh-ubnd-thua-thien-hue-2024")
    assert (
        node.props["issuer"] == "Ủy ban nhân dân tỉnh Thừa Thiên Huế"
    )  # the text: "thành phố Huế"


def test_history_links_are_dated_and_sourced(store):
    links = _edges(store, (EdgeType.SUCCEEDED_BY, EdgeType.MERGED_INTO))
    merged = links[("body-bo-ke-hoach-va-dau-tu", "MERGED_INTO", "body-bo-tai-chinh")]
    assert (
        "2025-02-18" in merged.evidence[0].note
        and "ministries_wikipedia" in merged.evidence[0].note
    )
    renamed = links[("body-uy-ban-nhan-dan-tinh-thua-thien-hue", "SUCCEEDED_BY",
                     "body-uy-ban-nhan-dan-thanh-pho-hue")]  # fmt: skip
    assert "1314/NQ-UBTVQH15" in renamed.evidence[0].note
    assert ("body-uy-ban-nhan-dan-tinh-hau-giang", "MERGED_INTO",
            "body-uy-ban-nhan-dan-thanh-pho-can-tho") in links  # fmt: skip
    body = store.node("body-uy-ban-nhan-dan-tinh-hau-giang").props
    assert body["existed_until"] == "2025-07-01"
    assert store.node("body-bo-tai-chinh").label is Label.BODY


def test_lineage_gives_the_directives_of_the_bodies_that_now_make_up_one(store):
    answer = catalogue.lineage(store, "Bộ Tài chính")
    assert answer["body"] == "body-bo-tai-chinh"
    got = {b["id"]: [d["id"] for d in b["directives"]] for b in answer["bodies"]}
    assert got == {"body-bo-tai-chinh": ["96-2024-tt-btc"],
                   "body-bo-ke-hoach-va-dau-tu": ["95-2023-tt-bkhdt"]}  # fmt: skip
    can_tho = catalogue.lineage(store, "body-uy-ban-nhan-dan-thanh-pho-can-tho")
    assert [b["id"] for b in can_tho["bodies"]] == [
        "body-uy-ban-nhan-dan-thanh-pho-can-tho",
        "body-uy-ban-nhan-dan-tinh-hau-giang",
    ]
    with pytest.raises(QueryError, match="no body"):
        catalogue.lineage(store, "Bộ Không Có")


def test_lineage_over_the_api_and_the_cli(data, capsys):
    with TestClient(create_app(Settings(data=str(data)))) as client:
        r = client.get("/bodies/Bộ Tài chính/lineage")
        assert r.status_code == 200
        assert [b["id"] for b in r.json()["bodies"]][1] == "body-bo-ke-hoach-va-dau-tu"
        assert client.get("/bodies/Bộ Không Có/lineage").status_code == 404
    assert main(["query", "lineage", "Bộ Tài chính", "--data", str(data)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["bodies"][1]["directives"][0]["code"] == "95/2023/TT-BKHĐT"
