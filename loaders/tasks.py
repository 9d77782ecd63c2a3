"""Tasks ("nhiệm vụ"): the work a text assigns, wherever the kind of text puts it.

The text is read as an outline: paragraphs (a hard-wrapped line joins its paragraph), headings
(Roman sections, "Điều N.", markdown and bold headings, lines in capitals) and items ("1.",
"(2)", "a)", "1.2.", "-", "+", "•"), the item markers nesting in the order they first appear.
Tasks are the items (at every level) of the parts of that outline that assign work:

- sections whose heading names tasks: "II. NHIỆM VỤ, GIẢI PHÁP", "III. TỔ CHỨC THỰC HIỆN",
  "II- NỘI DUNG, TIẾN ĐỘ THỰC HIỆN", "2. Về nhiệm vụ trọng tâm ...", "phương hướng, nhiệm vụ";
- lists announced by a lead-in: "... kết luận như sau:", "Ủy ban nhân dân tỉnh yêu cầu:",
  "đề nghị các đơn vị thực hiện tốt một số nội dung sau:", "... các nhiệm vụ trọng tâm sau:";
- execution articles of decisions and resolutions ("Điều 5. Tổ chức thực hiện": its clauses, or
  the article itself when it has none) and assignment paragraphs ("Giao Ủy ban nhân dân tỉnh tổ
  chức thực hiện Nghị quyết.");
- the parts of a plan issued with a decision ("KẾ HOẠCH / (Kèm theo Quyết định số ...)"), read
  as the plan they are;
- the rows of task tables ("Nhiệm vụ | Cơ quan chủ trì | Thời gian": loaders/tasktables.py).

Not tasks: results and assessments ("I. KẾT QUẢ ĐẠT ĐƯỢC", "1. Đánh giá cao ..."), purposes,
requirements and targets ("I. MỤC ĐÍCH, YÊU CẦU", "II. MỤC TIÊU"), amended content quoted in
"...", tables of contents, and the lines that only give a task's lead body, period or funding
("Đơn vị chủ trì: ...", "Thời gian thực hiện: ..."), which become the task's properties. An item
that only names a body ("1. Sở Y tế", with its tasks as a), b) ...) or a topic ("1. Nhiệm vụ
chung") groups tasks: it is no task itself, and a body it names is responsible for its tasks.

Each task keeps its ordinal path ("III.2.-1", "d5.1" for clause 1 of Điều 5), its span in the
original text, its period ("06 tháng cuối năm 2022"), its deadline ("trước ngày 30/6/2025") and
its responsible bodies.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from directive_graph.graph.text import CleanText, clean
from directive_graph.loaders.outline import (
    ASSIGNING_KINDS,
    ITEM_KINDS,
    QUOTES,
    TOC,
    Block,
    Node,
    Outline,
    attached_kind,
    marker,
    outline,
)
from directive_graph.loaders.tasktables import task_tables

# ---------------------------------------------------------------------------------------------
# The task, as the pipeline passes it on


@dataclass(slots=True)
class TaskItem:
    ordinal: str
    start: int  # offsets into the original text
    end: int
    text: str
    period: dict | None = None
    responsible: list[str] = field(default_factory=list)
    section: str = ""
    deadline: str | None = None  # ISO date: "trước ngày 30/6/2025", "trong quý III/2025"
    norm_start: int = 0  # offsets into the cleaned text
    norm_end: int = 0


# ---------------------------------------------------------------------------------------------
# Patterns

# Headings that open a task section.
TASK_HEADING = re.compile(
    r"(?i:nhiệm\s+vụ|giải\s+pháp|phương\s+hướng|tổ\s+chức\s+thực\s+hiện|tổ\s+chức\s+triển\s+khai"
    r"|kế\s+hoạch\s+công\s+tác|nội\s+dung(?:,\s*|\s+)(?:thực\s+hiện|triển\s+khai|công\s+việc|"
    r"nhiệm\s+vụ|tiến\s+độ|hoạt\s+động|trọng\s+tâm|chủ\s+yếu|cụ\s+thể)"
    r"|các\s+hoạt\s+động|hoạt\s+động\s+(?:cụ\s+thể|trọng\s+tâm|chủ\s+yếu)|phân\s+công"
    r"|trách\s+nhiệm\s+(?:của|thực\s+hiện|thi\s+hành)|lộ\s+trình|tiến\s+độ\s+thực\s+hiện"
    r"|chương\s+trình\s+công\s+tác|việc\s+cần\s+làm|đề\s+xuất,?\s+kiến\s+nghị|kiến\s+nghị)"
)
# Headings of parts that assign no work, whatever their items say.
NOT_TASK_HEADING = re.compile(
    r"(?i:kết\s+quả|tình\s+hình|đánh\s+giá|hạn\s+chế|tồn\s+tại|nguyên\s+nhân|bài\s+học"
    r"|mục\s+đích|yêu\s+cầu|mục\s+tiêu|quan\s+điểm|bối\s+cảnh|thực\s+trạng|căn\s+cứ"
    r"|sự\s+cần\s+thiết|phạm\s+vi|đối\s+tượng|giải\s+thích|ưu\s+điểm|khuyết\s+điểm"
    r"|thành\s+tích|kinh\s+phí|nguồn\s+vốn|dự\s+toán|chỉ\s+tiêu|phụ\s+lục|mục\s+lục"
    r"|đặc\s+điểm|khái\s+quát|lịch\s+sử|quá\s+trình"
    # a propaganda guide's what and how: "NỘI DUNG TUYÊN TRUYỀN", "HÌNH THỨC TUYÊN TRUYỀN",
    # "KHẨU HIỆU TUYÊN TRUYỀN" (its work is under "TỔ CHỨC THỰC HIỆN")
    r"|nội\s+dung\s+(?:tuyên\s+truyền|học\s+tập|quán\s+triệt|cơ\s+bản\s+của)"
    r"|hình\s+thức(?:\s+tuyên\s+truyền|\s*,\s*phương\s+pháp|\s+tổ\s+chức)?\s*$|khẩu\s+hiệu)"
)
STANDING_DUTIES = re.compile(
    r"(?i:^(?:[^\W\d_]+\s+){0,3}(?:nhiệm\s+vụ,?\s+(?:và\s+)?quyền\s+hạn|chức\s+năng"
    r"|vị\s+trí\s+và\s+chức|cơ\s+cấu\s+tổ\s+chức))"
)
# Articles that carry out the text: "Điều 5. Tổ chức thực hiện", "Điều 3. Trách nhiệm thi hành".
EXECUTION = re.compile(
    r"(?i:tổ\s+chức\s+thực\s+hiện|trách\s+nhiệm\s+(?:tổ\s+chức\s+)?(?:thi\s+hành|thực\s+hiện)"
    r"|(?<!hiệu\slực\s)thi\s+hành|tổ\s+chức\s+triển\s+khai|giao\s+nhiệm\s+vụ"
    r"|giám\s+sát\s+(?:việc\s+)?(?:thực\s+hiện|triển\s+khai|thi\s+hành))"
)
# An article that issues or approves a document ("Điều 1. Ban hành kèm theo Quyết định này Kế
# hoạch triển khai thi hành Luật ..."): no execution article, whatever the document's title says.
_ISSUES = re.compile(r"(?i:(?:điều\s+\d+[a-zđ]?\.?\s*)?(?:ban\s+hành|phê\s+duyệt)\b)")
# What a text says of itself that is no work: "Quyết định này có hiệu lực từ ...", "... thay thế".
EFFECT = re.compile(
    r"(?i:^(?:[^\W\d_]+\s+){1,4}này\s+(?:có\s+hiệu\s+lực|thay\s+thế|bãi\s+bỏ|được\s+(?:áp\s+dụng"
    r"|thông\s+qua))|^(?:bãi\s+bỏ|thay\s+thế|kể\s+từ\s+ngày))"
)
# A paragraph that announces a list of work.
LEAD_IN = re.compile(
    r"(?i:(?:nhiệm\s+vụ|giải\s+pháp|nội\s+dung|công\s+việc|hoạt\s+động|những\s+việc)"
    r"[^:]{0,120}(?:sau|như\s+sau|cụ\s+thể|trọng\s+tâm|chủ\s+yếu|dưới\s+đây)\s*:\s*$"
    r"|(?:phương\s+hướng,?\s+nhiệm\s+vụ|nhiệm\s+vụ\s+trọng\s+tâm|nhiệm\s+vụ,\s+giải\s+pháp)"
    r"[^\n]{0,400}:\s*$"
    r"|\blưu\s+ý[^:.;]{0,160}?(?:như\s+sau|sau|các\s+nội\s+dung)\s*:\s*$"
    r"|\b(?:kết\s+luận|chỉ\s+đạo|yêu\s+cầu|đề\s+nghị|giao|chỉ\s+thị|phân\s+công)"
    r"(?:[^:.;]{0,400}?(?:như\s+sau|sau|cụ\s+thể|các\s+nội\s+dung|những\s+việc))?\s*:\s*$"
    r"|(?:tập\s+trung|quan\s+tâm|chú\s+trọng|thực\s+hiện\s+tốt|triển\s+khai|thực\s+hiện)"
    r"[^:.;]{0,200}(?:sau|như\s+sau|cụ\s+thể|sau\s+đây)\s*:\s*$"
    # a congress's directions for its term: "Đại hội đã xác định phương hướng, nhiệm vụ của
    # nhiệm kỳ mới là:"
    r"|(?:xác\s+định|đề\s+ra|thông\s+qua)\s+(?:các\s+)?(?:phương\s+hướng|mục\s+tiêu,\s+nhiệm\s+vụ)"
    r"[^:.;]{0,200}(?:\blà|\bgồm|như\s+sau|sau)\s*:\s*$)"
)
# Lead-ins of past results, and of content that is no work ("Sửa đổi Điều 5 như sau:").
# (checked on the lead-in's last clause: "sau khi nghe báo cáo kết quả ..., Bộ Chính trị kết luận
# như sau:" is a lead-in, "... đạt được một số kết quả nổi bật như sau:" is none)
NOT_LEAD_IN = re.compile(
    r"(?i:kết\s+quả|đạt\s+được|hạn\s+chế|tồn\s+tại|thành\s+tích|nguyên\s+nhân|bài\s+học"
    r"|ưu\s+điểm|khuyết\s+điểm|sửa\s+đổi|bổ\s+sung\s+(?:điều|khoản|điểm)|thay\s+thế|bãi\s+bỏ"
    r"|bao\s+gồm|\bgồm\b|kính\s+gửi|nơi\s+nhận|định\s+nghĩa|hiểu\s+như\s+sau|quy\s+định\s+như"
    r"|trình\s+tự|quy\s+trình|thủ\s+tục|hồ\s+sơ\s+yêu\s+cầu|có\s+(?:các\s+)?nhiệm\s+vụ)"
)
# (checked on the whole lead-in: what another document provides, or a procedure, is no work)
QUOTING = re.compile(
    r"(?i:được\s+(?:thực\s+hiện|quy\s+định|áp\s+dụng|xác\s+định)|quy\s+định\s+tại\s+(?:điều|khoản)"
    r"|^\W*(?:theo|tại|căn\s+cứ)\s+(?:quy\s+định\s+(?:tại|của)\s+)?(?:điều|khoản|mục|chương"
    r"|quy\s+định|luật|nghị\s+định|điều\s+lệ|hiến\s+pháp))"
)
# A paragraph that lists its own tasks after asking for them: "... đồng chí yêu cầu trong năm
# tới cần tập trung thực hiện tốt một số nhiệm vụ như: A; B; C" (no "đã": a report's past work)
INLINE_TASKS = re.compile(
    r"(?i:(?:yêu\s+cầu|đề\s+nghị|\bcần\b|\bphải\b|chỉ\s+đạo|\bgiao\b)[^.:;]{0,160}?"
    r"(?:các|một\s+số|những)\s+(?:nhiệm\s+vụ|giải\s+pháp|việc|nội\s+dung)"
    r"(?:\s+(?:trọng\s+tâm|chủ\s+yếu|cụ\s+thể))?\s+(?:như|sau(?:\s+đây)?)\s*:)"
    r"(?=[^:]*;[^:]*;)"
)
# Items of a conclusion that assess instead of assigning: "1. Đánh giá cao ...".
ASSESSMENT = re.compile(
    r"(?i:^(?:[^\s]+\s+){0,6}?(?:đánh\s+giá\s+cao|ghi\s+nhận|biểu\s+dương|hoan\s+nghênh"
    r"|cơ\s+bản\s+(?:đồng\s+ý|thống\s+nhất|tán\s+thành)|nhất\s+trí\s+với|đồng\s+ý\s+với"
    r"|thống\s+nhất\s+(?:với|thông\s+qua)|tán\s+thành))"
)
ASSIGNMENT = re.compile(
    r"(?i:^(?:giao|đề\s+nghị|yêu\s+cầu)\s+(?:cho\s+)?)(?=[A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÉÈẺẼẸÊẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÚÙỦŨỤƯỨỪỬỮỰÝỲỶỸỴ])"
    r"|(?i:chịu\s+trách\s+nhiệm\s+thi\s+hành|có\s+trách\s+nhiệm\s+(?:thi\s+hành|tổ\s+chức\s+thực))"
)
RESPONSIBLE_LINE = re.compile(
    r"(?i:(?:đơn\s+vị|cơ\s+quan)\s+chủ\s+trì(?:\s+thực\s+hiện)?|chủ\s+trì\s+thực\s+hiện"
    r"|cơ\s+quan\s+thực\s+hiện|đơn\s+vị\s+thực\s+hiện)\s*:\s*(?P<who>.+)"
)
META = re.compile(
    r"(?i:^(?:[-+•]\s*)?(?:đơn\s+vị|cơ\s+quan|thời\s+gian|thời\s+hạn|kinh\s+phí|sản\s+phẩm"
    r"|chủ\s+trì|phối\s+hợp|tiến\s+độ|nguồn\s+kinh\s+phí|kết\s+quả\s+đầu\s+ra)[^:]{0,40}:)"
)
# Bodies that head a group of tasks ("1. Sở Y tế", "2. Ủy ban nhân dân các xã, phường:").
_BODY_WORDS = (
    r"(?:các\s+)?(?:sở|ban|bộ|ủy\s+ban|uỷ\s+ban|ubnd|hđnd|hội\s+đồng|công\s+an|đảng\s+ủy"
    r"|đảng\s+uỷ|đảng\s+đoàn|ban\s+cán\s+sự|văn\s+phòng|cục|chi\s+cục|tổng\s+cục|trung\s+tâm"
    r"|hội|liên\s+đoàn|liên\s+minh|đoàn|mặt\s+trận|báo|đài|trường|viện|tòa\s+án|toà\s+án"
    r"|kho\s+bạc|ngân\s+hàng|bảo\s+hiểm|thanh\s+tra|quân\s+ủy|quân\s+khu|bộ\s+chỉ\s+huy"
    r"|bộ\s+đội|cơ\s+quan|đơn\s+vị|địa\s+phương|doanh\s+nghiệp|chủ\s+rừng|tỉnh\s+ủy|tỉnh\s+uỷ"
    r"|thành\s+ủy|thành\s+uỷ|huyện\s+ủy|huyện\s+uỷ|cấp\s+ủy|cấp\s+uỷ|thường\s+trực|các\s+tổ\s+chức"
    r"|ngành|phòng|chủ\s+tịch|giám\s+đốc|thủ\s+trưởng|người\s+đứng\s+đầu|tập\s+đoàn|tổng\s+công\s+ty)"
)
_BODY_START = re.compile(r"(?i:^(?!báo\s+cáo|ban\s+hành)" + _BODY_WORDS + r")\b")
_VERBS = re.compile(
    r"(?i:\b(?:chủ\s+trì|phối\s+hợp|thực\s+hiện|triển\s+khai|tổ\s+chức\s+(?!chính\s+trị)"
    r"|xây\s+dựng|chỉ\s+đạo|hướng\s+dẫn|kiểm\s+tra|tham\s+mưu|rà\s+soát|theo\s+dõi|đôn\s+đốc"
    r"|bố\s+trí|tăng\s+cường|đẩy\s+mạnh|nâng\s+cao|tiếp\s+tục|khẩn\s+trương|tập\s+trung"
    r"|nghiên\s+cứu|đề\s+xuất|báo\s+cáo|ban\s+hành|quán\s+triệt|tuyên\s+truyền|giám\s+sát"
    r"|hoàn\s+thành|bảo\s+đảm|đảm\s+bảo|quản\s+lý|cân\s+đối|chịu\s+trách\s+nhiệm|có\s+trách"
    r"|thường\s+xuyên|kịp\s+thời|giải\s+quyết|xử\s+lý|lãnh\s+đạo|vận\s+động|phát\s+huy))"
)
_TOPIC = re.compile(
    r"(?i:^(?:về\s+|đối\s+với\s+)|^(?:nhiệm\s+vụ|giải\s+pháp|nội\s+dung|công\s+tác|lĩnh\s+vực)"
    r"(?:\s+(?:chung|cụ\s+thể|chủ\s+yếu|trọng\s+tâm|thường\s+xuyên|khác))?\s*:?\s*$)"
)
# The formulas of a preamble: "Căn cứ Luật ...;", "Xét Tờ trình số ...", "Theo đề nghị của ...".
PREAMBLE = re.compile(r"(?i:^(?:căn\s+cứ|xét\b|theo\s+đề\s+nghị|trên\s+cơ\s+sở\s+đề\s+nghị))")
_PAST = re.compile(r"(?i:\b(?:đã|đã\s+được|đạt|được\s+thực\s+hiện)\b)")


# ---------------------------------------------------------------------------------------------
# Finding the task lists


@dataclass(slots=True)
class _Found:
    node: Node
    section: str
    responsible: str | None
    period_text: str
    inline: bool = False  # a paragraph that lists its tasks after "... các nhiệm vụ như:"


def extract_tasks(
    text: str | CleanText,
    default_period: dict | None = None,
    kind: str | None = None,
    text_outline: Outline | None = None,
) -> list[TaskItem]:
    """The tasks of a text, in order, with ordinal paths, periods and responsible bodies.

    `text` is the original text (or its `CleanText`, when the caller cleaned it already).
    `default_period` applies to tasks whose section and text name none (a plan's "giai đoạn
    2026 - 2030" in its title). `kind` is the text's kind when the caller knows it; the
    caller's outline of the same text may be passed in (it is then not built twice).

    >>> plan = "II. NHIỆM VỤ, GIẢI PHÁP\\n1. Tổ chức quán triệt Kết luận.\\n2. Sơ kết năm 2023."
    >>> [(t.ordinal, t.text) for t in extract_tasks(plan)]
    [('II.1', 'Tổ chức quán triệt Kết luận.'), ('II.2', 'Sơ kết năm 2023.')]
    """
    cleaned = text if isinstance(text, CleanText) else clean(text)
    if not cleaned.text.strip():
        return []
    structure = text_outline if text_outline is not None else outline(cleaned, kind)
    found: list[_Found] = []
    start_mode = "assigning" if structure.kind in ASSIGNING_KINDS else "neutral"
    _walk(structure.roots, found, mode=start_mode, section="", who=None, period="")
    tasks = _tasks(cleaned, found, default_period)
    tables = task_tables(cleaned.original)  # (cleaning turns the cells' tabs into spaces)
    if not tables:
        return tasks
    # a task table's rows are its tasks; what the outline read there (a lead-in's table as a
    # paragraph) gives way to them
    spans = [(cleaned.offsets.to_clean(a), cleaned.offsets.to_clean(b)) for a, b, _ in tables]
    kept = [t for t in tasks if not any(a <= t.norm_start < b for a, b in spans)]
    rows = [row for _, _, held in tables for row in held]
    return sorted(kept + _from_tables(cleaned, rows, default_period), key=lambda t: t.start)


def _from_tables(cleaned: CleanText, rows, default_period) -> list[TaskItem]:
    """Tasks of the rows of the text's task tables (loaders/tasktables.py)."""
    out = []
    for row in rows:
        norm_start, norm_end = (
            cleaned.offsets.to_clean(row.start),
            cleaned.offsets.to_clean(row.end),
        )
        body = " ".join(cleaned.text[norm_start:norm_end].split())
        task = TaskItem(row.ordinal, row.start, row.end, body, norm_start=norm_start,
                        norm_end=norm_end)  # fmt: skip
        task.responsible = [row.lead] if row.lead else []
        if row.when:
            task.period = find_period(row.when)  # (a time cell: "Năm 2025" is a period)
            task.deadline = find_deadline(row.when, bare=True)
        task.period = task.period or default_period
        task.deadline = task.deadline or find_deadline(row.text)
        out.append(task)
    return out


def _heading_text(node: Node) -> str:
    return node.block.body or node.block.text


def _walk(
    nodes: list[Node],
    out: list[_Found],
    mode: str,
    section: str,
    who,
    period,
    under_item: bool = False,
) -> None:
    """Collect task nodes. `mode`: "task" (inside a task section or list), "neutral" (look for
    task sections, lead-ins and assignments), "article" (an article that states content, where
    only an assignment is a task), "execution" (an execution article)."""
    for node in nodes:
        b = node.block
        if _quoted(b) or TOC.search(b.text):
            continue
        attached = attached_kind(node)
        if attached is not None:  # a plan issued with a decision: what follows is the plan's
            mode = "assigning" if attached in ASSIGNING_KINDS else "neutral"
            continue
        if b.heading and b.kind in (None, "rom", "art", "chap"):
            title = _heading_text(node)
            if b.kind == "art":
                head = title.split(". ")[0][:300]
                if (EXECUTION.search(head) and not _ISSUES.match(head)) or _assigns(title):
                    if _inline_article_task(node):
                        out.append(_Found(node, title[:300], who, title))
                    _walk(node.children, out, "execution", title, who, title)
                else:
                    _walk(node.children, out, "article", title, who, period)
                continue
            # in an assigning text, a numbered section is work unless its heading says otherwise
            around = mode if b.kind in ("rom", "chap") or mode != "assigning" else "neutral"
            child_mode = _section_mode(title, around)
            if child_mode == "excluded":
                continue
            _walk(
                node.children,
                out,
                child_mode,
                title if child_mode == "task" else section,
                _lead_in_responsible(title) or who,
                title,
            )
            continue
        if b.kind in ITEM_KINDS:
            body = b.body
            if (
                mode == "execution"
                and not node.children
                and (EFFECT.match(body) or not _assigns_or_executes(body))
            ):
                continue  # "1. Quyết định này có hiệu lực từ ngày ..."
            if mode in ("task", "execution"):
                _task_item(node, out, section, who, period)
                continue
            if b.heading or b.bold or _TOPIC.match(body):
                # an item that heads a part: "**1. Về đánh giá tình hình ...**"
                child_mode = _section_mode(body, "neutral" if mode == "assigning" else mode)
                if child_mode == "excluded":
                    continue
                if child_mode == "task" and node.children:
                    _walk(node.children, out, "task", body, _body_of(body) or who, body)
                    continue
            if _lead_in(body) and mode != "article":
                if _assigns(body):
                    out.append(_Found(node, section, who, period))
                _walk(
                    node.children,
                    out,
                    "task",
                    body,
                    _lead_in_responsible(body) or who,
                    body,
                    under_item=True,
                )
                continue
            if mode in ("neutral", "assigning") and not node.children and INLINE_TASKS.search(body):
                out.append(_Found(node, section, who, period, inline=True))
                continue
            if _assigns(body) and not _PAST.search(body[:60]):
                out.append(_Found(node, section, who, period))
            _walk(node.children, out, mode, section, who, period)
            continue
        # a plain paragraph
        text = b.text
        if node.children:  # a lead-in that holds its list
            if (_lead_in(text) and mode != "article") or mode in ("task", "execution"):
                _walk(node.children, out, "task", text, _lead_in_responsible(text) or who, text)
            else:
                _walk(node.children, out, mode, section, who, period)
            continue
        if text.rstrip(" *").endswith(":"):
            continue
        if mode in ("neutral", "assigning") and INLINE_TASKS.search(text):
            # "... đồng chí yêu cầu cần tập trung thực hiện tốt một số nhiệm vụ như: A; B; C"
            out.append(_Found(node, section, who, period, inline=True))
            continue
        if (
            (mode == "execution" and _assigns_or_executes(text))
            or (
                mode in ("neutral", "assigning", "article")
                and _assigns(text)
                and not _PAST.search(text[:60])
            )
            or (mode == "task" and not under_item and _paragraph_task(node, nodes))
        ):
            out.append(_Found(node, section, who, period))


def _task_item(node: Node, out: list[_Found], section: str, who, period) -> None:
    """An item of a task list: a task, unless it only gives properties, groups tasks under a
    body or a topic, assesses, or heads a part that is no work."""
    b = node.block
    body = b.body
    if META.match(body) and not any(c.block.kind in ITEM_KINDS for c in node.children):
        return
    if _section_mode(body, "task") == "excluded" and (b.bold or node.children):
        return  # "1. Mục đích" inside a combined section
    group = _group(node)
    if group != "topic" and not ASSESSMENT.match(body):
        out.append(_Found(node, section, who, period))
    sub_who = (_body_of(body) if group == "body" else None) or who
    sub_section = body if group or _lead_in(body) else section
    _walk(node.children, out, "task", sub_section, sub_who, period, under_item=True)


def _section_mode(title: str, mode: str) -> str:
    """What a heading makes of the part it opens: "task", "excluded", or the mode around it
    ("assigning" texts treat a section as tasks unless its heading excludes it)."""
    head = title.split(":")[0][:160]
    first = re.split(r"[,;]| và ", head)[0]
    if STANDING_DUTIES.search(head):
        return "excluded"  # "NHIỆM VỤ, QUYỀN HẠN": an organ's standing functions
    if TASK_HEADING.search(head) and not NOT_TASK_HEADING.search(first):
        return "task"
    if NOT_TASK_HEADING.search(first) and not TASK_HEADING.search(first):
        return "excluded"
    if mode == "assigning":
        return "task"
    return "neutral" if mode in ("neutral", "article", "excluded") else mode  # or "assigning"


def _lead_in(text: str) -> bool:
    tail = re.split(r"(?<=[.;])\s+(?=[A-ZĐ])", text[-500:])[-1]
    # "Sau khi nghe báo cáo kết quả ..., Bộ Chính trị kết luận như sau:": the last clause says
    last = re.split(r",\s+(?=[^\W\d_])", tail)[-1]
    return (
        text.rstrip(" *").endswith(":")
        and bool(LEAD_IN.search(tail.rstrip(" *")))
        and not NOT_LEAD_IN.search(last)
        and not QUOTING.search(tail)
    )


def _assigns(text: str) -> bool:
    return bool(ASSIGNMENT.search(text[:300])) and len(text) > 20


def _assigns_or_executes(text: str) -> bool:
    if EFFECT.match(text):
        return False
    if _assigns(text):
        return True
    return bool(
        re.search(r"(?i:tổ\s+chức\s+thực\s+hiện|triển\s+khai|giám\s+sát|thi\s+hành)", text)
    ) and not re.match(
        r"(?i:(?:nghị quyết|quyết định|kế hoạch|chỉ thị)"
        r"\s+này\s+có\s+hiệu\s+lực)",
        text,
    )


def _inline_article_task(node: Node) -> bool:
    """ "Điều 3. Chánh Văn phòng ..., Giám đốc ... chịu trách nhiệm thi hành Quyết định này." """
    title = _heading_text(node)
    has_items = any(c.block.kind in ITEM_KINDS for c in node.children)
    return not has_items and len(title) > 60 and _assigns_or_executes(title)


def _quoted(b: Block) -> bool:
    return (
        b.quoted or (bool(b.text) and b.text[0] in QUOTES) or (bool(b.body) and b.body[0] in QUOTES)
    )


def _paragraph_task(node: Node, siblings: list[Node]) -> bool:
    """In a task section without items, each paragraph is a task."""
    if any(s.block.kind in ITEM_KINDS for s in siblings):
        return False
    text = node.block.text
    return (
        len(text) > 30
        and not text.endswith(":")
        and not node.block.heading
        and not PREAMBLE.match(text)
        and not _POINTER.match(text)
    )


# A paragraph that only points to where the tasks are: "(Chi tiết tại Phụ lục kèm theo)",
# "Có Phụ lục nhiệm vụ kèm theo.", "Nội dung cụ thể theo Biểu số 01 đính kèm"
_POINTER = re.compile(
    r"(?i:^[(\[]?\s*(?:(?:nội\s+dung\s+)?(?:chi\s+tiết|cụ\s+thể)|có|xem|theo)?\s*"
    r"(?:tại|theo|như|trong)?\s*(?:các\s+)?(?:phụ\s+lục|biểu|bảng)\b[^.;()]{0,100}[)\]]?\s*\.?$)"
)


def _group(node: Node) -> str | None:
    """ "body" for "1. Sở Y tế" heading its tasks, "topic" for "1. Nhiệm vụ chung", else None."""
    if not _has_items(node):
        return None
    body = node.block.body.rstrip(" .")
    if _TOPIC.match(body) and len(body) < 160:
        return "topic"
    if _BODY_START.match(body) and len(body.split()) <= 25:
        head = body.rstrip(":")
        if body.endswith(":") or not _VERBS.search(head):
            return "body"
    return None


def _has_items(node: Node) -> bool:
    """Items below a node, directly or under a paragraph that announces them."""
    return any(
        c.block.kind in ITEM_KINDS or (c.block.kind is None and c.children and _has_items(c))
        for c in node.children
    )


def _body_of(text: str) -> str | None:
    """The body named at the start of a task ("Sở Y tế chủ trì ...", "Giao Sở Tài chính ...",
    "Về hỗ trợ kinh phí: Giao Bộ Tài chính chủ trì ...")."""
    topic = re.match(r"(?i:về\s+)[^:]{3,200}:\s*", text)
    if topic:
        text = text[topic.end() :]
    m = re.match(
        r"(?i:(?:giao|đề\s+nghị|yêu\s+cầu)\s+(?:cho\s+)?)?(?P<who>(?=[A-ZĐÀ-Ỹ])[^:;.]{2,160}?)"
        r"(?:\s*:|\s+(?=(?i:chủ\s+trì|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|phối\s+hợp"
        r"|khẩn\s+trương|tập\s+trung|tiếp\s+tục|chỉ\s+đạo|thực\s+hiện|triển\s+khai|xây\s+dựng"
        r"|tham\s+mưu|theo\s+dõi|hướng\s+dẫn|bố\s+trí|rà\s+soát|nghiên\s+cứu|căn\s+cứ"
        r"|theo\s+chức\s+năng)\b|tổ\s+chức\s|bảo\s+đảm\s|đảm\s+bảo\s)|\s*$)",
        text,
    )  # ("tổ chức" in lower case is the verb: "Sở Giáo dục và Đào tạo tổ chức bồi dưỡng")
    if not m:
        return None
    who = m["who"].strip(" ,")
    if not _BODY_START.match(who) or len(who.split()) > 40:  # (execution articles list many)
        return None
    return who


def _lead_in_responsible(lead_in: str) -> str | None:
    m = re.search(
        r"(?P<who>(?:Ban|Sở|Ủy\s+ban|Uỷ\s+ban|UBND|Đảng\s+ủy|Đảng\s+uỷ|Đảng\s+đoàn|Các|Bộ"
        r"|Văn\s+phòng|Cấp\s+ủy|Cấp\s+uỷ|Thường\s+trực)[^:;.]{0,100}?)\s+"
        r"(?:thống\s+nhất|tập\s+trung|có\s+trách\s+nhiệm|chủ\s+động|cần|triển\s+khai"
        r"|cụ\s+thể\s+h[oó]á?a?|xây\s+dựng|thực\s+hiện)\b[^:]{0,160}:\s*$",
        lead_in,
    )
    if not m:
        return None
    who = m["who"]
    # "Bộ Nội vụ đề nghị Ủy ban nhân dân các tỉnh ...": the body asked, not the one asking
    asked = re.search(r"(?i:\b(?:đề\s+nghị|yêu\s+cầu|giao)\s+)(?=[A-ZĐÀ-Ỹ])", who)
    if asked:
        who = who[asked.end() :]
    # "..., trên cơ sở ý kiến ..., Ban Tổ chức các tỉnh ủy, thành ủy trong khu vực"
    body_start = r"(?:^|,\s)(?=(?:Ban|Sở|Ủy|Uỷ|UBND|Đảng|Các|Bộ|Văn|Cấp|Thường)\b)"
    starts = [mm.start() for mm in re.finditer(body_start, who)]
    if starts:
        who = who[starts[-1] :].lstrip(", ")
    return " ".join(who.split())


# ---------------------------------------------------------------------------------------------
# From found nodes to tasks


def _tasks(cleaned: CleanText, found: list[_Found], default_period: dict | None) -> list[TaskItem]:
    s = cleaned.text
    tasks: list[TaskItem] = []
    seen: set[str] = set()
    paragraphs = 0
    for f in found:
        node = f.node
        b = node.block
        end = _own_end(node)
        if node.path:
            ordinal = ".".join(p for p in (node.heading_path, ".".join(node.path)) if p)
        elif b.kind == "art":
            ordinal = f"d{b.label}" if not node.heading_path else node.heading_path
        else:
            paragraphs += 1
            ordinal = ".".join(p for p in (node.heading_path, f"p{paragraphs}") if p)
        base, n = ordinal, 1
        while ordinal in seen:
            n += 1
            ordinal = f"{base}~{n}"
        seen.add(ordinal)
        for part, part_start, part_end in _parts(s, f, ordinal, b.start, end):
            tasks.append(_task_of(cleaned, f, part, part_start, part_end, default_period))
    return tasks


def _parts(s: str, f: _Found, ordinal: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The spans of one found task: itself, or the items a paragraph lists inline after its
    lead-in ("... một số nhiệm vụ như: Tập trung ...; Tăng cường ...; Thực hiện ..."), each one
    task (at least two, else the paragraph is one)."""
    if not f.inline:
        return [(ordinal, start, end)]
    m = INLINE_TASKS.search(s, start, end)
    if m is None:
        return [(ordinal, start, end)]
    out, k = [], 0
    for piece in re.finditer(r"[^;]+", s[m.end() : end]):
        a, b = m.end() + piece.start(), m.end() + piece.end()
        while a < b and not s[a].isalnum():
            a += 1
        while b > a and s[b - 1] in " \t\n,.:":
            b -= 1
        if b - a >= 15:
            k += 1
            out.append((f"{ordinal}.{k}", a, b))
    return out if len(out) >= 2 else [(ordinal, start, end)]


def _task_of(cleaned: CleanText, f: _Found, ordinal: str, part_start: int, end: int,
             default_period: dict | None) -> TaskItem:  # fmt: skip
    """One task of the span [part_start, end) of the cleaned text, found as `f`."""
    s = cleaned.text
    node = f.node
    raw = s[part_start:end]
    body = " ".join(raw.replace("**", " ").replace("*", " ").split())
    body = _strip_marker(body)
    start, stop = cleaned.span(part_start, end)
    task = TaskItem(ordinal, start, stop, body, norm_start=part_start, norm_end=end)
    task.section = " ".join(f.section.split())[:300]
    for child in node.children:
        detail = child.block.body or child.block.text
        if (child.block.kind in ITEM_KINDS or child.block.kind is None) and META.match(detail):
            _meta(task, detail)
    for line in re.split(r"(?<=[.;])\s+", body):
        m = RESPONSIBLE_LINE.search(line)
        if m:
            task.responsible.extend(_split_bodies(m["who"]))
    # (a "Thời gian thực hiện:" line under the task is its own too)
    own = find_period(body, specific_only=True) or task.period
    lead = find_period(f.period_text) or default_period
    task.period = own if own else lead
    if own and lead and not _within(own, lead):
        task.period = lead
    task.deadline = task.deadline or find_deadline(body)
    if not task.responsible:
        who = _body_of(body) or _leading_body(node) or f.responsible
        if who:
            task.responsible = [who]
    return task


def _leading_body(node: Node) -> str | None:
    """The body that leads a task in the paragraph under its heading ("2. Rà soát văn bản ...
    \n Bộ Công an chủ trì, phối hợp với ..."): only a body followed by "chủ trì"."""
    for child in node.children[:2]:
        if child.block.kind is not None or child.block.heading:
            break
        text = child.block.text
        who = _body_of(text)
        if who and re.match(r"\s*(?i:chủ\s+trì)\b", text[text.find(who) + len(who) :]):
            return who
    return None


def _own_end(node: Node) -> int:
    """A task's text runs through its continuation paragraphs, up to its first item child (an
    article's task is its own heading: what follows it is the article's other clauses)."""
    end = node.block.end
    if node.block.kind == "art":
        return end
    for child in node.children:
        if child.block.kind in ITEM_KINDS or child.block.heading:
            break
        if META.match(child.block.text) or (_lead_in(child.block.text) and end != node.block.end):
            break
        end = child.block.end
    return end


def _strip_marker(body: str) -> str:
    found = marker(body)
    if found:
        body = body[found[2] :]
    return body.strip()


def _meta(task: TaskItem, text: str) -> None:
    text = " ".join(text.replace("*", " ").split())
    m = RESPONSIBLE_LINE.search(text)
    if m:
        task.responsible.extend(_split_bodies(m["who"]))
        return
    when = re.match(r"(?i:[-+•]?\s*thời\s+(?:gian|hạn)[^:]{0,30}:\s*(?P<v>.+))", text)
    if when:
        period = find_period(when["v"], specific_only=True)
        if period:
            task.period = period
        task.deadline = find_deadline(when["v"], bare=True) or task.deadline


def _split_bodies(who: str) -> list[str]:
    who = " ".join(who.split()).strip(" .;")
    return [w.strip() for w in who.split(";") if w.strip()]


def _within(inner: dict | None, outer: dict) -> bool:
    if not inner:
        return False
    return outer["start"] <= inner["start"] and inner["end"] <= outer["end"]


# --- periods and deadlines ---------------------------------------------------------------------

_ROMAN_QUARTER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
PERIODS = re.compile(
    r"(?i:(?P<half>(?:06|6|sáu)\s+tháng\s+(?P<which>đầu|cuối)\s+năm\s+(?P<hy>(?:19|20)\d\d))"
    r"|(?P<quarter>quý\s+(?P<q>iv|iii|ii|i|[1-4])\s*(?:/|năm\s+)\s*(?P<qy>(?:19|20)\d\d))"
    r"|(?P<span>giai\s+đoạn\s+(?P<y1>(?:19|20)\d\d)\s*[-–]\s*(?P<y2>(?:19|20)\d\d))"
    r"|(?P<year>năm\s+(?P<yy>(?:19|20)\d\d)))"
)


def find_period(text: str, specific_only: bool = False) -> dict | None:
    """The first period a text names: {"start", "end", "text"} (ISO dates), or None.

    >>> find_period("trong 06 tháng cuối năm 2022")["start"]
    '2022-07-01'
    """
    for m in PERIODS.finditer(text or ""):
        if m["half"]:
            y = int(m["hy"])
            first = m["which"].lower() == "đầu"
            start, end = (
                (dt.date(y, 1, 1), dt.date(y, 6, 30))
                if first
                else (dt.date(y, 7, 1), dt.date(y, 12, 31))
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


# A day, a month or a quarter, in figures or in words: "30/6/2025", "31 tháng 12 năm 2025",
# "tháng 6/2025", "tháng 6 năm 2025", "quý III/2025", "Quý III năm 2025".
_WHEN = (
    r"(?P<d>\d{1,2})\s*(?:[/.-]|(?i:\s+tháng\s+))\s*(?P<m>\d{1,2})\s*(?:[/.-]|(?i:\s+năm\s+))"
    r"\s*(?P<y>(?:19|20)\d\d)"
    r"|(?i:tháng\s+)(?P<mm>\d{1,2})\s*(?:[/.-]|(?i:\s+năm\s+))\s*(?P<my>(?:19|20)\d\d)"
    r"|(?i:quý\s+(?P<q>iv|iii|ii|i|[1-4]))\s*(?:[/.-]|(?i:\s+năm\s+))\s*(?P<qy>(?:19|20)\d\d)"
)
_DEADLINE = re.compile(
    r"(?i:(?P<cue>trước\s+ngày|trước\s+(?=\d)|chậm\s+nhất(?:\s+(?:là|vào))?(?:\s+ngày)?|hoàn\s+thành\s+(?:trước|trong)"
    r"(?:\s+ngày)?|xong\s+trước(?:\s+ngày)?|báo\s+cáo[^.;]{0,60}?(?:trước|trong|vào)(?:\s+ngày)?"
    r"|trong\s+(?=tháng|quý)|vào\s+(?:cuối\s+)?(?=quý|tháng))\s*)"
    r"(?:" + _WHEN + r")"
)
_BARE_DEADLINE = re.compile(_WHEN)


def find_deadline(text: str, bare: bool = False) -> str | None:
    """The deadline a task states ("trước ngày 30/6/2025", "trong quý III/2025"), as the ISO
    date of its last day; `bare` also takes a date with no cue (a "Thời gian:" line).

    >>> find_deadline("báo cáo Bộ Chính trị trong quý III/2025")
    '2025-09-30'
    """
    m = (_BARE_DEADLINE if bare else _DEADLINE).search(text or "")
    if not m:
        return None
    try:
        if m["d"]:
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
        if m["mm"]:
            y, mo = int(m["my"]), int(m["mm"])
            return (dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
        y, q = int(m["qy"]), _ROMAN_QUARTER[m["q"].lower()]
        return (dt.date(y + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
    except ValueError:
        return None
