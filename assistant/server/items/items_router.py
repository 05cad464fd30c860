"""/api/items/{id} and /api/meetings as JSON; /items/{id} as the page citations link to."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from assistant.server.errors import error_responses
from assistant.server.items.item_page import PAGE_HEADERS
from assistant.server.items.items_models import ItemView, MeetingInfo

router = APIRouter()


@router.get("/api/items/{item_id}", responses=error_responses(404))
async def get_item(request: Request, item_id: str) -> ItemView:
    return await run_in_threadpool(request.app.state.services.items().item, item_id)


@router.get("/api/meetings")
async def list_meetings(request: Request) -> list[MeetingInfo]:
    return await run_in_threadpool(request.app.state.services.items().meetings)


@router.get("/items/{item_id}", response_class=HTMLResponse, include_in_schema=False)
async def item_page(request: Request, item_id: str) -> HTMLResponse:
    page = await run_in_threadpool(request.app.state.services.item_pages().page, item_id)
    return HTMLResponse(page.html, status_code=page.status, headers=PAGE_HEADERS)
