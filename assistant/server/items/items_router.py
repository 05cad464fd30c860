"""/api/items/{id}, /api/meetings and /api/meetings/{doc_id} as JSON; /items/{id} and /meetings/{doc_id}
as the pages citations link to."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from assistant.server.errors import error_responses
from assistant.server.items.item_page import PAGE_HEADERS
from assistant.server.items.items_models import ItemView, MeetingInfo, MeetingView

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


@router.get("/api/meetings/{doc_id}", responses=error_responses(404))
async def get_meeting(request: Request, doc_id: str) -> MeetingView:
    return await run_in_threadpool(request.app.state.services.items().meeting, doc_id)


@router.get("/meetings/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
async def meeting_page(request: Request, doc_id: str) -> HTMLResponse:
    page = await run_in_threadpool(request.app.state.services.item_pages().meeting_page, doc_id)
    return HTMLResponse(page.html, status_code=page.status, headers=PAGE_HEADERS)

