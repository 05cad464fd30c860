"""Errors as JSON with a Swedish `detail`, and never a traceback to a client.

Under /v1 the same message is also given the way OpenAI's clients expect it,
`{"error": {"message", "type"}}`, so they show it instead of a generic failure.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.indexing.errors import IndexMissing, IndexProblem, IndexUnavailable
from assistant.indexing.lock import IndexBusy
from assistant.retrieval.search import QueryProblem
from assistant.server.documents.documents_errors import DocumentNotFound, DocumentRejected
from assistant.server.items.items_errors import ItemNotFound
from assistant.server.openai_compat.openai_errors import ChatRequestProblem
from assistant.understanding.periods import PeriodNotUnderstood

log = logging.getLogger(__name__)

BUSY = "Indexet uppdateras redan av en annan inläsning. Försök igen om en stund."
UNEXPECTED = "Ett oväntat fel inträffade. Försök igen; kvarstår felet, kontakta förvaltningen av tjänsten."
EMPTY_QUESTION = "Frågan är tom. Skriv vad du vill veta, till exempel «Vad beslutades om SIP?»."
NO_INDEX = "Det finns inget index ännu. Bygg det med `assistant ingest` (eller `make run`)."
INDEX_UNAVAILABLE = "Indexet kan inte öppnas just nu. Försök igen; kvarstår felet, kontakta förvaltningen av tjänsten."
_FIELD_NAMES = {"question": "frågan", "history": "historiken", "query": "frågan", "top_k": "antal träffar", "filters": "filtren", "body": "organ", "since": "från-datum",
                "until": "till-datum", "item_kind": "ärendetyp", "doc_kind": "dokumenttyp", "file": "filen", "format": "format",
                "messages": "meddelandena", "content": "innehållet", "role": "rollen", "model": "modellen", "stream": "stream"}  # fmt: skip
HTTP_MESSAGES = {
    400: "Förfrågan kunde inte tolkas.",
    401: "Inloggning krävs.",
    403: "Åtkomst nekad.",
    404: "Det som efterfrågades finns inte.",
    405: "Metoden stöds inte för den här adressen.",
    413: "Förfrågan är för stor.",
    415: "Innehållstypen stöds inte.",
}
_SOURCES = ("body", "query", "path")


def index_message(problem: IndexProblem) -> str:
    """What a client is told about an unusable index: what to do, never the server's folders or URLs
    (the index's location, perhaps a Chroma URL with credentials, stays in the log)."""
    if isinstance(problem, IndexMissing):
        return NO_INDEX
    if isinstance(problem, IndexUnavailable):
        log.warning("the index cannot be opened: %s", problem)
        return INDEX_UNAVAILABLE
    return str(problem)


class ErrorBody(BaseModel):
    """Every error of the API: what went wrong, in Swedish, never a traceback."""

    detail: str = Field(description="what went wrong and what to do, in Swedish")


class OpenAIError(BaseModel):
    message: str
    type: str
    code: str | None = None
    param: str | None = None


class OpenAIErrorBody(ErrorBody):
    """Errors under /v1: the same `detail`, and OpenAI's `error` object that its clients show."""

    error: OpenAIError


def error_responses(*statuses: int, openai: bool = False) -> dict[int | str, dict[str, object]]:
    """OpenAPI descriptions of the error statuses a route can answer with (FastAPI's `responses=`).

    Errors are JSON even on routes whose own responses are a stream; FastAPI would document them
    with the route's media type, so application/json is named explicitly as well."""
    model = OpenAIErrorBody if openai else ErrorBody
    json_body = {"application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}
    return {
        status: {"model": model, "description": _DESCRIPTIONS.get(status, "fel"), "content": json_body}
        for status in statuses
    }


_DESCRIPTIONS = {
    400: "förfrågan kan inte besvaras som den är",
    401: "API-nyckel saknas eller gäller inte",
    404: "finns inte",
    409: "konflikt",
    413: "för stor",
    415: "fel filtyp",
    422: "ogiltig förfrågan",
    500: "oväntat fel (detaljerna finns i serverns logg)",
    503: "indexet saknas eller uppdateras",
}


class SwedishHTTPException(StarletteHTTPException):
    """An HTTP error raised outside a handler (e.g. by middleware) whose `detail` is already for users."""


# FastAPI's prefix of a field's location; users never wrote it


def _where(location: tuple[object, ...]) -> str:
    """The field's Swedish name; the location's prefix ("body", "query", "path") is dropped."""
    parts = list(location[1:] if location[:1] and location[0] in _SOURCES else location)
    names = [_FIELD_NAMES.get(str(part), str(part)) for part in parts]
    return " → ".join(names) or "förfrågan"


_MESSAGES = {
    "missing": "saknas",
    "greater_than_equal": "måste vara minst {ge}",
    "less_than_equal": "får vara högst {le}",
    "greater_than": "måste vara större än {gt}",
    "less_than": "måste vara mindre än {lt}",
    "string_too_long": "är för lång (högst {max_length} tecken)",
    "too_long": "har för många element (högst {max_length})",
    "too_short": "har för få element (minst {min_length})",
    "string_type": "måste vara text",
    "int_parsing": "måste vara ett heltal",
    "int_type": "måste vara ett heltal",
    "bool_parsing": "måste vara true eller false",
    "bool_type": "måste vara true eller false",
    "list_type": "måste vara en lista",
    "date_parsing": "är inget giltigt datum (ÅÅÅÅ-MM-DD)",
    "date_from_datetime_parsing": "är inget giltigt datum (ÅÅÅÅ-MM-DD)",
    "date_type": "är inget giltigt datum (ÅÅÅÅ-MM-DD)",
    "literal_error": "måste vara en av {expected}",
    "json_invalid": "är inte giltig JSON",
    "model_attributes_type": "måste vara ett JSON-objekt",
    "dict_type": "måste vara ett JSON-objekt",
    "extra_forbidden": "är inget känt fält",
    "string_pattern_mismatch": "måste innehålla minst en bokstav eller siffra",
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


def _empty_question(error: object) -> bool:
    """A question or query without a letter or digit (the request models' `pattern`)."""
    if not isinstance(error, dict) or error.get("type") != "string_pattern_mismatch":
        return False
    location = tuple(error.get("loc") or ())
    return bool(location) and location[-1] in ("question", "query")


def error_content(path: str, status: int, message: str, code: str | None = None) -> dict[str, object]:
    """`{"detail": message}`; under /v1 also OpenAI's `{"error": {...}}`."""
    content: dict[str, object] = {"detail": message}
    if path.startswith("/v1/") or path == "/v1":
        kind = "invalid_request_error" if status < 500 else "server_error"
        content["error"] = {"message": message, "type": kind, "code": code, "param": None}
    return content


def error_response(
    request: Request, status: int, message: str, *, headers: dict[str, str] | None = None, code: str | None = None
) -> JSONResponse:
    """The error as JSON: a Swedish `detail`, and under /v1 OpenAI's error shape as well."""
    return JSONResponse(
        status_code=status, content=error_content(request.url.path, status, message, code), headers=headers
    )


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = error.errors()
        if errors and all(_empty_question(e) for e in errors):  # the same words as the search's own check
            return error_response(request, 422, EMPTY_QUESTION)
        problems = "; ".join(swedish(e) for e in errors)
        return error_response(request, 422, f"Ogiltig förfrågan ({problems}).")

    @app.exception_handler(QueryProblem)
    async def _query(request: Request, error: QueryProblem) -> JSONResponse:
        return error_response(request, 422, str(error))

    @app.exception_handler(PeriodNotUnderstood)
    async def _period(request: Request, error: PeriodNotUnderstood) -> JSONResponse:
        return error_response(request, 422, str(error))

    @app.exception_handler(IndexProblem)
    async def _index(request: Request, error: IndexProblem) -> JSONResponse:
        return error_response(request, 503, index_message(error))

    @app.exception_handler(IndexBusy)
    async def _busy(request: Request, error: IndexBusy) -> JSONResponse:
        # IndexBusy names the index folder; a client has no use for the server's paths.
        return error_response(request, 503, BUSY, headers={"Retry-After": "10"})

    @app.exception_handler(DocumentRejected)
    async def _rejected(request: Request, error: DocumentRejected) -> JSONResponse:
        return error_response(request, error.status_code, error.message)

    @app.exception_handler(DocumentNotFound)
    async def _no_document(request: Request, error: DocumentNotFound) -> JSONResponse:
        return error_response(request, 404, str(error))

    @app.exception_handler(ItemNotFound)
    async def _no_item(request: Request, error: ItemNotFound) -> JSONResponse:
        return error_response(request, 404, str(error))

    @app.exception_handler(ChatRequestProblem)
    async def _chat(request: Request, error: ChatRequestProblem) -> JSONResponse:
        return error_response(request, 400, str(error))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        """Starlette's own errors (unknown route, wrong method, unparsable form) in Swedish."""
        message = error.detail if isinstance(error, SwedishHTTPException) else HTTP_MESSAGES.get(error.status_code)
        if message is None:
            message = UNEXPECTED if error.status_code >= 500 else f"Förfrågan avvisades (HTTP {error.status_code})."
        return error_response(request, error.status_code, message, headers=getattr(error, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(request, 500, UNEXPECTED)
