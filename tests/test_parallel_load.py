"""Loading in worker processes (load --jobs, loaders/parallel.py): the store holds exactly what a
load in one process gives (the export compared whole), a bad file among good ones is reported
with its one-line reason, a rerun builds nothing, what only the store knows reaches a text a
worker built, and a worker that dies is reported instead of waited for."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bench.generate import plan_texts
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.model import EdgeType
from directive_graph.graph.registry import Registry
from directive_graph.loaders import load as load_module
from directive_graph.loaders.load import load_paths
from directive_graph.loaders.parallel import decode_batch, encode_batch

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
CLI = [sys.executable, "-m", "directive_graph.api.cli"]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("texts")
    for name, text in plan_texts(40, seed=5):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _load(tmp_path: Path, name: str, paths: list[Path], registry: Registry, jobs: int):
    store = EmbeddedStore(tmp_path / name)
    report = load_paths(paths, store, registry, jobs=jobs)
    return store, report


def test_two_jobs_give_the_store_one_job_gives(tmp_path, corpus, registry):
    one, r1 = _load(tmp_path, "one", [FIXTURES, corpus], registry, jobs=1)
    two, r2 = _load(tmp_path, "two", [FIXTURES, corpus], registry, jobs=2)
    assert r1.documents_read == 43 and not r1.failures
    assert json.dumps(two.export(), sort_keys=True) == json.dumps(one.export(), sort_keys=True)
    assert r2.to_dict() == r1.to_dict()  # counts, kinds and unresolved citations alike
    assert one.dump() == two.dump()  # the facts of every source too


def test_the_cli_with_jobs_exports_the_same_json(tmp_path, corpus):
    exports = []
    for jobs in ("1", "2"):
        data = tmp_path / f"data-{jobs}"
        load = [*CLI, "load", "--jobs", jobs, "--data", str(data), str(FIXTURES), str(corpus)]
        subprocess.run(load, check=True, capture_output=True, cwd=ROOT)
        export = [*CLI, "export", "--format", "json", "--data", str(data)]
        exports.append(subprocess.run(export, check=True, capture_output=True, cwd=ROOT).stdout)
    assert exports[0] and exports[0] == exports[1]


def test_jobs_must_be_a_positive_number(tmp_path):
    done = subprocess.run([*CLI, "load", "--jobs", "0", "--data", str(tmp_path), str(FIXTURES)],
                          capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    assert done.returncode == 2 and "'0' is no number of processes" in done.stderr


def test_a_bad_file_among_good_ones_is_reported_with_two_jobs(tmp_path, registry):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name, text in plan_texts(6, seed=9):
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "hong.txt").write_bytes(b"\xff\xfe\x00\xd8 not text \x00\x00\x00")  # broken UTF-16
    (folder / "cat.docx").write_bytes(b"not a zip")
    seen = []
    store = EmbeddedStore(tmp_path / "data")
    report = load_paths([folder], store, registry, lambda i, n, p: seen.append((i, n)), jobs=2)
    assert report.documents_read == 6
    reasons = {Path(p).name: r for p, r in report.failures}
    assert set(reasons) == {"hong.txt", "cat.docx"}
    assert all("\n" not in r and str(folder) in r for r in reasons.values())
    assert "not a Word .docx file" in reasons["cat.docx"]
    assert seen == [(i, 8) for i in range(1, 9)]  # progress told of every file, in order
    alone, _ = _load(tmp_path, "alone", [folder], registry, jobs=1)
    assert alone.export() == store.export()


def test_a_rerun_with_two_jobs_builds_nothing(tmp_path, corpus, registry, monkeypatch):
    store, first = _load(tmp_path, "data", [corpus], registry, jobs=2)
    before = store.export()
    built = tmp_path / "built.log"
    real = load_module.batch_of

    def counted(read, reg):  # (forked workers inherit it: one line per batch built anywhere)
        with built.open("a") as out:
            out.write(f"{read.src.path}\n")
        return real(read, reg)

    monkeypatch.setattr(load_module, "batch_of", counted)
    again = load_paths([corpus], EmbeddedStore(tmp_path / "data"), registry, jobs=2)
    assert again.documents_read == again.documents_unchanged == 40
    assert again.kinds == first.kinds  # the kinds of the texts skipped, as when they were built
    assert not built.exists()  # no text was built again
    assert EmbeddedStore(tmp_path / "data").export() == before


def test_what_only_the_store_knows_reaches_a_text_a_worker_built(tmp_path, registry):
    head = "TỈNH ỦY X\n*\nSố {n}-KH/TU\nX, ngày 10 tháng 3 năm 2025\n\nKẾ HOẠCH\n\n"
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    dated = "Thực hiện Kết luận số 913-KL/TW, ngày 05/3/2024 của Bộ Chính trị về cán bộ.\n"
    (first / "b-dated.txt").write_text(head.format(n=2) + dated, encoding="utf-8")
    bare = "Tiếp tục quán triệt Kết luận số 913-KL/TW của Bộ Chính trị.\n"
    (later / "a-bare.txt").write_text(head.format(n=1) + bare, encoding="utf-8")
    (later / "c-other.txt").write_text(head.format(n=3) + "Báo cáo.\n", encoding="utf-8")
    exports = []
    for jobs in (1, 2):
        store = EmbeddedStore(tmp_path / f"data-{jobs}")
        load_paths([first], store, registry, jobs=jobs)
        load_paths([later], store, registry, jobs=jobs)  # the worker asks the graph for 913
        (doc,) = [n.id for n in store.documents() if "a-bare" in n.id]
        mentions = store.edges(source=doc, types=(EdgeType.MENTIONS,))
        (edge,) = [e for e in mentions if e.target.startswith("913-")]
        assert edge.target == "913-kl-tw-2024"
        assert "the graph's 913-kl-tw-2024" in edge.evidence[0].note
        exports.append(store.export())
    assert exports[0] == exports[1]


def test_a_worker_that_dies_is_reported_and_the_rest_load(tmp_path, corpus, registry, monkeypatch):
    parent = os.getpid()
    real = load_module.read_text_of
    victim = sorted(corpus.iterdir())[7].name

    def fatal(src, max_citations=None):
        if os.getpid() != parent and Path(src.path).name == victim:
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
        return real(src, max_citations)

    monkeypatch.setattr(load_module, "read_text_of", fatal)
    store, report = _load(tmp_path, "data", [corpus], registry, jobs=2)
    (failure,) = report.failures
    assert Path(failure[0]).name == victim
    assert "worker process reading it died (killed by signal 9)" in failure[1]
    assert report.documents_read == 39  # the rest of its share was read by the main process
    monkeypatch.setattr(load_module, "read_text_of", real)
    rerun = load_paths([corpus], store, registry, jobs=2)  # the rerun adds the one it lost
    assert rerun.documents_read == 40 and rerun.documents_unchanged == 39


def test_a_batch_crosses_processes_unchanged(corpus, registry):
    from directive_graph.loaders.documents import read_document

    for path in sorted(corpus.iterdir())[:5]:
        batch, _ = load_module.build_batch(read_document(path), registry)
        back = decode_batch(encode_batch(batch))
        assert back.document == batch.document
        assert back.facts == batch.facts and back.labels == batch.labels
        assert back.edges == batch.edges
        assert back._index.keys() == batch._index.keys()


@pytest.mark.parametrize("jobs", [1, 2])
def test_texts_beyond_what_is_held_are_read_again(tmp_path, corpus, registry, monkeypatch, jobs):
    from directive_graph.loaders import parallel

    reference, _ = _load(tmp_path, "reference", [corpus], registry, jobs=jobs)
    monkeypatch.setattr(parallel, "HOLD_CHARS", 0)  # nothing kept between the two passes
    store, report = _load(tmp_path, "data", [corpus], registry, jobs=jobs)
    assert report.documents_read == 40 and not report.failures
    assert store.export() == reference.export()
