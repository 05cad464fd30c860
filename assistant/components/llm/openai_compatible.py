"""A `ChatModel` over any OpenAI-compatible chat API (OpenAI, Ollama's /v1, llama.cpp's server).

Uses the official `openai` client with retries off: a slow or broken model should cost one
timeout and then the extractive answer, not several. Every failure, from the client or from
a response that is not what the API promises, becomes `LLMUnavailable`, so callers handle
exactly one exception. The timeout is the client's (httpx) per-operation timeout: it bounds
the wait for the first byte of a plain reply and the gap between chunks of a streamed one.

Sampling is greedy (temperature 0) and the reply is capped, since answers should be short
and repeatable; models that refuse these parameters (some reasoning models) will answer
with HTTP 400, which is reported like any other failure. A reply that hits the cap
(finish_reason "length") is a failure too: a model that rambles until it is cut off (a small
or base model looping over the blocks) has not given a brief answer, and half a sentence
is no citable claim.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, TypeVar, cast

import httpx
import openai

from assistant.components.llm import LLMUnavailable, Messages

MAX_REPLY_TOKENS = 700
TEMPERATURE = 0.0
_CUT_OFF = f"model reply cut off at the {MAX_REPLY_TOKENS}-token limit"
_T = TypeVar("_T")


class OpenAICompatibleChat:
    """Chat completions from one model at one OpenAI-compatible endpoint."""

    def __init__(self, model: str, base_url: str | None, api_key: str | None, timeout_s: float) -> None:
        self.model = model
        self.timeout_s = timeout_s
        # A local server wants no key, but the client insists on one.
        self.client = openai.OpenAI(base_url=base_url, api_key=api_key or "none", timeout=timeout_s, max_retries=0)

    def __repr__(self) -> str:  # the client holds the key: never show it
        return f"OpenAICompatibleChat(model={self.model!r}, base_url={str(self.client.base_url)!r})"

    def complete(self, messages: Messages) -> str:
        """The whole reply at once ("" when the model gave no text, e.g. only a refusal)."""
        response = self._guarded(lambda: self._create(messages, stream=False))
        text = self._guarded(lambda: _reply_text(response))
        if self._guarded(lambda: response.choices[0].finish_reason) == "length":
            raise LLMUnavailable(_CUT_OFF)
        return text

    def stream(self, messages: Messages) -> Iterator[str]:
        """The reply's text chunks as the server sends them (server-sent events)."""
        chunks = self._guarded(lambda: self._create(messages, stream=True))
        try:
            iterator = iter(chunks)
            while (chunk := self._guarded(lambda: next(iterator, None))) is not None:
                if self._guarded(partial(_finish_reason, chunk)) == "length":
                    raise LLMUnavailable(_CUT_OFF)
                text = self._guarded(partial(_delta_text, chunk))
                if text:
                    yield text
        finally:
            close = getattr(chunks, "close", None)
            if callable(close):
                try:
                    close()
                except Exception:  # closing a broken stream must not hide why it broke
                    pass

    def _create(self, messages: Messages, *, stream: bool) -> Any:
        return self.client.chat.completions.create(
            model=self.model,
            messages=cast(Any, messages),
            temperature=TEMPERATURE,
            max_tokens=MAX_REPLY_TOKENS,
            stream=stream,
        )

    def _guarded(self, call: Callable[[], _T]) -> _T:
        """Run one step of talking to the server; any failure becomes `LLMUnavailable`."""
        try:
            return call()
        except LLMUnavailable:
            raise
        except (openai.APITimeoutError, httpx.TimeoutException) as error:
            raise LLMUnavailable(f"model server timed out after {self.timeout_s:g} s") from error
        except (openai.APIConnectionError, httpx.TransportError) as error:
            raise LLMUnavailable(f"cannot connect to the model server ({type(error).__name__})") from error
        except openai.APIStatusError as error:
            raise LLMUnavailable(f"model server answered HTTP {error.status_code}") from error
        except (openai.OpenAIError, httpx.HTTPError) as error:
            raise LLMUnavailable(f"model server error ({type(error).__name__})") from error
        except (ValueError, TypeError, AttributeError, KeyError, IndexError) as error:
            raise LLMUnavailable(f"malformed response from the model server ({type(error).__name__})") from error


def _reply_text(response: Any) -> str:
    """The first choice's text; raises on a response without the shape the API promises."""
    if not response.choices:
        raise ValueError("no choices in the response")
    content = response.choices[0].message.content
    if content is not None and not isinstance(content, str):
        raise TypeError("message content is not text")
    return content or ""


def _delta_text(chunk: Any) -> str:
    """A streamed chunk's new text ("" for chunks with only a role or a finish reason)."""
    if not getattr(chunk, "choices", None):
        return ""
    content = chunk.choices[0].delta.content
    if content is not None and not isinstance(content, str):
        raise TypeError("delta content is not text")
    return content or ""


def _finish_reason(chunk: Any) -> str | None:
    if not getattr(chunk, "choices", None):
        return None
    reason = chunk.choices[0].finish_reason
    return reason if isinstance(reason, str) else None
