"""The subset of OpenAI's chat completions API that a chat client needs, as pydantic models.

Unknown request fields (temperature, max_tokens, tools, …) are accepted and ignored: the
assistant answers from the documents the same way whatever a client sets.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.answering.models import Citation

MODEL_ID = "protokollassistenten"


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="ignore")

    type: str
    text: str | None = Field(default=None, max_length=100_000)


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: Annotated[str, Field(max_length=100_000)] | Annotated[list[ContentPart], Field(max_length=100)] | None = (
        None
    )

    def text(self) -> str:
        """The message's text; parts that are not text (images, audio) are left out."""
        if isinstance(self.content, list):
            return "\n".join(p.text for p in self.content if p.type == "text" and p.text)
        return self.content or ""


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    model: str = Field(default=MODEL_ID, max_length=200)
    messages: list[ChatMessage] = Field(min_length=1, max_length=500)
    stream: bool = False


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"


class ChatCompletion(BaseModel):
    """A whole answer; `citations` is our extension (clients that do not know it ignore it)."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    citations: list[Citation] = Field(default_factory=list)


class ModelCard(BaseModel):
    id: str = MODEL_ID
    object: Literal["model"] = "model"
    created: int = 0
    owned_by: str = "protokollassistenten"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]
