"""Loaders: read texts and find what they cite.

The pipeline reads as its modules: `reading` (bytes -> text) -> `clean` (canonical text with an
offset map) -> `citations` (text -> Citation list) -> `evaluate` (scores against gold data).
"""

from graph.model import Citation, Form, Kind
from loaders.citations import extract_citations
from loaders.reading import DecodeError, decode_bytes, read_text

__all__ = [
    "Citation",
    "DecodeError",
    "Form",
    "Kind",
    "decode_bytes",
    "extract_citations",
    "read_text",
]
