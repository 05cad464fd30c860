"""/v1/chat/completions (plain and `stream: true`) and /v1/models, compatible with OpenAI's clients."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from assistant.server.openai_compat.openai_models import ChatCompletion, ChatCompletionRequest, ModelList

router = APIRouter(prefix="/v1", tags=["OpenAI-kompatibelt"])
_STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


@router.get("/models")
def models(request: Request) -> ModelList:
    return request.app.state.services.chat_completions().models()


# With `stream: true`: OpenAI's server-sent events, each `data:` a chat.completion.chunk as JSON, then `[DONE]`.
_STREAM_EVENTS = {
    "itemSchema": {
        "type": "object",
        "properties": {"data": {"type": "string", "description": "a chat.completion.chunk as JSON, or [DONE]"}},
    }
}


@router.post(
    "/chat/completions",
    response_model=ChatCompletion,
    responses={
        200: {
            "content": {"text/event-stream": _STREAM_EVENTS},
            "description": "the answer (streamed with `stream: true`)",
        }
    },
)
async def chat_completions(request: Request, body: ChatCompletionRequest) -> ChatCompletion | StreamingResponse:
    service = request.app.state.services.chat_completions()
    if body.stream:
        chunks = await run_in_threadpool(service.chunks, body, str(request.base_url))
        return StreamingResponse(chunks, media_type="text/event-stream", headers=_STREAM_HEADERS)
    return await run_in_threadpool(service.complete, body, str(request.base_url))
