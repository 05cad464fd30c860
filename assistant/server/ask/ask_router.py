"""POST /api/ask: a Swedish answer with citations, or an abstention with suggestions;
POST /api/ask/stream: the same answer as server-sent events (see ask_service.py)."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.sse import EventSourceResponse, ServerSentEvent
from pydantic import BaseModel, Field

from assistant.answering.models import Answer, ChatTurn
from assistant.server.filters import Filters

router = APIRouter(prefix="/api")


class AskStreamRequest(BaseModel):
    """A question for the stream: a question without words is answered by an `error` event (see ask_service.py)."""

    question: str = Field(max_length=20_000)
    history: list[ChatTurn] = Field(default_factory=list, max_length=50)
    filters: Filters | None = None


class AskRequest(AskStreamRequest):
    """A question: it must contain a letter or digit (else 422, «Frågan är tom»)."""

    question: str = Field(
        max_length=20_000, pattern=r"\w", description="the question, with at least one letter or digit"
    )
    debug: bool = Field(default=False, strict=True, description="add how the question was understood and ranked (`debug`)")


@router.post("/ask")
async def ask(request: Request, body: AskRequest) -> Answer:
    service = request.app.state.services.ask()
    return await run_in_threadpool(service.answer, body.question, body.history, body.filters, body.debug)


@router.post("/ask/stream", response_class=EventSourceResponse)
def ask_stream(request: Request, body: AskStreamRequest) -> Iterator[ServerSentEvent]:
    """Events `delta` ({"text"}), then `answer` (the Answer JSON) or `error` ({"detail"}, Swedish)."""
    yield from request.app.state.services.ask().events(body.question, body.history, body.filters)
