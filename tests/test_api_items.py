"""Items over real HTTP: the JSON view and the page citations link to, checked against the parser's
own reading of the corpus files; neighbours, the decision mark, escaping of hostile text, 404s."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from markupsafe import escape

from assistant.config import Settings
from assistant.documents import Document, parse_file
from tests.api_support import CORPUS, TIMEOUT, Writable, assert_clean_error, protocol_text, writable_server
from tests.live_server import live_server

LSG = "lanssamverkansgruppen-2026-02-20"
SAMRAD = "samrad-halsa-vard-och-omsorg-2025-varen"
QUESTIONS = Path(__file__).resolve().parent.parent / "eval" / "questions.jsonl"


@pytest.fixture(scope="module")
def base_url(corpus_index: Path, settings: Settings) -> Iterator[str]:
    with live_server(settings, corpus_index) as url:
        yield url


def _parsed(doc_id: str) -> Document:
    return parse_file(CORPUS / f"{doc_id}.txt")


def _item(base_url: str, item_id: str) -> dict:
    response = httpx.get(f"{base_url}/api/items/{item_id}", timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("doc_id", [LSG, SAMRAD])
def test_every_item_has_its_full_text_and_fields(base_url: str, doc_id: str) -> None:
    """Each item as served equals the parser's item, including items the index stores in overlapping parts."""
    document = _parsed(doc_id)
    for parsed in document.items:
        item = _item(base_url, f"{doc_id}--{parsed.number}")
        assert item["text"] == (parsed.text or parsed.title).strip()
        assert (item["item"], item["title"], item["kind"]) == (parsed.number, parsed.title, parsed.kind)
        assert item["presenters"] == parsed.presenters
        assert item["decision"] == parsed.decision
        assert (item["body"], item["date"], item["place"]) == (document.body, document.date, document.place)
        assert item["url"] == f"/items/{doc_id}--{parsed.number}"
        assert item["source"] == f"{doc_id}.txt" and item["source_url"] == f"/documents/{doc_id}/source"


def test_item_label_and_meeting(base_url: str) -> None:
    item = _item(base_url, f"{LSG}--12")
    assert item["label"] == "LSG 2026-02-20 §12" and item["body_short"] == "LSG"
    assert (item["place"], item["time"]) == ("Teams", "08.00–11.45")
    assert [a["assignee"] for a in item["assignments"]][:2] == ["Respektive huvudman", "Beredning för vuxna och äldre"]


@pytest.mark.parametrize("doc_id", [LSG, SAMRAD])
def test_neighbours_walk_the_meeting_in_document_order(base_url: str, doc_id: str) -> None:
    expected = [f"{doc_id}--mote"] + [f"{doc_id}--{i.number}" for i in _parsed(doc_id).items]
    walked, current = [], f"{doc_id}--mote"
    while current is not None:
        item = _item(base_url, current)
        walked.append(item["id"])
        if item["next_id"]:
            assert _item(base_url, item["next_id"])["prev_id"] == item["id"]
            assert item["next"]["url"] == f"/items/{item['next_id']}"
        current = item["next_id"]
    assert walked == expected
    assert _item(base_url, expected[0])["prev_id"] is None


def test_item_page(base_url: str) -> None:
    response = httpx.get(f"{base_url}/items/{LSG}--12", timeout=TIMEOUT)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "script-src" not in response.headers["content-security-policy"]
    page = response.text
    assert '<html lang="sv">' in page and "<script" not in page
    assert "Länssamverkansgruppen · 2026-02-20" in page and "Teams" in page
    assert "<h1>§ 12 Länsgemensam överenskommelse" in page
    assert "Beslutsärende" in page and "Föredragande: Sara Hjalmarsson" in page
    marked = re.findall(r"<mark>(.*?)</mark>", page, re.S)
    assert len(marked) == 1 and marked[0].startswith("Ny blankett fastställs enligt förslag.")
    assert f'href="/items/{LSG}--11"' in page and f'href="/items/{LSG}--13"' in page
    assert f'href="/documents/{LSG}/source"' in page


def test_meeting_page_and_unknown_items(base_url: str) -> None:
    meeting = httpx.get(f"{base_url}/items/{LSG}--mote", timeout=TIMEOUT)
    assert meeting.status_code == 200 and "Ida Lestander" in meeting.text and "<mark>" not in meeting.text
    for unknown in ("finns-inte--1", f"{LSG}--999", f"{LSG}--12%231"):
        page = httpx.get(f"{base_url}/items/{unknown}", timeout=TIMEOUT)
        assert page.status_code == 404 and "Ärendet hittades inte" in page.text and "Traceback" not in page.text
        assert_clean_error(httpx.get(f"{base_url}/api/items/{unknown}", timeout=TIMEOUT), 404, "finns inte i indexet")


def test_every_citation_links_to_an_item_or_meeting_page(base_url: str) -> None:
    questions = [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines()[:12]]
    urls = set()
    for question in questions:
        answer = httpx.post(f"{base_url}/api/ask", json={"question": question}, timeout=TIMEOUT).json()
        urls |= {c["url"] for c in answer["citations"] + answer["suggestions"]}
        urls |= {c["meeting_url"] for c in answer["citations"] + answer["suggestions"] if c["meeting_url"]}
    assert len(urls) >= 5
    assert any(url.startswith("/meetings/") for url in urls)
    for url in urls:
        assert url.startswith(("/items/", "/meetings/"))
        page = httpx.get(f"{base_url}{url}", timeout=TIMEOUT)
        assert page.status_code == 200, url


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory, corpus_index: Path) -> Iterator[Writable]:
    with writable_server(tmp_path_factory.mktemp("items"), corpus_index) as running:
        yield running


def test_page_escapes_document_text(writable: Writable) -> None:
    hostile = protocol_text(
        "Säkerhetsnämnden",
        "2025-02-02",
        [
            ("1", "Rubrik <b>fet</b>", ["Inledning <script>alert('x')</script> & <img src=x onerror=alert(1)>."]),
            ("2", "Skydd", ["Säkerhetsnämnden beslutar att <script>document.cookie</script> ska stoppas."]),
        ],
    )
    upload = httpx.post(
        f"{writable.url}/api/documents", files={"file": ("<svg onload=x>.txt", hostile.encode())}, timeout=TIMEOUT
    )
    assert upload.status_code == 200, upload.text
    doc_id = upload.json()["document"]["id"]
    for number in ("1", "2"):
        page = httpx.get(f"{writable.url}/items/{doc_id}--{number}", timeout=TIMEOUT).text
        assert "<script" not in page and "<img" not in page and "<b>" not in page and "<svg" not in page
        text = _item(writable.url, f"{doc_id}--{number}")["text"]
        assert str(escape(text.split("\n")[0])) in page
    page = httpx.get(f"{writable.url}/items/{doc_id}--2", timeout=TIMEOUT).text
    assert "<mark>Säkerhetsnämnden beslutar att &lt;script&gt;document.cookie&lt;/script&gt;" in page
    assert "Rubrik &lt;b&gt;fet&lt;/b&gt;" in page  # the previous item's title in the neighbour link


def test_agreement_sections_have_pages(writable: Writable) -> None:
    source = Path(__file__).parent / "data" / "overenskommelse_utskrivning.txt"
    parsed = parse_file(source)
    upload = httpx.post(
        f"{writable.url}/api/documents", files={"file": (source.name, source.read_bytes())}, timeout=TIMEOUT
    )
    assert upload.status_code == 200, upload.text
    document = upload.json()["document"]
    assert document["kind"] == "agreement" and document["items"] == len(parsed.items)
    section = parsed.items[len(parsed.items) // 2]
    item = _item(writable.url, f"{document['id']}--{section.number}")
    assert item["doc_kind"] == "agreement" and item["label"].endswith(f"avsnitt {section.number}")
    assert item["text"] == (section.text or section.title).strip() and item["place"] is None
    page = httpx.get(f"{writable.url}{item['url']}", timeout=TIMEOUT).text
    assert f"<h1>Avsnitt {section.number} {escape(section.title)}</h1>" in page
    meetings = httpx.get(f"{writable.url}/api/meetings", timeout=TIMEOUT).json()
    assert document["id"] not in {m["doc_id"] for m in meetings}
