"""Errors as application/problem+json (RFC 9457): a title and a detail a person can act on.
No stack trace ever leaves the service."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException

from directive_graph.graph.errors import DirectiveGraphError, StoreError

log = logging.getLogger("directive_graph.api")
PROBLEM = "application/problem+json"


class Problem(DirectiveGraphError):
    """An answer of the service's own (401, 413 ...): a status, a title, a detail and extra
    members; every other error of the project maps itself (graph/errors.py)."""

    def __init__(self, status: int, title: str, detail: str, headers=None, **extra):
        super().__init__(detail)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra
        self.headers = headers  # Retry-After ...

    def problem(self) -> dict:
        return self.extra


class ProblemDetail(BaseModel):
    """The body of every error (RFC 9457); some carry more members, named below."""

    model_config = ConfigDict(extra="allow", title="Problem")
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    candidates: list[dict] | None = None  # 300: the directives an ambiguous reference fits
    suggestions: list[str] | None = None  # 404: close ids
    errors: list[dict] | None = None  # 422: each invalid parameter


_WHY = {
    300: "Ambiguous reference: `candidates` lists the directives it fits",
    400: "Malformed request (a body that is not JSON, a contradictory selection)",
    401: "Missing or wrong X-API-Key",
    403: "Writes are disabled: the service has no API key configured",
    404: "Not found; `suggestions` may list close ids",
    408: "The body did not arrive in time",
    413: "Text too large",
    422: "Invalid parameters; `errors` lists each",
    429: "Too many requests from this client; see Retry-After",
    503: "Graph store unavailable, or busy (see Retry-After)",
}


def problem_responses(*statuses: int) -> dict[int | str, dict]:
    """OpenAPI `responses=` for the problems a route can answer, as application/problem+json."""
    schema = ProblemDetail.model_json_schema()
    return {
        status: {"description": _WHY[status], "content": {PROBLEM: {"schema": schema}}}
        for status in statuses
    }


def problem_response(
    status: int, title: str, detail: str, instance: str = "", headers=None, **extra
) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(DirectiveGraphError)
    async def _error(request: Request, exc: DirectiveGraphError):
        """Every error of the project, as it maps itself (status, title, extra members)."""
        if isinstance(exc, StoreError) and not isinstance(exc.__cause__, StoreError):
            log.error("store error on %s: %s", request.url.path, exc)  # (api/deps.py logs its own)
        headers = getattr(exc, "headers", None)
        return problem_response(
            exc.status, exc.title, str(exc), request.url.path, headers=headers, **exc.problem()
        )

    # Starlette's class, not FastAPI's subclass: the router's own 404/405 and FastAPI's "error
    # parsing the body" 400 are raised as Starlette's, and would otherwise leave as plain JSON.
    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException):
        return problem_response(
            exc.status_code,
            _title(exc.status_code),
            str(exc.detail),
            request.url.path,
            headers=exc.headers,  # 405 keeps its Allow header
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        errors = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
            for e in exc.errors()
        ]
        detail = "; ".join(f"{e['where']}: {e['problem']}" for e in errors)
        return problem_response(422, "Invalid request", detail, request.url.path, errors=errors)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)
        return problem_response(
            500,
            "Internal error",
            "The service failed on this request; the log has the details.",
            request.url.path,
        )


def _title(status: int) -> str:
    return {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
            405: "Method not allowed", 413: "Content too large"}.get(status, "Error")  # fmt: skip
