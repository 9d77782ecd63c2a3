"""Loaders: read texts and find what they cite.

The pipeline reads as its modules: `reading` (bytes -> text) -> `clean` (canonical text with an
offset map) -> `citations` (text -> Citation list) -> `evaluate` (scores against gold data).
Names are imported on first use, so that `graph` can use `loaders.clean` without a cycle.
"""

from importlib import import_module

_EXPORTS = {
    "Citation": "graph.model",
    "Form": "graph.model",
    "Kind": "graph.model",
    "extract_citations": "loaders.citations",
    "DecodeError": "loaders.reading",
    "decode_bytes": "loaders.reading",
    "read_text": "loaders.reading",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'loaders' has no attribute {name!r}")
