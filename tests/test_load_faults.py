"""Loading folders that hold bad files (issue 8): every bad file gets one report line naming the
file, what is wrong and what to do; every good file still loads; the report is JSON.

Bad files: an image saved as .txt, UTF-8 cut off inside a character, legacy encodings (TCVN3,
VNI, Windows-1258), a zip archive and UTF-16 without a byte-order mark saved as .txt, a file of
NUL bytes, a dangling symbolic link, a named pipe. Big inputs: a 100 MB single-line file and a
folder of 3,000 small files.
"""

from __future__ import annotations

import json
import os
import signal
import struct
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path

import pytest

from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.registry import Registry
from directive_graph.loaders.documents import DocumentError, read_document
from directive_graph.loaders.load import load_paths

ROOT = Path(__file__).resolve().parents[1]
GOOD = "Các cấp ủy tiếp tục thực hiện Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương.\n"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


def _png() -> bytes:
    """A real 4x1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 4, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\xff\x00\x00" * 4)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# name -> (bytes, words the reason must hold: what is wrong, then what to do)
BAD_FILES: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "anh-chup.txt": (_png(), ("PNG image", "OCR")),
    "bi-cat.txt": (
        (GOOD[:-2] + " và Bộ Chính trị").encode()[:-1],
        ("cut short", "offset", "line 1", "copy the file again"),
    ),
    "tcvn3.txt": (
        b"Ngh\xdf quy\xd5t s\xe8 18-NQ/TW",
        ("not UTF-8", "legacy Vietnamese encoding", "Convert it to UTF-8"),
    ),
    "vni.txt": (
        b"Ngh\xf2 quye\xe1t so\xe1 18-NQ/TW",
        ("not UTF-8", "legacy Vietnamese encoding", "Convert it to UTF-8"),
    ),
    "cp1258.txt": (
        "Nghi\u0323 quyê\u0301t sô\u0301 18-NQ/TW kho\u0301a XII".encode("cp1258"),
        ("not UTF-8", "legacy Vietnamese encoding", "Convert it to UTF-8"),
    ),
    "van-ban-word.txt": (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, ("zip archive", ".docx")),
    "utf16.txt": (GOOD.encode("utf-16-le"), ("UTF-16LE", "re-save it as UTF-8")),
    "utf16-ascii.txt": ("Ket luan so 21-KL/TW".encode("utf-16-le"), ("UTF-16LE", "re-save")),
    "toan-nul.txt": (b"\x00" * 4096, ("NUL bytes", "re-save it as UTF-8")),
}
SPECIAL = {  # made below: not ordinary files
    "lien-ket-hong.txt": ("symbolic link", "does not exist", "fix or remove the link"),
    "ong-dan.txt": ("named pipe", "give the file itself"),
}


def _folder(root: Path) -> tuple[Path, list[str]]:
    """A folder of bad files beside good ones; returns it and the good files' names."""
    folder = root / "van-ban"
    folder.mkdir()
    good = []
    for i in range(5):
        name = f"bao-cao-{i}.txt"
        (folder / name).write_text(f"Báo cáo {i}\n{GOOD}", encoding="utf-8")
        good.append(name)
    (folder / "ke-hoach.md").write_bytes(
        b"\xef\xbb\xbf# K\xe1\xba\xbf ho\xe1\xba\xa1ch\r\n" + GOOD.encode()
    )
    good.append("ke-hoach.md")
    # a folder that happens to be named like a file is a folder: what it holds loads
    (folder / "thu-muc.txt").mkdir()
    (folder / "thu-muc.txt" / "trong.txt").write_text(GOOD, encoding="utf-8")
    good.append("thu-muc.txt/trong.txt")
    (folder / "rong.txt").mkdir()  # an empty one: nothing to load, nothing to report
    for name, (data, _) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    os.symlink(root / "da-xoa.txt", folder / "lien-ket-hong.txt")
    os.mkfifo(folder / "ong-dan.txt")
    return folder, good


class _Hang(Exception):
    pass


@pytest.fixture
def no_hang():
    """Fail instead of waiting forever (reading a named pipe blocks until someone writes)."""

    def alarm(signum, frame):
        raise _Hang("load_paths blocked (reading a named pipe?)")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_each_bad_file_gets_one_clear_line_and_the_good_ones_load(tmp_path, registry, no_hang):
    folder, good = _folder(tmp_path)
    report = load_paths([folder], EmbeddedStore(tmp_path / "data"), registry)

    assert report.documents_read == len(good)
    lines = Counter(Path(path).name for path, _ in report.failures)
    expected = {**{n: 1 for n in BAD_FILES}, **{n: 1 for n in SPECIAL}}
    assert lines == expected, report.failures  # every bad file once; no good file among them
    for path, reason in report.failures:
        name = Path(path).name
        words = BAD_FILES[name][1] if name in BAD_FILES else SPECIAL[name]
        assert reason.startswith(str(folder / name) + ": "), reason  # names the file
        assert "\n" not in reason  # one line each
        for word in words:  # says what is wrong and how to fix it
            assert word in reason, (name, word, reason)
    assert not report.skipped

    data = report.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["documents_read"] == len(good)
    assert {Path(f["path"]).name for f in data["failures"]} == set(expected)


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_truncated_utf8_says_where(tmp_path, bom):
    text = "Dòng một\nDòng hai\nKết luận số 21-KL/TW của Bộ Chính trị"
    data = bom + text.encode()[:-1]  # "ị" is three bytes: two are left
    path = tmp_path / "bi-cat.txt"
    path.write_bytes(data)
    with pytest.raises(DocumentError) as err:
        read_document(path)
    message = str(err.value)
    offset = len(data) - 2
    column = len("Kết luận số 21-KL/TW của Bộ Chính tr") + 1  # characters, as an editor counts
    assert f"offset {offset}, line 3, column {column}" in message, message
    assert "cut short" in message and "legacy" not in message  # not mistaken for TCVN3


def test_binary_files_are_named_for_what_they_are(tmp_path):
    for name, data, what in [
        ("a.txt", _png(), "a PNG image"),
        ("b.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        ("c.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
        ("d.md", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "an old Word"),
        ("e.txt", b"\x1f\x8b\x08\x00" + b"\x00" * 20, "a gzip archive"),
    ]:
        (tmp_path / name).write_bytes(data)
        with pytest.raises(DocumentError, match=f"not text but {what}"):
            read_document(tmp_path / name)


def test_a_stray_nul_in_real_text_is_no_reason_to_refuse(tmp_path):
    path = tmp_path / "hong-nhe.txt"
    path.write_bytes(GOOD.encode() * 20 + b"\x00" + GOOD.encode())
    assert read_document(path).text.count("21-KL/TW") == 21


def test_special_files_named_explicitly(tmp_path, registry, no_hang):
    os.mkfifo(tmp_path / "ong.txt")
    os.symlink(tmp_path / "khong-co.md", tmp_path / "lien-ket.md")
    (tmp_path / "thu-muc.txt").mkdir()
    (tmp_path / "thu-muc.txt" / "a.txt").write_text(GOOD, encoding="utf-8")
    report = load_paths(
        [tmp_path / "ong.txt", tmp_path / "lien-ket.md", tmp_path / "thu-muc.txt"],
        EmbeddedStore(tmp_path / "data"),
        registry,
    )
    assert report.documents_read == 1
    reasons = {Path(p).name: r for p, r in report.failures}
    assert "named pipe" in reasons["ong.txt"]
    assert f"symbolic link to {tmp_path / 'khong-co.md'}" in reasons["lien-ket.md"]
    with pytest.raises(DocumentError, match="is a directory"):
        read_document(tmp_path / "thu-muc.txt")


# --- big inputs --------------------------------------------------------------------------------


def test_three_thousand_small_files(tmp_path, registry):
    folder = tmp_path / "nhieu"
    cited = [
        ("Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương", "21-kl-tw-2021"),
        ("Nghị quyết số 18-NQ/TW ngày 25/10/2017", "18-nq-tw-2017"),
        ("Quy định số 65-QĐ/TW ngày 28/4/2022 của Bộ Chính trị", "65-qd-tw-2022"),
    ]
    for i in range(3000):
        sub = folder / f"{i // 500:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        body = f"Báo cáo số {i}\nHội nghị đã thảo luận, thống nhất các giải pháp.\n"
        if i % 4 == 0:
            body += f"Các cấp ủy tiếp tục thực hiện {cited[(i // 4) % 3][0]}.\n"
        (sub / f"bao-cao-{i:04d}.txt").write_text(body, encoding="utf-8")
    store = EmbeddedStore(tmp_path / "data")
    report = load_paths([folder], store, registry)
    assert report.documents_read == 3000 and not report.failures and not report.skipped
    directives = {n.id for n in store.nodes() if str(n.label) == "Directive"}
    assert directives == {node for _, node in cited}
    mentions = [e for e in store.edges(target="21-kl-tw-2021") if str(e.type) == "MENTIONS"]
    assert len(mentions) == 250
    json.dumps(report.to_dict())

    again = load_paths([folder], EmbeddedStore(tmp_path / "data"), registry)
    assert again.documents_read == again.documents_unchanged == 3000


_BIG_LOAD = """
import json, resource, sys
from pathlib import Path
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.registry import Registry
from directive_graph.loaders.documents import read_document
from directive_graph.loaders.load import load_paths

path, data = Path(sys.argv[1]), Path(sys.argv[2])
base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
src = read_document(path)
read_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - base_rss
title = src.title
del src
report = load_paths([path], EmbeddedStore(data), Registry.load())
print(json.dumps({
    "read_rss": read_rss,
    "title": title,
    "load_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    "report": report.to_dict(),
}))
"""


def test_a_100_mb_single_line_file_loads_in_bounded_memory(tmp_path):
    """One line of 100 MB (report prose with a citation every ~50 KB), in a fresh process so
    that its peak memory is its own."""
    from bench.corpus import realistic

    chunk = realistic(1_000_000, every=50_000).replace("\n", " ").encode()
    path = tmp_path / "mot-dong.txt"
    with path.open("wb") as out:
        while out.tell() < 100_000_000:
            out.write(chunk)
    size = path.stat().st_size
    done = subprocess.run(
        [sys.executable, "-c", _BIG_LOAD, str(path), str(tmp_path / "data")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout)
    report = out["report"]
    assert report["documents_read"] == 1 and not report["failures"], report["failures"]
    assert report["directives_new"] >= 5  # the citations sprinkled through the line were found
    assert out["title"] and len(out["title"]) <= 200
    # Reading keeps the bytes and one str: ~2.5x the file (above the interpreter and the
    # modules). It was 19x (a title taken from text.splitlines() and " ".join(line.split()) of
    # the whole 100 MB line).
    assert out["read_rss"] < 4 * size, out
    assert out["load_rss"] < 30 * size, out  # ~17x today, most of it in loaders/tasks.py
