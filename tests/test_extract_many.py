"""The batch API and the faster paths of the extractor give exactly what one whole-text read gives:
`extract_many` (in order, one process or several), and the cleaning that runs its length-changing
pattern only around the runs of candidate characters (`graph.text._apply_windows`)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from directive_graph.graph import text as text_module
from directive_graph.graph.errors import InputError
from directive_graph.loaders import anchors as anchors_module
from directive_graph.loaders import citations as citations_module
from directive_graph.loaders import extract_citations, extract_many

FIXTURES = sorted(Path(__file__).parent.glob("*/*.txt"))
CITING = "Thực hiện Nghị quyết số 18-NQ/TW, ngày 25/10/2017 của Ban Chấp hành Trung ương khóa XII"


def every_field(citations) -> list[dict]:
    """All the fields of each citation, the private offsets into the cleaned text included."""
    return [{f.name: getattr(c, f.name) for f in dataclasses.fields(c)} for c in citations]


def whole_text_read(text: str) -> list[dict]:
    """The citations when the length-changing pattern is tried at every character (as before)."""
    windows = text_module._apply_windows
    text_module._apply_windows = lambda t: text_module._apply(
        t, text_module._LENGTH_CHANGING, text_module._rewrite
    )
    try:
        return every_field(extract_citations(text))
    finally:
        text_module._apply_windows = windows


# ---------------------------------------------------------------------------------------------
# extract_many


def test_extract_many_keeps_the_order_of_the_texts():
    texts = [p.read_text(encoding="utf-8") for p in FIXTURES] + ["", "   ", "NQ 18"]
    found = extract_many(texts)
    assert len(found) == len(texts)
    for text, citations in zip(texts, found, strict=True):
        assert every_field(citations) == every_field(extract_citations(text))
    assert found[-1][0].text == "NQ 18" and found[-2] == [] and found[-3] == []


def test_extract_many_in_two_processes_is_the_same_as_in_one():
    texts = [p.read_text(encoding="utf-8") for p in FIXTURES] * 2
    one, two = extract_many(texts, jobs=1), extract_many(texts, jobs=2)
    assert [every_field(c) for c in two] == [every_field(c) for c in one]
    assert sum(map(len, one)) > 20  # the fixtures cite: the comparison is not of empty lists


def test_extract_many_takes_any_iterable_and_more_jobs_than_texts():
    texts = (t for t in [CITING, "Theo NQ 19"])
    found = extract_many(texts, jobs=8)
    assert [c[0].number for c in found] == ["18", "19"]


@pytest.mark.parametrize("jobs", [0, -1, 1.5, "2", True])
def test_extract_many_refuses_a_wrong_number_of_jobs(jobs):
    with pytest.raises(InputError, match="jobs"):
        extract_many([CITING], jobs=jobs)


def test_extract_many_refuses_a_single_string():
    with pytest.raises(InputError, match="one string"):
        extract_many(CITING)


def test_cli_extract_reads_folders_with_jobs(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(CITING, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text("Kết luận số 74-KL/TW", encoding="utf-8")
    cli = [sys.executable, "-m", "directive_graph.api.cli", "extract"]
    out = subprocess.run([*cli, str(tmp_path), "--jobs", "2"], capture_output=True, check=False)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [Path(r["file"]).name for r in rows] == ["a.txt", "b.txt"]
    assert [[c["code"] for c in r["citations"]] for r in rows] == [["18-NQ/TW"], ["74-KL/TW"]]
    one = subprocess.run([*cli, str(tmp_path / "a.txt")], capture_output=True, check=False)
    assert json.loads(one.stdout) == rows[0]["citations"]  # one file: the plain array as before
    bad = subprocess.run([*cli, str(tmp_path), "--jobs", "0"], capture_output=True, check=False)
    assert bad.returncode == 2 and b"--jobs" in bad.stderr


# ---------------------------------------------------------------------------------------------
# Cleaning in windows: the same text, edits and offsets as the pattern tried everywhere

MESSY = [
    CITING,  # clean text: no window at all
    "&amp;" + CITING + "&amp;",  # entities at the very start and end of the text
    CITING.replace("Nghị", "Ngh&#7883;").replace("Trung", "&#84;rung"),  # inside the citation
    CITING.replace("18-NQ", "18&#45;NQ").replace("ô", "&ocirc;"),  # an entity in the code
    unicodedata.normalize("NFD", CITING),  # NFD input: every tone mark a combining character
    "a\u0301" + CITING + "e\u0323\u0302",  # a cluster at the very start and end
    CITING.replace("quyết", "quy\u200bết").replace(" số", "\u00ad số"),  # invisible characters
    # candidates just under and just over the gap that splits windows, a citation between
    "&lt;" + "x" * 38 + "&gt; " + CITING + " &quot;" + "y" * 40 + "&quot;",
    "&" + "z" * 39 + "&#7883;" + CITING + "\u0301",  # a lone "&", then an entity 40 later
    "&" + "a" * 31 + ";" + "&" + "b" * 32 + ";" + CITING,  # the longest entity, one too long
    "&#x1EC7;&#1234567;&#12345678;" + CITING,  # hex, 7 digits, 8 digits (no entity)
    "&\u0301amp; " + CITING,  # a mark right after "&": an NFD cluster, then no entity
]


@pytest.mark.parametrize("text", MESSY)
def test_windowed_cleaning_is_the_whole_text_cleaning(text):
    whole = text_module._apply(text, text_module._LENGTH_CHANGING, text_module._rewrite)
    windows = text_module._apply_windows(text)
    assert windows[0] == whole[0]
    assert (windows[1]._norm, windows[1]._orig, windows[1]._atomic) == (
        whole[1]._norm,
        whole[1]._orig,
        whole[1]._atomic,
    )


@pytest.mark.parametrize("text", MESSY)
def test_citations_of_messy_text_are_those_of_a_whole_text_read(text):
    found = every_field(extract_citations(text))
    assert found == whole_text_read(text)
    assert found and all(text[c["start"] : c["end"]] == c["text"] for c in found)


def test_a_citation_straddles_the_boundary_of_a_window():
    # an entity inside the citation's number and another far from it: two windows, the
    # citation's text in the first one's edge
    text = "Theo Nghị quyết số 1&#56;-NQ/TW" + " " * 60 + "&amp; và Kết luận số 74-KL/TW"
    found = extract_citations(text)
    assert [c.code for c in found] == ["18-NQ/TW", "74-KL/TW"]
    assert found[0].text == "Nghị quyết số 1&#56;-NQ/TW"
    assert every_field(found) == whole_text_read(text)


def test_fixtures_in_nfd_read_as_in_nfc():
    for path in FIXTURES:
        text = unicodedata.normalize("NFD", path.read_text(encoding="utf-8"))
        assert every_field(extract_citations(text)) == whole_text_read(text), path.name


# ---------------------------------------------------------------------------------------------
# Anchors: one hyperscan scan gives the positions of the three `re` scans


@pytest.mark.skipif(anchors_module.hyperscan is None, reason="hyperscan is not installed")
@pytest.mark.parametrize(
    "text",
    [
        *(p.read_text(encoding="utf-8") for p in FIXTURES),
        # a type word inside a longer one, and one that starts inside the one before it
        "thông tư liên bộ luật Đất đai, bộ luật Dân sự, kế hoạch liên tịch 5",
        "1/2024/a 18 - nq / tw 2 -  x; nq 1 NQ1 CTr 5 QĐ 3 qđ 3 tt10 TTLT 2",
        "Nghị\u2003quyết\x1c số 18-NQ/TW\u0663/\u0663-a İ Nghị quyết 5 \U0001d7ce-x",  # \s, \d
        "Nghị" + " " * 9 + "quyết 18, Kế   hoạch\n\n\n 3",  # 9 spaces: past \s{1,8}
        "\ud83d Nghị quyết 18 \udc80 NQ 5 \ud83d\ude00 luật",  # lone surrogates
    ],
)
def test_hyperscan_anchors_are_the_re_anchors(text):
    s = text_module.clean(text, tones=False).text
    low = s.lower()
    if len(low) != len(s):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in s)
    assert anchors_module.anchors_hyperscan(s, low) == anchors_module.anchors_re(s, low)
    assert anchors_module.anchors(s, low) == anchors_module.anchors_re(s, low)


@pytest.mark.skipif(anchors_module.hyperscan is None, reason="hyperscan is not installed")
def test_hyperscan_gives_up_on_a_text_dense_with_candidates():
    text = "Luật " * 1000  # every word a candidate: `re` alone scans it
    assert anchors_module.anchors_hyperscan(text, text.lower(), most=100) is None
    assert anchors_module.anchors(text, text.lower()) == anchors_module.anchors_re(
        text, text.lower()
    )


def test_reading_leaves_the_garbage_collector_as_it_found_it():
    import gc

    assert gc.isenabled()
    extract_citations(CITING)
    assert gc.isenabled()
    gc.disable()
    try:
        extract_citations(CITING)
        assert not gc.isenabled()
    finally:
        gc.enable()
    # an error inside turns it back on too
    with pytest.raises(ZeroDivisionError), citations_module._gc_paused():
        assert not gc.isenabled()
        raise ZeroDivisionError
    assert gc.isenabled()
