"""Task -> Directive links: stated ones from the task's own words, inferred ones from its subject.

Stated: a citation inside the task, typed by the nearest cue before it in its clause: "sơ kết",
"tổng kết", "đánh giá kết quả thực hiện" -> REVIEWS; "triển khai thực hiện", "thực hiện",
"quán triệt", "cụ thể hóa", "theo tinh thần" (or no cue: a task that names a directive carries
it out) -> IMPLEMENTS.

Inferred: a task that does not cite a directive of its document but works on that directive's
subject. The subject is cut into key phrases (runs of syllables between generic words such as
"công tác", "cán bộ", "nâng cao"); the link is made when the task contains phrases covering at
least half of the subject's key syllables. The evidence lists the matched phrases; confidence is
capped below stated links (1.0), which always rank first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from directive_graph.graph.model import EdgeType
from directive_graph.graph.text import fold_key
from directive_graph.loaders.relations import CUE, FILLER
from directive_graph.loaders.resolve import Reference
from directive_graph.loaders.tasks import TaskItem

# Words and pairs too common in Party and state texts to show what a directive is about.
GENERIC_PAIRS = frozenset((
    "công tác", "cán bộ", "đảng viên", "xây dựng", "thực hiện", "nâng cao", "chất lượng",
    "một số", "vấn đề", "tăng cường", "đẩy mạnh", "tiếp tục", "đổi mới", "hệ thống", "tổ chức",
    "cơ sở", "hoạt động", "hiệu quả", "hiệu lực", "tình hình", "giai đoạn", "tầm nhìn",
    "quy định", "kết luận", "nghị quyết", "chỉ thị", "kế hoạch", "chương trình", "triển khai",
    "phát triển", "nhà nước", "nhân dân", "toàn diện", "lãnh đạo", "chỉ đạo", "quản lý",
    "trung ương", "thành phố", "công chức", "viên chức", "đối với", "các cấp", "đội ngũ",
    "yêu cầu", "nhiệm vụ", "giải pháp",
))  # fmt: skip
GENERIC_WORDS = frozenset((
    "và", "của", "các", "những", "trong", "về", "cho", "theo", "mới", "việc", "với", "đến",
    "năm", "sau", "được", "có", "là", "này", "đó", "đảng", "tỉnh", "số", "điều", "lại", "hơn",
    "nữa", "tốt",
))  # fmt: skip
MIN_COVERAGE = 0.5
INFERRED_CAP = 0.8
_SPLIT = re.compile(r"[,;:.()\"“”'’\-–/]|\s+và\s+|\s+hoặc\s+")


# A document named by its kind and title, whose title holds a cue: "Quy định về thi hành ..."
_TITLE_NOUN = re.compile(
    r"\b(?:quy\s+định|hướng\s+dẫn|quy\s+chế|nghị\s+định|thông\s+tư|kế\s+hoạch)(?:\s+về)?\s+$"
)
# A task that amends, replaces, repeals or suspends a directive does not carry it out.
_NO_TASK_LINK = {"AMENDS", "SUPPLEMENTS", "REPLACES", "REPEALS", "SUSPENDS"}


@dataclass(frozen=True, slots=True)
class TaskLink:
    task: int  # index into the tasks
    ref: int  # index into the references
    type: EdgeType
    stated: bool
    confidence: float
    evidence_text: str  # the cue, or the matched phrases


def stated_links(tasks: list[TaskItem], refs: list[Reference], low: str) -> list[TaskLink]:
    """Citations inside each task's own text (`low` is the cleaned lower-case text)."""
    links = []
    own = _own_ids(refs)
    for t, task in enumerate(tasks):
        t0, t1 = task.norm_start, task.norm_end
        for r, ref in enumerate(refs):
            start = ref.citation._norm_span[0]
            if not (t0 <= start < t1) or not ref.resolved or ref.node_id in own:
                continue
            clause = max(t0, low.rfind(";", t0, start) + 1, low.rfind(". ", t0, start) + 1)
            cue = None
            for m in CUE.finditer(low, clause, start):
                if m["bare_review"] and not FILLER.fullmatch(low, m.end(), start):
                    continue  # "sơ kết, tổng kết công tác ... theo Quyết định": no review of it
                if _TITLE_NOUN.search(low, max(clause, m.start() - 24), m.start()):
                    continue  # "sửa đổi ... Quy định về thi hành Điều lệ Đảng": a title's words
                cue = m
            if cue and cue.lastgroup in _NO_TASK_LINK:
                continue  # "sửa đổi, bổ sung Quy định số 11-QĐi/TW": work on it, not under it
            kind = EdgeType.REVIEWS if cue and cue.lastgroup == "REVIEWS" else EdgeType.IMPLEMENTS
            text = cue.group() if cue else "named in the task"
            links.append(TaskLink(t, r, kind, True, 1.0, text))
    return links


def _own_ids(refs: list[Reference]) -> set[str]:
    return {ref.node_id for ref in refs if ref.citation.self and ref.node_id}


def key_phrases(subject: str) -> list[str]:
    """Runs of non-generic syllables: "công tác quy hoạch cán bộ" -> ["quy hoạch"]."""
    phrases = []
    for chunk in _SPLIT.split(fold_key(subject)):
        words = [w for w in chunk.split() if w.isalpha()]
        generic = [w in GENERIC_WORDS for w in words]
        for i in range(len(words) - 1):
            if f"{words[i]} {words[i + 1]}" in GENERIC_PAIRS:
                generic[i] = generic[i + 1] = True
        run: list[str] = []
        for word, common in [*zip(words, generic, strict=True), ("", True)]:
            if not common:
                run.append(word)
                continue
            if len(run) >= 2:
                phrases.append(" ".join(run))
            run = []
    return phrases


def infer_links(
    tasks: list[TaskItem], refs: list[Reference], stated: list[TaskLink]
) -> list[TaskLink]:
    """Inferred links from each task to the directives its document cites (never to one the
    task already cites)."""
    subjects: dict[str, tuple[int, list[str]]] = {}
    own = {ref.node_id for ref in refs if ref.citation.self}
    for r, ref in enumerate(refs):
        node_id = ref.node_id
        if node_id is None or node_id in subjects or node_id in own:  # None: not resolved
            continue  # (a text's tasks are its own: they do not implement the text itself)
        about = " ".join(
            x for x in (ref.citation.subject, ref.registry.title if ref.registry else None) if x
        )
        phrases = list(dict.fromkeys(key_phrases(about)))
        if phrases:
            subjects[node_id] = (r, phrases)
    cited = {(lk.task, refs[lk.ref].node_id) for lk in stated}
    for t, task in enumerate(tasks):  # named in the task in any way (to amend it, say): no guess
        for ref in refs:
            if task.norm_start <= ref.citation._norm_span[0] < task.norm_end:
                cited.add((t, ref.node_id))
    out = []
    for t, task in enumerate(tasks):
        text = " " + " ".join(re.findall(r"\w+", fold_key(task.text))) + " "
        for node_id, (r, phrases) in subjects.items():
            if (t, node_id) in cited:
                continue
            total = sum(len(p.split()) for p in phrases)
            matched = [p for p in phrases if f" {p} " in text]
            covered = sum(len(p.split()) for p in matched)
            if not matched or covered < 2 or covered / total < MIN_COVERAGE:
                continue
            confidence = round(INFERRED_CAP * covered / total, 3)
            terms = "; ".join(matched)
            out.append(TaskLink(t, r, EdgeType.IMPLEMENTS, False, confidence, terms))
    return out


def link_tasks(
    tasks: list[TaskItem], refs: list[Reference], low: str
) -> tuple[list[TaskLink], list[TaskLink]]:
    """The stage's verb: (stated, inferred) links of a document's tasks to the directives it
    cites (`low`: the cleaned text, lower-case)."""
    stated = stated_links(tasks, refs, low)
    return stated, infer_links(tasks, refs, stated)
