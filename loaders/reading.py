"""Bytes -> text, exactly: no newline translation, so offsets match the file.

UTF-8 (with or without a BOM) and UTF-16/32 with a BOM are read. Anything else is refused with
an error that names the input and what was found, instead of being decoded into mojibake.
"""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Bytes typical of the legacy Vietnamese encodings (TCVN3/ABC, VNI, VISCII, Windows-1258).
_LEGACY_HINT = "a legacy Vietnamese encoding (TCVN3, VNI, VISCII or Windows-1258) or Latin-1"


class DecodeError(ValueError):
    """The input is not text we can read without guessing."""


def decode_bytes(data: bytes, name: str = "<input>") -> str:
    """Decode `data` as UTF-8 (BOM optional) or BOM-marked UTF-16/32; refuse anything else."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as e:
                at = e.start + len(bom)
                raise DecodeError(
                    f"{name}: starts with a {encoding} byte-order mark but byte {at} "
                    f"is not valid {encoding}; re-save the file as UTF-8."
                ) from e
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        snippet = data[max(0, e.start - 10) : e.start + 10]
        if b"\x00" in data[:200]:
            found = "UTF-16 or UTF-32 without a byte-order mark"
        else:
            found = _LEGACY_HINT
        raise DecodeError(
            f"{name}: not UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}, line {line}, "
            f"near {snippet!r}); it looks like {found}. Convert it to UTF-8 "
            f"(e.g. with a Vietnamese converter such as unikey's, or iconv) and load it again."
        ) from e


def read_text(source: str | Path) -> str:
    """Read a file, or standard input for "-", as text with offsets matching its bytes."""
    if str(source) == "-":
        return decode_bytes(sys.stdin.buffer.read(), "<stdin>")
    path = Path(source)
    try:
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise DecodeError(f"{path}: no such file; check the path.") from e
    except IsADirectoryError as e:
        raise DecodeError(
            f"{path}: is a directory; give a file (or use `load` for folders)."
        ) from e
    except PermissionError as e:
        raise DecodeError(f"{path}: permission denied; make it readable.") from e
    except OSError as e:
        raise DecodeError(f"{path}: cannot be read ({e.strerror}).") from e
    return decode_bytes(data, str(path))
