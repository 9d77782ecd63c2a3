"""Links between directives, read from the verbs that join two citations in one sentence.

"Kế hoạch số 03-KH/TW ... thực hiện Kết luận số 21-KL/TW" -> 03 IMPLEMENTS 21;
"Kết luận số 74-KL/TW ... về kết quả 2 năm thực hiện Nghị quyết số 18-NQ/TW" -> 74 REVIEWS 18;
"Căn cứ Nghị định số 15/2020/NĐ-CP" in a decree's own preamble -> (the decree) BASED_ON 15.

The cue must stand right before the target. The source is the nearest citation before the cue
in the same sentence, except that a cue coordinated by "và" with an earlier one ("... 2 năm
thực hiện NQ 18 và NQ 19 ... và 04 năm thực hiện NQ 39") shares that cue's source, and list
members share their head's link. With no citation before it, the source is the document's own
directive, when the document is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.model import EdgeType
from graph.resolve import Reference
from loaders.sentences import Sentences

_CUE = re.compile(
    r"(?P<REVIEWS>(?:sơ\s+kết|tổng\s+kết|đánh\s+giá(?:\s+kết\s+quả)?|kết\s+quả)"
    r"(?:\s+(?:\d{1,2}|[^\W\d_]+)\s+năm)?(?:\s+[^\W\d_]+){0,2}?\s+(?:thực\s+hiện|triển\s+khai)"
    r"|(?:\d{1,2}|một|hai|ba|bốn|năm|mười)\s+năm\s+(?:thực\s+hiện|triển\s+khai))"
    r"|(?P<AMENDS>sửa\s+đổi(?:\s*,\s*bổ\s+sung)?(?:\s+và\s+bãi\s+bỏ)?(?:\s+một\s+số\s+điều)?"
    r"(?:\s+(?:của|tại))?|bổ\s+sung\s+một\s+số\s+điều(?:\s+của)?)"
    r"|(?P<REPLACES>thay\s+thế(?:\s+cho)?)"
    r"|(?P<GUIDES>hướng\s+dẫn(?:\s+(?:thi\s+hành|thực\s+hiện|triển\s+khai))?(?:\s+một\s+số\s+điều)?"
    r"(?:\s+của)?|quy\s+định\s+chi\s+tiết(?:\s+(?:một\s+số\s+điều|thi\s+hành)"
    r"(?:\s+và\s+biện\s+pháp\s+thi\s+hành)?)?(?:\s+(?:của|theo))?)"
    r"|(?P<BASED_ON>căn\s+cứ(?:\s+(?:vào|theo))?)"
    r"|(?P<IMPLEMENTS>(?:triển\s+khai\s+)?thực\s+hiện|triển\s+khai|quán\s+triệt|cụ\s+thể\s+hóa"
    r"|theo\s+tinh\s+thần|thi\s+hành)",
    re.IGNORECASE,
)
# Between the cue and the citation only light words may stand ("thực hiện các Nghị quyết",
# "triển khai thực hiện đồng bộ Kết luận", "căn cứ vào Quyết định").
_FILLER = re.compile(
    r"[\s,*\"(]*(?:(?:các|những|đồng\s+bộ|nghiêm\s+túc|có\s+hiệu\s+quả|tốt)\s*)*$", re.I
)
_COORDINATED = re.compile(r"(?:\bvà|,)\s*$", re.I)
_AND_GAP = re.compile(r"[\s,]*(?:và|cùng|hoặc)?[\s,]*", re.I)


@dataclass(frozen=True, slots=True)
class Link:
    source: int  # index into the references; -1 for the document's own directive
    target: int
    type: EdgeType
    cue: str  # the words that state it
    cue_start: int  # offsets into the cleaned text
    cue_end: int


def find_links(refs: list[Reference], text: str, sentences: Sentences) -> list[Link]:
    """Links stated in a document between its references (`text` is the cleaned text)."""
    low = text.lower()
    links: list[Link] = []
    by_target: dict[int, Link] = {}
    self_index = next((i for i, r in enumerate(refs) if r.citation.self), None)
    for b, ref in enumerate(refs):
        c = ref.citation
        head = c._list_head
        if head != b and head in by_target:  # a list member shares its head's link
            first = by_target[head]
            link = Link(first.source, b, first.type, first.cue, first.cue_start, first.cue_end)
            links.append(link)
            by_target[b] = link
            continue
        start = c._norm_span[0]
        sentence_start = _clause_start(low, sentences, start)
        prev_end = sentence_start
        prev = _previous_in_sentence(refs, b, sentence_start)
        if prev is not None:
            prev_end = refs[prev].citation._norm_span[1]
        cue = _cue_before(low, prev_end, start)
        if cue is None and prev is not None and prev in by_target:
            gap_start = min(refs[prev].citation._context_end, start)
            if _AND_GAP.fullmatch(low, gap_start, start):
                # "Thực hiện Kế hoạch số 14-KH/TU ... và Kế hoạch số 24/KH-UBND": same link
                first = by_target[prev]
                link = Link(first.source, b, first.type, first.cue, first.cue_start, first.cue_end)
                links.append(link)
                by_target[b] = link
                continue
        if cue is None:
            if prev is not None and _inside_clause(refs[prev], start):
                source = prev
                if source != b:
                    link = Link(source, b, EdgeType.CITES, "", start, start)
                    links.append(link)
                    by_target[b] = link
            continue
        kind, cue_start, cue_end = cue
        source = None
        if _COORDINATED.search(low, max(sentence_start, cue_start - 6), cue_start):
            earlier = [lk for lk in links if lk.cue_start >= sentence_start and lk.type is kind]
            if earlier:
                source = earlier[-1].source
        if source is None and kind is not EdgeType.BASED_ON and prev is not None:
            source = prev
        if source is None:
            source = -1 if self_index is None or self_index == b else self_index
            if self_index is None:
                continue  # stated by a text that is no directive: the document mentions it
        if source == b:
            continue
        link = Link(source, b, kind, text[cue_start:cue_end], cue_start, cue_end)
        links.append(link)
        by_target[b] = link
    return links


def _previous_in_sentence(refs: list[Reference], b: int, sentence_start: int) -> int | None:
    for a in range(b - 1, -1, -1):
        if refs[a].citation._norm_span[1] <= sentence_start:
            return None
        if (
            refs[a].citation._list_head != refs[b].citation._list_head
            or refs[b].citation._list_head == b
        ):
            return a
    return None


def _clause_start(low: str, sentences: Sentences, pos: int) -> int:
    """Start of the sentence, or of its clause after the last semicolon before `pos`."""
    start = sentences.span(pos)[0]
    semicolon = low.rfind(";", start, pos)
    return semicolon + 1 if semicolon >= 0 else start


def _inside_clause(ref: Reference, pos: int) -> bool:
    return ref.citation._context_end > pos and bool(ref.citation.subject)


def _cue_before(low: str, lo: int, hi: int) -> tuple[EdgeType, int, int] | None:
    """The cue that ends right before `hi` (only filler words between), searched after `lo`."""
    window_start = max(lo, hi - 160)
    last = None
    for m in _CUE.finditer(low, window_start, hi):
        last = m
    if last is None or not _FILLER.fullmatch(low, last.end(), hi):
        return None
    return EdgeType(last.lastgroup), last.start(), last.end()
