"""POST /api/search: the items that best answer a question."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from assistant.retrieval.models import SearchResult
from assistant.server.filters import Filters

router = APIRouter(prefix="/api")


class SearchRequest(BaseModel):
    query: str = Field(max_length=20_000, pattern=r"\w", description="the question, in Swedish")
    top_k: int = Field(default=5, ge=1, le=50)
    filters: Filters | None = None


class SearchResponse(BaseModel):
    results: list[SearchResult]


@router.post("/search")
async def search(request: Request, body: SearchRequest) -> SearchResponse:
    service = request.app.state.services.search()
    results = await run_in_threadpool(service.search, body.query, top_k=body.top_k, filters=body.filters)
    return SearchResponse(results=results)
