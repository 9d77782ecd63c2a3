"""Links between directives, read from the verbs that join two citations in one sentence.

"Kế hoạch số 03-KH/TW ... thực hiện Kết luận số 21-KL/TW" -> 03 IMPLEMENTS 21;
"Kết luận số 74-KL/TW ... về kết quả 2 năm thực hiện Nghị quyết số 18-NQ/TW" -> 74 REVIEWS 18;
"Căn cứ Nghị định số 15/2020/NĐ-CP" in a decree's own preamble -> (the decree) BASED_ON 15;
"Nghị quyết này thay thế Nghị quyết số 07/2012/NQ-HĐND" -> (the text) REPLACES 07.

A cue ("thực hiện", "căn cứ", "sửa đổi, bổ sung", "thay thế", "bãi bỏ" ...) must stand right
before its target. Its source is the citation it belongs to: one whose own context (date,
issuer, "về ...") leads straight into the cue ("Kế hoạch số 03-KH/TW, ngày 01/12/2021 của Bộ
Chính trị thực hiện ..."). Words that join two documents without one acting on the other ("gắn
với", "cùng với", "và", a subject clause of their own) break that: "Kết luận số 21-KL/TW về xây
dựng, chỉnh đốn Đảng ... gắn với thực hiện Chỉ thị số 05-CT/TW" links neither way. A cue that
belongs to no citation is the text's own only where the text speaks of itself: its title, its
preamble, its purpose section, or a sentence naming it ("Kế hoạch này", "Nghị quyết này"); a cue
in a task or a report of results states no link of the text (the task's own link is the task
stage's business). A cue coordinated by "và" with an earlier one shares its source, and list
members share their head's link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from directive_graph.graph.model import EdgeType, Kind
from directive_graph.loaders.context import date_at, match_date
from directive_graph.loaders.outline import Outline
from directive_graph.loaders.resolve import Reference
from directive_graph.loaders.sentences import Sentences

SELF = -1  # the source index of the text itself (its own directive, or its Document node)

CUE = re.compile(
    r"(?P<REVIEWS>(?:sơ\s+kết|tổng\s+kết|đánh\s+giá(?:\s+kết\s+quả)?|kết\s+quả)"
    r"(?:\s+(?:\d{1,2}|[^\W\d_]+)\s+năm)?(?:\s+[^\W\d_]+){0,2}?\s+(?:thực\s+hiện|triển\s+khai)"
    r"|(?:\d{1,2}|một|hai|ba|bốn|năm|mười)\s+năm\s+(?:thực\s+hiện|triển\s+khai)"
    # "về tổng kết Nghị quyết số 18-NQ/TW": a review of the text named right after
    r"|(?P<bare_review>(?:sơ\s+kết|tổng\s+kết)(?:\s+(?:\d{1,2}|[^\W\d_]+)\s+năm)?(?:\s+việc)?))"
    r"|(?P<AMENDS>sửa\s+đổi(?:\s*,\s*bổ\s+sung)?(?:\s*(?:,|và)\s*bãi\s+bỏ)?(?:\s+một\s+số\s+điều)?"
    r"(?:\s+(?:của|tại))?|điều\s+chỉnh(?:\s*,\s*bổ\s+sung)?(?:\s+một\s+số\s+nội\s+dung)?"
    r"(?:\s+(?:của|tại))?)"
    r"|(?P<SUPPLEMENTS>bổ\s+sung(?:\s+một\s+số\s+điều)?(?:\s+(?:của|vào|tại))?)"
    r"|(?P<REPEALS>(?:bãi\s+bỏ|hủy\s+bỏ|huỷ\s+bỏ)(?:\s+(?:toàn\s+bộ|một\s+số\s+điều))?"
    r"(?:\s+(?:của|tại))?)"
    r"|(?P<SUSPENDS>(?:tạm\s+)?(?:đình\s+chỉ|ngưng)(?:\s+(?:việc\s+)?thi\s+hành|\s+hiệu\s+lực)?"
    r"(?:\s+(?:của|tại))?)"
    r"|(?P<REPLACES>thay\s+thế(?:\s+cho)?)"
    r"|(?P<GUIDES>quy\s+định\s+chi\s+tiết(?:\s+một\s+số\s+điều)?(?:\s*,\s*|\s+và\s+)hướng\s+dẫn"
    r"(?:\s+(?:thi\s+hành|thực\s+hiện))?(?:\s+một\s+số\s+điều)?(?:\s+(?:của|theo))?"
    r"|hướng\s+dẫn(?:\s+(?:thi\s+hành|thực\s+hiện|triển\s+khai))?(?:\s+một\s+số\s+điều)?"
    r"(?:\s+của)?|quy\s+định\s+chi\s+tiết(?:\s+(?:một\s+số\s+điều|thi\s+hành)"
    r"(?:\s+và\s+biện\s+pháp\s+thi\s+hành)?)?(?:\s+(?:của|theo))?)"
    r"|(?P<BASED_ON>căn\s+cứ(?:\s+(?:vào|theo))?)"
    r"|(?P<IMPLEMENTS>(?:triển\s+khai\s+)?thực\s+hiện|triển\s+khai"
    # "nghiên cứu, học tập, quán triệt, tuyên truyền Nghị quyết 59-NQ/TW": the Party's ways of
    # carrying a resolution out
    r"|(?P<spread>(?:(?:nghiên\s+cứu|học\s+tập)\s*,?\s*)*(?:quán\s+triệt"
    r"(?:\s*,?\s*tuyên\s+truyền)?|tuyên\s+truyền(?:\s*,?\s*(?:quán\s+triệt|phổ\s+biến))?))"
    r"|cụ\s+thể\s+hóa"
    r"|cụ\s+thể\s+hoá|theo\s+tinh\s+thần|thi\s+hành)",
    re.IGNORECASE,
)
# The parts of a text an act may reach: "bãi bỏ một số điều, khoản, cụm từ của ...", "thay thế
# Phụ lục I của ...": the act reaches the text in part (PARTIAL), and amends it.
_PARTS = r"(?:điều|khoản|điểm|cụm\s+từ|nội\s+dung|phụ\s+lục|chương|mục|tiết)"
PARTIAL = re.compile(r"\b" + _PARTS + r"\b", re.I)
_WHOLE_ACTS = {EdgeType.REPEALS, EdgeType.REPLACES}
# Between the cue and the citation only light words may stand ("thực hiện các Nghị quyết",
# "sửa đổi, bổ sung khoản 2 Điều 5 của Nghị định", "một số điều của Quy định kèm theo ...").
FILLER = re.compile(
    r"[\s,*\"(]*(?:(?:,\s*)?(?:các|những|đồng\s+bộ|nghiêm\s+túc|nghiêm|có\s+hiệu\s+quả|hiệu\s+quả|tốt"
    r"|kịp\s+thời|quyết\s+liệt|đầy\s+đủ|sâu\s+rộng|thống\s+nhất|khẩn\s+trương|toàn\s+bộ"
    r"|(?:các\s+)?(?:nhiệm\s+vụ|giải\s+pháp|nội\s+dung|mục\s+tiêu|chủ\s+trương|quan\s+điểm)"
    r"(?:\s*,\s*(?:nhiệm\s+vụ|giải\s+pháp|nội\s+dung|mục\s+tiêu))*"
    r"\s+(?:(?:nêu|đề\s+ra|được\s+giao)\s+)?(?:tại|trong|của|theo)"
    r"|(?:điểm\s+[a-zđ]\d?(?:\s*(?:,|và)\s*[a-zđ]\d?\b)*\s*,?\s*)?"
    r"(?:khoản\s+\d{1,3}(?:\s*(?:,|và)\s*\d{1,3}\b)*\s*,?\s*)?(?:điều\s+\d{1,3}[a-zđ]?\s*,?\s*)"
    r"|(?:và\s+)?(?:tại\s+|của\s+|bởi\s+)|phụ\s+lục\s+[ivx\d]+\s*|tiết\s+[\d.]+\s*"
    r"|(?:một\s+số\s+)?" + _PARTS + r"(?:\s*(?:,|và)\s*" + _PARTS + r")*\s*"
    r"|(?:các\s+)?(?:quy\s+định|quy\s+chế|điều\s+lệ|bảng\s+giá)\s+(?:ban\s+hành\s+)?kèm\s+theo"
    r"|chương\s+[ivx\d]+\s*)\s*)*$",
    re.I,
)
# A citation's title, then a note in brackets on what it carries out: "... quy định việc
# nhượng quyền ... (thực hiện điểm a, b khoản 4 Điều 41 Luật Thủ đô)"
_TITLE_PAREN = re.compile(
    r"[\s,]*(?:(?:về|v/v|quy\s+định|hướng\s+dẫn|ban\s+hành|phê\s+duyệt)\s[^.;:()\n]{0,400}?)?"
    r"\s*\(\s*",
    re.I,
)
_SPREAD = re.compile(r"nghiên\s+cứu|học\s+tập|quán\s+triệt|tuyên\s+truyền")  # (lower case)
# Light words that may open a sentence before its subject: "Theo đó, Nghị định số ..."
_LEAD = re.compile(
    r"[\s*\"(-]*(?:(?:theo\s+đó|ngoài\s+ra|đồng\s+thời|bên\s+cạnh\s+đó|trong\s+đó|cụ\s+thể)"
    r"\s*,?\s*)?",
    re.I,
)
# What an insertion puts where: "bổ sung Chương IVb "Chỉ định nhà đầu tư" gồm Điều 44c và Điều
# 44d vào sau Chương IVa của", "bổ sung khoản 5 vào Điều 12 của"
_INSERTED = re.compile(
    r"\s[^.;:\n]{1,160}?\svào\s+(?:sau\s+|trước\s+|cuối\s+)?(?:điểm|khoản|điều|chương|mục|phụ\s+lục)"
    r"\s+[\w.]+(?:\s+(?:khoản|điều|chương|mục)\s+[\w.]+)*\s+(?:của\s+)?",
    re.I,
)
_PASSIVE = re.compile(r"\b(?:đã\s+)?được\s+$", re.I)
# A document noun with no number right before a cue is the cue's subject: no citation's, no text's.
_GENERIC_SUBJECT = re.compile(
    r"(?:các|những|một\s+số)\s+(?:nghị\s+định|thông\s+tư|quyết\s+định|nghị\s+quyết|văn\s+bản"
    r"(?:\s+quy\s+phạm\s+pháp\s+luật)?|luật|quy\s+định|chỉ\s+thị|kế\s+hoạch)\s+$",
    re.I,
)
_COORDINATED = re.compile(r"(?:\bvà|,|;)\s*$", re.I)
_AND_GAP = re.compile(
    r"(?:[\s*]*\"[^\"]{0,300}\")?[\s,;*\"')]*(?:và|cùng|hoặc)?[\s,;*\"')]*(?:số\s*)?", re.I
)
# The title of a list member, then the next of the same kind: "thay thế Nghị quyết số 07/2012/
# NQ-HĐND ngày 12/7/2012 ... quy định mức thu ... và Nghị quyết số 08/2014/NQ-HĐND ..."
_TITLE_GAP = re.compile(
    r"[\s,]+(?:quy\s+định|hướng\s+dẫn|ban\s+hành)\s[^;.:]{0,300}?[\s,;]*\bvà\s+", re.I
)
# What may stand between a citation's own context and the cue it governs.
_LIGHT = re.compile(
    r"[\s,;:*()\"]*(?:có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+(?:ngày\s+)?"
    r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}[\s,]*)?"
    r"(?:(?:về|v/v|để|nhằm|về\s+việc|là|đã)\s+)?"
    r"(?:(?:việc|tiếp\s+tục|đẩy\s+mạnh|tăng\s+cường|lãnh\s+đạo|chỉ\s+đạo|tổ\s+chức|ban\s+hành"
    r"|quy\s+định|nhằm|để"
    # "Quyết định số 1745/QĐ-TTg ... về việc ban hành Kế hoạch thực hiện": what it issues
    r"|kế\s+hoạch|chương\s+trình(?:\s+hành\s+động)?|đề\s+án)[\s,]+){0,3}",
    re.I,
)
_KIND_WORDS = (
    r"kế\s+hoạch|nghị\s+quyết|chỉ\s+thị|quyết\s+định|công\s+văn|văn\s+bản|thông\s+tư"
    r"|nghị\s+định|hướng\s+dẫn|kết\s+luận|quy\s+định|quy\s+chế|chương\s+trình|đề\s+án|luật"
    r"|thông\s+báo|phương\s+án|pháp\s+lệnh"
)
_SELF_NAMED = re.compile(r"(?i:\b(?P<word>" + _KIND_WORDS + r")\s+này\b)")
_PROPOSALS = {Kind.TO_TRINH, Kind.BAO_CAO}  # they propose or report an act, and make none
_ACTS_OF_ARTICLES = {
    EdgeType.AMENDS, EdgeType.SUPPLEMENTS, EdgeType.REPLACES, EdgeType.REPEALS, EdgeType.SUSPENDS,
}  # fmt: skip
_KIND_OF_WORD = {
    "kế hoạch": "ke_hoach", "nghị quyết": "nghi_quyet", "chỉ thị": "chi_thi",
    "quyết định": "quyet_dinh", "công văn": "cong_van", "văn bản": "cong_van",
    "thông tư": "thong_tu", "nghị định": "nghi_dinh", "hướng dẫn": "huong_dan",
    "kết luận": "ket_luan", "quy định": "quy_dinh", "quy chế": "quy_che",
    "chương trình": "chuong_trinh", "đề án": "de_an", "luật": "luat", "thông báo": "thong_bao",
    "phương án": "phuong_an", "pháp lệnh": "phap_lenh",
}  # fmt: skip


# "Quyết định số 12/2020/QĐ-UBND ... hết hiệu lực kể từ ngày 01/7/2025": the cue follows its
# target, and the text that says it (where it speaks of itself) ends the target's force.
_EXPIRES = re.compile(
    r"(?:(?:đều|sẽ|chính\s+thức)\s+)*hết\s+hiệu\s+lực(?:\s+thi\s+hành)?"
    r"(?:\s+(?:kể\s+)?từ\s+(?:ngày\s+)?(?=\d|ngày|(?P<own>" + _KIND_WORDS + r")\s+này\s+có\s+hiệu"
    r"\s+lực)|(?=\s*[.;,]))",
    re.I,
)
# "Thông tư này có hiệu lực thi hành kể từ ngày 20 tháng 9 năm 2024" / "... kể từ ngày ký": the
# day the text takes effect, where it says so of itself
_IN_FORCE = re.compile(
    r"\b(?P<word>" + _KIND_WORDS + r")\s+này\s+(?:(?:sẽ|chính\s+thức)\s+)?có\s+hiệu\s+lực"
    r"(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+(?:(?P<signed>(?:ngày\s+)?ký(?:\s+ban\s+hành)?\b)"
    r"|(?=ngày\s+\d|\d))",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Link:
    source: int  # index into the references; SELF for the text itself
    target: int
    type: EdgeType
    cue: str  # the words that state it
    cue_start: int  # offsets into the cleaned text
    cue_end: int
    until: str | None = None  # "hết hiệu lực kể từ ngày ...": the day it ceased to be in force
    part: str | None = None  # an act on part of the target ("bãi bỏ khoản 2 Điều 7 của"): AMENDS


def find_links(
    refs: list[Reference],
    text: str,
    sentences: Sentences,
    structure: Outline | None = None,
    speaker: int | None = None,
) -> list[Link]:
    """Links stated in a document between its references (`text` is the cleaned text;
    `structure` its outline, which says where the text speaks of itself; `speaker` the citation
    the text speaks as, when that is not its own number: a consolidated text's base)."""
    low = text.lower()
    links: list[Link] = []
    by_target: dict[int, Link] = {}
    self_index = speaker
    if self_index is None:
        self_index = next((i for i, r in enumerate(refs) if r.citation.self), None)
    # "Nghị định số 151/2017/NĐ-CP được sửa đổi, bổ sung tại Nghị định số 114/2024/NĐ-CP và
    # Nghị định số 50/2025/NĐ-CP": the acting citation -> the link it makes on the one before
    acting: dict[int, Link] = {}
    for b, ref in enumerate(refs):
        c = ref.citation
        head = c._list_head
        if head != b and head in acting:  # a member of the list that acts on it
            first = acting[head]
            link = Link(b, first.target, first.type, first.cue, first.cue_start, first.cue_end)
            links.append(link)
            acting[b] = link
            continue
        if head != b and head in by_target:  # a list member shares its head's link
            first = by_target[head]
            link = Link(first.source, b, first.type, first.cue, first.cue_start, first.cue_end)
            links.append(link)
            by_target[b] = link
            continue
        start = c._norm_span[0]
        sentence_start = _clause_start(low, sentences, start)
        prev = _previous_in_sentence(refs, b, sentence_start)
        prev_end = refs[prev].citation._norm_span[1] if prev is not None else sentence_start
        cue = _cue_before(low, prev_end, start)
        before = prev
        if before is None:
            before = _previous_at_level(refs, b, sentences.span(start)[0], by_target)
        elif cue is None and refs[before].citation.kind is not c.kind:
            # "Kết luận số 121-KL/TW ... về tổng kết Nghị quyết số 18-NQ/TW ... và Kết luận số
            # 126-KL/TW": a member of the outer one's kind follows the outer one, not the
            # resolution its subject names
            outer = _previous_at_level(refs, b, sentence_start, by_target)
            if outer is not None and outer != before and refs[outer].citation.kind is c.kind:
                before = outer
        if cue is None and before is not None and before in acting:
            gap_start = max(refs[before].citation._context_end, refs[before].citation._norm_span[1])
            if _AND_GAP.fullmatch(low, min(gap_start, start), start):
                first = acting[before]  # "... tại Nghị định số 114/2024/NĐ-CP ... và Nghị định
                link = Link(b, first.target, first.type, first.cue, first.cue_start, first.cue_end)
                links.append(link)  # số 50/2025/NĐ-CP": both amend it
                acting[b] = link
                continue
        if cue is None and before is not None and before in by_target:
            first = by_target[before]
            gap_start = min(  # after the list member, and whatever is nested in its clause
                max(
                    max(refs[k].citation._context_end, refs[k].citation._norm_span[1])
                    for k in range(before, b)
                ),
                start,
            )
            across = prev is None  # "Thực hiện A ...; B ...": only a list the sentence opens
            opens = (
                first.source in (SELF, self_index)
                or _LIGHT.fullmatch(
                    low, _clause_start(low, sentences, first.cue_start), first.cue_start
                )
                is not None
                or _names_itself(low, sentences, first.cue_start)
                or (  # "Theo đó, Nghị định số 225/2025/NĐ-CP sửa đổi ... của A ...; B ..."
                    first.source >= 0
                    and refs[before].citation.kind is c.kind
                    and _LEAD.fullmatch(
                        low,
                        _clause_start(low, sentences, first.cue_start),
                        refs[first.source].citation._norm_span[0],
                    )
                    is not None
                )
            )
            same_kind = refs[before].citation.kind is c.kind
            light = _AND_GAP.fullmatch(low, gap_start, start) or (
                same_kind and _TITLE_GAP.fullmatch(low, gap_start, start)
            )
            if light and (not across or opens):
                # "Thực hiện Kế hoạch số 14-KH/TU ... và Kế hoạch số 24/KH-UBND": same link
                first = by_target[before]
                link = Link(first.source, b, first.type, first.cue, first.cue_start, first.cue_end)
                links.append(link)
                by_target[b] = link
                continue
        if cue is None:
            if prev is not None and _inside_clause(refs[prev], start):
                link = Link(prev, b, EdgeType.CITES, "", start, start)
                links.append(link)
                by_target[b] = link
            continue
        kind, cue_start, cue_end = cue
        spread = kind is EdgeType.IMPLEMENTS and _SPREAD.match(low, cue_start) is not None
        part = None
        if kind in _WHOLE_ACTS and PARTIAL.search(low, cue_start, start):
            # "bãi bỏ khoản 2 Điều 5 của ...": the text stays in force, amended
            kind, part = EdgeType.AMENDS, " ".join(text[cue_start:start].split()).rstrip(" ,")
        passive = _PASSIVE.search(low, max(sentence_start, cue_start - 10), cue_start)
        if passive is not None:
            # "Nghị định số 151/2017/NĐ-CP được sửa đổi, bổ sung tại Nghị định số 114/2024/NĐ-CP":
            # the citation after the cue acts on the one before it
            acted = prev
            if prev is not None and not _governs(refs[prev], low, passive.start()):
                # "Nghị định số 24/2024/NĐ-CP Quy định chi tiết ... Luật Đấu thầu ..., được bãi
                # bỏ bởi ...": past the law its title names, to the decree
                acted = _previous_at_level(refs, b, sentence_start, by_target)
                inner = refs[prev].citation
                after = max(inner._norm_span[1], inner._context_end)
                if acted == prev or (
                    acted is not None
                    and not _governs(refs[acted], low, passive.start())
                    and _LIGHT.fullmatch(low, after, passive.start()) is None
                ):
                    acted = None
            if acted is not None:
                prev = acted
                link = Link(b, prev, kind, text[cue_start:cue_end], cue_start, cue_end)
                links.append(link)
                acting[b] = link
            continue
        source = None
        if _COORDINATED.search(low, max(sentence_start, cue_start - 6), cue_start):
            earlier = [lk for lk in links if lk.cue_start >= sentence_start and lk.type is kind]
            if earlier:
                source = earlier[-1].source
        if source is None and prev is not None and _governs(refs[prev], low, cue_start):
            source = prev
        if source is None and _GENERIC_SUBJECT.search(
            low, max(sentence_start, cue_start - 40), cue_start
        ):
            continue  # "... của các Nghị định quy định chi tiết Luật ...": a subject with no number
        if source is None:
            source = _itself(refs, b, structure, low, sentence_start, cue_start, self_index, kind)
        if source is None or source == b:
            continue
        if spread and _kind_of(refs, source, structure, self_index) is Kind.HUONG_DAN:
            kind = EdgeType.GUIDES  # "Hướng dẫn ... quán triệt, tuyên truyền Nghị quyết 59"
        if kind in _ACTS_OF_ARTICLES and source >= 0 and refs[source].citation.kind in _PROPOSALS:
            # "Tờ trình số 41/TTr-UBND ... về việc điều chỉnh Nghị quyết số 42/2006/NQ-HĐND": a
            # submission asks for the act; the resolution it proposes makes it
            kind, part = EdgeType.CITES, None
        link = Link(source, b, kind, text[cue_start:cue_end], cue_start, cue_end, part=part)
        links.append(link)
        by_target[b] = link
    for b in range(len(refs)):
        if b not in by_target:
            nested = [lk.target for lk in links if lk.source == b]  # (its clause cites them)
            expiry = _expiry(refs, b, text, low, sentences, structure, self_index, nested)
            if expiry is not None:
                links.append(expiry)
    return links


# "Luật sửa đổi, bổ sung một số điều của Luật Quy hoạch, Luật Đầu tư ... và Luật Đấu thầu": an
# amending law whose name lists the laws it amends (the National Assembly's omnibus laws)
_AMENDING_TITLE = re.compile(
    r"(?i:^(?:bộ\s+)?luật\s+sửa\s+đổi\s*,?\s*bổ\s+sung\s+(?:một\s+số\s+điều\s+)?(?:của\s+)?"
    r"(?:các\s+)?)(?=(?:Bộ\s+)?[Ll]uật\s)"
)
_NEXT_LAW = re.compile(r"\s*(?:,|\bvà\b)\s*(?=(?:Bộ\s+)?[Ll]uật\s)")


def amended_by_title(title: str | None) -> list[str]:
    """The names of the laws an amending law's name lists (none for any other name).

    >>> amended_by_title("Luật sửa đổi, bổ sung một số điều của Luật Quản lý, sử dụng tài sản "
    ...                  "công, Luật Quản lý thuế và Luật Dự trữ quốc gia")
    ['Luật Quản lý, sử dụng tài sản công', 'Luật Quản lý thuế', 'Luật Dự trữ quốc gia']
    >>> amended_by_title("Luật Đầu thầu")
    []
    """
    text = title or ""
    m = _AMENDING_TITLE.match(text)
    if m is None:
        return []
    return [name.strip() for name in _NEXT_LAW.split(text[m.end() :]) if name.strip()]


def _kind_of(refs, source: int, structure: Outline | None, self_index: int | None) -> Kind | None:
    """The kind of a link's source: a citation's, or the text's own (its number's, else its
    title's)."""
    if source >= 0:
        return refs[source].citation.kind
    if self_index is not None:
        return refs[self_index].citation.kind
    kind = structure.kind if structure is not None else None
    return Kind(kind) if kind else None


def _expiry(refs, b, text, low, sentences, structure, self_index, nested=()) -> Link | None:
    """ "<citation> hết hiệu lực (kể từ ngày D)" where the text speaks of itself: the text
    REPEALS the citation, from D when the sentence gives the day. `nested`: the citations its
    own clause links to ("Nghị định số 01/2013/NĐ-CP ... quy định chi tiết Luật Lưu trữ hết
    hiệu lực": the cue follows the law the decree details)."""
    c = refs[b].citation
    end = max(c._norm_span[1], c._context_end)
    pos = low.find("hết hiệu lực", end, end + 240)
    if pos < 0:
        return None
    inner = [max(refs[a].citation._norm_span[1], refs[a].citation._context_end) for a in nested
             if end <= refs[a].citation._norm_span[0] < pos]  # fmt: skip
    start = pos
    while start > end and low[start - 1] in " \t":
        start -= 1
    for word in ("chính thức", "sẽ", "đều"):  # light words the cue may start with
        if low.endswith(word, 0, start):
            start -= len(word)
            while start > end and low[start - 1] in " \t":
                start -= 1
    m = _EXPIRES.match(low, start if low[start:pos].strip() else pos)
    if m is None or low.endswith("đã ", 0, m.start()):
        return None  # "... đã hết hiệu lực": a report of a fact, not the text's own act
    after_inner = bool(inner) and _LIGHT.fullmatch(low, max(inner), m.start()) is not None
    # "Thông tư số 15/2012/TT-BNV ngày ... của Bộ trưởng Bộ Nội vụ hướng dẫn về tuyển dụng ...
    # hết hiệu lực": its title (no "về" first, so no subject read) stands between
    titled = _EXPIRING_TITLE.fullmatch(low, end, m.start()) is not None
    if not (_governs(refs[b], low, m.start()) or after_inner or titled):
        return None
    # the text's own provision: its paragraph names it ("Quyết định này có hiệu lực ... ")
    # ("... hết hiệu lực kể từ ngày Thông tư này có hiệu lực": it names itself after the cue)
    paragraph = low.rfind("\n", 0, c._norm_span[0]) + 1
    named_at = low.find("này", m.end("own")) + 3 if m["own"] else m.start()
    source = _itself(refs, b, structure, low, paragraph, named_at, self_index, EdgeType.REPEALS)
    if source is None or source == b or not _SELF_NAMED.search(low, paragraph, named_at + 1):
        return None
    if m["own"]:  # from the day the text itself takes effect
        own = refs[self_index].citation if self_index is not None else None
        force = own_force(text, str(own.kind), own.issued_on) if own is not None else None
        until = force[0] if force else None
    else:
        found = match_date(text, m.end())
        until = found[0] if found else None
    return Link(source, b, EdgeType.REPEALS, text[m.start() : m.end()].strip(), m.start(),
                m.end(), until)  # fmt: skip


def own_force(text: str, kind: str | None, issued_on: str | None) -> tuple[str, int] | None:
    """(ISO date, offset) of the day a text says it takes effect: "Thông tư này có hiệu lực thi
    hành kể từ ngày 20 tháng 9 năm 2024"; "... kể từ ngày ký" is the day it was signed
    (`issued_on`). Only a sentence that names the text's own `kind` counts ("Quy định này ..."
    in a decision speaks of the regulation it issues); the first such sentence gives the day.

    >>> own_force("Điều 3. Thông tư này có hiệu lực kể từ ngày 01/7/2025.", "thong_tu", None)
    ('2025-07-01', 8)
    >>> own_force("Quyết định này có hiệu lực kể từ ngày ký.", "quyet_dinh", "2025-05-02")
    ('2025-05-02', 0)
    """
    if "hiệu" not in text and "HIỆU" not in text and "Hiệu" not in text:
        return None  # (the scan below reads the whole text)
    for m in _IN_FORCE.finditer(text):
        if kind is not None and _KIND_OF_WORD.get(" ".join(m["word"].lower().split())) != kind:
            continue
        if m["signed"]:
            return (issued_on, m.start()) if issued_on else None
        found = date_at(text, m.end())  # "01/7/2025", "ngày 01 tháng 7 năm 2025"
        return (found[0], m.start()) if found and found[0] else None
    return None


_EXPIRING_TITLE = re.compile(
    r"[\s,]*(?:hướng\s+dẫn|quy\s+định|ban\s+hành|về|sửa\s+đổi|bổ\s+sung)\s[^.;:()\n]{0,300}?\s*"
)
# ", có hiệu lực thi hành kể từ ngày 01/07/2020" right after a citation (the Pháp điển's notes)
_FORCE_AFTER = re.compile(
    r"\s*,?\s*(?:(?:đã|chính\s+thức)\s+)*có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+",
    re.I,
)


def stated_force(text: str, end: int) -> str | None:
    """The day a citation ending at `end` is said to take effect, when the words right after
    it say so: "Luật số 38/2019/QH14, có hiệu lực thi hành kể từ ngày 01/07/2020".

    >>> stated_force("Nghị định số 15/2020/NĐ-CP có hiệu lực từ ngày 15/4/2020.", 26)
    '2020-04-15'
    """
    m = _FORCE_AFTER.match(text, end)
    if m is None:  # past its title: "... của Bộ trưởng Bộ Nội vụ hướng dẫn về ..., có hiệu lực"
        title = _TITLE_BEFORE_FORCE.match(text, end)
        if title is None or _CODE_AT_END.search(title.group()):
            return None  # (a title ending on a number: the force is that number's)
        m = _FORCE_AFTER.match(text, title.end())
        if m is None:
            return None
    found = date_at(text, m.end())
    return found[0] if found else None


_TITLE_BEFORE_FORCE = re.compile(
    r"[\s,]+(?i:hướng\s+dẫn|quy\s+định|ban\s+hành|về|sửa\s+đổi)\s[^.;:()\n]{0,240}?"
    r"(?=\s*,\s*(?i:có\s+hiệu\s+lực))"
)
_CODE_AT_END = re.compile(r"\d\s*[/-]\s*[\w/.-]*$")


def _governs(ref: Reference, low: str, cue_start: int) -> bool:
    """Whether a cue belongs to a citation: only its own context (date, issuer, "về" ...) and
    light words stand between them ("Kế hoạch số 03-KH/TW, ngày 01/12/2021 của Bộ Chính trị
    thực hiện", "Kết luận số 74-KL/TW ... về kết quả 2 năm thực hiện")."""
    c = ref.citation
    end = c._norm_span[1]
    if cue_start < end:
        return False
    if 0 <= c._subject_start <= cue_start <= max(c._context_end, c._subject_start):
        return bool(_LIGHT.fullmatch(low, c._subject_start, cue_start))
    title_from = c._subject_start if c._subject_start >= 0 else c._context_end
    if title_from >= end and _TITLE_PAREN.fullmatch(low, title_from, cue_start):
        return True  # "Nghị quyết số 27/2024/NQ-HĐND ... quy định ... (thực hiện ...)": its note
    context_end = c._subject_start if c._subject_start >= 0 else c._context_end
    if cue_start < context_end:
        return False
    return bool(_LIGHT.fullmatch(low, max(end, context_end), cue_start))


def _itself(refs, b, structure, low, clause_start, pos, self_index, cue) -> int | None:
    """The source of a cue no citation governs: the text itself where it speaks of itself (its
    title, preamble, purpose, or "Kế hoạch này" naming its own kind); "Chỉ thị này" in a text
    of another kind, or in one with no kind (a news report), is the last such directive cited."""
    own = SELF if self_index is None or self_index == b else self_index
    named = None
    for m in _SELF_NAMED.finditer(low, clause_start, pos + 1):
        named = m
    if named is not None:
        kind = _KIND_OF_WORD.get(" ".join(named["word"].split()))
        if structure is not None and structure.kind == kind and kind is not None:
            return own
        if self_index is not None and str(refs[self_index].citation.kind) == kind:
            return own
        for a in range(b - 1, -1, -1):
            if (
                str(refs[a].citation.kind) == kind
                and refs[a].citation._norm_span[1] <= named.start()
            ):
                return a
        return None
    zone = structure.zone(pos) if structure is not None else None
    if zone == "article":  # an article amends, replaces or repeals in the text's own name
        return own if cue in _ACTS_OF_ARTICLES else None
    return own if zone else None


def _names_itself(low: str, sentences: Sentences, pos: int) -> bool:
    return _SELF_NAMED.search(low, _clause_start(low, sentences, pos), pos + 1) is not None


def _previous_at_level(
    refs: list[Reference], b: int, sentence_start: int, by_target: dict[int, Link]
) -> int | None:
    """The citation before `b` at the level of a list: passing over those nested in an earlier
    one's subject or clause ("Căn cứ Nghị định số 151/2017/NĐ-CP ... quy định chi tiết Luật
    Quản lý, sử dụng tài sản công; Nghị định số 114/2024/NĐ-CP ...": 114 follows 151, not the
    law), and repeated mentions ("Chỉ thị số 27/CT-TTg ... (sau đây viết tắt là Chỉ thị số
    27/CT-TTg)")."""
    a = b - 1
    while a > 0:
        same = next(
            (
                k
                for k in range(a - 1, max(-1, a - 4), -1)
                if refs[k].node_id == refs[a].node_id
                and (
                    refs[k].citation._norm_span[0] >= sentence_start
                    or refs[a].citation._norm_span[0] < sentence_start  # (a list over ";")
                )
            ),
            None,
        )
        if same is None or refs[a].node_id is None:
            break
        a = same
    while a >= 0:
        outer = next(
            (
                k
                for k in range(a - 1, max(-1, a - 8), -1)
                if refs[k].citation._subject_start >= 0
                and refs[k].citation._context_end >= refs[a].citation._norm_span[1]
            ),
            None,
        )
        governing = by_target.get(a)
        if outer is None and governing is not None and 0 <= governing.source < a:
            source = refs[governing.source].citation
            if (
                source._norm_span[0] >= sentence_start
                and not source.self
                # (a member of a list itself, "Căn cứ ...", or a decree whose title details
                # the law: "Nghị định số 24/2024/NĐ-CP Quy định chi tiết ... Luật Đấu thầu")
                and (governing.source in by_target or governing.type is EdgeType.GUIDES)
            ):
                outer = governing.source  # the target of a citation's own cue: climb to it
        if outer is None:
            return a
        a = outer
    return None


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
    for m in CUE.finditer(low, window_start, hi):
        if FILLER.fullmatch(low, m.end(), hi) or (
            m.lastgroup == "SUPPLEMENTS" and _INSERTED.fullmatch(low, m.end(), hi)
        ):
            last = m
    if last is None:
        return None
    assert last.lastgroup is not None  # every alternative of CUE is a named group
    return EdgeType(last.lastgroup), last.start(), last.end()
