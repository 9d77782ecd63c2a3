"""The text work of a load, in worker processes: reading, decoding, cleaning, extraction and
everything else of a document that does not need the store (loaders/load.py `load_paths`).

A load is two passes over its texts, and each text's work is done once, by one process:

1. `Texts.read()`: every text is read, cleaned and its citations extracted (`read_text_of`);
   the main process is told each one's document id, the corpus entries it states (what one
   text says of a code dates another text's bare mention of it: Registry.with_corpus) and the
   kind of its own number. The read text stays in the process that read it.
2. `Texts.build(entries, skip)`: with the registry knowing the whole corpus, each text not in
   `skip` (unchanged: the store holds it) gets its batch (`batch_of`: outline, sentences, tasks,
   resolution, links); the main process takes them in file order (`Texts.batch(i)`) and writes
   them, so the graph is the one a load in one process gives.

The one input of a batch a worker cannot know is what the store holds when the main process
writes it: the registry's lookup of a code neither it nor the corpus knows
(`graph_entries(directives_with(code))`). A worker answers it "nothing" and says which codes it
asked; the main process asks the store the same questions when it takes the batch (seeing every
document written before) and builds the batch again itself when any answer is not empty. So the
batch is the one the store's answers give, whichever process made it.

With `jobs=1` (or fewer than two texts) everything runs in the calling process. A worker that
dies (killed, out of memory) is reported, not waited for: the text it had in hand fails with a
one-line reason, and the main process does the rest of its share itself.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from directive_graph.graph.errors import InputError
from directive_graph.graph.model import Edge, EdgeType, Evidence, Label, Node
from directive_graph.graph.registry import Entry, Registry
from directive_graph.graph.store import Batch

# A process keeps the texts it read for the second pass up to this many characters (all of its
# share, in most loads; a text held takes several times its size); beyond, it reads the rest
# again in the second pass.
HOLD_CHARS = 50_000_000


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # (not on Linux)
        return max(1, os.cpu_count() or 1)


@dataclass(slots=True)
class Outcome:
    """What the first pass learnt of one text. `kind`: "text" (read: `doc_id`, `entries`,
    `own_kind`), "failed" (`error`: the one-line reason, as the load reports it) or "main"
    (a file that may be a graph written by `export`: the main process loads it in order, as
    before; `entries` are what it states as a text)."""

    kind: str
    doc_id: str = ""
    entries: list[Entry] = field(default_factory=list)
    own_kind: str = ""
    error: str = ""


# --- batches across processes -----------------------------------------------------------------
# A Batch as plain tuples, dicts and strings: pickled several times faster than its dataclasses.


def encode_batch(batch: Batch) -> tuple:
    doc = batch.document
    return (
        doc.id,
        str(doc.label),
        doc.props,
        batch.facts,
        {k: str(v) for k, v in batch.labels.items()},
        [
            (e.source, e.target, str(e.type), e.props,
             [(v.document, v.start, v.end, v.sentence, v.text, v.stated, v.confidence, v.note)
              for v in e.evidence])
            for e in batch.edges
        ],
    )  # fmt: skip


def decode_batch(data: tuple) -> Batch:
    doc_id, label, props, facts, labels, edges = data
    labels = {k: Label(v) for k, v in labels.items()}
    batch = Batch(Node(doc_id, Label(label), props), facts, labels)
    for source, target, type_, edge_props, evidence in edges:
        edge = Edge(source, target, EdgeType(type_), [Evidence(*v) for v in evidence], edge_props)
        batch.edges.append(edge)
        batch._index[(source, target, edge.type)] = edge
    return batch


# --- the work on one text -----------------------------------------------------------------------


def _may_be_graph(path: Path) -> bool:
    """Whether `_exported_graph` may take the file for a graph (then the main process loads it,
    in order): an RDF or JSON suffix, or first bytes that look like one."""
    from directive_graph.loaders.load import RDF_SUFFIXES, _sniffed

    suffix = path.suffix.lower()
    return suffix in RDF_SUFFIXES or suffix == ".json" or _sniffed(path) is not None


def _read_one(path: Path, hold: Callable[[object], None]) -> Outcome:
    from directive_graph.loaders.citations import extract_citations
    from directive_graph.loaders.documents import read_document
    from directive_graph.loaders.load import read_text_of, shown_path
    from directive_graph.loaders.resolve import corpus_entries

    if _may_be_graph(path):
        try:  # what it states as a text, as the corpus of a load in one process has it
            entries = corpus_entries(
                extract_citations(read_document(path).text), shown_path(str(path))
            )
        except (InputError, OSError):
            entries = []
        return Outcome("main", entries=entries)
    try:
        read = read_text_of(read_document(path))
    except (InputError, OSError) as e:  # a file that cannot be read: the load reports it
        return Outcome("failed", error=str(e))
    hold(read)
    return Outcome("text", read.doc_id, read.corpus(), read.own_kind())


def _build_one(path: Path, read, registry: Registry) -> tuple:
    """(encoded batch, unresolved) of one text; `read` None: read it again."""
    from directive_graph.loaders.documents import read_document
    from directive_graph.loaders.load import batch_of, read_text_of

    if read is None:
        read = read_text_of(read_document(path))
    batch, unresolved = batch_of(read, registry)
    return batch, unresolved


class _Asked:
    """The registry's lookup in a worker: answers "nothing" and notes the codes asked."""

    def __init__(self) -> None:
        self.codes: list[str] = []

    def __call__(self, code: str) -> list[Entry]:
        self.codes.append(code)
        return []


# --- a worker process -----------------------------------------------------------------------------


def _worker(conn: Connection, others: list[Connection], paths: list[tuple[int, Path]],
            registry: Registry, lookup: bool) -> None:  # fmt: skip
    """Pass 1 over `paths` ((index, path) pairs), then pass 2 when told (see Texts)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides, and ends us
    for other in others:  # the main process's ends: a pipe whose reader is gone says so
        other.close()
    held: dict[int, object] = {}
    read_ok: set[int] = set()  # the texts of pass 2 (the others are the main process's)
    size = 0
    try:
        for i, path in paths:

            def hold(read, i=i) -> None:
                nonlocal size
                if size < HOLD_CHARS:
                    held[i] = read
                    size += len(read.src.text)

            try:
                outcome = _read_one(path, hold)
            except Exception as e:  # a fault of ours: the main process raises it
                conn.send((i, _failure(e)))
                continue
            if outcome.kind == "text":
                read_ok.add(i)
            conn.send((i, outcome))
        message = conn.recv()
        if message is None:
            return
        entries, skip = message
        asked = _Asked() if lookup else None
        full = registry.with_corpus(entries, asked)
        for i, path in paths:
            if i in skip or i not in read_ok:
                held.pop(i, None)
                continue
            if asked is not None:
                asked.codes = []
            reply: tuple
            try:
                batch, unresolved = _build_one(path, held.pop(i, None), full)
                reply = ("ok", encode_batch(batch), unresolved, asked.codes if asked else [])
            except (InputError, OSError) as e:
                reply = ("failed", str(e))
            except Exception as e:
                reply = _failure(e)
            conn.send((i, reply))
    except (EOFError, BrokenPipeError, ConnectionResetError):
        return  # the main process is gone


def _failure(e: Exception) -> tuple:
    text = "".join(traceback.format_exception(e)).rstrip()
    try:
        import pickle

        pickle.dumps(e)
        return ("raise", e, text)
    except Exception:
        return ("raise", None, text)


def _raise(reply: tuple) -> None:
    """Raise in the main process what a worker raised (a fault of the program, not of a file)."""
    _, exception, text = reply
    if exception is not None:
        raise exception
    raise RuntimeError(f"a load worker failed:\n{text}")


# --- the main process's side ----------------------------------------------------------------------


class Texts:
    """The texts of one load (`paths`, indexed by position), read and built in `jobs` worker
    processes (in this process with jobs=1, or for fewer than two texts). Use as a context
    manager (the workers end with it); `read()` once, then `build()` once, then `batch(i)` for
    the texts read ("text", not skipped), in increasing order of i."""

    def __init__(self, paths: list[Path], registry: Registry, jobs: int | None,
                 directives_with=None):  # fmt: skip
        self.paths = paths
        self.registry = registry
        self.jobs = max(1, min(jobs or default_jobs(), len(paths)))
        self.directives_with = directives_with
        self.outcomes: list[Outcome | None] = [None] * len(paths)
        self._held: dict[int, object] = {}  # read texts kept here (in-process, or a dead worker's)
        self._held_chars = 0
        self._done: dict[int, tuple] = {}  # pass-2 replies received ahead of their turn
        self._full: Registry | None = None
        self._conns: list[Connection] = []
        self._procs: list = []
        self._dead: set[int] = set()
        self._died: dict[int, str] = {}  # index -> why the text failed with its worker
        if self.jobs > 1 and len(paths) > 1:
            self._start()

    # workers

    def _owner(self, i: int) -> int:
        return i % self.jobs

    def _start(self) -> None:
        methods = multiprocessing.get_all_start_methods()
        ctx: Any = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        pipes = [ctx.Pipe() for _ in range(self.jobs)]
        self._conns = [mine for mine, _ in pipes]
        for w in range(self.jobs):
            share = [(i, p) for i, p in enumerate(self.paths) if self._owner(i) == w]
            proc = ctx.Process(
                target=_worker,
                args=(pipes[w][1], self._conns, share, self.registry,
                      self.directives_with is not None),
                name=f"directive-graph-load-{w}",
                daemon=True,
            )  # fmt: skip
            proc.start()
            pipes[w][1].close()
            self._procs.append(proc)

    def __enter__(self) -> Texts:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for conn in self._conns:
            conn.close()
        for proc in self._procs:
            proc.join(timeout=2)
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=5)
        self._procs, self._conns = [], []

    def _receive(self, w: int) -> tuple | None:
        """The next message of worker `w`, or None when it died (it is then marked dead)."""
        if w in self._dead:
            return None
        conn, proc = self._conns[w], self._procs[w]
        while True:
            ready = wait([conn, proc.sentinel])
            if conn in ready:
                try:
                    return conn.recv()
                except (EOFError, OSError):
                    pass
            elif conn.poll():
                continue
            proc.join(timeout=5)
            self._dead.add(w)
            return None

    def _why_dead(self, w: int) -> str:
        code = self._procs[w].exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return f"the worker process reading it died ({how}); load it again, alone, to see why"

    # pass 1

    def read(self) -> list[Outcome]:
        """Pass 1 over every text; each one's Outcome, in order."""
        if not self._procs:
            for i in range(len(self.paths)):
                self.outcomes[i] = self._read_here(i)
            return self.outcomes  # type: ignore[return-value]
        remaining = {w: [i for i in range(len(self.paths)) if self._owner(i) == w]
                     for w in range(self.jobs)}  # fmt: skip
        while any(remaining.values()):
            live = [w for w, left in remaining.items() if left]
            wait([self._conns[w] for w in live] + [self._procs[w].sentinel for w in live])
            for w in live:
                conn = self._conns[w]
                while remaining[w] and conn.poll():
                    try:
                        i, outcome = conn.recv()
                    except (EOFError, OSError):
                        break
                    if isinstance(outcome, tuple):  # ("raise", exception, traceback)
                        _raise(outcome)
                    self.outcomes[i] = outcome
                    remaining[w].remove(i)
                if remaining[w] and not self._procs[w].is_alive() and not conn.poll():
                    self._procs[w].join(timeout=5)
                    self._dead.add(w)
                    left, remaining[w] = remaining[w], []
                    # the text in hand failed with it; the rest are read here
                    why = f"{self.paths[left[0]]}: {self._why_dead(w)}"
                    self.outcomes[left[0]] = Outcome("failed", error=why)
                    for i in left[1:]:
                        self.outcomes[i] = self._read_here(i)
        return self.outcomes  # type: ignore[return-value]

    def _read_here(self, i: int) -> Outcome:
        def hold(read) -> None:
            if self._held_chars < HOLD_CHARS:
                self._held[i] = read
                self._held_chars += len(read.src.text)

        return _read_one(self.paths[i], hold)

    # pass 2

    def build(self, entries: list[Entry], skip: set[int], lookup) -> None:
        """Start pass 2: the registry with the corpus `entries` and `lookup` (the store's
        answer for a code: see the module's docstring); texts in `skip` are not built."""
        self._full = self.registry.with_corpus(entries, lookup)
        for i in skip:
            self._held.pop(i, None)
        for w, conn in enumerate(self._conns):
            if w not in self._dead:
                try:
                    conn.send((entries, skip))
                except (BrokenPipeError, OSError):
                    self._dead.add(w)

    def ready(self, i: int, seconds: float) -> bool:
        """Whether text i's batch comes without waiting (longer than `seconds`)."""
        w = self._owner(i)
        if not self._procs or w in self._dead:
            return True
        try:
            return self._conns[w].poll(seconds)
        except (EOFError, OSError):
            return True

    def batch(self, i: int) -> tuple[Batch, list, list[str]]:
        """Text i's (batch, unresolved, codes a worker looked up): see the module's docstring.
        A text that cannot be read raises InputError, as read_document does."""
        assert self._full is not None, "build() first"
        w = self._owner(i)
        if self._procs and w not in self._dead:
            message = self._receive(w)
            if message is not None:
                j, reply = message
                assert j == i, f"worker {w} sent text {j}, not {i}"
                if reply[0] == "ok":
                    return decode_batch(reply[1]), reply[2], reply[3]
                if reply[0] == "failed":
                    raise _Failed(reply[1])
                _raise(reply)
            self._died[i] = f"{self.paths[i]}: {self._why_dead(w)}"
        if i in self._died:
            raise _Failed(self._died.pop(i))
        batch, unresolved = _build_one(self.paths[i], self._held.pop(i, None), self._full)
        return batch, unresolved, []


class _Failed(InputError):
    """A text that could not be read or built (its message is the one-line reason)."""
