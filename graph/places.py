"""Provinces and their names over time: the place part of a local document's id.

A local document's id carries the province of the body that issued it ("14-kh-tu-bac-ninh-2025").
The same province is written many ways ("Thừa Thiên Huế", "Thừa Thiên - Huế", "TT Huế") and
was renamed: Thừa Thiên Huế became thành phố Huế on 2025-01-01 (Nghị quyết
1314/NQ-UBTVQH15), before the 2025-07-01 merger of 63 provinces into 34 (Nghị quyết
202/2025/QH15, `data/provinces.csv`). So a document gets the name its province had when the
document was issued, however the citing text writes it: one document, one node.

>>> place_at("thành phố Huế", 2022), place_at("Thừa Thiên - Huế", 2025)
('Thừa Thiên Huế', 'Huế')
>>> place_at("TP. Hồ Chí Minh", 2020), place_at("Bắc Ninh", None)
('Hồ Chí Minh', 'Bắc Ninh')
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from directive_graph.graph.ids import slug

DATA = Path(__file__).resolve().parent / "data" / "provinces.csv"

# Renames of one whole province, with the first year of the new name.
RENAMES: tuple[tuple[str, str, int], ...] = (("Thừa Thiên Huế", "Huế", 2025),)
# Ways of writing a province that its slug alone does not join.
_SPELLINGS = {
    "thua-thien-hue": "Thừa Thiên Huế",
    "tt-hue": "Thừa Thiên Huế",
    "hue": "Huế",
    "tp-hcm": "Hồ Chí Minh",
    "hcm": "Hồ Chí Minh",
    "tphcm": "Hồ Chí Minh",
    "ho-chi-minh": "Hồ Chí Minh",
    "sai-gon": "Hồ Chí Minh",
    "ba-ria-vung-tau": "Bà Rịa - Vũng Tàu",
}
_LEVEL = re.compile(r"^(?i:tỉnh|thành\s+phố|tp\.?|t\.p\.?)\s+")


@lru_cache(maxsize=1)
def _rows() -> tuple[dict[str, str], ...]:
    """The rows of data/provinces.csv, read once."""
    with DATA.open(encoding="utf-8") as f:
        return tuple(csv.DictReader(f))


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """slug -> the province's name, for the 63 provinces before 2025-07-01 and the 34 after."""
    names: dict[str, str] = {}
    for row in _rows():
        for name in (row["old_name"], row["new_name"]):
            bare = _LEVEL.sub("", name).strip()
            names[slug(bare)] = bare
    names.update(_SPELLINGS)
    return names


@lru_cache(maxsize=1)
def _cities() -> frozenset[str]:
    """The provinces that are cities ("Thành phố Hà Nội", "Cần Thơ"), by their bare names."""
    out = {
        _LEVEL.sub("", row["old_name"]).strip()
        for row in _rows()
        if row["old_name"].lower().startswith("thành phố")
    }
    return frozenset(out | {"Huế"})  # (a city from 2025-01-01: RENAMES)


def province_level(name: str | None) -> str | None:
    """ "thành phố" or "tỉnh" for a province's name, None for no province.

    >>> province_level("Cần Thơ"), province_level("Nghệ An"), province_level("Xuân Trường")
    ('thành phố', 'tỉnh', None)
    """
    known = province(name)
    if known is None:
        return None
    return "thành phố" if known in _cities() else "tỉnh"


def province(name: str | None) -> str | None:
    """The province a written name denotes, in its own spelling; None when it is no province
    (a district or commune name is kept as written by the caller)."""
    if not name:
        return None
    bare = _LEVEL.sub("", " ".join(name.split())).strip(" ,.")
    return _names().get(slug(bare))


def place_at(name: str | None, year: int | None) -> str | None:
    """The name the place had in `year` (the document's year; None: as written)."""
    if not name:
        return None
    known = province(name)
    if known is None:
        return " ".join(name.split())
    for old, new, since in RENAMES:
        if known in (old, new):
            if year is None:
                return known
            return new if year >= since else old
    return known
