"""What answering takes and gives; the JSON of `assistant ask --json` and `POST /api/ask`."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

AnswerMode = Literal["extractive", "llm", "llm-fallback"]


class ChatTurn(BaseModel):
    """One earlier message of the conversation."""

    role: Literal["user", "assistant"]
    content: str = Field(max_length=20_000)


class Citation(BaseModel):
    """An item an answer cites: the label shown in the text and where to read the item."""

    id: str
    label: str = Field(description='e.g. "LSG 2026-02-20 §12"')
    body: str | None
    date: str | None
    item: str | None
    title: str
    source: str
    kind: str | None
    url: str = Field(description="the item's page; for the meeting itself (chair, justerare, date) the protocol's page")
    meeting_url: str | None = Field(default=None, description="the page of the whole protocol (None for agreements)")


class Answer(BaseModel):
    """A Swedish answer whose every claim carries a citation, or an abstention with suggestions."""

    answer: str
    citations: list[Citation] = Field(default_factory=list)
    abstained: bool = False
    mode: AnswerMode = "extractive"
    suggestions: list[Citation] = Field(default_factory=list, description="nearest items when abstaining")
    debug: dict[str, Any] | None = Field(
        default=None, description="with `debug: true` in the request: how the question was understood and ranked"
    )
