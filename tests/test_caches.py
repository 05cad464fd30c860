"""What keeps answers fast at scale, on a real index with the real model: the answer cache
remembers a question and forgets it when the index changes; the corpus statistics are saved
with the lexical index and rebuilt when missing."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from assistant.answering.service import AnsweringService
from assistant.config import Settings
from assistant.indexing.ingest import LEXICAL_DIR, IngestService
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.search import SearchService

DATA = Path(__file__).parent / "data"
NEW_PROTOCOL = DATA / "socialnamnden-2025-03-12.txt"
ABOUT_NEW = "Hur stort underskott prognostiserar socialnämnden i Lycksele för helåret?"


class CountingSearch:
    """The real search service, counting how often answering asks it."""

    def __init__(self, search: SearchService) -> None:
        self.search = search.search  # the bound method, before it is replaced by this wrapper
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.search(*args, **kwargs)


@pytest.fixture()
def index(tmp_path: Path, corpus_copy: Path, settings: Settings) -> Path:
    folder = tmp_path / "index"
    IngestService(settings, folder).ingest([corpus_copy])
    return folder


def test_a_repeated_question_is_answered_from_the_cache_until_an_ingest_changes_the_index(
    index: Path, corpus_copy: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    search = SearchService(settings, index)
    answering = AnsweringService(settings, search)
    counting = CountingSearch(search)
    monkeypatch.setattr(search, "search", counting)

    before = answering.answer(ABOUT_NEW)
    assert before.abstained, before.answer  # the seed protocols say nothing about Lycksele's budget
    again = answering.answer(ABOUT_NEW)
    assert again == before and counting.calls == 1  # the second answer was remembered, not searched

    shutil.copy(NEW_PROTOCOL, corpus_copy / NEW_PROTOCOL.name)
    IngestService(settings, index).ingest([corpus_copy])

    after = answering.answer(ABOUT_NEW)
    assert counting.calls == 2  # the ingest made the remembered answer stale
    assert not after.abstained, after.answer
    assert "4,2 miljoner" in after.answer
    assert [c.id for c in after.citations] == ["socialnamnden-2025-03-12--46"]


def test_with_the_cache_off_every_answer_is_computed(index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(corpus_dir=Path(__file__).resolve().parent.parent / "corpus", answer_cache_size=0)
    search = SearchService(settings, index)
    answering = AnsweringService(settings, search)
    counting = CountingSearch(search)
    monkeypatch.setattr(search, "search", counting)
    first = answering.answer("Vad beslutades om SIP?")
    second = answering.answer("Vad beslutades om SIP?")
    assert first == second and counting.calls == 2


def test_corpus_statistics_are_saved_with_the_lexical_index_and_rebuilt_when_missing(
    index: Path, settings: Settings
) -> None:
    lexical = LexicalIndex.load(index / LEXICAL_DIR)
    assert lexical is not None
    statistics = lexical.statistics
    assert statistics.nodes == len(lexical.node_ids)
    assert {"Länssamverkansgruppen"} <= set(statistics.bodies)
    assert 20260220 in statistics.meeting_dates
    assert statistics.document_frequency[lexical.statistics.stems.tokens("samordnad")[0]] >= 1

    (index / LEXICAL_DIR / "statistics.json").unlink()  # e.g. an index written by an older version
    assert LexicalIndex.load(index / LEXICAL_DIR) is None
    search = SearchService(settings, index)
    rebuilt = search.lexical()
    assert rebuilt.statistics.document_frequency == statistics.document_frequency
    assert (index / LEXICAL_DIR / "statistics.json").is_file()  # saved again for the next process
