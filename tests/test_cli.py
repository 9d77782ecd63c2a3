"""The command line, run as a user would: a real subprocess of the installed entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-m", "directive_graph.api.cli"]


def run(*args, stdin: bytes | None = None):
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, check=False)


def test_extract_stdin_json_offsets_are_byte_exact_for_crlf():
    data = "Dòng một\r\nTheo Nghị định số 15/2020/NĐ-CP của Chính phủ.\r\n".encode()
    out = run("extract", "-", stdin=data)
    assert out.returncode == 0, out.stderr
    (c,) = json.loads(out.stdout)
    assert data.decode()[c["start"] : c["end"]] == c["text"] == "Nghị định số 15/2020/NĐ-CP"
    assert c["code"] == "15/2020/NĐ-CP" and c["issuer"] == "Chính phủ"


def test_extract_table(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("Kết luận số 74-KL/TW, ngày 22/5/2020 của Bộ Chính trị", encoding="utf-8")
    out = run("extract", "--format", "table", str(path))
    assert out.returncode == 0
    assert "74-KL/TW" in out.stdout.decode() and "1 citations" in out.stdout.decode()


def test_extract_bad_encoding_is_a_clear_error(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(b"Ngh\xdf quy\xd5t")  # TCVN3 (ABC) bytes
    out = run("extract", str(path))
    assert out.returncode == 2
    assert "legacy.txt" in out.stderr.decode() and "not UTF-8" in out.stderr.decode()


def test_extract_refuses_what_load_refuses_with_the_conversion(tmp_path):
    for suffix in (".doc", ".rtf", ".odt"):
        path = tmp_path / f"cong-van{suffix}"
        path.write_bytes(
            b"Theo Ngh\xe1\xbb\x8b \xc4\x91\xe1\xbb\x8bnh s\xe1\xbb\x91 15/2020/N\xc4\x90-CP"
        )
        for command in ("extract", "load"):
            args = [command, str(path)] if command == "extract" else [command, "--data",
                    str(tmp_path / "d"), str(path)]  # fmt: skip
            out = run(*args)
            err = out.stderr.decode()
            assert out.returncode in (1, 2) and "Traceback" not in err, err
            assert f"unsupported format '{suffix}'" in err and "--convert-to docx" in err


def test_extract_empty_input_is_an_empty_array():
    out = run("extract", "-", stdin=b"")
    assert out.returncode == 0 and json.loads(out.stdout) == []


def test_evaluate_scores_a_gold_folder(tmp_path):
    (tmp_path / "gold").mkdir()
    text = "# source: test\nTheo Nghị quyết số 18-NQ/TW và NQ 19 cùng 06 tháng.\n"
    (tmp_path / "001_x.txt").write_text(text, encoding="utf-8")
    gold = {
        "file": "001_x.txt",
        "citations": [
            {
                "surface": "Nghị quyết số 18-NQ/TW",
                "kind": "nghi_quyet",
                "number": "18",
                "line": 2,
                "form": "full",
            },
            {"surface": "NQ 19", "kind": "nghi_quyet", "number": "19", "line": 2, "form": "short"},
            {"surface": "06 tháng", "kind": "ke_hoach", "number": "6", "line": 2, "form": "short"},
        ],
    }
    (tmp_path / "gold" / "001.json").write_text(json.dumps(gold), encoding="utf-8")
    out = run("evaluate", str(tmp_path), str(tmp_path / "gold"), "--json")
    score = json.loads(out.stdout)
    # two found, the made-up third is a miss: recall 2/3, precision 1
    assert (score["tp"], score["fp"], score["fn"]) == (2, 0, 1)
    gate = run("evaluate", str(tmp_path), str(tmp_path / "gold"), "--min-f1", "0.9")
    assert gate.returncode == 1


FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures"


def test_load_show_tasks_query_export(tmp_path):
    data = str(tmp_path / "data")
    out = run("load", "--data", data, str(FIXTURES), "--json")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["documents_read"] == 3 and summary["failures"] == []
    # loading again changes nothing
    again = json.loads(run("load", "--data", data, str(FIXTURES), "--json").stdout)
    assert again["documents_unchanged"] == 3 and again["edges_new"] == 0

    shown = json.loads(run("show", "--data", data, "Kế hoạch số 12-KH/TU", "--json").stdout)
    assert shown["node"]["id"] == "12-kh-tu-quang-nam-2022"
    assert any(
        link["type"] == "IMPLEMENTS" and link["target"] == "21-kl-tw-2021" for link in shown["out"]
    )

    tasks = json.loads(run("tasks", "--data", data, "KL 21", "--json").stdout)
    assert tasks["directive"] == "21-kl-tw-2021"
    first = tasks["tasks"][0]
    assert {"id", "ordinal", "text", "document"} <= set(first["task"])
    assert {"type", "evidence", "inferred"} <= set(first["link"])
    table = run("tasks", "--data", data, "KL 21").stdout.decode()
    assert "II.1.a" in table and "quán triệt" in table
    # a plan's own tasks do not implement it, but the answer says where they are
    own = run("tasks", "--data", data, "Kế hoạch số 12-KH/TU").stdout.decode()
    assert "its own text sets 9 tasks: directive-graph show doc-ke-hoach-thuc-hien-kl21" in own

    rows = json.loads(run("query", "--data", data, "directives", "kind=quy_dinh", "--json").stdout)
    assert {"50-qd-tw-2021", "65-qd-tw-2022"} <= {r["id"] for r in rows}

    stats = json.loads(run("stats", "--data", data, "--json").stdout)
    assert stats["nodes"]["Task"] == 12 and stats["nodes"]["Document"] == 3

    target = tmp_path / "graph.json"
    assert (
        run("export", "--data", data, "--format", "json", "--output", str(target)).returncode == 0
    )
    graph = json.loads(target.read_text(encoding="utf-8"))
    task = next(n for n in graph["nodes"] if n["label"] == "Task")
    assert "ordinal" in task
    assert any(
        lk["type"] == "REVIEWS" and lk["source"].startswith("task-") for lk in graph["links"]
    )


def test_show_unknown_and_ambiguous(tmp_path):
    data = str(tmp_path / "data")
    out = run("show", "--data", data, "KL 21")  # a folder with no graph is named, not empty
    assert (
        out.returncode == 2
        and "no graph here" in out.stderr.decode()
        and data in out.stderr.decode()
    )
    assert run("load", "--data", data, str(tmp_path / "nothing-to-load")).returncode in (0, 1)
    out = run("show", "--data", data, "99-nq-tw-1999")
    assert out.returncode == 2 and "holds no directive" in out.stderr.decode()
    # the CLI resolves as the API does: "NQ 18" is 2017 or 2022, neither loaded yet
    out = run("tasks", "--data", data, "NQ 18")
    err = out.stderr.decode()
    assert out.returncode == 2 and "ambiguous" in err and "18-nq-tw-2022 (not in the graph)" in err


def test_load_reports_unreadable_file(tmp_path):
    bad = tmp_path / "legacy.txt"
    bad.write_bytes(b"Ngh\xdf quy\xd5t")
    out = run("load", "--data", str(tmp_path / "d"), str(bad))
    assert out.returncode == 1 and "legacy.txt" in out.stderr.decode()


def test_backup_while_a_load_writes_then_restore(tmp_path):
    """`backup` copies a consistent store while another process loads into it; the README's
    restore (copy the file back as DATA/graph.sqlite) gives a store that answers."""
    from bench.generate import plan_texts
    from directive_graph.graph.embedded import EmbeddedStore

    data, folder = tmp_path / "data", tmp_path / "texts"
    folder.mkdir()
    for name, text in plan_texts(80, seed=3):
        (folder / name).write_text(text, encoding="utf-8")
    assert run("load", "--data", str(data), str(FIXTURES)).returncode == 0
    loader = subprocess.Popen([*CLI, "load", "--data", str(data), str(folder)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    out = run("backup", str(tmp_path / "copy.sqlite"), "--data", str(data))
    assert loader.wait(timeout=300) == 0
    assert out.returncode == 0, out.stderr
    assert b"to restore it" in out.stdout
    restored = tmp_path / "restored"
    restored.mkdir()
    (restored / "graph.sqlite").write_bytes((tmp_path / "copy.sqlite").read_bytes())
    copy = EmbeddedStore(restored, create=False)
    docs = {d.id for d in copy.documents()}
    assert len(docs) >= len(list(FIXTURES.glob("*.txt")))  # what was committed when it ran
    assert docs <= {d.id for d in EmbeddedStore(data).documents()}
    final = EmbeddedStore(data)
    for doc in copy.documents():  # whole documents only: as many links as in the final store
        assert len(copy.edges(source=doc.id)) == len(final.edges(source=doc.id)), doc.id
    out = run("backup", str(tmp_path / "no" / "such" / "dir" / "x.sqlite"), "--data", str(data))
    assert (
        out.returncode != 0 and b"Traceback" not in out.stderr and b"choose another" in out.stderr
    )


def test_a_folder_with_a_bad_file_loads_the_rest_counts_it_and_exits_1(tmp_path):
    """One bad file never stops the others; `load` says how many failed and exits non-zero."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Thực hiện Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương.\n",
        encoding="utf-8",
    )
    (folder / "deep.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    (folder / "b.txt").write_bytes(b"Ngh\xdf quy\xd5t")  # not UTF-8
    out = run("load", "--data", str(tmp_path / "d"), str(folder), "--json")
    assert out.returncode == 1, out.stderr
    report = json.loads(out.stdout)
    assert report["documents_read"] == 1 and report["failed"] == 2
    why = {Path(f["path"]).name: f["reason"] for f in report["failures"]}
    assert set(why) == {"deep.json", "b.txt"} and "nested too deeply" in why["deep.json"]
    assert "Traceback" not in out.stderr.decode()


def test_load_reads_what_export_writes_whatever_the_suffix(tmp_path):
    data = str(tmp_path / "d")
    assert run("load", "--data", data, str(FIXTURES)).returncode == 0
    for name, fmt in (("g.turtle", "turtle"), ("g.txt", "nt"), ("graph.export", "json")):
        target = tmp_path / name
        assert run("export", "--data", data, "--format", fmt, "-o", str(target)).returncode == 0
        out = run("load", "--data", str(tmp_path / name.replace(".", "-")), str(target), "--json")
        assert out.returncode == 0, out.stderr
        report = json.loads(out.stdout)
        assert report["graphs_imported"] == 1 and report["nodes_imported"] > 10, (name, report)


def test_bad_query_parameters_are_one_line_errors(tmp_path):
    data = str(tmp_path / "d")
    assert run("load", "--data", data, str(FIXTURES)).returncode == 0
    out = run("query", "directives", "year=abc", "--data", data, "-q")
    assert out.returncode == 2
    assert (
        out.stderr.decode().strip() == "directive-graph: year='abc' is not a year; write it as 2022"
    )


def test_a_graph_file_of_the_wrong_shape_is_one_line(tmp_path):
    shapes = [
        {"nodes": [{"id": 1, "label": "Directive"}], "links": []},
        {"nodes": [{"id": "a", "label": "Bogus"}], "links": []},
        {"nodes": [{"id": "a", "label": "Directive"}],
         "links": [{"source": "a", "target": "a", "type": "CITES", "evidence": "zz"}]},
    ]  # fmt: skip
    for i, shape in enumerate(shapes):
        path = tmp_path / f"g{i}.json"
        path.write_text(json.dumps(shape), encoding="utf-8")
        out = run("load", "--data", str(tmp_path / "d"), str(path))
        err = out.stderr.decode()
        assert out.returncode == 1 and "Traceback" not in err, err
        assert f"{path}: a graph of the wrong shape" in err
    stats = json.loads(run("stats", "--data", str(tmp_path / "d"), "--json").stdout)
    assert stats["nodes"] == {}  # nothing of them was written


def _on_a_terminal(*args: str) -> str:
    """What the command writes when its output is a real (pseudo-)terminal."""
    import os
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.run([*CLI, *args], stdin=follower, stdout=follower, stderr=follower,
                          check=False, timeout=60)  # fmt: skip
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: everything was read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.returncode == 0
    return b"".join(chunks).decode()


def test_the_cli_says_where_its_data_is_and_speaks_json_when_asked(tmp_path):
    data = str(tmp_path / "d")
    assert run("load", "--data", data, str(FIXTURES), "-q").returncode == 0
    seen = _on_a_terminal("stats", "--data", data)  # a person at a terminal is told the store
    assert f"directive-graph: using the embedded store in {data}" in seen
    assert "using the embedded store" not in _on_a_terminal("stats", "--data", data, "-q")
    assert run("stats", "--data", data).stderr == b""  # a pipe gets the answer alone
    missing = run("tasks", "KL 99", "--data", data, "--json", "-q")
    assert missing.returncode == 2 and missing.stderr == b""
    assert json.loads(missing.stdout) == {
        "error": "the graph holds no directive for 'KL 99'",
        "exit_code": 2,
    }
    nowhere = run("stats", "--data", str(tmp_path / "none"))
    assert nowhere.returncode == 2 and b"no graph here" in nowhere.stderr
    listed = json.loads(run("query", "list", "--json").stdout)
    assert {"name": "lineage", "params": ["body"]} in [
        {"name": r["name"], "params": r["params"]} for r in listed
    ]
    assert run("--version").stdout.decode().startswith("directive-graph ")
    bare = run()
    assert bare.returncode == 0 and b"exit codes:" in bare.stdout


def test_load_excludes_what_the_user_says_and_counts_texts_by_kind(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "README.md").write_text("# Ghi chú\nThư mục này chứa văn bản.\n", encoding="utf-8")
    (folder / "ke-hoach.txt").write_text(
        "TỈNH ỦY X\nSố 12-KH/TU\nX, ngày 02 tháng 3 năm 2022\n\nKẾ HOẠCH\nThực hiện Kết luận số "
        "21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương\n\n1. Tổ chức quán triệt.\n",
        encoding="utf-8",
    )
    out = run("load", "--data", str(tmp_path / "d"), str(folder), "--exclude", "README*", "--json")
    report = json.loads(out.stdout)
    assert out.returncode == 0, out.stderr
    assert report["documents_read"] == 1 and report["excluded"] == 1
    assert report["documents_by_kind"] == {"ke_hoach": 1}


def test_long_steps_show_progress_to_a_person_and_never_touch_the_output(tmp_path):
    data = str(tmp_path / "d")
    assert run("load", "--data", data, str(FIXTURES), "-q").returncode == 0
    piped = tmp_path / "piped.ttl"
    out = run("export", "--data", data, "--format", "turtle", "-o", str(piped))
    assert out.returncode == 0 and out.stderr == b""  # a pipe: no bar at all
    shown = tmp_path / "shown.ttl"
    seen = _on_a_terminal("export", "--data", data, "--format", "turtle", "-o", str(shown))
    assert "as turtle" in seen and "writing" in seen  # the bar of the written bytes
    assert shown.read_bytes() == piped.read_bytes()  # what it wrote is the same, byte for byte
    quiet = tmp_path / "quiet.ttl"
    seen = _on_a_terminal("export", "--data", data, "--format", "turtle", "-o", str(quiet), "-q")
    assert "writing" not in seen and quiet.read_bytes() == piped.read_bytes()
    loading = _on_a_terminal("load", "--data", str(tmp_path / "e"), str(FIXTURES))
    assert "[" + "#" * 30 + "]" in loading  # the files' bar, full at the end: "[###] n/n name"
    assert "[#" not in _on_a_terminal("load", "--data", str(tmp_path / "f"), str(FIXTURES), "-q")
