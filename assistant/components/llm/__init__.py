"""The optional chat model behind generative answers: none by default, or any OpenAI-compatible server.

Answering must never depend on a model being up, so this package gives the rest of the code
one small seam: a `ChatModel` that either returns text or raises `LLMUnavailable`, whatever
went wrong underneath (timeout, refused connection, HTTP error, garbage in the response).
The caller then falls back to the extractive answer. The `openai` package is imported only
when a model is configured, so the default (`ASSISTANT_LLM=none`) install never touches it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from assistant.config import Settings

OLLAMA_BASE_URL = "http://127.0.0.1:11434/v1"  # Ollama's OpenAI-compatible API

Messages = list[dict[str, str]]


class LLMUnavailable(RuntimeError):
    """The model gave no usable reply; the message is short English for the log (never a secret)."""


@runtime_checkable
class ChatModel(Protocol):
    """A chat model as answering sees it: OpenAI-style messages in, text out.

    Both methods raise `LLMUnavailable` and nothing else on failure; `stream` may raise it
    after some chunks were already yielded.
    """

    def complete(self, messages: Messages) -> str: ...

    def stream(self, messages: Messages) -> Iterator[str]: ...


def build_llm(settings: Settings) -> ChatModel | None:
    """The configured chat model (`ASSISTANT_LLM`), or None when answers stay extractive.

    "openai" and "ollama" share one client: Ollama serves the OpenAI chat API under /v1, so
    they differ only in the default base URL. Raises ValueError for a model left unnamed,
    so a misconfiguration shows at start-up rather than as silent fallbacks.
    """
    if settings.llm == "none":
        return None
    if not settings.llm_model.strip():
        raise ValueError(f"ASSISTANT_LLM={settings.llm} needs ASSISTANT_LLM_MODEL (the model's name)")
    from assistant.components.llm.openai_compatible import OpenAICompatibleChat

    base_url = settings.llm_base_url or (OLLAMA_BASE_URL if settings.llm == "ollama" else None)
    return OpenAICompatibleChat(
        model=settings.llm_model.strip(),
        base_url=base_url,
        api_key=settings.llm_api_key,
        timeout_s=settings.llm_timeout_s,
    )


__all__ = ["OLLAMA_BASE_URL", "ChatModel", "LLMUnavailable", "Messages", "build_llm"]
