"""Ingesting a text (write access: an API key)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict

from fastapi import APIRouter
from pydantic import BaseModel, Field

from directive_graph.api.deps import RegistryDep, SettingsDep, StoreDep, WriteAccess
from directive_graph.api.problems import problem_responses
from directive_graph.api.routes.citations import check_size
from directive_graph.api.schemas import DocumentLoaded
from directive_graph.loaders.documents import SourceDocument, letterhead_date
from directive_graph.loaders.load import build_batch

MAX_UNRESOLVED = 200  # the unresolved citations a response lists (unresolved_total counts all)

router = APIRouter(prefix="/documents", tags=["documents"])


class DocumentIn(BaseModel):
    name: str = Field(
        min_length=1,
        max_length=200,
        pattern=r"^[^\x00-\x1f\x7f]+$",  # no control characters (NUL failed the loader)
        examples=["bao-cao-6-thang.txt"],
    )
    text: str = Field(description="UTF-8 text, at most 1,000,000 bytes")


@router.post(
    "",
    status_code=201,
    dependencies=[WriteAccess],
    summary="Load a text into the graph",
    response_model=DocumentLoaded,
    responses=problem_responses(400, 401, 403, 413, 422, 503),
)
def post_document(
    body: DocumentIn, store: StoreDep, registry: RegistryDep, settings: SettingsDep
) -> dict:
    check_size(body.text, settings.max_text_bytes)
    digest = hashlib.sha256(body.text.encode("utf-8")).hexdigest()
    src = SourceDocument(
        path=f"api:{body.name}",
        format="txt",
        text=body.text,
        title=body.text.strip().split("\n", 1)[0][:200] or None,
        sha256=digest,
        issued_on=letterhead_date(body.text),
    )
    batch, unresolved = build_batch(src, registry, settings.max_document_citations)
    with store.session() as session:  # committed before the response: others see it at once
        result = session.apply(batch)
    return {
        "document": batch.document.id,
        "unchanged": result.unchanged,
        "nodes_new": result.nodes_new,
        "nodes_updated": result.nodes_updated,
        "edges_new": result.edges_new,
        "unresolved": [asdict(u) for u in unresolved[:MAX_UNRESOLVED]],
        "unresolved_total": len(unresolved),
    }
