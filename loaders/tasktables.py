"""Tasks listed in a table: a plan's "Danh mục nhiệm vụ" with a column of work and a column of the
body that leads it (Markdown rows "| 1 | Xây dựng ... | Sở Nội vụ | Quý III/2025 |", or the rows
of an HTML table, whose cells the reader splits by tabs).

A table lists tasks only when its header names both: a column of work ("Nhiệm vụ", "Nội dung
công việc", "Tên nhiệm vụ") and a column of who leads it ("Cơ quan chủ trì", "Đơn vị thực hiện",
"Chủ trì"). Each row with work in it is a task, numbered by its own "STT" cell; a row that only
names a group ("I | Nhiệm vụ chung", nothing in the lead column) heads the rows below it. Tables
of targets, prices or recipients name no lead column and give no task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORK = re.compile(r"(?i:nhiệm\s+vụ|nội\s+dung|công\s+việc|hoạt\s+động|đề\s+án|sản\s+phẩm)")
_LEAD = re.compile(
    r"(?i:chủ\s+trì|(?:cơ\s+quan|đơn\s+vị)\s+(?:thực\s+hiện|chịu\s+trách\s+nhiệm)"
    r"|trách\s+nhiệm\s+thực\s+hiện|cơ\s+quan\s+thực\s+hiện)"
)
_PARTNER = re.compile(r"(?i:phối\s+hợp)")
_WHEN = re.compile(r"(?i:thời\s+gian|thời\s+hạn|tiến\s+độ|hoàn\s+thành)")
_NUMBER = re.compile(r"(?i:stt|tt|số\s+tt|số\s+thứ\s+tự)")
_RULE = re.compile(r"[\s|:\-=*_+]*")  # "|---|:--|", "+----+"
_ROW_NUMBER = re.compile(r"(?i:[ivxlc]+|\d{1,3}(?:\.\d{1,3})*|[a-zđ])\.?")


@dataclass(frozen=True, slots=True)
class TableTask:
    """A row of a task table: its number, work, lead body and timing, with offsets of its work
    cell into the text the table was read from."""

    ordinal: str
    text: str
    lead: str | None
    when: str | None
    start: int
    end: int


def _cells(line: str, pos: int) -> list[tuple[str, int, int]] | None:
    """The cells of a table row with their offsets, or None for a line that is no row."""
    if line.count("|") >= 2:
        sep = "|"
        inner = line.strip()
        if inner.startswith("|"):
            offset = line.index("|") + 1
            inner = line[offset:]
            inner = inner[: inner.rfind("|")] if inner.rstrip().endswith("|") else inner
        else:
            offset, inner = 0, line
    elif line.count("\t") >= 2:
        sep, offset, inner = "\t", 0, line
    else:
        return None
    out, at = [], pos + offset
    for raw in inner.split(sep):
        lead = len(raw) - len(raw.lstrip())
        text = " ".join(raw.split()).strip("*")
        out.append((text.strip(), at + lead, at + lead + len(raw.strip())))
        at += len(raw) + 1
    return out


def _cell(cells: list[tuple[str, int, int]], cols: dict[str, int], name: str):
    """The cell of a row in the column of that name, or None."""
    i = cols.get(name)
    return cells[i] if i is not None and i < len(cells) else None


def _columns(header: list[str]) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for i, cell in enumerate(header):
        if "number" not in cols and _NUMBER.fullmatch(cell.strip(" .")):
            cols["number"] = i
        elif "lead" not in cols and _LEAD.search(cell) and not _PARTNER.match(cell):
            cols["lead"] = i
        elif "work" not in cols and _WORK.search(cell):
            cols["work"] = i
        elif "when" not in cols and _WHEN.search(cell):
            cols["when"] = i
    return cols if "work" in cols and "lead" in cols else None


def table_tasks(text: str) -> list[TableTask]:
    """The tasks of every task table in `text`, in order.

    >>> rows = "| STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian |\\n|---|---|---|---|\\n"
    >>> rows += "| 1 | Rà soát văn bản | Sở Tư pháp | Quý III/2025 |\\n"
    >>> [(t.ordinal, t.text, t.lead, t.when) for t in table_tasks(rows)]
    [('T1.1', 'Rà soát văn bản', 'Sở Tư pháp', 'Quý III/2025')]
    """
    return [t for _, _, rows in task_tables(text) for t in rows]


def task_tables(text: str) -> list[tuple[int, int, list[TableTask]]]:
    """(start, end, tasks) of each task table in `text`: from its header row to its last row."""
    found: list[tuple[int, int, list[TableTask]]] = []
    tasks: list[TableTask] = []
    tables = 0
    cols: dict[str, int] | None = None
    width = 0  # the header's cells
    group = ""
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        cells = _cells(body, pos)
        pos += len(line)
        if cells is None:
            cols = None  # the table ended
            continue
        if _RULE.fullmatch(body):
            continue
        if cols is not None and len(cells) != width:
            cols = None  # another table, right below: its own header follows
        if cols is None:
            cols, width = _columns([c[0] for c in cells]), len(cells)
            if cols is not None:
                tables += 1
                group = ""
                tasks = []
                found.append((pos - len(line), pos, tasks))
            continue
        start, _, held = found[-1]
        found[-1] = (start, pos, held)
        work, lead, when, number = (
            _cell(cells, cols, n) for n in ("work", "lead", "when", "number")
        )
        if work is None or not work[0] or _columns([c[0] for c in cells]) is not None:
            continue  # an empty row, or a header repeated on a new page
        label = (number[0] if number else "").strip(" .")
        if label and not _ROW_NUMBER.fullmatch(label):
            continue  # "Tổng cộng", a total row
        if not (lead and lead[0]) and label and re.fullmatch(r"(?i:[ivxlc]+)", label):
            group = label.upper()  # "I | Nhiệm vụ chung": a group of the rows below
            continue
        ordinal = ".".join(x for x in (f"T{tables}", group, label or str(len(tasks) + 1)) if x)
        tasks.append(
            TableTask(
                ordinal,
                work[0],
                lead[0] if lead and lead[0] else None,
                when[0] if when and when[0] else None,
                work[1],
                work[2],
            )
        )
    return [t for t in found if t[2]]
