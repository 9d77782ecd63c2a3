"""Bytes -> text: offsets match the file, wrong encodings are named, not mangled."""

from __future__ import annotations

import codecs

import pytest

from directive_graph.loaders import DecodeError, decode_bytes, extract_citations, read_text

TEXT = "Thực hiện Kết luận số 21-KL/TW,\r\nngày 25/10/2021.\n"


def test_crlf_is_kept_so_offsets_match_the_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    text = read_text(path)
    assert text == TEXT
    (c,) = extract_citations(text)
    assert text[c.start : c.end] == "Kết luận số 21-KL/TW"
    assert c.issued_on == "2021-10-25"


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    ],
)
def test_boms_are_read(data):
    assert decode_bytes(data, "x.txt") == TEXT


def test_legacy_encoding_is_reported_with_the_file_name():
    data = b"Ngh\xdf quy\xd5t s\xe8 18"  # TCVN3 (ABC) bytes
    with pytest.raises(DecodeError) as err:
        decode_bytes(data, "bao-cao.txt")
    message = str(err.value)
    assert "bao-cao.txt" in message and "not UTF-8" in message and "Convert it to UTF-8" in message


def test_utf16_without_bom_is_named():
    with pytest.raises(DecodeError, match="UTF-16"):
        decode_bytes("Kết luận số 21".encode("utf-16-le"), "x.txt")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(DecodeError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(DecodeError, match="is a directory"):
        read_text(tmp_path)
