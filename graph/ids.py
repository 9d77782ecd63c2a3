"""Canonical ids: stable, readable, usable in URLs.

- Party documents: `18-nq-tw-2017`. Numbers restart each term, so the year is part of the id.
- State documents with the year in their code: `15-2020-nd-cp`; without it: `1234-qd-ttg-2021`.
- Documents of local bodies (Tỉnh ủy, UBND, HĐND ...) repeat in every province, so the place is
  part of the id: `14-kh-tu-bac-ninh-2025`, `35-2025-nq-hdnd-hue`.
- Plenum documents without a number: `nq-hntw-4-xii` (kind, plenum 4, term XII); congress
  resolutions: `dh-xiii` (national), `dh-tinh-xx-bac-ninh` (a provincial Party congress).
- Laws by name: `luat-can-bo-cong-chuc-2008` (the year when the text gives it).
- Bodies: `body-bo-chinh-tri`; documents: `doc-<file stem>-<8 hex of the content hash>`;
  tasks: `task-<document id>-<ordinal path>`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from directive_graph.graph.model import Kind

KIND_ABBR: dict[Kind, str] = {
    Kind.NGHI_QUYET: "nq",
    Kind.KET_LUAN: "kl",
    Kind.KE_HOACH: "kh",
    Kind.QUY_DINH: "qđi",
    Kind.QUYET_DINH: "qđ",
    Kind.CHI_THI: "ct",
    Kind.THONG_BAO: "tb",
    Kind.HUONG_DAN: "hd",
    Kind.QUY_CHE: "qc",
    Kind.CHUONG_TRINH: "ctr",
    Kind.DE_AN: "đa",
    Kind.BAO_CAO: "bc",
    Kind.CONG_VAN: "cv",
    Kind.TO_TRINH: "ttr",
    Kind.THONG_TRI: "tt",
    Kind.LUAT: "luat",
    Kind.BO_LUAT: "bo-luat",
    Kind.HIEN_PHAP: "hien-phap",
    Kind.NGHI_DINH: "nđ",
    Kind.THONG_TU: "tt",
    Kind.THONG_TU_LIEN_TICH: "ttlt",
    Kind.PHAP_LENH: "pl",
    Kind.CONG_DIEN: "cđ",
    Kind.DIEU_LE: "dieu-le",
    Kind.PHUONG_AN: "pa",
    Kind.QUY_TRINH: "qtr",
    Kind.THONG_CAO: "tc",
    Kind.SAC_LENH: "sl",
    Kind.LENH: "lenh",
    Kind.VAN_BAN_HOP_NHAT: "vbhn",
}

# Issuer codes of central bodies: their documents are unique nationwide (no place in the id).
# Ministries and ministry-level bodies by the codes of their symbols, past and present.
MINISTRY_CODES = frozenset((
    "BNV", "BTC", "BYT", "BGDĐT", "BQP", "BCA", "BTP", "BKHĐT", "BCT", "BXD", "BGTVT",
    "BNNPTNT", "BNNMT", "BTNMT", "BLĐTBXH", "BVHTTDL", "BTTTT", "BKHCN", "BNG", "BDTTG",
    "BVHTT", "BTS", "BCN", "BTM", "BBCVT", "BKH", "BLĐ", "BGD", "BVH", "BNN", "BKHCNMT",
    "BĐN", "BNNPTNT", "BTTTT", "BNV", "BKHĐT", "BTNMT",
))  # fmt: skip
_CENTRAL = re.compile(
    r"^(?:TW|[A-ZĐ]{2,8}TW|CP|TTG|VPCP|QH\d{1,2}|UBTVQH\d{1,2}|NHNN|TTCP|KTNN|UBDT|"
    + "|".join(sorted(MINISTRY_CODES, key=len, reverse=True))
    + r")$"
)
# The type part of a state symbol ("QĐ-UBND", "KH-UBND", "TTLT-BYT-BNV").
_TYPE_CODE = re.compile(
    r"^(?:NQ|NQLT|QĐ|QD|KH|CT|CTR|TB|HD|HDLT|BC|TTR|CV|CĐ|TT|TTLT|NĐ|ND|PA|ĐA|QC|KL|VBHN|L|SL)$"
)
# Central issuers whose symbols may go on with one of their departments ("BYT-CDS").
_DEPARTMENT_OF_CENTRAL = re.compile(
    r"^(?:"
    + "|".join(sorted(MINISTRY_CODES, key=len, reverse=True))
    + r"|VPCP|NHNN|TTCP|KTNN|UBDT)$"
)
_LOCAL_PARTY = re.compile(r"^(?:TU|HU|QU|THU|ĐU|ĐUK|CB|[A-ZĐ]{2,8}TU|ĐĐ|BCSĐ)$")


@lru_cache(maxsize=65536)  # (a load slugs the same names over and over)
def slug(text: str) -> str:
    """ASCII, lower case, hyphens: 'Bắc Ninh' -> 'bac-ninh', 'NĐ-CP' -> 'nd-cp'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def is_party_symbol(symbol: str) -> bool:
    return "/" in symbol


def issuer_codes(symbol: str) -> list[str]:
    """The issuer part of a symbol: 'NQ/TW' -> ['TW'], 'QĐ-UBND' -> ['UBND'], 'QH14' -> ['QH14']."""
    if "/" in symbol:
        return symbol.split("/", 1)[1].upper().split("-")
    parts = symbol.upper().split("-")
    return parts[1:] if len(parts) > 1 else parts


@lru_cache(maxsize=8192)  # symbols repeat: a registry of 100,000 rows has a few thousand
def is_local(symbol: str) -> bool:
    """True when the issuer is a local body, whose numbers repeat in every province.

    A central issuer followed by one of its departments ("BYT-CDS", "BNV-CQĐP": a ministry and
    its department) is central; "UBND-KT" (a provincial committee and its office) is local.

    >>> is_local("KH/TU"), is_local("CT-TTg"), is_local("BYT-CDS"), is_local("UBND-KT")
    (True, False, False, True)
    """
    codes = issuer_codes(symbol)
    if not codes:
        return False
    if is_party_symbol(symbol):
        return any(_LOCAL_PARTY.match(c) for c in codes)
    parts = symbol.upper().split("-")
    if len(parts) > 1 and not _TYPE_CODE.match(parts[0]):
        codes = parts  # an official letter's symbol: issuer, then its unit ("BNV-CQĐP")
    if _DEPARTMENT_OF_CENTRAL.match(codes[0]):
        return False
    return not all(_CENTRAL.match(c) for c in codes)


def directive_id(
    number: str, symbol: str, year: int | None, code_has_year: bool, locality: str | None
) -> str | None:
    """The id of a numbered directive, or None when the year (or the place) is not known."""
    if year is None:
        return None
    place = None
    if is_local(symbol):
        if not locality:
            return None
        place = slug(locality)
    n = str(int(number)) if number.isdigit() else number.lower()  # "66.22", "30a" as written
    if code_has_year:
        parts = [n, str(year), _symbol_slug(symbol), place]
    else:
        parts = [n, _symbol_slug(symbol), place, str(year)]
    return "-".join(p for p in parts if p)


_symbol_slug = lru_cache(maxsize=8192)(slug)


def plenum_id(kind: Kind, plenum: int, term: str) -> str:
    return f"{slug(KIND_ABBR.get(kind, str(kind)))}-hntw-{plenum}-{term.lower()}"


def congress_id(congress: str, local: str | None = None, locality: str | None = None) -> str:
    if not local:
        return f"dh-{congress.lower()}"
    return "-".join(p for p in ("dh", slug(local), congress.lower(), slug(locality or "")) if p)


def named_id(kind: Kind, title: str, year: int | None) -> str:
    base = slug(title)
    return f"{base}-{year}" if year else base


def body_id(name: str) -> str:
    return "body-" + slug(name)


def document_id(stem: str, sha256: str) -> str:
    return f"doc-{slug(stem)[:48]}-{sha256[:8]}"
