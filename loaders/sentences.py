"""Sentence spans, for the evidence of links ("which sentence says so").

Hard-wrapped PDF text breaks lines inside sentences, so a single newline is no boundary; a blank
line, a list item, or a full stop followed by a capital letter is.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from directive_graph.loaders.regexes import UPPER

_BOUNDARY = re.compile(
    r"(?<=[.!?…])[\"'”)*]*\s+(?=[\"“(*]*[" + UPPER + r"0-9])"  # "... Đảng. Tiếp tục ..."
    r"|\n[ \t]*\n\s*"  # a blank line
    r"|\n(?=[ \t|*>#]*(?:[-+•*]\s|\d{1,2}[.)]\s|[a-zđ]\)\s|[IVX]{1,4}\.\s))"  # a list item
    r"|(?<=[;:])[ \t]*\r?\n\s*"  # a line ending a clause
    r"|(?<=\.)(?=[" + UPPER + r"][^\W\d_]+\s)"  # "...triển khai thực hiện.Thực hiện tốt ..."
)


class Sentences:
    def __init__(self, text: str):
        self.text = text
        starts = [0]
        for m in _BOUNDARY.finditer(text):
            starts.append(m.end())
        self.starts = starts

    def index(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1

    def span(self, pos: int) -> tuple[int, int]:
        i = self.index(pos)
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
        return self.starts[i], end

    def sentence(self, pos: int) -> str:
        start, end = self.span(pos)
        return " ".join(self.text[start:end].split())
