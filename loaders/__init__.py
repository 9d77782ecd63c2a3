"""The pipeline, in stage order; each stage is a module with one public verb.

1. `reading`: bytes -> text (`read_text`; `decode_bytes` names a wrong encoding)
2. `documents`: a file (txt, html, docx, pdf) -> a SourceDocument (`read_document`); the text is
   cleaned for matching by `graph.text.clean` (NFC, with offsets into the original), which the
   graph shares
3. `citations`: text -> Citations with their fields and exact spans (`extract_citations`;
   `extract_many` for many texts, in worker processes)
4. `resolve`: a Citation -> a Reference to one node of the graph (`resolve`)
5. `outline`: text -> blocks, headings, numbered items and zones (`outline`)
6. `relations`: citations in their sentences -> links between directives (`find_links`)
7. `tasks`: an outline -> the document's tasks (`extract_tasks`)
8. `tasklinks`: tasks -> the directives they carry out (`link_tasks`)
9. `titles`: a document's caption as a reader writes it (`document_title`)
10. `load`: one document -> one Batch (`build_batch`); files and folders -> a store
    (`load_paths`)

`evaluate` scores the citations against gold data (queries.evaluate scores the graph).
"""

from directive_graph.graph.model import Citation, Form, Kind
from directive_graph.loaders.citations import extract_citations, extract_many
from directive_graph.loaders.documents import SourceDocument, read_document
from directive_graph.loaders.load import build_batch, load_paths
from directive_graph.loaders.outline import outline
from directive_graph.loaders.reading import DecodeError, decode_bytes, read_text
from directive_graph.loaders.relations import find_links
from directive_graph.loaders.resolve import resolve
from directive_graph.loaders.tasklinks import link_tasks
from directive_graph.loaders.tasks import extract_tasks

__all__ = [
    "Citation",
    "DecodeError",
    "Form",
    "Kind",
    "SourceDocument",
    "build_batch",
    "decode_bytes",
    "extract_citations",
    "extract_many",
    "extract_tasks",
    "find_links",
    "link_tasks",
    "load_paths",
    "outline",
    "read_document",
    "read_text",
    "resolve",
]  # fmt: skip
