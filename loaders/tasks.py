"""Tasks ("nhiệm vụ") in reports and plans: find the task sections, split them into items.

A task section starts at a heading that names tasks ("II. NHIỆM VỤ, GIẢI PHÁP", "III. TỔ CHỨC
THỰC HIỆN") or at a lead-in that announces them ("... thống nhất triển khai các nhiệm vụ trọng
tâm sau:"). Results sections ("I. KẾT QUẢ ĐẠT ĐƯỢC") are not tasks, however they are numbered.
Items are split by their markers ("1.", "(2)", "a)", "-", "+", "•", Roman numerals); the marker
types nest in the order they first appear, which gives ordinal paths such as "2.a" or "1.-3"
(a bullet is numbered by its position under its parent).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

_MARKUP = str.maketrans({"*": " ", "|": " ", "#": " ", ">": " "})
MARKER = re.compile(
    r"^(?:\((?P<paren>\d{1,2})\)|(?P<num>\d{1,2})[.)](?!\d)|(?P<let>[a-zđ])\)"
    r"|(?P<rom>[IVX]{1,4})\.|(?P<bul>[-+•–]))\s+"
)
# Headings that open a task section (a Roman or numbered heading, or a heading line of its own).
TASK_HEADING = re.compile(
    r"(?i:nhiệm\s+vụ|giải\s+pháp|phương\s+hướng|tổ\s+chức\s+thực\s+hiện|kế\s+hoạch\s+công\s+tác)"
)
NOT_TASK_HEADING = re.compile(r"(?i:kết\s+quả|tình\s+hình|đánh\s+giá|hạn\s+chế|mục\s+đích)")
# A paragraph that announces a list of tasks.
LEAD_IN = re.compile(
    r"(?i:(?:nhiệm\s+vụ|giải\s+pháp|nội\s+dung)[^:]{0,80}(?:sau|như\s+sau|cụ\s+thể)\s*:\s*$"
    r"|(?:phương\s+hướng,?\s+nhiệm\s+vụ|nhiệm\s+vụ\s+trọng\s+tâm|nhiệm\s+vụ,\s+giải\s+pháp)"
    r"[^\n]{0,400}:\s*$)"
)
RESPONSIBLE_LEAD = re.compile(
    r"(?P<who>(?:Ban|Sở|Ủy\s+ban|Uỷ\s+ban|UBND|Đảng\s+ủy|Đảng\s+uỷ|Đảng\s+đoàn|Các|Bộ|Văn\s+phòng"
    r"|Cấp\s+ủy|Cấp\s+uỷ|Thường\s+trực)[^:;.]{0,100}?)\s+"
    r"(?:thống\s+nhất|tập\s+trung|có\s+trách\s+nhiệm|chủ\s+động|cần|triển\s+khai|cụ\s+thể\s+hó?o?á?a?"
    r"|xây\s+dựng|thực\s+hiện)\b[^:]{0,160}:\s*$"
)
# Lead-ins of past results, not tasks: "... đạt được một số kết quả nổi bật như sau:"
RESULTS = re.compile(r"(?i:kết\s+quả|đạt\s+được|hạn\s+chế|tồn\s+tại|thành\s+tích)")
# The end of a document's body: recipients and signature blocks.
BODY_END = re.compile(r"^(?i:nơi\s+nhận|tm\.|kt\.|t/m|k/t)\b")
RESPONSIBLE_LINE = re.compile(
    r"(?i:(?:đơn\s+vị|cơ\s+quan)\s+chủ\s+trì(?:\s+thực\s+hiện)?)\s*:\s*(?P<who>[^\n]+)"
)


@dataclass(slots=True)
class TaskItem:
    ordinal: str
    start: int  # offsets into the text
    end: int
    text: str
    period: dict | None = None
    responsible: list[str] = field(default_factory=list)
    section: str = ""


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    raw: str
    plain: str  # markup removed, stripped


def _lines(text: str) -> list[_Line]:
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        out.append(_Line(pos, pos + len(body), body, " ".join(body.translate(_MARKUP).split())))
        pos += len(raw)
    return out


def _wrapped(lines: list[_Line]) -> bool:
    """Hard-wrapped text (PDF or web copies): a single newline does not end a paragraph."""
    nonempty = [ln for ln in lines if ln.plain]
    if len(nonempty) < 4:
        return False
    short = sum(1 for ln in nonempty if len(ln.raw) < 110)
    return short / len(nonempty) > 0.7


def extract_tasks(text: str, default_period: dict | None = None) -> list[TaskItem]:
    """The tasks of a text, in order, with ordinal paths, periods and responsible bodies.

    `default_period` applies to tasks whose section and text name none (a plan's "giai đoạn
    2026 - 2030" in its title)."""
    lines = _lines(text)
    sections = 0
    wrapped = _wrapped(lines)
    tasks: list[TaskItem] = []
    i = 0
    while i < len(lines):
        opened = _section_start(lines, i, wrapped)
        if opened is None:
            i += 1
            continue
        heading_end, lead_in, by_heading = opened
        items, i = _read_items(lines, heading_end, wrapped, by_heading, text)
        period = find_period(lead_in) or default_period
        who = _lead_in_responsible(lead_in)
        head = MARKER.match(lead_in) if by_heading else None
        prefix = head["rom"] + "." if head and head["rom"] else ""
        if not prefix and any(t.ordinal == items[0].ordinal for t in tasks if items):
            prefix = f"s{sections + 1}."
        sections += 1
        for item in items:
            item.ordinal = prefix + item.ordinal
            item.section = " ".join(lead_in.split())[:300]
            if period and not _within(item.period, period):
                item.period = period  # the section's period rules; a quarter inside it may stay
            if who and not item.responsible:
                item.responsible = [who]
        tasks.extend(items)
    return tasks


def _heading_text(lines: list[_Line], i: int) -> tuple[str, int]:
    """A heading may wrap over lines ("**III. NHIỆM VỤ,\\nGIẢI PHÁP**"): join them."""
    parts = [lines[i].plain]
    j = i + 1
    if lines[i].raw.lstrip().startswith("**") and lines[i].raw.count("**") % 2 == 1:
        while j < len(lines) and j < i + 4:
            parts.append(lines[j].plain)
            if "**" in lines[j].raw:
                j += 1
                break
            j += 1
    return " ".join(p for p in parts if p), j


def _section_start(lines: list[_Line], i: int, wrapped: bool) -> tuple[int, str, bool] | None:
    """(first line after the opening, the opening's text, opened by a heading?) or None."""
    line = lines[i]
    if not line.plain:
        return None
    marker = MARKER.match(line.plain)
    heading, after = _heading_text(lines, i)
    if marker and marker["rom"] and len(heading) < 160:
        if TASK_HEADING.search(heading) and not NOT_TASK_HEADING.search(heading.split(",")[0]):
            return after, heading, True
        return None
    if heading.isupper() and len(heading) < 120 and TASK_HEADING.search(heading):
        return after, heading, True
    # a lead-in paragraph ending with ":" (its start may be lines above when the text wraps)
    if line.plain.endswith(":"):
        start = i
        if wrapped:
            while start > 0 and lines[start - 1].plain and not MARKER.match(lines[start - 1].plain):
                start -= 1
        paragraph = " ".join(ln.plain for ln in lines[start : i + 1])
        tail = re.split(r"(?<=[.;])\s+(?=[A-ZĐ])", paragraph[-500:])[-1]
        if LEAD_IN.search(tail) and not RESULTS.search(tail):
            return i + 1, paragraph[-500:], False
    return None


def _read_items(lines, i, wrapped, by_heading, text) -> tuple[list[TaskItem], int]:
    items: list[TaskItem] = []
    stack: list[str] = []  # marker types, outermost first
    path: list[str] = []
    bullets: dict[tuple, int] = {}
    current: TaskItem | None = None
    blank_run = 0
    while i < len(lines):
        line = lines[i]
        if not line.plain:
            blank_run += 1
            i += 1
            continue
        if BODY_END.match(line.plain):
            break
        marker = MARKER.match(line.plain)
        if marker and marker["rom"] and by_heading:
            break  # the next Roman heading closes a heading's section
        heading_like = line.raw.lstrip().startswith("**") and len(line.plain) < 160
        if marker and heading_like and items and not by_heading:
            kind = next(k for k, v in marker.groupdict().items() if v)
            if kind not in stack:
                break  # "**3. Về các kiến nghị**" after a lead-in's "(1) ... (6)": a new part
        if marker and current is not None and _is_meta(line.plain[marker.end() :]):
            current.responsible.extend(_who(lines, i, line.plain[marker.end() :]))
            i += 1
            continue
        if by_heading and not marker and line.plain.isupper() and len(line.plain) < 120 and items:
            break
        if marker:
            kind = next(k for k, v in marker.groupdict().items() if v)
            if kind in stack:
                depth = stack.index(kind)
                del stack[depth + 1 :]
                del path[depth:]
            else:
                stack.append(kind)
            label = marker[kind]
            if kind == "bul":
                key = (tuple(path), marker[kind])
                bullets[key] = bullets.get(key, 0) + 1
                label = f"-{bullets[key]}"
            elif kind == "paren":
                label = marker["paren"]
            path.append(label.lower() if kind == "let" else label)
            _close(current, text)
            current = TaskItem(".".join(path), line.start, line.end, "")
            current.start = line.start + len(line.raw) - len(line.raw.lstrip(" \t*|>#"))
            items.append(current)
            blank_run = 0
            i += 1
            continue
        # not a marker line
        if current is None:
            if by_heading:
                i += 1
                continue
            break
        paragraph_break = blank_run > 0 or not wrapped
        detail = RESPONSIBLE_LINE.search(line.plain)
        if detail:
            current.responsible.extend(_who(lines, i, line.plain))
        if paragraph_break and not by_heading and not detail:
            break  # the paragraph after a lead-in's list closes it
        if not detail and not (paragraph_break and by_heading and _is_meta(line.plain)):
            current.end = line.end
        blank_run = 0
        i += 1
    _close(current, text)
    return items, i


def _who(lines: list[_Line], i: int, plain: str) -> list[str]:
    """Bodies named by "Đơn vị chủ trì: ..." (the list may wrap onto the next lines)."""
    m = RESPONSIBLE_LINE.search(plain)
    if not m:
        return []
    parts = [m["who"]]
    j = i + 1
    while j < len(lines) and lines[j].plain and not MARKER.match(lines[j].plain):
        if _is_meta(lines[j].plain):
            break
        parts.append(lines[j].plain)
        j += 1
    who = " ".join(" ".join(parts).split()).strip(" .;")
    return [w.strip() for w in who.split(";") if w.strip()]


def _is_meta(plain: str) -> bool:
    return bool(re.match(r"(?i:đơn\s+vị|cơ\s+quan|thời\s+gian|kinh\s+phí)[^:]{0,30}:", plain))


def _close(item: TaskItem | None, text: str) -> None:
    if item is None:
        return
    body = text[item.start : item.end]
    item.text = " ".join(MARKER.sub("", " ".join(body.translate(_MARKUP).split()), 1).split())
    own = find_period(item.text, specific_only=True)
    if own:
        item.period = own


def _within(inner: dict | None, outer: dict) -> bool:
    return bool(inner) and outer["start"] <= inner["start"] and inner["end"] <= outer["end"]


def _lead_in_responsible(lead_in: str) -> str | None:
    m = RESPONSIBLE_LEAD.search(lead_in)
    if not m:
        return None
    who = m["who"]
    # "..., trên cơ sở ý kiến ..., Ban Tổ chức các tỉnh ủy, thành ủy trong khu vực"
    body_start = r"(?:^|,\s)(?=(?:Ban|Sở|Ủy|Uỷ|UBND|Đảng|Các|Bộ|Văn|Cấp|Thường)\b)"
    starts = [mm.start() for mm in re.finditer(body_start, who)]
    if starts:
        who = who[starts[-1] :].lstrip(", ")
    return " ".join(who.split())


# --- periods ---------------------------------------------------------------------------------

_ROMAN_QUARTER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
PERIODS = re.compile(
    r"(?i:(?P<half>(?:06|6|sáu)\s+tháng\s+(?P<which>đầu|cuối)\s+năm\s+(?P<hy>(?:19|20)\d\d))"
    r"|(?P<quarter>quý\s+(?P<q>iv|iii|ii|i|[1-4])\s*(?:/|năm\s+)\s*(?P<qy>(?:19|20)\d\d))"
    r"|(?P<span>giai\s+đoạn\s+(?P<y1>(?:19|20)\d\d)\s*[-–]\s*(?P<y2>(?:19|20)\d\d))"
    r"|(?P<year>năm\s+(?P<yy>(?:19|20)\d\d)))"
)


def find_period(text: str, specific_only: bool = False) -> dict | None:
    """The first period a text names: {"start", "end", "text"} (ISO dates), or None."""
    for m in PERIODS.finditer(text or ""):
        if m["half"]:
            y = int(m["hy"])
            first = m["which"].lower() == "đầu"
            start, end = (
                (dt.date(y, 1, 1), dt.date(y, 6, 30))
                if first
                else (
                    dt.date(y, 7, 1),
                    dt.date(y, 12, 31),
                )
            )
        elif m["quarter"]:
            y, q = int(m["qy"]), _ROMAN_QUARTER[m["q"].lower()]
            start = dt.date(y, 3 * q - 2, 1)
            end = dt.date(y + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
        elif m["span"]:
            y1, y2 = int(m["y1"]), int(m["y2"])
            if y2 < y1:
                continue
            start, end = dt.date(y1, 1, 1), dt.date(y2, 12, 31)
        else:
            if specific_only:
                continue
            y = int(m["yy"])
            start, end = dt.date(y, 1, 1), dt.date(y, 12, 31)
        return {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "text": " ".join(m.group().split()),
        }
    return None
