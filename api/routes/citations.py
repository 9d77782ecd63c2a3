"""Citation lookup for other tools: every reference in a text, each with a status."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from directive_graph.api.deps import RegistryDep, SettingsDep, StoreDep
from directive_graph.api.problems import Problem, problem_responses
from directive_graph.api.schemas import CitationList, Resolution
from directive_graph.api.settings import MAX_TEXT_BYTES
from directive_graph.loaders.citations import extract_citations
from directive_graph.loaders.documents import letterhead_date
from directive_graph.queries.lookup import lookup_citations, lookup_ref
from directive_graph.queries.status import check_citations

router = APIRouter(prefix="/citations", tags=["citations"], responses=problem_responses(422, 503))


class TextIn(BaseModel):
    text: str = Field(
        description=f"the text to check, at most {MAX_TEXT_BYTES:,} bytes of UTF-8",
        examples=["Thực hiện Kết luận số 21-KL/TW và NQ 18, Nghị định 15/2020/NĐ-CP."],
    )


def check_size(text: str, limit: int) -> None:
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as e:  # JSON can carry "\ud800", which no UTF-8 text holds
        raise Problem(
            422,
            "Invalid text",
            f"The text holds an unpaired surrogate ({text[e.start]!r} at {e.start}); "
            "send UTF-8 text.",
        ) from e
    if size > limit:
        raise Problem(
            413, "Text too large", f"The text is {size:,} bytes; the limit is {limit:,}. Split it."
        )


@router.post(
    "",
    summary="Find and look up every citation in a text",
    response_model=CitationList,
    responses=problem_responses(400, 413),
)
def post_citations(
    body: TextIn,
    store: StoreDep,
    registry: RegistryDep,
    settings: SettingsDep,
    check: Annotated[
        bool,
        Query(
            description="check each citation against the text's date: was it replaced or "
            "repealed by then?"
        ),
    ] = False,
    on: Annotated[
        str | None,
        Query(
            pattern=r"^\d{4}-\d{2}-\d{2}$",
            description="the text's date, where its letterhead does not give it",
        ),
    ] = None,
) -> dict:
    """The first 1,000 citations of the text (`limit`; `truncated`: it held more, split it),
    each with its span, its parsed fields and a status: `found` (with the id),
    `ambiguous` (with candidates) or `unknown` to the graph. With `check=true`, each also has a
    `check`: whether the directive it cites was replaced, repealed, suspended or had expired
    before the text's date (from its letterhead, or `on`), and what replaced it."""
    check_size(body.text, settings.max_text_bytes)
    cap = settings.max_citations
    citations = extract_citations(body.text, limit=cap + 1)
    bound = {"limit": cap, "truncated": len(citations) > cap}
    citations = citations[:cap]
    if not check:
        return {"citations": lookup_citations(store, registry, citations), **bound}
    day = on or letterhead_date(body.text)
    return {"on": day, "citations": check_citations(store, registry, citations, day), **bound}


@router.get(
    "/resolve", summary="Resolve one reference, with optional context", response_model=Resolution
)
def resolve_one(
    store: StoreDep,
    registry: RegistryDep,
    q: Annotated[str, Query(min_length=1, max_length=500, examples=["NQ 18"])],
    year: Annotated[int | None, Query(ge=1945, le=2100, examples=[2017])] = None,
    issuer: Annotated[str | None, Query(max_length=200, examples=["Bộ Chính trị"])] = None,
) -> dict:
    return lookup_ref(store, registry, q, year=year, issuer=issuer)
