"""POST /api/ask: a Swedish answer with citations, or an abstention with suggestions."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from assistant.answering.models import Answer, ChatTurn
from assistant.retrieval.models import SearchFilters

router = APIRouter(prefix="/api")


class AskRequest(BaseModel):
    question: str = Field(max_length=20_000)
    history: list[ChatTurn] = Field(default_factory=list, max_length=50)
    filters: SearchFilters | None = None


@router.post("/ask")
async def ask(request: Request, body: AskRequest) -> Answer:
    service = request.app.state.services.answering()
    return await run_in_threadpool(service.answer, body.question, body.history, body.filters)
