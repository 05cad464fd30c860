"""The chat UI over real HTTP: FastAPI with Gradio mounted at "/", driven by gradio_client."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.answering.models import Answer, Citation
from assistant.config import Settings
from assistant.indexing.errors import IndexMissing
from assistant.ui.chat import NO_INDEX, UNEXPECTED, Chat
from assistant.ui.decisions import filtered_csv
from assistant.ui.formatting import (
    THINKING,
    FilterProblem,
    answer_markdown,
    filters_of,
    history_of,
    sources_markdown,
)
from tests.live_server import live_server

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
from gradio_client import Client, handle_file  # noqa: E402

ALL = "Alla"
DATA = Path(__file__).resolve().parent / "data"
# Gradio's queue trips over pandas 3 deprecations; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:.*no_silent_downcasting", "ignore:The copy keyword is deprecated")


@pytest.fixture(scope="module")
def base_url(corpus_index: Path, settings: Settings) -> Iterator[str]:
    with live_server(settings, corpus_index) as url:
        yield url


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
    with live_server(settings, tmp_path / "saknas") as url:
        messages, _, _ = ask(Client(url + "/", verbose=False), "Vad beslutades om SIP?")
        assert text_of(messages[-1]) == NO_INDEX


def test_decision_register_searches_and_downloads(client: Client) -> None:
    table, download, message = client.predict("Blankett", ALL, "", "", api_name="/decisions")
    rows = table["data"]
    assert rows and all("blankett" in " ".join(map(str, row)).casefold() for row in rows)
    assert (
        rows[0][0]
        == '<a href="/items/lanssamverkansgruppen-2026-02-20--12" target="_blank" rel="noopener">LSG 2026-02-20 §12</a>'
    )
    assert message == f"{len(rows)} beslut."
    lines = list(csv.reader(io.StringIO(Path(download).read_text(encoding="utf-8-sig"))))
    assert lines[0][:2] == ["hänvisning", "organ"] and len(lines) == len(rows) + 1
    everything, _, _ = client.predict("", ALL, "", "", api_name="/decisions")
    assert len(everything["data"]) > len(rows)
    samrad, _, _ = client.predict("", "Samråd hälsa, vård och omsorg", "", "", api_name="/decisions")
    assert samrad["data"] and all(row[2] == "Samråd hälsa, vård och omsorg" for row in samrad["data"])
    _, _, nothing = client.predict("parkeringsavgifter", ALL, "", "", api_name="/decisions")
    assert nothing == "Inga beslut innehåller «parkeringsavgifter»."
    empty, _, bad = client.predict("", ALL, "2026-02-30", "", api_name="/decisions")
    assert empty["data"] == [] and "«2026-02-30» är inget giltigt datum" in bad


def test_documents_upload_ask_and_delete(tmp_path: Path) -> None:
    """From nothing: upload a protocol (and a broken file), ask about it, then delete it."""
    with live_server(Settings(corpus_dir=tmp_path / "corpus"), tmp_path / "index") as url:
        ui = Client(url + "/", verbose=False)
        table, _, message = ui.predict(api_name="/list_documents")
        assert table["data"] == [] and message.startswith("Inga dokument ännu")
        _, _, none = ui.predict("", ALL, "", "", api_name="/decisions")
        assert none == NO_INDEX

        broken = tmp_path / "trasig.pdf"
        broken.write_bytes(b"%PDF-1.4 inte alls en pdf")
        protocol = DATA / "socialnamnden-2025-03-12.txt"
        table, choices, report, files = ui.predict(
            [handle_file(protocol), handle_file(broken)], api_name="/upload_documents"
        )
        assert files is None or files == []
        assert [row[:7] for row in table["data"]] == [
            ["Protokoll Socialnämnden", "protokoll", "Socialnämnden", "2025-03-12", "ärenden", 5, "sökbart"]
        ]
        assert [c[1] for c in choices["choices"]] == ["socialnamnden-2025-03-12"]
        assert "«socialnamnden-2025-03-12.txt» är inläst: «Protokoll Socialnämnden», 5 ärenden." in report
        assert 'href="/items/socialnamnden-2025-03-12--45"' in report
        assert "«trasig.pdf»" in report and "Traceback" not in report
        assert sorted(p.name for p in (tmp_path / "corpus").iterdir()) == ["socialnamnden-2025-03-12.txt"]

        messages, _, _ = ask(ui, "Vem utsågs att justera protokollet?")
        assert "/items/socialnamnden-2025-03-12--45" in text_of(messages[-1])
        _, _, again = ui.predict([handle_file(protocol)], api_name="/upload_documents")[:3]
        assert "finns redan inläst" in again

        table, _, deleted = ui.predict("socialnamnden-2025-03-12", api_name="/delete_document")
        assert table["data"] == [] and "borttaget" in deleted
        assert list((tmp_path / "corpus").iterdir()) == []
        _, _, gone = ui.predict("socialnamnden-2025-03-12", api_name="/delete_document")
        assert "finns inte" in gone


def test_too_large_upload_is_refused_in_swedish(tmp_path: Path) -> None:
    settings = Settings(corpus_dir=tmp_path / "corpus", max_file_mb=0.002)  # about 2 kB; the protocol is 3 kB
    with live_server(settings, tmp_path / "index") as url:
        _, _, report, _ = Client(url + "/", verbose=False).predict(
            [handle_file(DATA / "socialnamnden-2025-03-12.txt")], api_name="/upload_documents"
        )
        assert "«socialnamnden-2025-03-12.txt» är för stor" in report
        assert not (tmp_path / "corpus").exists() or not any((tmp_path / "corpus").iterdir())


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


class _StreamingAnswerer:
    """Stands in for AnsweringService.stream: chunks as a language model writes them, then the Answer."""

    def __init__(self, *parts: object) -> None:
        self.parts = parts
        self.calls: list[tuple[str, list[Any], Any]] = []

    def stream(self, question: str, history: list[Any], filters: Any) -> Iterator[object]:
        self.calls.append((question, history, filters))
        for part in self.parts:
            if isinstance(part, Exception):
                raise part
            yield part


class _Services:
    def __init__(self, answerer: _StreamingAnswerer) -> None:
        self.answerer = answerer

    def answering(self) -> _StreamingAnswerer:
        return self.answerer

    def search(self) -> Any:
        raise IndexMissing("index")


def _chat(*parts: object) -> tuple[Chat, _StreamingAnswerer]:
    answerer = _StreamingAnswerer(*parts)
    return Chat(_Services(answerer)), answerer  # type: ignore[arg-type]


def test_streamed_chunks_show_as_they_come_then_the_cited_answer() -> None:
    final = Answer(answer="Ja <3 [LSG 2026-02-20 §12]", citations=[_citation()], mode="llm")
    chat, answerer = _chat("Ja ", "<3", final)
    earlier = [{"role": "user", "content": "Vad beslutades?"}, {"role": "assistant", "content": "Det."}]
    shown = [text_of(s[0][-1]) for s in chat.respond(" Och sen? ", earlier, ALL, "2026-01-01", "", "Beslut", ALL)]
    assert shown == [THINKING, "Ja ", "Ja &lt;3", answer_markdown(final)]
    question, history, filters = answerer.calls[0]
    assert question == "Och sen?" and [t.content for t in history] == ["Vad beslutades?", "Det."]
    assert str(filters.since) == "2026-01-01" and filters.item_kind == "beslut"


def test_failures_become_swedish_messages() -> None:
    chat, _ = _chat("Halv", RuntimeError("boom"))
    *_, (messages, sources, box) = chat.respond("Fråga?", [], ALL, "", "", ALL, ALL)
    assert text_of(messages[-1]) == UNEXPECTED and "boom" not in str(messages) and box == ""
    chat, _ = _chat(IndexMissing("index"))
    *_, (messages, _, _) = chat.respond("Fråga?", [], ALL, "", "", ALL, ALL)
    assert text_of(messages[-1]) == NO_INDEX
    chat, answerer = _chat()
    with pytest.warns(UserWarning, match="Skriv en fråga först"):  # gr.Warning outside a request
        assert [s[0] for s in chat.respond("   ", [], ALL, "", "", ALL, ALL)] == [[]] and not answerer.calls
    assert chat.snippet(_citation()) is None  # no index: the sources panel goes without snippets


def test_csv_keeps_the_heading_and_the_matching_rows() -> None:
    text = "\ufeffhänvisning,beslut\r\nLSG §1,Blanketten fastställs\r\nLSG §2,Budget\r\n"
    assert filtered_csv(text, "blanketten LSG") == "\ufeffhänvisning,beslut\r\nLSG §1,Blanketten fastställs\r\n"


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


def test_upload_progress_is_per_file_and_moves_within_a_file(tmp_path: Path) -> None:
    """What the upload's progress bar is told while the second of two files is read in (real index)."""
    from assistant.server.services import Services
    from assistant.ui.documents import file_progress

    shown: list[tuple[float, str]] = []
    services = Services(Settings(corpus_dir=tmp_path / "corpus", embed_batch_size=2), tmp_path / "index")
    files = ["annat.txt", "socialnamnden-2025-03-12.txt"]
    result = services.documents().upload(
        files[1],
        (DATA / files[1]).read_bytes(),
        file_progress(lambda fraction, desc="": shown.append((fraction, desc)), 1, files),
    )
    assert result.document.items == 5
    fractions = [f for f, _ in shown]
    assert fractions == sorted(fractions) and 0.5 <= fractions[0] and fractions[-1] == 1.0
    assert len({f for f in fractions if 0.5 < f < 1.0}) >= 2  # it moves inside the file, batch by batch
    assert all(desc.startswith("«socialnamnden-2025-03-12.txt» (2 av 2): ") for _, desc in shown)
    assert any(desc.endswith("stycken inlästa …") for _, desc in shown)
    assert shown[-1][1].endswith("bygger sökindex …")
