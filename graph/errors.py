"""The project's errors: one tree under DirectiveGraphError.

Every error says in one line what input it is about and how to fix it. Each class carries how
it reaches a person: the command line prints `directive-graph: <message>` and exits with
`exit_code` (api/cli.py, in one place); the service answers an application/problem+json with
`status` and `title` (api/problems.py, in one handler).

    DirectiveGraphError
    ├── InputError            input that cannot be used as given (400; exit 2)
    │   ├── DecodeError       bytes that are not text in a known encoding
    │   ├── DocumentError     a file that cannot be read as a document (docx, pdf, html ...)
    │   ├── RegistryError     a registry file or row that cannot be used
    │   │   └── NotARegistry  a file that is not a registry at all
    │   ├── FormatError       an unknown export or import format
    │   └── QueryError        a question asked wrongly: unknown name, missing arguments
    │       └── UnresolvedReference   names no one directive (300 ambiguous, 404 unknown)
    ├── NotFound              the graph holds nothing the request names (404; exit 2)
    │   └── SelectionError    an export's selection (graph/export.py)
    ├── ConfigError           the program's own settings are wrong (exit 2)
    └── StoreError            the store cannot do what was asked (503; exit 3)
        └── NoGraph           the data directory named holds no graph (exit 2)

>>> try:
...     raise DecodeError("a.txt: not UTF-8; convert it to UTF-8")
... except DirectiveGraphError as e:
...     (e.exit_code, e.status, str(e))
(2, 400, 'a.txt: not UTF-8; convert it to UTF-8')
"""

from __future__ import annotations

from typing import Any


class DirectiveGraphError(Exception):
    """Every error of the project (catch this to catch them all)."""

    exit_code: int = 2  # the command line's exit code
    status: int = 400  # the HTTP status of the service's answer
    title: str = "Bad request"  # the problem's title

    def problem(self) -> dict[str, Any]:
        """Members of the problem document beyond type, title, status and detail."""
        return {}


class InputError(DirectiveGraphError):
    """Input that cannot be used as given: a file, a value, a request."""

    title = "Invalid input"


class TooManyCitations(InputError):
    """A text that holds more citations than the caller's bound: refused before its graph is
    built."""

    status = 413
    title = "Too many citations"


class DecodeError(InputError):
    """Bytes that are not text in an encoding we read (UTF-8, UTF-16, Windows-1258 ...)."""


class DocumentError(InputError):
    """A file that cannot be read as a document of its format."""


class RegistryError(InputError):
    """A registry file or row that cannot be used."""


class NotARegistry(RegistryError):
    """A file given as a registry that is not one (loaders then read it as a text)."""


class FormatError(InputError):
    """An unknown export or import format."""


class QueryError(InputError):
    """A question asked with an unknown name or missing arguments."""

    title = "Invalid query"


class UnresolvedReference(QueryError):
    """A reference that names no one directive: ambiguous (`resolution.candidates`) or unknown
    (`resolution.suggestions`)."""

    def __init__(self, message: str, resolution: Any):
        super().__init__(message)
        self.resolution = resolution
        self.status = 300 if self.ambiguous else 404
        self.title = "Ambiguous reference" if self.ambiguous else "Directive not found"

    @property
    def ambiguous(self) -> bool:
        return self.resolution.status == "ambiguous"

    def problem(self) -> dict[str, Any]:
        if self.ambiguous:
            return {"candidates": self.resolution.candidates}
        return {"suggestions": self.resolution.suggestions}


class NotFound(DirectiveGraphError):
    """The graph holds nothing that the request names."""

    status = 404
    title = "Not found"


class ConfigError(DirectiveGraphError):
    """The program's own settings (environment, options) are wrong."""

    status = 500
    title = "Misconfigured"


class StoreError(DirectiveGraphError):
    """The store cannot do what was asked (unreadable data, a full disk, a server down ...)."""

    exit_code = 3
    status = 503
    title = "Graph store unavailable"


class NoGraph(StoreError):
    """The data directory given holds no graph (a wrong --data, or nothing loaded yet)."""

    exit_code = 2
