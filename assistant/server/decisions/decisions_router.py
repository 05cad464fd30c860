"""GET /api/decisions: the decision register, as JSON (default) or CSV (`format=csv`)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from assistant.retrieval.register import DecisionEntry
from assistant.server.decisions.decisions_service import as_csv
from assistant.server.filters import IsoDate

router = APIRouter(prefix="/api")
_CSV_HEADERS = {"Content-Disposition": 'attachment; filename="beslutsregister.csv"'}


@router.get(
    "/decisions",
    response_model=list[DecisionEntry],
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "JSON, or CSV with format=csv"}
    },
)
async def decisions(
    request: Request,
    body: Annotated[str | None, Query(max_length=200, description="organ, t.ex. Länssamverkansgruppen")] = None,
    since: Annotated[IsoDate | None, Query(description="från och med datum (ÅÅÅÅ-MM-DD)")] = None,
    until: Annotated[IsoDate | None, Query(description="till och med datum (ÅÅÅÅ-MM-DD)")] = None,
    period: Annotated[
        str | None, Query(max_length=80, description="period i ord, t.ex. «våren 2025», «november 2025», «förra året»")
    ] = None,
    order: Annotated[Literal["äldst", "senaste"], Query(description="äldst först (standard) eller senaste först")] = "äldst",
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> list[DecisionEntry] | Response:
    service = request.app.state.services.decisions()
    entries = await run_in_threadpool(service.register, body, since, until, period, order == "senaste")
    if format == "csv":
        return Response(as_csv(entries), media_type="text/csv; charset=utf-8", headers=_CSV_HEADERS)
    return entries
