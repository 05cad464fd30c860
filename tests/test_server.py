"""The API over real HTTP on 127.0.0.1: uvicorn in a thread, requests with httpx."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.config import Settings
from tests.live_server import live_server


def _serve(settings: Settings, index_dir: Path) -> Iterator[str]:
    with live_server(settings, index_dir) as url:
        yield url


@pytest.fixture(scope="module")
def base_url(corpus_index: Path, settings: Settings) -> Iterator[str]:
    yield from _serve(settings, corpus_index)


def test_health(base_url: str) -> None:
    body = httpx.get(f"{base_url}/healthz").json()
    assert body["status"] == "ok" and body["index"] == "ok" and body["nodes"] >= 36


def test_search(base_url: str) -> None:
    response = httpx.post(
        f"{base_url}/api/search",
        json={
            "query": "Vem ansvarar för implementering av ny blankett?",
            "top_k": 3,
            "filters": {"item_kind": "beslut"},
        },
        timeout=60,
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0]["id"] == "lanssamverkansgruppen-2026-02-20--12"
    assert set(results[0]) >= {"id", "body", "date", "item", "title", "source", "kind", "score", "text", "url"}
    assert all(r["kind"] == "beslut" for r in results)


@pytest.mark.parametrize(
    ("payload", "status", "phrase"),
    [
        ({"query": "  ?? "}, 422, "Frågan är tom"),
        ({"query": "x", "top_k": 0}, 422, "antal träffar: måste vara minst 1"),
        ({"query": "x", "filters": {"since": "igår"}}, 422, "är inget giltigt datum"),
        ({"query": "x" * 20_001}, 422, "är för lång"),
        ({}, 422, "frågan: saknas"),
    ],
)
def test_bad_requests_get_swedish_errors(base_url: str, payload: dict, status: int, phrase: str) -> None:
    response = httpx.post(f"{base_url}/api/search", json=payload, timeout=60)
    assert response.status_code == status
    assert phrase in response.json()["detail"]
    assert "Traceback" not in response.text


def test_server_without_index_explains(tmp_path: Path, settings: Settings) -> None:
    for url in _serve(settings, tmp_path / "saknas"):
        assert httpx.get(f"{url}/healthz").json()["index"] == "saknas"
        response = httpx.post(f"{url}/api/search", json={"query": "SIP"}, timeout=30)
        assert response.status_code == 503 and "assistant ingest" in response.json()["detail"]


def test_ask(base_url: str) -> None:
    response = httpx.post(
        f"{base_url}/api/ask",
        json={"question": "Vem ansvarar för implementering av ny blankett?", "history": []},
        timeout=60,
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"answer", "citations", "abstained", "mode"}
    assert body["abstained"] is False and body["mode"] == "extractive"
    assert body["citations"][0]["url"] == "/items/lanssamverkansgruppen-2026-02-20--12"
    assert body.get("debug") is None  # only on request
    debugged = httpx.post(
        f"{base_url}/api/ask", json={"question": "Vad beslutade LSG om den nya blanketten?", "debug": True}, timeout=60
    ).json()
    understood = debugged["debug"]
    assert understood["fråga"]["avsikt"] == "beslut" and understood["fråga"]["organ"] == ["Länssamverkansgruppen"]
    assert understood["rankning"] == "inlärd" and 0.0 <= understood["säkerhet"] <= 1.0
    assert understood["kandidater"][0]["id"] == debugged["citations"][0]["id"]
    bad = httpx.post(f"{base_url}/api/ask", json={"history": []}, timeout=30)
    assert bad.status_code == 422 and "frågan: saknas" in bad.json()["detail"]
