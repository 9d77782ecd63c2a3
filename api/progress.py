"""Progress on stderr for the command line's long steps (export, push, bench), drawn with
rich's live display: a bar where the amount of work is known, a spinner with the elapsed time
and a running count where it is not.

Only a person sees it: nothing is drawn when stderr is not a terminal (a pipe, a file, a test)
or when the user asked for quiet (`-q`), and nothing is ever written to stdout, so what a
command prints there (an export on `-o -`, `--json`) is never mixed with a bar.

>>> steps = Steps(enabled=False)          # what a script or a test gets: no drawing at all
>>> with steps.step("writing the graph") as step:
...     step.advance(10)
>>> import io
>>> out = io.BytesIO()
>>> with steps.counting(out, "export turtle") as f:
...     _ = f.write(b"abc")
>>> out.getvalue()
b'abc'
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import IO, Any, BinaryIO


def wanted(quiet: bool = False) -> bool:
    """Whether to draw: stderr is a terminal and the user did not ask for quiet."""
    return not quiet and sys.stderr.isatty()


class _Step:
    """One line of work; `advance(n)` adds done units (no-op when nothing is drawn)."""

    def __init__(self, progress: Any = None, task: Any = None):
        self._progress, self._task = progress, task

    def advance(self, n: float = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, n)

    def total(self, total: float | None) -> None:
        """The amount of work once it is known (the bar replaces the spinner)."""
        if self._progress is not None:
            self._progress.update(self._task, total=total)


class _Counting:
    """A binary file that tells a step how many bytes went through it."""

    def __init__(self, f: IO[bytes], step: _Step):
        self._f, self._step = f, step

    def write(self, b: bytes) -> int:
        n = self._f.write(b)
        self._step.advance(len(b))
        return n

    def __getattr__(self, name: str) -> Any:  # flush, fileno, ... of the file itself
        return getattr(self._f, name)


class Steps:
    """The progress display of one command (`enabled=None`: decided by `wanted()`)."""

    def __init__(self, enabled: bool | None = None, quiet: bool = False):
        self.enabled = wanted(quiet) if enabled is None else enabled

    @contextlib.contextmanager
    def step(self, description: str, total: float | None = None, unit: str = "") -> Iterator[_Step]:
        """A line for the block: a bar of `total` units, or a spinner when `total` is None;
        it is cleared when the block ends (the command then prints its result)."""
        if not self.enabled:
            yield _Step()
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}")]
        if unit == "bytes":
            from rich.progress import DownloadColumn, TransferSpeedColumn

            columns += [DownloadColumn(), TransferSpeedColumn()]
        elif total is not None:
            columns += [BarColumn(), MofNCompleteColumn()]
        columns.append(TimeElapsedColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            yield _Step(progress, progress.add_task(description, total=total))

    @contextlib.contextmanager
    def counting(self, f: BinaryIO, description: str) -> Iterator[BinaryIO]:
        """`f`, counting the bytes written through it on a line of its own."""
        with self.step(description, unit="bytes") as step:
            yield f if not self.enabled else _Counting(f, step)  # type: ignore[misc]
