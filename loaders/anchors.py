r"""The anchors of the citation reader: where ANCHOR_TYPES, ANCHOR_CODES and ANCHOR_ABBREVIATIONS
(`regexes`) match, as their `finditer` scans find them, merged in order.

Two ways to the same list. Without hyperscan (an optional dependency, `pip install hyperscan`),
the three `re` scans. With it, one hyperscan scan of the lower-cased text's UTF-8 bytes finds
every position where one of the patterns can start: its expressions spell `\s`, `\d` and the
letters as the bytes of exactly the characters `re` takes for them, and each type word, code
shape and abbreviation is an expression of its own, so no start hides behind another one's.
Only those positions are then matched with the `re` patterns themselves, keeping `finditer`'s
rule that a match starts at or after the end of the one before: the anchors are the same,
position for position (the abbreviations are looked for in lower case, a superset that the
case-sensitive pattern then sorts out).

`ANCHORS_BACKEND` says which way runs ("hyperscan" or "re"); setting the environment variable
DIRECTIVE_GRAPH_NO_HYPERSCAN=1 before the import keeps to `re`.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable

from directive_graph.loaders import regexes as rx
from directive_graph.loaders.vocab import SHORT_ABBREVIATIONS, TYPE_WORDS

try:
    if os.environ.get("DIRECTIVE_GRAPH_NO_HYPERSCAN"):
        raise ImportError("hyperscan switched off")
    import hyperscan  # type: ignore[import-untyped,import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the environment
    hyperscan = None  # type: ignore[assignment,unused-ignore]

ANCHORS_BACKEND = "hyperscan" if hyperscan is not None else "re"


def anchors_re(s: str, low: str) -> list[int]:
    """The anchors by the three `re` scans (the reference the hyperscan way must equal)."""
    found = [m.start() for m in rx.ANCHOR_TYPES.finditer(low)]
    found += [m.start() for m in rx.ANCHOR_CODES.finditer(low)]
    found += [m.start() for m in rx.ANCHOR_ABBREVIATIONS.finditer(s)]
    found.sort()  # merges the three sorted runs in linear time
    return found


# ---------------------------------------------------------------------------------------------
# hyperscan over UTF-8: the expressions spell each character as its bytes


def _hex(byte: int) -> str:
    return f"\\x{byte:02x}"


def _bytes(ch: str) -> str:
    return "".join(_hex(b) for b in ch.encode())


def _one_of(chars: list[str]) -> str:
    """One character of `chars`, as a trie of their UTF-8 bytes (classes where bytes end)."""
    trie: dict = {}
    for ch in chars:
        node = trie
        for b in ch.encode():
            node = node.setdefault(b, {})

    def emit(node: dict) -> str:
        ends = "".join(_hex(b) for b, child in sorted(node.items()) if not child)
        alts = [f"[{ends}]"] if ends else []
        alts += [_hex(b) + emit(child) for b, child in sorted(node.items()) if child]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(trie)


def _char_class(test: Callable[[str], bool]) -> list[str]:
    return [chr(c) for c in range(sys.maxunicode + 1) if test(chr(c))]


def _expressions() -> tuple[list[bytes], list[int]]:
    """The expressions and, for each, which anchor pattern it stands for (0 types, 1 codes,
    2 abbreviations), written for the UTF-8 bytes of the lower-cased text."""
    space = _one_of(_char_class(str.isspace))  # `\s` of `re` on str
    digit = _one_of(_char_class(str.isdecimal))  # `\d` of `re` on str
    letter = _one_of([*"abcdefghijklmnopqrstuvwxyz", "đ"])
    expressions: list[str] = []
    kinds: list[int] = []
    for phrase in TYPE_WORDS:  # ANCHOR_TYPES: the words, any 1-8 spaces between them
        words = phrase.split()
        expressions.append(f"{space}{{1,8}}".join("".join(_bytes(ch) for ch in w) for w in words))
        kinds.append(0)
    gap = f"{space}{{0,2}}"  # ANCHOR_CODES, with and without the year
    expressions.append(f"{digit}{gap}[-/]{gap}{letter}")
    expressions.append(f"{digit}{gap}[-/]{gap}{digit}{{4}}{gap}/{gap}{letter}")
    kinds += [1, 1]
    for abbr in SHORT_ABBREVIATIONS:  # lower-cased: a superset, checked on the cleaned text
        expressions.append("".join(_bytes(ch) for ch in abbr.lower()) + f"{space}?{digit}")
        kinds.append(2)
    return [e.encode() for e in expressions], kinds


# 1 for a continuation byte of UTF-8 (10xxxxxx), 0 for a byte that starts a character
_CONTINUATION = bytes(1 if 0x80 <= b <= 0xBF else 0 for b in range(256))


class _Scanner:
    """One hyperscan database of every anchor expression, compiled on first use."""

    def __init__(self) -> None:
        expressions, self.kinds = _expressions()
        self.db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self.db.compile(  # an id of each expression's own: expressions that shared one would
            expressions=expressions,  # be reported once an end, with the leftmost start only
            ids=list(range(len(expressions))),
            flags=[hyperscan.HS_FLAG_SOM_LEFTMOST] * len(expressions),
        )

    def candidates(
        self, low: str, most: int | None = None
    ) -> tuple[list[int], list[int], list[int]] | None:
        """The character offsets where each anchor pattern can start in `low`; None as soon as
        there are more than `most` of them."""
        data = low.encode("utf-8", "surrogatepass")  # a lone surrogate: 3 bytes, 1 character
        hits: list[int] = []  # start * 4 + kind: ints, sorted faster than tuples
        kinds = self.kinds
        bound = len(data) if most is None else most

        def on_match(expression: int, start: int, end: int, flags: int, context: object) -> bool:
            hits.append(start << 2 | kinds[expression])
            return len(hits) > bound  # True stops the scan

        try:
            self.db.scan(data, match_event_handler=on_match)
        except hyperscan.ScanTerminated:
            return None
        hits.sort()
        # byte offsets to character offsets in one pass: the characters between two hits are
        # their bytes less the continuation bytes among them (counted in C)
        count = data.translate(_CONTINUATION).count
        starts: tuple[list[int], list[int], list[int]] = ([], [], [])
        byte = char = 0
        for hit in hits:
            start = hit >> 2
            if start != byte:
                char += start - byte - count(1, byte, start)
                byte = start
            starts[hit & 3].append(char)
        return starts


_scanner: _Scanner | None = None


def _first_matches(pattern: re.Pattern[str], text: str, candidates: list[int]) -> list[int]:
    """The starts `pattern.finditer(text)` yields, given every position where it can match, in
    ascending order (a position held twice is tried again, with the same outcome)."""
    found: list[int] = []
    end = 0
    match = pattern.match
    for pos in candidates:
        if pos >= end and (m := match(text, pos)):
            found.append(pos)
            end = m.end()
    return found


def prepare() -> None:
    """Compile the hyperscan database now (about a second, once a process), e.g. before a pool
    of worker processes is forked, so that they share it instead of each compiling its own."""
    global _scanner, _unusable
    if hyperscan is not None and _scanner is None and not _unusable:
        try:
            _scanner = _Scanner()
        except hyperscan.error:  # a CPU hyperscan does not run on (it needs SSSE3)
            _unusable = True


_unusable = False  # hyperscan is installed but cannot compile here: `re` it is


def anchors_hyperscan(s: str, low: str, most: int | None = None) -> list[int] | None:
    """The anchors by one hyperscan scan and `re` matches at its candidates only (None when
    there are more than `most` candidates, or hyperscan cannot run here)."""
    prepare()
    if _scanner is None:
        return None
    candidates = _scanner.candidates(low, most)
    if candidates is None:
        return None
    types, codes, abbreviations = candidates
    found = _first_matches(rx.ANCHOR_TYPES, low, types)
    found += _first_matches(rx.ANCHOR_CODES, low, codes)
    found += _first_matches(rx.ANCHOR_ABBREVIATIONS, s, abbreviations)
    found.sort()
    return found


def anchors(s: str, low: str) -> list[int]:
    """Positions worth a closer look, in order: type words, code shapes, abbreviations (`s` is
    the cleaned text, `low` its lower-cased form of the same length)."""
    if hyperscan is not None and len(s) > 2000:  # a short text: the scans cost less than a call
        # Each candidate costs a few steps of Python here: a text dense with them ("Luật Luật
        # Luật ...", every word an anchor) is scanned faster by `re` alone.
        found = anchors_hyperscan(s, low, most=len(s) // _DENSE)
        if found is not None:
            return found
    return anchors_re(s, low)


_DENSE = 40  # real reports have a candidate every 300-400 characters
