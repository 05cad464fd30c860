"""A chat request the assistant cannot answer as sent (no question in it)."""

from __future__ import annotations


class ChatRequestProblem(ValueError):
    """`str()` is the Swedish message; answered with 400 in OpenAI's error format."""
