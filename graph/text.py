"""Cleaning: messy Vietnamese text -> one canonical form, with a map back to the original offsets.

Each step is small and named. Steps that keep the length (Đ lookalikes, spaces, dashes, quotes,
tone-mark placement, markup blanked to spaces) need no offset bookkeeping; the few that change
it (HTML entities, NFD clusters, invisible characters) record their edits in an `OffsetMap`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

# ---------------------------------------------------------------------------------------------
# Offset bookkeeping


@dataclass(frozen=True, slots=True)
class _Edit:
    start: int  # in the input of the step
    end: int
    replacement: str


class OffsetMap:
    """Maps offsets of the cleaned text back to the original text.

    Stored as breakpoints: cleaned offset `norm[k]` corresponds to original offset `orig[k]`, and
    between breakpoints the two advance together, except inside a replaced chunk (`atomic[k]`),
    where every cleaned offset maps to the chunk's start (for starts) or end (for ends).
    """

    __slots__ = ("_atomic", "_norm", "_orig")

    def __init__(self) -> None:
        self._norm: list[int] = [0]
        self._orig: list[int] = [0]
        self._atomic: list[bool] = [False]

    @property
    def identity(self) -> bool:
        return len(self._norm) == 1

    @classmethod
    def from_edits(cls, edits: list[_Edit]) -> OffsetMap:
        m = cls()
        delta = 0
        for e in edits:
            ns = e.start + delta
            m._push(ns, e.start, True)
            delta += len(e.replacement) - (e.end - e.start)
            m._push(e.end + delta, e.end, False)
        return m

    def _push(self, norm: int, orig: int, atomic: bool) -> None:
        if self._norm[-1] == norm:
            self._orig[-1], self._atomic[-1] = orig, atomic
        else:
            self._norm.append(norm)
            self._orig.append(orig)
            self._atomic.append(atomic)

    def start(self, i: int) -> int:
        if self.identity:
            return i
        k = bisect_right(self._norm, i) - 1
        if self._atomic[k]:
            return self._orig[k]
        return self._orig[k] + (i - self._norm[k])

    def to_clean(self, orig: int) -> int:
        """The cleaned offset of an original offset (the inverse of `start`)."""
        if self.identity:
            return orig
        k = bisect_right(self._orig, orig) - 1
        if self._atomic[k]:
            return self._norm[k]
        return self._norm[k] + (orig - self._orig[k])

    def end(self, j: int) -> int:
        if self.identity:
            return j
        k = bisect_right(self._norm, j) - 1
        if self._atomic[k] and j > self._norm[k]:
            return self._orig[k + 1] if k + 1 < len(self._orig) else self._orig[k]
        if self._atomic[k]:
            return self._orig[k]
        return self._orig[k] + (j - self._norm[k])


def _apply(text: str, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]):
    """Rewrite every match; return the new text and the edits (only where text changed)."""
    edits: list[_Edit] = []
    parts: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        new = repl(m)
        if new == m.group():
            continue
        parts.append(text[last : m.start()])
        parts.append(new)
        edits.append(_Edit(m.start(), m.end(), new))
        last = m.end()
    if not edits:
        return text, OffsetMap()
    parts.append(text[last:])
    return "".join(parts), OffsetMap.from_edits(edits)


# ---------------------------------------------------------------------------------------------
# Steps that change the length, done in one pass so that one set of edits maps back

_LENGTH_CHANGING = re.compile(
    # "&ocirc;", "&#7889;", "&nbsp;": web pages kept as raw HTML (a district Party committee site).
    r"(?P<entity>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});)"
    # A base letter followed by combining marks: decomposed (NFD) input from Macs and PDF tools.
    r"|(?P<nfd>.[\u0300-\u036f]+)"
    # Zero-width characters, BOMs and soft hyphens that PDF and web copies leave inside words.
    r"|(?P<invisible>[\u00ad\u200b\u200c\u200d\u2060\ufeff]+)",
    re.DOTALL,
)
_INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


def _rewrite(m: re.Match[str]) -> str:
    if m.lastgroup == "entity":
        return unicodedata.normalize("NFC", html.unescape(m.group()))
    if m.lastgroup == "nfd":
        return unicodedata.normalize("NFC", m.group())
    return ""


def compose_text(text: str) -> tuple[str, OffsetMap]:
    """Decode entities, compose NFD to NFC and drop invisible characters, keeping an offset map."""
    # `ch in text` per character is a C scan that stops at the first hit: many times faster than
    # one regex scan for a character class over a whole document
    if (
        "&" not in text
        and not any(ch in text for ch in _INVISIBLE_CHARS)
        and unicodedata.is_normalized("NFC", text)
    ):
        return text, OffsetMap()
    return _apply_windows(text)


# Every match of _LENGTH_CHANGING holds a character of this class: "&" (an entity starts with
# it), a combining mark (an NFD cluster is the letter before its marks), an invisible character.
_CANDIDATE = re.compile("[&\u0300-\u036f" + _INVISIBLE_CHARS + "]")
_LAST_CANDIDATE = re.compile("(?s:.*)[&\u0300-\u036f" + _INVISIBLE_CHARS + "]")  # backtracks
_CHUNK = 4096  # a stretch of text this long without a candidate ends a window
_LONGEST_ENTITY = 34  # "&" + a letter + 31 letters or digits + ";"


def _apply_windows(text: str) -> tuple[str, OffsetMap]:
    """`_apply(text, _LENGTH_CHANGING, _rewrite)`, with the pattern run only in windows around
    the candidate characters instead of being tried at every character of the text.

    The result is the same: a match starts at its first candidate or one character before it
    (the letter of an NFD cluster) and ends at most _LONGEST_ENTITY characters after its last
    candidate. A window runs from one character before a candidate to _LONGEST_ENTITY
    characters past the last candidate before _CHUNK characters that hold none, so each window
    starts where the whole scan would try a match afresh and holds every match that the whole
    scan finds in it. Looking for candidates a chunk at a time keeps text dense with them (a
    page of entities, an NFD file) at one search per chunk."""
    edits: list[_Edit] = []
    parts: list[str] = []
    last = 0
    n = len(text)
    search = _CANDIDATE.search
    pos = 0
    while (first := search(text, pos)) is not None:
        clean_from = first.end()  # the candidates so far all lie before this
        while search(text, clean_from, clean_from + _CHUNK) is not None:
            clean_from += _CHUNK
        past = first.end()  # just past the last candidate: it lies in the last chunk read
        if clean_from > past:
            tail = _LAST_CANDIDATE.match(text, clean_from - _CHUNK, clean_from)
            assert tail is not None  # the chunk held a candidate
            past = tail.end()
        start = max(0, first.start() - 1)
        end = min(n, past + _LONGEST_ENTITY)
        for m in _LENGTH_CHANGING.finditer(text, start, end):
            new = _rewrite(m)
            if new == m.group():
                continue
            parts.append(text[last : m.start()])
            parts.append(new)
            edits.append(_Edit(m.start(), m.end(), new))
            last = m.end()
        pos = clean_from + _CHUNK
    if not edits:
        return text, OffsetMap()
    parts.append(text[last:])
    return "".join(parts), OffsetMap.from_edits(edits)


# ---------------------------------------------------------------------------------------------
# Steps that keep the length

# One character for another: lookalikes, spaces, dashes, quotes, word-segmentation underscores.
_SAME_LENGTH_CHARS: dict[str, str] = {
    "\u00d0": "Đ",  # Ð (Icelandic eth) typed for Đ, e.g. in Wikipedia copies
    "\u0189": "Đ",  # Ɖ (African D), another lookalike
    "\u00f0": "đ",  # ð for đ
    "\u00a0": " ",  # no-break space, common in PDF and HTML copies
    "\u2007": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u3000": " ",
    "\t": " ",
    "_": " ",  # word-segmented corpora join syllables: "Nghị_quyết"
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",  # en dash: "21 – NQ/TW"
    "\u2014": "-",
    "\u2212": "-",
    # Cyrillic capitals that look Latin, pasted into symbols ("NĐ-CР" with a Cyrillic Р)
    "\u0410": "A",
    "\u0412": "B",
    "\u0415": "E",
    "\u041a": "K",
    "\u041c": "M",
    "\u041d": "H",
    "\u041e": "O",
    "\u0420": "P",
    "\u0421": "C",
    "\u0422": "T",
    "\u0425": "X",
    "\u201c": '"',  # curly double quotes around titles
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2018": "'",
    "\u2019": "'",
}


def fold_characters(text: str) -> str:
    for old, new in _SAME_LENGTH_CHARS.items():
        if old in text:  # a C scan per character, far faster than one regex over the text
            text = text.replace(old, new)
    return text


def _tone_tables() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Pairs (vowel with tone, plain vowel) for a/e/y and the tone moved onto o/u."""
    tones = ["\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
    strip: dict[str, str] = {}
    carry: dict[tuple[str, str], str] = {}
    for base in "aeyAEY":
        for tone in tones:
            strip[unicodedata.normalize("NFC", base + tone)] = base + tone
    for base in "oOuU":
        for tone in tones:
            carry[(base, tone)] = unicodedata.normalize("NFC", base + tone)
    return strip, carry


_STRIP, _CARRY = _tone_tables()
# The newer placement puts the tone on the second vowel of an open "oa/oe/uy" syllable ("khoá",
# "hoá", "uỷ"); the older one on the first ("khóa", "hóa", "ủy"). Both are correct Vietnamese and
# both occur in one corpus; we fold to the older one. "quý" is left alone ("qu" is one consonant),
# and "hoạch" too, since a final consonant fixes the tone on the second vowel in both styles.
_TONE = re.compile(
    r"(?:[oO][" + "".join(k for k in _STRIP if k.lower()[0] in "áàảãạéèẻẽẹ") + r"]"
    r"|[uU][" + "".join(k for k in _STRIP if k.lower() in "ýỳỷỹỵ") + r"])(?![^\W\d_])"
)


def _move_tone(m: re.Match[str]) -> str:
    first, second = m.group()[0], m.group()[1]  # a vowel and the toned one after it
    start = m.start()
    if (
        start and m.string[start - 1] in "qQ"
    ):  # checked here, not as a look-behind at every position
        return m.group()
    decomposed = _STRIP[second]
    return _CARRY[(first, decomposed[1])] + decomposed[0]


def fold_tone_placement(text: str) -> str:
    return _TONE.sub(_move_tone, text)


# Markup inside a text file (pages kept with their HTML, markdown converted by tools): each tag
# becomes spaces of the same length, so a citation split by "<em>" still reads as one.
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,500}>")


def blank_markup(text: str) -> str:
    if "<" not in text:
        return text
    return _TAG.sub(lambda m: " " * (m.end() - m.start()), text)


# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CleanText:
    """The canonical text and the way back to the original's offsets."""

    original: str
    text: str
    offsets: OffsetMap

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.start(start), self.offsets.end(end)


def clean(text: str, tones: bool = True) -> CleanText:
    """Normalise `text` for matching: NFC, entities, lookalikes, spacing, tone placement.

    The extractor passes `tones=False` for whole documents: its patterns accept both tone
    placements (see `regexes.both_tones`), which saves a full pass over the text, and it folds
    the short strings it keeps (issuer, subject) afterwards.
    """
    out, mapping = compose_text(text)
    out = blank_markup(fold_characters(out))
    if tones:
        out = fold_tone_placement(out)
    return CleanText(text, out, mapping)


def fold_key(text: str) -> str:
    """A comparison key: cleaned, lower-case, single-spaced (for names and titles)."""
    return " ".join(clean(text).text.lower().split())
