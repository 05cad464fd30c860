"""Internal errors inside a live server: the client gets a Swedish message and never a traceback, a
file path or the exception's text; the log file gets the detail. Faults are injected by making a
real service raise, one route at a time, while the server runs."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from assistant.answering.service import AnsweringService
from assistant.config import Settings
from assistant.indexing.errors import IndexUnavailable
from assistant.logging_setup import configure_logging
from assistant.retrieval.search import SearchService
from assistant.server.decisions.decisions_service import DecisionsService
from assistant.server.documents.documents_service import DocumentsService
from assistant.server.errors import INDEX_UNAVAILABLE, UNEXPECTED
from assistant.server.items.items_service import ItemsService
from assistant.server.services import Services
from assistant.server.topics.topics_service import TopicsService
from assistant.ui.chat import UNEXPECTED as UI_UNEXPECTED
from tests.api_support import TIMEOUT, Writable, assert_clean_error, writable_server
from tests.logging_support import restored_root_logging

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
from gradio_client import Client  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting", "ignore:The copy keyword is deprecated"),
]

KEY = "fel-test-nyckel-51hQ"
AUTH = {"Authorization": f"Bearer {KEY}"}
SECRET_PATH = "/srv/hemlig/modul.py"
ITEM = "lanssamverkansgruppen-2026-02-20--12"
DOC = "lanssamverkansgruppen-2026-02-20"
QUESTION = "Vem ansvarar för implementeringen av den nya blanketten?"
LEAKS = ("boom", SECRET_PATH, "RuntimeError", "Traceback", 'File "', ".py", "site-packages", KEY)


@pytest.fixture(scope="module")
def log_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("logs") / "assistant.log"
    with restored_root_logging():
        configure_logging(Settings(log_file=path, api_keys=KEY))
        yield path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, corpus_index: Path, log_file: Path) -> Iterator[Writable]:
    with writable_server(tmp_path_factory.mktemp("errors"), corpus_index, api_keys=KEY) as running:
        yield running


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError(f"boom in {SECRET_PATH} with Authorization: Bearer {KEY}")


def _clean(text: str) -> None:
    for leak in LEAKS:
        assert leak not in text, (leak, text)


def _logged(log_file: Path, where: str) -> str:
    """The log's text after `where` (the route's own record), with the traceback of the injected error."""
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert where in text, text[-2000:]
    tail = text[text.rindex(where) :]
    assert "Traceback" in tail and "RuntimeError: boom in /srv/hemlig/modul.py" in tail, tail[:2000]
    assert KEY not in text and "Authorization: Bearer [dold]" in tail
    return tail


Request = Callable[[str], httpx.Response]
FAULTS: list[tuple[str, object, str, Request, str]] = [
    # (patched class, its method, the request, the log record's words)
    ("ask", AnsweringService, "answer",
     lambda url: httpx.post(f"{url}/api/ask", json={"question": QUESTION}, headers=AUTH, timeout=TIMEOUT), "POST /api/ask"),
    ("search", SearchService, "search",
     lambda url: httpx.post(f"{url}/api/search", json={"query": QUESTION}, headers=AUTH, timeout=TIMEOUT), "POST /api/search"),
    ("item", ItemsService, "item",
     lambda url: httpx.get(f"{url}/api/items/{ITEM}", headers=AUTH, timeout=TIMEOUT), f"GET /api/items/{ITEM}"),
    ("meetings", ItemsService, "meetings",
     lambda url: httpx.get(f"{url}/api/meetings", headers=AUTH, timeout=TIMEOUT), "GET /api/meetings"),
    ("decisions", DecisionsService, "register",
     lambda url: httpx.get(f"{url}/api/decisions", headers=AUTH, timeout=TIMEOUT), "GET /api/decisions"),
    ("decisions-csv", DecisionsService, "register",
     lambda url: httpx.get(f"{url}/api/decisions?format=csv", headers=AUTH, timeout=TIMEOUT), "GET /api/decisions"),
    ("meeting", ItemsService, "meeting",
     lambda url: httpx.get(f"{url}/api/meetings/{DOC}", headers=AUTH, timeout=TIMEOUT), f"GET /api/meetings/{DOC}"),
    ("topics", TopicsService, "topic",
     lambda url: httpx.get(f"{url}/api/topics?q=Lifecare", headers=AUTH, timeout=TIMEOUT), "GET /api/topics"),
    ("documents", DocumentsService, "list",
     lambda url: httpx.get(f"{url}/api/documents", headers=AUTH, timeout=TIMEOUT), "GET /api/documents"),
    ("delete", DocumentsService, "delete",
     lambda url: httpx.delete(f"{url}/api/documents/{DOC}", headers=AUTH, timeout=TIMEOUT), f"DELETE /api/documents/{DOC}"),
    ("source", DocumentsService, "source",
     lambda url: httpx.get(f"{url}/documents/{DOC}/source", headers=AUTH, timeout=TIMEOUT), f"GET /documents/{DOC}/source"),
    ("chat", AnsweringService, "answer",
     lambda url: httpx.post(f"{url}/v1/chat/completions", json={"messages": [{"role": "user", "content": QUESTION}]},
                            headers=AUTH, timeout=TIMEOUT), "POST /v1/chat/completions"),
    ("models", Services, "chat_completions",
     lambda url: httpx.get(f"{url}/v1/models", headers=AUTH, timeout=TIMEOUT), "GET /v1/models"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "owner", "method", "request_", "where"), FAULTS, ids=[f[0] for f in FAULTS])
def test_internal_error_is_a_clean_swedish_500(
    server: Writable, log_file: Path, monkeypatch: pytest.MonkeyPatch,
    name: str, owner: type, method: str, request_: Request, where: str,
) -> None:  # fmt: skip
    monkeypatch.setattr(owner, method, _boom)
    response = request_(server.url)
    assert_clean_error(response, 500, "oväntat fel")
    assert response.json()["detail"] == UNEXPECTED
    _clean(response.text)
    if where.startswith("POST /v1") or where.startswith("GET /v1"):
        assert response.json()["error"]["type"] == "server_error"
    _logged(log_file, f"unexpected error on {where}")
    monkeypatch.undo()
    assert httpx.get(f"{server.url}/healthz", timeout=TIMEOUT).json()["index"] == "ok"
    assert request_(server.url).status_code in (200, 204)  # the same request works again once the fault is gone
    if name == "delete":  # it did delete: put the document back for the tests after this one
        restore = (Path(__file__).resolve().parent.parent / "corpus" / f"{DOC}.txt").read_bytes()
        upload = httpx.post(f"{server.url}/api/documents", files={"file": (f"{DOC}.txt", restore)}, headers=AUTH,
                            timeout=TIMEOUT)  # fmt: skip
        assert upload.status_code == 200 and upload.json()["document"]["id"] == DOC


def test_item_page_error_is_a_swedish_page(server: Writable, log_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ItemsService, "item", _boom)
    response = httpx.get(f"{server.url}/items/{ITEM}", headers=AUTH, timeout=TIMEOUT)
    assert response.status_code == 500 and response.headers["content-type"].startswith("text/html")
    assert "Ett oväntat fel inträffade" in response.text and UNEXPECTED in response.text
    _clean(response.text)
    _logged(log_file, "the item page of")


@pytest.mark.parametrize("stream", ["/api/ask/stream", "/v1/chat/completions"])
def test_error_inside_a_stream_is_a_swedish_event(
    server: Writable, log_file: Path, monkeypatch: pytest.MonkeyPatch, stream: str
) -> None:
    def broken(*args: object, **kwargs: object) -> Iterator[str]:
        yield "Halvt svar "
        _boom()

    monkeypatch.setattr(AnsweringService, "stream", broken)
    body = ({"question": QUESTION} if stream.startswith("/api") else
            {"messages": [{"role": "user", "content": QUESTION}], "stream": True})  # fmt: skip
    response = httpx.post(server.url + stream, json=body, headers=AUTH, timeout=TIMEOUT)
    assert response.status_code == 200  # the stream had started; the error travels as an event
    _clean(response.text)
    events = [json.loads(line[5:]) for line in response.text.splitlines() if line.startswith("data:") and "{" in line]
    last = events[-1]
    assert (last.get("detail") or last["error"]["message"]) == UNEXPECTED
    _logged(log_file, "stream failed")


def test_unusable_index_names_no_folder_or_url(
    server: Writable, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index that cannot be opened: 503 without the index's location (a Chroma URL may carry a password)."""

    def unavailable(self: Services) -> SearchService:
        raise IndexUnavailable("http://chroma:lösen0rd@chroma.intern:8000", "Connection refused")

    monkeypatch.setattr(Services, "search", unavailable)
    response = httpx.post(f"{server.url}/api/search", json={"query": QUESTION}, headers=AUTH, timeout=TIMEOUT)
    assert_clean_error(response, 503, INDEX_UNAVAILABLE)
    health = httpx.get(f"{server.url}/healthz", timeout=TIMEOUT)
    assert health.status_code == 200 and health.json()["index"] == "fel"
    for text in (response.text, health.text):
        assert "chroma.intern" not in text and "lösen0rd" not in text
    logged = log_file.read_text(encoding="utf-8")
    assert "chroma.intern" in logged and "lösen0rd" not in logged and "http://chroma:[dold]@" in logged


def test_ui_error_is_a_swedish_message(server: Writable, log_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AnsweringService, "stream", _boom)
    client = Client(server.url + "/", auth=("personal", KEY), verbose=False)
    form = {"body": "Alla", "since": "", "until": "", "item_kind": "Alla", "doc_kind": "Alla"}
    messages, sources, _ = client.predict(QUESTION, [], *form.values(), api_name="/chat")
    shown = json.dumps(messages, ensure_ascii=False) + str(sources)
    assert UI_UNEXPECTED in shown
    _clean(shown)
    _logged(log_file, "unexpected error in the chat")
