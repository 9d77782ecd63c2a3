"""Bodies over time: when a body existed, and what became of it.

A body's name is not its identity over time. Thừa Thiên Huế became thành phố Huế on 2025-01-01;
on 2025-07-01 63 provinces became 34 (Nghị quyết 202/2025/QH15), so "Ủy ban nhân dân tỉnh Hậu
Giang" was merged into "Ủy ban nhân dân thành phố Cần Thơ"; Bộ Kế hoạch và Đầu tư was merged into
Bộ Tài chính in 2025; and "Bộ Nội vụ" is the name of three ministries of different periods.

A `Period` is one body over one stretch of time. Ministries come from `data/bodies.csv` (built by
`directive-graph registry build` from the shared table of ministries, each row with its source);
the organs of provinces (Ủy ban nhân dân, Hội đồng nhân dân, Tỉnh ủy, Thành ủy and their Ban
thường vụ) from `data/provinces.csv` and the renames in `places.py`. Communes are not followed:
their names recur across provinces, and a citation rarely names the commune's province.

>>> hau_giang = period("Ủy ban nhân dân tỉnh Hậu Giang")
>>> hau_giang.existed_until, hau_giang.change, successor_names(hau_giang)
('2025-07-01', 'merged', ['Ủy ban nhân dân thành phố Cần Thơ'])
>>> body_on("Ủy ban nhân dân thành phố Huế", "2024-05-02").name  # its name then
'Ủy ban nhân dân tỉnh Thừa Thiên Huế'
>>> body_on("Bộ Nội vụ", "1980-01-01").id, body_on("Bộ Nội vụ", "2020-01-01").id
('body-bo-noi-vu-1975-1998', 'body-bo-noi-vu')
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from directive_graph.graph.ids import body_id
from directive_graph.graph.places import DATA as PROVINCES
from directive_graph.graph.places import RENAMES

DATA = Path(__file__).resolve().parent / "data" / "bodies.csv"
BODY_FIELDS = ("id", "name", "kind", "existed_from", "existed_until", "change", "successors",
               "source", "note")  # fmt: skip

MERGED, RENAMED, SPLIT, DISSOLVED = "merged", "renamed", "split", "dissolved"
PROVINCE_SOURCE = "Nghị quyết 202/2025/QH15 (graph/data/provinces.csv, from dvhcvn, MIT)"
RENAME_SOURCE = {"Thừa Thiên Huế": "Nghị quyết 1314/NQ-UBTVQH15 (thành phố Huế from 2025-01-01)"}


@dataclass(frozen=True, slots=True)
class Period:
    """One body over one stretch of time. Dates are ISO dates or bare years; `existed_until` is
    the day the change took effect (the body existed before it). `successors` are body ids."""

    id: str
    name: str
    existed_from: str | None = None
    existed_until: str | None = None
    change: str | None = None  # merged | renamed | split | dissolved
    successors: tuple[str, ...] = ()
    source: str = ""

    def holds(self, on: str) -> bool:
        """Did the body exist on `on` (an ISO date or a year)? Bare years compare as years."""
        start, end = self.existed_from, self.existed_until
        if start and on[: len(start)] < start[: len(on)]:
            return False
        if end:
            if len(end) == len(on) == 10:
                return on < end
            return on[:4] <= end[:4]
        return True

    def span(self) -> int:
        start = int(self.existed_from[:4]) if self.existed_from else 0
        end = int(self.existed_until[:4]) if self.existed_until else 9999
        return end - start


def fold_name(name: str) -> str:
    """A body's name for matching: case, spacing and the kind of dash aside."""
    return " ".join(name.replace("–", "-").replace("—", "-").lower().split())


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, Period], dict[str, list[Period]]]:
    """The shipped periods of ministries: by id, and by folded name."""
    by_id: dict[str, Period] = {}
    by_name: dict[str, list[Period]] = {}
    if DATA.exists():
        with DATA.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                p = Period(
                    row["id"], row["name"], row["existed_from"] or None,
                    row["existed_until"] or None, row["change"] or None,
                    tuple(s for s in row["successors"].split(";") if s), row["source"],
                )  # fmt: skip
                by_id[p.id] = p
                by_name.setdefault(fold_name(p.name), []).append(p)
    return by_id, by_name


# Body ids of the organs that local periods name as successors, back to their names.
_LOCAL_NAMES: dict[str, str] = {}

# "Ủy ban nhân dân tỉnh Hậu Giang", "Ban thường vụ Tỉnh ủy Bắc Giang", "Thành ủy Cần Thơ"
_LOCAL = re.compile(
    r"^(?P<role>(?:Ban thường vụ|Thường trực|Ban Thường vụ) )?"
    r"(?:(?P<organ>Ủy ban nhân dân|Hội đồng nhân dân) (?P<level>tỉnh|thành phố)"
    r"|(?P<committee>Tỉnh ủy|Thành ủy)) (?P<place>.+)$"
)
_LEVEL = re.compile(r"^(?i:tỉnh|thành phố)\s+")


@lru_cache(maxsize=1)
def _provinces() -> dict[str, tuple[str, bool]]:
    """Old province (bare name) -> (the province it became on 2025-07-01, is that a city)."""
    out: dict[str, tuple[str, bool]] = {}
    with PROVINCES.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            old, new = (_LEVEL.sub("", row[k]).strip() for k in ("old_name", "new_name"))
            out[old] = (new, row["new_name"].lower().startswith("thành phố"))
    return out


def _local_name(m: re.Match, place: str, city: bool) -> str:
    role = m["role"] or ""
    if m["organ"]:
        name = f"{role}{m['organ']} {'thành phố' if city else 'tỉnh'} {place}"
    else:
        name = f"{role}{'Thành ủy' if city else 'Tỉnh ủy'} {place}"
    _LOCAL_NAMES[body_id(name)] = name
    return name


def _local(name: str) -> Period | None:
    """The period of a province's organ, from the merger table and the renames."""
    m = _LOCAL.match(name)
    if m is None:
        return None
    place = m["place"]
    provinces = _provinces()
    for old, new, since in RENAMES:
        if place == old:  # renamed, then (possibly) merged: the rename comes first
            city = provinces.get(new, (new, True))[1]
            successor = _local_name(m, new, city)
            return Period(body_id(name), name, None, f"{since}-01-01", RENAMED,
                          (body_id(successor),), RENAME_SOURCE.get(old, ""))  # fmt: skip
        if place == new:
            start = f"{since}-01-01"
            became = provinces.get(new)
            if became and became[0] != new:
                successor = _local_name(m, became[0], became[1])
                return Period(body_id(name), name, start, "2025-07-01", MERGED,
                              (body_id(successor),), PROVINCE_SOURCE)  # fmt: skip
            return Period(body_id(name), name, start, source=RENAME_SOURCE.get(old, ""))
    became = provinces.get(place)
    if became is None or became[0] == place:
        return None  # not a province, or one that went on under its name
    successor = _local_name(m, became[0], became[1])
    return Period(body_id(name), name, None, "2025-07-01", MERGED, (body_id(successor),),
                  PROVINCE_SOURCE)  # fmt: skip


def periods(name: str) -> list[Period]:
    """Every known period of a body of this name (canonical, as graph/bodies.py gives it)."""
    known = _table()[1].get(fold_name(name))
    if known:
        return list(known)
    local = _local(name)
    return [local] if local else []


def period(name: str) -> Period:
    """The body of this name as it is known today: its current period, or its latest one, or a
    period with no dates for a body the tables do not know."""
    found = periods(name)
    plain = body_id(name)
    for p in found:
        if p.id == plain:
            return p
    return found[-1] if found else Period(plain, name)


def by_id(body: str) -> Period | None:
    """A period of the shipped tables by its body id (local organs are found by name)."""
    return _table()[0].get(body)


def body_on(name: str, on: str | None) -> Period:
    """The body of this name that existed on `on` (an ISO date or a year; None: today's).

    Among periods of one name, the one that held on that day (the narrowest, if several do). A
    body renamed before that day, or after it, is the same body under its name of that day: the
    rename is followed both ways. A merger is not: a text that names a merged province's body
    after the merger keeps the body it names."""
    if not on:
        return period(name)
    found = periods(name)
    held = [p for p in found if p.holds(on)]
    if held:
        return min(held, key=lambda p: (p.span(), p.id))
    if found:
        current = period(name)
        if current.change == RENAMED and current.existed_until and on >= current.existed_until:
            successor = _named(current.successors[0])
            if successor is not None:
                return body_on(successor, on) if successor != name else current
        before = _renamed_from(name)
        if before is not None and current.existed_from and on < current.existed_from:
            return body_on(before, on)
    return period(name)


def issuer_on(issuer: str, on: str | int | None) -> str:
    """An issuer field ("A; B") with each body under its name on `on` (a date or a year).

    >>> issuer_on("Ủy ban nhân dân thành phố Huế; Bộ Y tế", 2024)
    'Ủy ban nhân dân tỉnh Thừa Thiên Huế; Bộ Y tế'
    """
    when = str(on) if on else None
    names = [body_on(n.strip(), when).name for n in issuer.split(";") if n.strip()]
    return "; ".join(names)


def _named(body: str) -> str | None:
    known = by_id(body)
    if known is not None:
        return known.name
    return _LOCAL_NAMES.get(body)


def _renamed_from(name: str) -> str | None:
    m = _LOCAL.match(name)
    if m is None:
        return None
    for old, new, _since in RENAMES:
        if m["place"] == new:
            city = _provinces().get(old, (old, False))[1]
            return _local_name(m, old, city)
    return None


def successor_names(p: Period) -> list[str]:
    """The names of the bodies `p` became."""
    return [n for n in (_named(s) for s in p.successors) if n]


def lineage(p: Period, limit: int = 16) -> list[tuple[Period, Period]]:
    """What became of `p`, step by step: (predecessor, successor) pairs, at most `limit` steps
    (the tables hold no cycle, but a user's data might)."""
    steps: list[tuple[Period, Period]] = []
    queue, seen = [p], {p.id}
    while queue and len(steps) < limit:
        current = queue.pop(0)
        for name in successor_names(current):
            nxt = _successor_period(current, name)
            steps.append((current, nxt))
            if nxt.id not in seen:
                seen.add(nxt.id)
                queue.append(nxt)
    return steps


def _successor_period(p: Period, name: str) -> Period:
    for s in p.successors:
        known = by_id(s)
        if known is not None and known.name == name:
            return known
    return period(name)
