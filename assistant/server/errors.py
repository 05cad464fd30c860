"""Errors as JSON with a Swedish `detail`, and never a traceback to a client."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from assistant.indexing.errors import IndexProblem
from assistant.retrieval.search import QueryProblem

log = logging.getLogger(__name__)

_FIELD_NAMES = {"question": "frågan", "history": "historiken", "query": "frågan", "top_k": "antal träffar", "filters": "filtren", "body": "organ", "since": "från-datum",
                "until": "till-datum", "item_kind": "ärendetyp", "doc_kind": "dokumenttyp"}  # fmt: skip


def _where(location: tuple[object, ...]) -> str:
    """The field's Swedish name; FastAPI prefixes body fields with "body", which users never wrote."""
    parts = list(location[1:] if location[:1] == ("body",) else location)
    names = [_FIELD_NAMES.get(str(part), str(part)) for part in parts]
    return " → ".join(names) or "förfrågan"


_MESSAGES = {
    "missing": "saknas",
    "greater_than_equal": "måste vara minst {ge}",
    "less_than_equal": "får vara högst {le}",
    "greater_than": "måste vara större än {gt}",
    "less_than": "måste vara mindre än {lt}",
    "string_too_long": "är för lång (högst {max_length} tecken)",
    "string_type": "måste vara text",
    "int_parsing": "måste vara ett heltal",
    "int_type": "måste vara ett heltal",
    "date_parsing": "är inget giltigt datum (ÅÅÅÅ-MM-DD)",
    "date_from_datetime_parsing": "är inget giltigt datum (ÅÅÅÅ-MM-DD)",
    "date_type": "är inget giltigt datum (ÅÅÅÅ-MM-DD)",
    "literal_error": "måste vara en av {expected}",
    "json_invalid": "är inte giltig JSON",
    "model_attributes_type": "måste vara ett JSON-objekt",
    "dict_type": "måste vara ett JSON-objekt",
    "extra_forbidden": "är inget känt fält",
}


def swedish(error: dict[str, object]) -> str:
    """One validation error as a Swedish phrase: "antal träffar: måste vara minst 1"."""
    template = _MESSAGES.get(str(error.get("type")), "har ett ogiltigt värde")
    context = error.get("ctx") if isinstance(error.get("ctx"), dict) else {}
    try:
        message = template.format(**context)  # type: ignore[arg-type]
    except (KeyError, IndexError):
        message = "har ett ogiltigt värde"
    return f"{_where(tuple(error.get('loc', ())))}: {message}"  # type: ignore[arg-type]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = "; ".join(swedish(e) for e in error.errors())
        return JSONResponse(status_code=422, content={"detail": f"Ogiltig förfrågan ({problems})."})

    @app.exception_handler(QueryProblem)
    async def _query(request: Request, error: QueryProblem) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": str(error)})

    @app.exception_handler(IndexProblem)
    async def _index(request: Request, error: IndexProblem) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(error)})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse(
            status_code=500,
            content={
                "detail": "Ett oväntat fel inträffade. Försök igen; kvarstår felet, kontakta förvaltningen av tjänsten."
            },
        )
