"""The command line, run as a user would: a real subprocess of the installed entry point."""

from __future__ import annotations

import json
import subprocess
import sys

CLI = [sys.executable, "-m", "api.cli"]


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
