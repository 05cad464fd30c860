"""POST /api/ask: a Swedish answer with citations, or an abstention with suggestions;
POST /api/ask/stream: the same answer as server-sent events (see ask_service.py)."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.sse import EventSourceResponse, ServerSentEvent
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
    service = request.app.state.services.ask()
    return await run_in_threadpool(service.answer, body.question, body.history, body.filters)


@router.post("/ask/stream", response_class=EventSourceResponse)
def ask_stream(request: Request, body: AskRequest) -> Iterator[ServerSentEvent]:
    """Events `delta` ({"text"}), then `answer` (the Answer JSON) or `error` ({"detail"}, Swedish)."""
    yield from request.app.state.services.ask().events(body.question, body.history, body.filters)
