"""Meetings and the decision register over real HTTP, checked against the parser's reading of the corpus."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from assistant.config import Settings
from assistant.documents import Document, parse_file
from assistant.documents.parser import document_paths
from tests.api_support import CORPUS, TIMEOUT, assert_clean_error
from tests.live_server import live_server


@pytest.fixture(scope="module")
def base_url(corpus_index: Path, settings: Settings) -> Iterator[str]:
    with live_server(settings, corpus_index) as url:
        yield url


def _documents() -> dict[str, Document]:
    return {path.stem: parse_file(path) for path in document_paths(CORPUS)}


def _decided() -> dict[str, tuple[str | None, str | None]]:
    """Every decision item of the corpus as the parser reads it: id -> (body, date)."""
    return {
        f"{doc_id}--{item.number}": (document.body, document.date)
        for doc_id, document in _documents().items()
        for item in document.items
        if item.kind == "beslut"
    }


def test_meetings(base_url: str) -> None:
    meetings = httpx.get(f"{base_url}/api/meetings", timeout=TIMEOUT).json()
    documents = _documents()
    assert {m["doc_id"] for m in meetings} == {d for d, doc in documents.items() if doc.kind == "protocol"}
    for meeting in meetings:
        document = documents[meeting["doc_id"]]
        assert meeting["items"] == len(document.items)
        assert (meeting["body"], meeting["date"], meeting["place"]) == (document.body, document.date, document.place)
        assert meeting["url"] == f"/items/{meeting['doc_id']}--{document.items[0].number}"
        assert httpx.get(f"{base_url}{meeting['url']}", timeout=TIMEOUT).status_code == 200
    dated = [m["date"] for m in meetings if m["date"]]
    assert dated == sorted(dated, reverse=True) and meetings[-1]["date"] is None


def test_decisions_json(base_url: str) -> None:
    entries = httpx.get(f"{base_url}/api/decisions", timeout=TIMEOUT).json()
    decided = _decided()
    assert {e["id"] for e in entries} == set(decided)
    for entry in entries:
        assert (entry["body"], entry["date"]) == decided[entry["id"]]
        assert entry["decision"] and entry["url"] == f"/items/{entry['id']}"
    dates = [e["date"] for e in entries if e["date"]]
    assert dates == sorted(dates)


@pytest.mark.parametrize(
    ("params", "keep"),
    [
        ({"body": "Länssamverkansgruppen"}, lambda body, date: body == "Länssamverkansgruppen"),
        ({"since": "2026-01-01"}, lambda body, date: date is not None and date >= "2026-01-01"),
        ({"until": "2025-12-31"}, lambda body, date: date is not None and date <= "2025-12-31"),
        ({"body": "Finns inte"}, lambda body, date: False),
    ],
)
def test_decision_filters(
    base_url: str, params: dict[str, str], keep: Callable[[str | None, str | None], bool]
) -> None:
    entries = httpx.get(f"{base_url}/api/decisions", params=params, timeout=TIMEOUT).json()
    assert {e["id"] for e in entries} == {i for i, (body, date) in _decided().items() if keep(body, date)}


def test_decisions_csv(base_url: str) -> None:
    entries = httpx.get(f"{base_url}/api/decisions", params={"body": "Länssamverkansgruppen"}, timeout=TIMEOUT).json()
    response = httpx.get(
        f"{base_url}/api/decisions", params={"body": "Länssamverkansgruppen", "format": "csv"}, timeout=TIMEOUT
    )
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(response.text.removeprefix("\ufeff"))))
    assert rows[0] == ["hänvisning", "organ", "datum", "paragraf", "rubrik", "beslut", "ansvar", "länk"]
    assert [(r[0], r[3], r[5], r[7]) for r in rows[1:]] == [
        (e["label"], e["item"], e["decision"], e["url"]) for e in entries
    ]
    assert len(rows) > 5


@pytest.mark.parametrize(
    ("params", "phrase"),
    [({"format": "xml"}, "format: måste vara en av"), ({"since": "igår"}, "från-datum: är inget giltigt datum")],
)
def test_decisions_bad_parameters(base_url: str, params: dict[str, str], phrase: str) -> None:
    assert_clean_error(httpx.get(f"{base_url}/api/decisions", params=params, timeout=TIMEOUT), 422, phrase)


def test_openapi_documents_the_api(base_url: str) -> None:
    assert httpx.get(f"{base_url}/docs", timeout=TIMEOUT).status_code == 200
    paths = httpx.get(f"{base_url}/openapi.json", timeout=TIMEOUT).json()["paths"]
    expected = {
        "/api/documents": {"get", "post"},
        "/api/documents/{doc_id}": {"delete"},
        "/api/items/{item_id}": {"get"},
        "/api/meetings": {"get"},
        "/api/decisions": {"get"},
        "/api/ask": {"post"},
        "/api/ask/stream": {"post"},
        "/api/search": {"post"},
        "/v1/chat/completions": {"post"},
        "/v1/models": {"get"},
        "/healthz": {"get"},
    }
    for path, methods in expected.items():
        assert methods <= set(paths[path]), path
