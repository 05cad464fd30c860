"""The chat UI over real HTTP: FastAPI with Gradio mounted at "/", driven by gradio_client."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from assistant.answering.models import Answer, Citation
from assistant.config import Settings
from assistant.server.app import create_app
from assistant.ui.chat import NO_INDEX
from assistant.ui.formatting import (
    THINKING,
    FilterProblem,
    answer_markdown,
    filters_of,
    history_of,
    sources_markdown,
)

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
from gradio_client import Client  # noqa: E402

ALL = "Alla"
# Gradio's queue trips over pandas 3 deprecations; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:.*no_silent_downcasting", "ignore:The copy keyword is deprecated")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(settings: Settings, index_dir: Path) -> Iterator[str]:
    """The whole application (API and UI) on 127.0.0.1 in a thread; yields its base URL."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, index_dir), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(corpus_index: Path, settings: Settings) -> Iterator[str]:
    yield from serve(settings, corpus_index)


@pytest.fixture(scope="module")
def client(base_url: str) -> Client:
    return Client(base_url + "/", verbose=False)


def ask(client: Client, question: str, messages: list[dict[str, Any]] | None = None, **filters: str) -> tuple:
    """One question through the chat endpoint: (chat messages, sources panel, question box)."""
    form = {"body": ALL, "since": "", "until": "", "item_kind": ALL, "doc_kind": ALL, **filters}
    return client.predict(question, messages or [], *form.values(), api_name="/chat")


def text_of(message: dict[str, Any]) -> str:
    content = message["content"]
    return content if isinstance(content, str) else "".join(part.get("text", "") for part in content)


def test_page_api_and_docs_share_one_app(base_url: str) -> None:
    page = httpx.get(base_url + "/", timeout=30)
    assert page.status_code == 200 and "<html" in page.text.lower()
    config = httpx.get(base_url + "/config", timeout=30).json()
    assert "Protokollassistenten" in str(config["components"][0]["props"]["value"])
    assert httpx.get(base_url + "/docs", timeout=30).status_code == 200
    assert httpx.get(base_url + "/healthz", timeout=30).json()["status"] == "ok"


def test_chat_answers_with_citation_links(client: Client) -> None:
    messages, sources, box = ask(client, "Vem ansvarar för implementeringen av den nya blanketten?")
    assert box == ""
    assert [m["role"] for m in messages] == ["user", "assistant"]
    answer = text_of(messages[-1])
    link = '<a href="/items/lanssamverkansgruppen-2026-02-20--12" target="_blank" rel="noopener">LSG 2026-02-20 §12</a>'
    assert link in answer
    assert "huvudman" in answer and "Traceback" not in answer
    assert link in sources and "sjukskrivning" in sources
    assert "> " in sources  # a snippet of the item's text


def test_follow_up_uses_the_conversation(client: Client) -> None:
    first, _, _ = ask(client, "Vad beslutades om rutinen för sjukskrivning av personer med försörjningsstöd?")
    messages, _, _ = ask(client, "Och vem ansvarar för det?", first)
    assert len(messages) == 4
    assert "/items/lanssamverkansgruppen-2026-02-20--12" in text_of(messages[-1])


def test_filters_narrow_the_answer(client: Client) -> None:
    messages, sources, _ = ask(client, "Vem var ordförande?", body="Samråd hälsa, vård och omsorg")
    assert "/items/samrad-halsa-vard-och-omsorg-2025-varen--" in text_of(messages[-1])
    assert "lanssamverkansgruppen" not in sources


def test_bad_filter_is_explained_in_swedish(client: Client) -> None:
    messages, sources, _ = ask(client, "Vad beslutades om SIP?", since="igår")
    reply = text_of(messages[-1])
    assert "«igår» är inget giltigt datum" in reply and "ÅÅÅÅ-MM-DD" in reply
    assert "/items/" not in sources


def test_abstention_links_the_nearest_items(client: Client) -> None:
    messages, sources, _ = ask(client, "Vad beslutades om parkeringsavgifterna vid sjukhuset?")
    reply = text_of(messages[-1])
    assert reply.startswith("Jag hittar inget i protokollen om")
    assert "Närmaste ärenden" in sources and "/items/" in reply


def test_clear_empties_the_chat(client: Client) -> None:
    messages, sources, box = client.predict(api_name="/clear_chat")
    assert messages == [] and box == "" and "/items/" not in sources


def test_without_index_the_chat_says_so(tmp_path: Path, settings: Settings) -> None:
    for url in serve(settings, tmp_path / "saknas"):
        messages, _, _ = ask(Client(url + "/", verbose=False), "Vad beslutades om SIP?")
        assert text_of(messages[-1]) == NO_INDEX


# Formatting, without a server.


def _citation(label: str = "LSG 2026-02-20 §12", item_id: str = "lsg--12") -> Citation:
    return Citation(
        id=item_id,
        label=label,
        body="Länssamverkansgruppen",
        date="2026-02-20",
        item="12",
        title="Blankett <ny>",
        source="x.txt",
        kind="beslut",
        url=f"/items/{item_id}",
    )


def test_answer_markdown_links_labels_and_escapes_html() -> None:
    answer = Answer(answer="Beslut: <b>ja</b> & klart [LSG 2026-02-20 §12]", citations=[_citation()])
    text = answer_markdown(answer)
    assert "&lt;b&gt;ja&lt;/b&gt; &amp; klart" in text
    assert text.endswith('[<a href="/items/lsg--12" target="_blank" rel="noopener">LSG 2026-02-20 §12</a>]')
    panel = sources_markdown(answer, lambda c: "Texten " * 100)
    assert panel.count("<a href=") == 1 and "Blankett &lt;ny&gt;" in panel and panel.endswith("…")


def test_history_turns_links_back_into_labels() -> None:
    answer = Answer(answer="Ja [LSG 2026-02-20 §12]", citations=[_citation()])
    shown = [
        {"role": "user", "content": [{"type": "text", "text": "Vad beslutades?"}]},
        {"role": "assistant", "content": answer_markdown(answer)},
        {"role": "assistant", "content": THINKING},
    ]
    turns = history_of(shown)
    assert [(t.role, t.content) for t in turns] == [
        ("user", "Vad beslutades?"),
        ("assistant", "Ja [LSG 2026-02-20 §12]"),
    ]


def test_filters_from_the_form() -> None:
    assert filters_of(ALL, "", " ", ALL, ALL) is None
    filters = filters_of("Länssamverkansgruppen", "2026-01-01", "2026-12-31", "Beslut", "Protokoll")
    assert filters is not None
    assert (filters.body, str(filters.since), str(filters.until)) == (
        "Länssamverkansgruppen",
        "2026-01-01",
        "2026-12-31",
    )
    assert (filters.item_kind, filters.doc_kind) == ("beslut", "protocol")
    with pytest.raises(FilterProblem, match="efter till-datumet"):
        filters_of(ALL, "2026-12-31", "2026-01-01", ALL, ALL)
