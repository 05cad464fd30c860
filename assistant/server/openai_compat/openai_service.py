"""OpenAI-compatible chat completions over the answering service.

The last user message is the question and the messages before it the history (system
messages are left out: the assistant's rules are its own). The reply is the answer's text,
which carries the citation labels, followed by a "Källor:" list of the cited items with
absolute links, so a client that shows plain text still leads its users to the sources.
Streaming sends OpenAI's `chat.completion.chunk` events and ends with `data: [DONE]`.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable, Iterator

from fastapi.sse import format_sse_event

from assistant.answering.models import Answer, ChatTurn, Citation
from assistant.answering.service import AnsweringService
from assistant.indexing.errors import IndexProblem
from assistant.retrieval.search import QueryProblem
from assistant.server.errors import UNEXPECTED, index_message
from assistant.server.openai_compat.openai_errors import ChatRequestProblem
from assistant.server.openai_compat.openai_models import (
    MODEL_ID,
    AssistantMessage,
    ChatCompletion,
    ChatCompletionRequest,
    Choice,
    ModelCard,
    ModelList,
)

log = logging.getLogger(__name__)
SOURCES = "Källor:"
NEAREST = "Närmaste ärenden:"
_MAX_HISTORY = 50
_MAX_TURN_CHARS = 20_000
DONE = b"data: [DONE]\n\n"


def conversation(request: ChatCompletionRequest) -> tuple[str, list[ChatTurn]]:
    """The question (the last user message) and the turns before it; ChatRequestProblem if there is none."""
    last = next((n for n in range(len(request.messages) - 1, -1, -1) if request.messages[n].role == "user"), None)
    if last is None or not request.messages[last].text().strip():
        raise ChatRequestProblem("Det finns ingen fråga: skicka ett meddelande med rollen «user» som sist i samtalet.")
    history = [
        ChatTurn(role=m.role, content=_without_sources(m.text())[:_MAX_TURN_CHARS])
        for m in request.messages[:last]
        if m.role in ("user", "assistant") and m.text().strip()
    ]
    return request.messages[last].text(), history[-_MAX_HISTORY:]


def _without_sources(text: str) -> str:
    """An earlier reply without the source list we appended to it (links say nothing about the topic)."""
    for heading in (SOURCES, NEAREST):
        text = text.split(f"\n\n{heading}\n", 1)[0]
    return text


def sources(answer: Answer, base_url: str) -> str:
    """The list appended to a reply: cited items, or, when abstaining, the nearest ones; absolute links."""
    cited: list[Citation] = answer.citations or answer.suggestions
    if not cited:
        return ""
    heading = SOURCES if answer.citations else NEAREST
    base = base_url.rstrip("/")
    return f"\n\n{heading}\n" + "\n".join(f"- [{c.label}] {c.title}: {base}{c.url}" for c in cited)


class ChatCompletionsService:
    def __init__(self, answering: Callable[[], AnsweringService]) -> None:
        self._answering = answering

    def models(self) -> ModelList:
        return ModelList(data=[ModelCard()])

    def complete(self, request: ChatCompletionRequest, base_url: str) -> ChatCompletion:
        question, history = conversation(request)
        answer = self._answering().answer(question, history)
        return ChatCompletion(
            id=_completion_id(),
            created=int(time.time()),
            model=request.model or MODEL_ID,
            choices=[Choice(message=AssistantMessage(content=answer.answer + sources(answer, base_url)))],
            citations=answer.citations,
        )

    def chunks(self, request: ChatCompletionRequest, base_url: str) -> Iterator[bytes]:
        """The streamed reply as SSE bytes. The request is checked now, before any byte is sent,
        so that a request without a question still gets its 400."""
        question, history = conversation(request)
        return self._stream(question, history, request.model or MODEL_ID, base_url)

    def _stream(self, question: str, history: list[ChatTurn], model: str, base_url: str) -> Iterator[bytes]:
        ident, created = _completion_id(), int(time.time())

        def chunk(delta: dict[str, str], finish: str | None = None) -> bytes:
            body = {
                "id": ident,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
            return format_sse_event(data_str=json.dumps(body, ensure_ascii=False))

        yield chunk({"role": "assistant", "content": ""})
        try:
            for part in self._answering().stream(question, history):
                if isinstance(part, Answer):
                    if tail := sources(part, base_url):
                        yield chunk({"content": tail})
                    break
                yield chunk({"content": part})
        except QueryProblem as problem:
            yield _error(str(problem), "invalid_request_error")
            return
        except IndexProblem as problem:
            yield _error(index_message(problem), "server_error")
            return
        except Exception:  # noqa: BLE001 - mid-stream there is no status code left to fail with
            log.exception("the chat completion stream failed")
            yield _error(UNEXPECTED, "server_error")
            return
        yield chunk({}, "stop")
        yield DONE


def _error(message: str, kind: str) -> bytes:
    """An error inside a stream, the way OpenAI sends it (clients raise it as an APIError)."""
    return format_sse_event(data_str=json.dumps({"error": {"message": message, "type": kind}}, ensure_ascii=False))


def _completion_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex}"
