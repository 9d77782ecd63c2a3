"""The corpus as knowledge: a code one loaded text dates resolves other texts' undated mentions
of it, with that text as the evidence, whichever is read first; two texts that give it two years
resolve neither. (Texts written here; the code 913-KL/TW is invented, so no registry knows it.)"""

from __future__ import annotations

from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.model import EdgeType
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import load_paths

HEAD = "TỈNH ỦY X\n*\nSố {n}-KH/TU\nX, ngày 10 tháng {m} năm 2025\n\nKẾ HOẠCH\n\n"
DATED = "Thực hiện Kết luận số 913-KL/TW, ngày 05/3/{year} của Bộ Chính trị về công tác cán bộ.\n"
BARE = "Tiếp tục quán triệt Kết luận số 913-KL/TW của Bộ Chính trị.\n"


def _write(folder, name, n, body):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(HEAD.format(n=n, m=n) + body, encoding="utf-8")


def _mention_targets(store, name_part):
    docs = [n.id for n in store.nodes() if str(n.label) == "Document" and name_part in n.id]
    (doc,) = docs
    edges = store.edges(source=doc, types=(EdgeType.MENTIONS,))
    return {e.target: e for e in edges if e.target.startswith("913-")}  # (not its own number)


def test_a_date_in_one_text_resolves_a_bare_mention_in_another(tmp_path):
    folder = tmp_path / "texts"
    _write(folder, "a-bare.txt", 1, BARE)  # read first
    _write(folder, "b-dated.txt", 2, DATED.format(year=2024))
    store = EmbeddedStore(tmp_path / "data")
    report = load_paths([folder], store, Registry.load())
    targets = _mention_targets(store, "a-bare")
    assert list(targets) == ["913-kl-tw-2024"]
    (ev,) = targets["913-kl-tw-2024"].evidence
    assert "b-dated.txt" in ev.note and "dated by another loaded text" in ev.note
    assert not [u for u in report.unresolved if "913" in u.text]


def test_two_texts_two_years_resolve_neither_bare_mention(tmp_path):
    folder = tmp_path / "texts"
    _write(folder, "a-bare.txt", 1, BARE)
    _write(folder, "b-dated.txt", 2, DATED.format(year=2024))
    _write(folder, "c-dated.txt", 3, DATED.format(year=2023))
    store = EmbeddedStore(tmp_path / "data")
    report = load_paths([folder], store, Registry.load())
    assert _mention_targets(store, "a-bare") == {}
    (left,) = [u for u in report.unresolved if "913" in u.text]
    assert sorted(left.candidates) == ["913-kl-tw-2023", "913-kl-tw-2024"]


def test_the_graph_dates_texts_loaded_later(tmp_path):
    store = EmbeddedStore(tmp_path / "data")
    _write(tmp_path / "first", "b-dated.txt", 2, DATED.format(year=2024))
    load_paths([tmp_path / "first"], store, Registry.load())
    _write(tmp_path / "later", "a-bare.txt", 1, BARE)
    load_paths([tmp_path / "later"], store, Registry.load())
    targets = _mention_targets(store, "a-bare")
    assert list(targets) == ["913-kl-tw-2024"]
    assert "the graph's 913-kl-tw-2024" in targets["913-kl-tw-2024"].evidence[0].note
