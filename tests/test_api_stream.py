"""Streaming and the OpenAI-compatible API over real HTTP: /api/ask/stream as server-sent events,
and /v1 through the official `openai` client, plain and streamed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from assistant.config import Settings
from tests.api_support import TIMEOUT, assert_clean_error
from tests.live_server import live_server

QUESTION = "Vem ansvarar för implementering av ny blankett?"
ITEM = "lanssamverkansgruppen-2026-02-20--12"
STRATEGY = "Vad beslutade samrådet om strategin för suicidprevention?"


@pytest.fixture(scope="module")
def base_url(corpus_index: Path, settings: Settings) -> Iterator[str]:
    with live_server(settings, corpus_index) as url:
        yield url


@pytest.fixture(scope="module")
def client(base_url: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{base_url}/v1", api_key="x", timeout=TIMEOUT, max_retries=0)


def _events(base_url: str, payload: dict) -> list[tuple[str, dict]]:
    """The stream's events as (name, data); keep-alive comments are skipped."""
    events: list[tuple[str, dict]] = []
    with httpx.stream("POST", f"{base_url}/api/ask/stream", json=payload, timeout=TIMEOUT) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        name, data = "message", []
        for line in response.iter_lines():
            if line.startswith("event:"):
                name = line.removeprefix("event:").strip()
            elif line.startswith("data:"):
                data.append(line.removeprefix("data:").strip())
            elif line == "" and data:
                events.append((name, json.loads("\n".join(data))))
                name, data = "message", []
    return events


def test_stream_sends_deltas_then_the_answer(base_url: str) -> None:
    events = _events(base_url, {"question": QUESTION})
    names = [name for name, _ in events]
    assert names[-1] == "answer" and set(names[:-1]) == {"delta"} and len(names) >= 2
    final = events[-1][1]
    assert "".join(data["text"] for _, data in events[:-1]) == final["answer"]
    whole = httpx.post(f"{base_url}/api/ask", json={"question": QUESTION}, timeout=TIMEOUT).json()
    assert final == whole
    assert final["citations"][0]["id"] == ITEM and "[LSG 2026-02-20 §12]" in final["answer"]


def test_stream_reports_errors_as_events(base_url: str) -> None:
    events = _events(base_url, {"question": " ?? "})
    assert [name for name, _ in events] == ["error"]
    assert "Frågan är tom" in events[0][1]["detail"]
    assert_clean_error(httpx.post(f"{base_url}/api/ask/stream", json={}, timeout=TIMEOUT), 422, "frågan: saknas")


def test_stream_without_index_reports_an_error_event(tmp_path: Path, settings: Settings) -> None:
    with live_server(settings, tmp_path / "saknas") as url:
        events = _events(url, {"question": QUESTION})
    assert [name for name, _ in events] == ["error"] and "assistant ingest" in events[0][1]["detail"]


def test_v1_models(client: openai.OpenAI) -> None:
    assert [m.id for m in client.models.list()] == ["protokollassistenten"]


def test_v1_chat_completion(client: openai.OpenAI, base_url: str) -> None:
    completion = client.chat.completions.create(
        model="protokollassistenten", messages=[{"role": "user", "content": QUESTION}]
    )
    assert completion.object == "chat.completion" and completion.choices[0].finish_reason == "stop"
    text = completion.choices[0].message.content or ""
    answer, _, sources = text.partition("\n\nKällor:\n")
    assert "[LSG 2026-02-20 §12]" in answer
    url = f"{base_url}/items/{ITEM}"
    assert sources.startswith("- [LSG 2026-02-20 §12] ") and sources.endswith(url)
    assert httpx.get(url, timeout=TIMEOUT).status_code == 200
    whole = httpx.post(f"{base_url}/api/ask", json={"question": QUESTION}, timeout=TIMEOUT).json()
    assert answer == whole["answer"]


def test_v1_stream_matches_the_plain_reply(client: openai.OpenAI) -> None:
    messages = [{"role": "system", "content": "Svara kort."}, {"role": "user", "content": QUESTION}]
    plain = client.chat.completions.create(model="protokollassistenten", messages=messages)  # type: ignore[arg-type]
    chunks = list(client.chat.completions.create(model="protokollassistenten", messages=messages, stream=True))  # type: ignore[arg-type]
    assert all(c.object == "chat.completion.chunk" for c in chunks) and len({c.id for c in chunks}) == 1
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices[0].finish_reason == "stop"
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert streamed == plain.choices[0].message.content
    assert "Källor:" in streamed


def test_v1_stream_ends_with_done(base_url: str) -> None:
    payload = {"model": "x", "stream": True, "messages": [{"role": "user", "content": QUESTION}]}
    with httpx.stream("POST", f"{base_url}/v1/chat/completions", json=payload, timeout=TIMEOUT) as response:
        lines = [line for line in response.iter_lines() if line]
    assert lines[-1] == "data: [DONE]" and all(line.startswith("data: ") for line in lines)


def test_v1_history_makes_the_follow_up(client: openai.OpenAI) -> None:
    first = client.chat.completions.create(model="m", messages=[{"role": "user", "content": STRATEGY}])
    history = [
        {"role": "user", "content": STRATEGY},
        {"role": "assistant", "content": first.choices[0].message.content},
        {"role": "user", "content": [{"type": "text", "text": "Vem föredrog det?"}]},
    ]
    followed = client.chat.completions.create(model="m", messages=history)  # type: ignore[arg-type]
    alone = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "Vem föredrog det?"}])
    assert "Emma Wasara" in (followed.choices[0].message.content or "")
    assert "Emma Wasara" not in (alone.choices[0].message.content or "")


def test_v1_errors_are_swedish(client: openai.OpenAI, base_url: str) -> None:
    with pytest.raises(openai.BadRequestError) as no_question:
        client.chat.completions.create(model="m", messages=[{"role": "system", "content": "Hej"}])
    assert "ingen fråga" in no_question.value.message
    with pytest.raises(openai.UnprocessableEntityError) as empty:
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": " ?? "}])
    assert "Frågan är tom" in empty.value.message
    with pytest.raises(openai.APIError) as in_stream:
        list(client.chat.completions.create(model="m", messages=[{"role": "user", "content": "??"}], stream=True))
    assert "Frågan är tom" in in_stream.value.message
    response = httpx.post(f"{base_url}/v1/chat/completions", json={"messages": []}, timeout=TIMEOUT)
    assert_clean_error(response, 422, "meddelandena: har för få element")
    assert response.json()["error"]["type"] == "invalid_request_error"
