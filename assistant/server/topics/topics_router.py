"""GET /api/topics?q=… (JSON or CSV) and the page /topics?q=…: what has happened with a matter."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from assistant.server.items.item_page import PAGE_HEADERS
from assistant.server.topics.topics_models import TopicView

router = APIRouter()
_CSV_HEADERS = {"Content-Disposition": 'attachment; filename="tidslinje.csv"'}
_Query = Annotated[str, Query(max_length=300, description="ärendet eller frågan, t.ex. Lifecare")]


@router.get(
    "/api/topics",
    response_model=TopicView,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "JSON, or CSV"}},
)
async def topic(request: Request, q: _Query = "", format: Annotated[Literal["json", "csv"], Query()] = "json") -> TopicView | Response:
    service = request.app.state.services.topics()
    if format == "csv":
        text = await run_in_threadpool(service.csv, q)
        return Response(text, media_type="text/csv; charset=utf-8", headers=_CSV_HEADERS)
    return await run_in_threadpool(service.topic, q)


@router.get("/topics", response_class=HTMLResponse, include_in_schema=False)
async def topic_page(request: Request, q: _Query = "") -> HTMLResponse:
    page = await run_in_threadpool(request.app.state.services.topics().page, q)
    return HTMLResponse(page.html, status_code=page.status, headers=PAGE_HEADERS)
