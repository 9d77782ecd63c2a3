"""Bytes -> text, exactly: no newline translation, so offsets match the file.

UTF-8 (with or without a BOM) and UTF-16/32 with a BOM are read. Anything else is refused with
an error that names the input and what was found, instead of being decoded into mojibake.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from directive_graph.graph.errors import DecodeError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Bytes typical of the legacy Vietnamese encodings (TCVN3/ABC, VNI, VISCII, Windows-1258).
_LEGACY_HINT = "a legacy Vietnamese encoding (TCVN3, VNI, VISCII or Windows-1258) or Latin-1"
_CONVERT = (
    "Convert it to UTF-8 (e.g. with a Vietnamese converter such as unikey's, or iconv) "
    "and load it again."
)

# Files that are no text at all, by their first bytes (a scan or a Word file renamed to .txt).
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "it holds no text: OCR it, or remove it"),
    (b"\xff\xd8\xff", "a JPEG image", "it holds no text: OCR it, or remove it"),
    (b"GIF8", "a GIF image", "it holds no text: OCR it, or remove it"),
    (b"%PDF-", "a PDF document", "give it the .pdf suffix, which `load` reads"),
    (
        b"PK\x03\x04",
        "a zip archive (a Word .docx or an Excel .xlsx under another name?)",
        "give a Word file the .docx suffix; save a spreadsheet as UTF-8 .csv",
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Word or Excel file (.doc, .xls)",
        "save it as .docx with Word or LibreOffice",
    ),
    (b"\x1f\x8b", "a gzip archive", "unpack it first"),
)


# (DecodeError: the input is not text we can read without guessing; graph/errors.py)


def _where(data: bytes, offset: int) -> str:
    """'offset 47, line 3, column 12': a byte offset, and the line and character an editor shows."""
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace").lstrip("\ufeff")) + 1
    return f"offset {offset}, line {line}, column {column}"


def _not_text(data: bytes, name: str, skip: int = 0) -> DecodeError | None:
    """An error for binary data or BOM-less UTF-16/32, judged on the first bytes; else None."""
    for signature, what, fix in _SIGNATURES:
        if data.startswith(signature, skip):
            return DecodeError(
                f"{name}: not text but {what} (it starts with {signature!r}); {fix}."
            )
    head = data[skip : skip + 8192]
    nuls = head.count(0)
    if nuls <= max(2, len(head) // 100):  # a stray NUL in a damaged text is no reason to refuse
        return None
    first = data.find(b"\x00", skip)
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if nuls > len(head) // 2:
        found = "UTF-32 without a byte-order mark, or binary data"
    elif min(even, odd) * 10 < max(even, odd):  # zeros in every other byte: ASCII in UTF-16
        found = f"UTF-16{'LE' if odd > even else 'BE'} without a byte-order mark"
    else:
        found = "binary data, not text"
    return DecodeError(
        f"{name}: not UTF-8 text: {nuls} NUL bytes in its first {len(head)} bytes (the first at "
        f"{_where(data, first)}); it looks like {found}. If it is text, re-save it as UTF-8 "
        f"and load it again; otherwise remove it."
    )


def decode_bytes(data: bytes, name: str = "<input>") -> str:
    """Decode `data` as UTF-8 (BOM optional) or BOM-marked UTF-16/32; refuse anything else."""
    skip = 0  # the length of a UTF-8 BOM; offsets in messages are offsets into the file
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding == "utf-8":
                skip = len(bom)
                break
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as e:
                at = e.start + len(bom)
                raise DecodeError(
                    f"{name}: starts with a {encoding} byte-order mark but byte {at} "
                    f"is not valid {encoding}; re-save the file as UTF-8."
                ) from e
    if error := _not_text(data, name, skip):
        raise error
    try:
        return data[skip:].decode("utf-8") if skip else data.decode("utf-8")
    except UnicodeDecodeError as e:
        at = e.start + skip
        where = _where(data, at)
        if e.reason == "unexpected end of data":  # valid up to an incomplete last character
            raise DecodeError(
                f"{name}: cut short: it ends in the middle of a UTF-8 character (the last "
                f"{len(data) - at} bytes, at {where}, are only the start of one). The copy "
                f"or download was probably interrupted; copy the file again from its source, or "
                f"delete the broken last character, and load it again."
            ) from e
        snippet = data[max(0, at - 10) : at + 10]
        if b"\x00" in data[:200]:
            found = "UTF-16 or UTF-32 without a byte-order mark"
        else:
            found = _LEGACY_HINT
        raise DecodeError(
            f"{name}: not UTF-8 (byte 0x{data[at]:02x} at {where}, near {snippet!r}); "
            f"it looks like {found}. {_CONVERT}"
        ) from e


def read_file_bytes(path: Path) -> bytes:
    """A file's bytes, or an error that names it and says what to do (missing, a directory, a
    dangling link, a pipe that would block forever, no permission)."""
    with open_file(path) as file:
        try:
            return file.read()
        except OSError as e:
            raise _file_error(path, e) from e


def open_file(path: Path) -> BinaryIO:
    """The file opened for reading in binary, with the errors of `read_file_bytes`: for readers
    that go through a large file piece by piece (PDF) instead of holding all its bytes."""
    try:
        mode = path.stat().st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # reading a pipe would wait forever
            raise DecodeError(
                f"{path}: not a regular file but a {_special_kind(mode)}; give the file itself "
                f"(save the text to a .txt file first)."
            )
        return path.open("rb")
    except OSError as e:
        raise _file_error(path, e) from e


def _file_error(path: Path, e: OSError) -> DecodeError:
    if isinstance(e, FileNotFoundError):
        if path.is_symlink():
            return DecodeError(
                f"{path}: a symbolic link to {os.readlink(path)}, which does not exist; "
                f"fix or remove the link."
            )
        return DecodeError(f"{path}: no such file; check the path.")
    if isinstance(e, IsADirectoryError):
        return DecodeError(f"{path}: is a directory; give a file (or use `load` for folders).")
    if isinstance(e, PermissionError):
        return DecodeError(f"{path}: permission denied; make it readable.")
    return DecodeError(f"{path}: cannot be read ({e.strerror}).")


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device"


def read_text(source: str | Path) -> str:
    """Read a file, or standard input for "-", as text with offsets matching its bytes."""
    if str(source) == "-":
        return decode_bytes(sys.stdin.buffer.read(), "<stdin>")
    path = Path(source)
    return decode_bytes(read_file_bytes(path), str(path))
