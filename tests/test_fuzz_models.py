"""Property tests of the API's request models: any JSON is either a valid request or a pydantic
ValidationError (never another exception), and every ValidationError becomes a Swedish message
(the 422 handler's own code path, so a strange input cannot turn a 422 into a 500)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from assistant.answering.models import ChatTurn
from assistant.retrieval.models import SearchFilters
from assistant.server.ask.ask_router import AskRequest
from assistant.server.errors import swedish
from assistant.server.openai_compat.openai_errors import ChatRequestProblem
from assistant.server.openai_compat.openai_models import ChatCompletionRequest
from assistant.server.openai_compat.openai_service import conversation
from assistant.server.search.search_router import SearchRequest

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["", " ", "2026-02-20", "2026-13-45", "20260220", "beslut", "protocol", "user", "assistant",
                       "system", "text", "image_url", "ÅÄÖ", "\x00", "\ud7ff", "9" * 40, "-1", "1e309", "true"])
)  # fmt: skip
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=12), inner, max_size=6),
    max_leaves=25,
)
dates = scalars | st.dates().map(str) | st.integers(min_value=-(10**12), max_value=10**12)
filters = st.none() | json_values | st.fixed_dictionaries(
    {}, optional={"body": json_values, "since": dates, "until": dates, "item_kind": scalars, "doc_kind": scalars,
                  "extra": json_values}
)  # fmt: skip
turn = json_values | st.fixed_dictionaries({}, optional={"role": scalars, "content": json_values})
ask_bodies = json_values | st.fixed_dictionaries(
    {}, optional={"question": json_values, "history": json_values | st.lists(turn, max_size=4), "filters": filters}
)
search_bodies = json_values | st.fixed_dictionaries(
    {}, optional={"query": json_values, "top_k": json_values, "filters": filters}
)
part = json_values | st.fixed_dictionaries({}, optional={"type": scalars, "text": json_values})
message = json_values | st.fixed_dictionaries(
    {}, optional={"role": scalars, "content": json_values | st.lists(part, max_size=3), "name": scalars}
)
chat_bodies = json_values | st.fixed_dictionaries(
    {}, optional={"model": json_values, "messages": json_values | st.lists(message, max_size=4), "stream": scalars,
                  "temperature": json_values, "tools": json_values}
)  # fmt: skip


def _validates_or_explains(model: type[BaseModel], body: Any) -> BaseModel | None:
    """The body as `model`, or None after checking that its ValidationError reads as Swedish."""
    try:
        return model.model_validate(body)
    except ValidationError as error:
        messages = [swedish(e) for e in error.errors()]  # type: ignore[arg-type]
        assert messages and all(isinstance(m, str) and m for m in messages)
        return None


@FUZZ
@given(ask_bodies)
def test_ask_request(body: Any) -> None:
    request = _validates_or_explains(AskRequest, body)
    if isinstance(request, AskRequest):
        assert len(request.question) <= 20_000 and len(request.history) <= 50
        assert all(isinstance(t, ChatTurn) for t in request.history)


@FUZZ
@given(search_bodies)
def test_search_request(body: Any) -> None:
    request = _validates_or_explains(SearchRequest, body)
    if isinstance(request, SearchRequest):
        assert 1 <= request.top_k <= 50


@FUZZ
@given(filters)
def test_search_filters(body: Any) -> None:
    found = _validates_or_explains(SearchFilters, body)
    if isinstance(found, SearchFilters):
        assert found.accepts({"body": "x", "date_num": 20260220, "item_kind": "beslut", "doc_kind": "protocol"}) in (
            True,
            False,
        )


@FUZZ
@given(chat_bodies)
def test_chat_completion_request(body: Any) -> None:
    request = _validates_or_explains(ChatCompletionRequest, body)
    if isinstance(request, ChatCompletionRequest):
        try:  # what the route does next: a question and its history, or a Swedish 400
            question, history = conversation(request)
        except ChatRequestProblem as problem:
            assert "fråga" in str(problem)
        else:
            assert question.strip() and len(history) <= 50


@FUZZ
@given(st.one_of(st.binary(max_size=200), st.text(max_size=200), ask_bodies.map(json.dumps)))
@pytest.mark.parametrize("model", [AskRequest, SearchRequest, ChatCompletionRequest, SearchFilters])
def test_raw_json_text(model: type[BaseModel], raw: bytes | str) -> None:
    """What FastAPI parses from the wire: any bytes give a model or a ValidationError."""
    try:
        model.model_validate_json(raw)
    except ValidationError as error:
        assert all(swedish(e) for e in error.errors())  # type: ignore[arg-type]
