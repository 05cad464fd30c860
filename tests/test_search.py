"""Hybrid search over the real index: the right items for Swedish questions, filters, merging."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.retrieval.models import SearchFilters
from assistant.retrieval.search import QueryProblem, SearchService, reciprocal_rank_fusion

LSG = "lanssamverkansgruppen-2026-02-20"
SAMRAD = "samrad-halsa-vard-och-omsorg-2025-varen"


@pytest.fixture(scope="module")
def search(corpus_index: Path, settings: Settings) -> SearchService:
    return SearchService(settings, corpus_index)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Vem ansvarar för att införa den nya blanketten för sjukskrivning?", f"{LSG}--12"),
        ("Vad beslutades om den länsgemensamma strategin mot självmord?", f"{SAMRAD}--5"),
        ("samsjuklighetsreformen", f"{LSG}--14"),
        ("Vem ska besluta om nya ledamöter i beredningarna?", f"{LSG}--16"),
        ("Vad händer med bytet från Prator?", f"{SAMRAD}--9"),
        ("Vem var frånvarande på LSG-mötet?", f"{LSG}--mote"),
    ],
)
def test_finds_the_item_that_answers(search: SearchService, question: str, expected: str) -> None:
    ids = [r.id for r in search.search(question, top_k=5)]
    assert expected in ids, ids


def test_results_are_whole_items_ready_to_cite(search: SearchService) -> None:
    (hit,) = [
        r
        for r in search.search("strategi för suicidprevention Västerbotten 2025–2030", top_k=5)
        if r.id == f"{SAMRAD}--5"
    ]
    assert (hit.body, hit.date, hit.item, hit.kind, hit.doc_kind) == (
        "Samråd hälsa, vård och omsorg",
        None,
        "5",
        "beslut",
        "protocol",
    )
    assert hit.url == f"/items/{SAMRAD}--5"
    assert hit.title == "Regionala strategin för suicidprevention"
    # The item is long enough to be two nodes; the result is the whole item, once.
    assert hit.text.startswith("Beslutsärende") and "Särskilt beslut fattas om handlingsplanen" in hit.text
    assert hit.presenters == ["Emma Wasara"]
    assert hit.assignments[0]["assignee"] == "fullmäktige i respektive huvudman"


def test_filters(search: SearchService) -> None:
    only_lsg = search.search("suicidprevention", top_k=10, filters=SearchFilters(body="Länssamverkansgruppen"))
    assert only_lsg and all(r.body == "Länssamverkansgruppen" for r in only_lsg)
    decisions = search.search("information om utbildning", top_k=10, filters=SearchFilters(item_kind="beslut"))
    assert decisions and all(r.kind == "beslut" for r in decisions)
    since = search.search("suicidprevention", top_k=10, filters=SearchFilters(since=date(2026, 1, 1)))
    assert since and all(r.date and r.date >= "2026-01-01" for r in since)
    until = search.search("suicidprevention", top_k=10, filters=SearchFilters(until=date(2025, 12, 31)))
    assert until == []  # the Samråd meeting has no known date, so it is not "before 2026" either
    agreements = search.search("suicidprevention", top_k=10, filters=SearchFilters(doc_kind="agreement"))
    assert agreements == []


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_every_mode_answers(search: SearchService, mode: str) -> None:
    results = search.search("Vem informerade om lärandekonferensen?", top_k=3, mode=mode)  # type: ignore[arg-type]
    assert f"{LSG}--19" in [r.id for r in results]


def test_bad_queries(search: SearchService) -> None:
    for empty in ("", "   ", "?!.,"):
        with pytest.raises(QueryProblem, match="Frågan är tom"):
            search.search(empty)
    huge = "Vad beslutades om suicidprevention? " * 300  # over 10,000 characters
    assert search.search(huge, top_k=3)


def test_reciprocal_rank_fusion_prefers_agreement() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "a"]])
    assert [item for item, _ in fused] == ["b", "a", "c"]


@pytest.mark.parametrize(
    ("question", "filters"),
    [
        ("Vem ansvarar för implementering av ny blankett?", None),
        ("samsjuklighetsutredningen", SearchFilters(item_kind="information")),
        ("Vilka var närvarande?", SearchFilters(body="Länssamverkansgruppen")),
    ],
)
def test_dense_search_in_memory_finds_what_chroma_finds(
    search: SearchService, question: str, filters: SearchFilters | None
) -> None:
    """Issue 15: dense search reads the vectors cached beside BM25 (exact cosine). On an index this
    small Chroma's HNSW is exact too, so both give the same nodes, order and distances."""
    from assistant.retrieval.search import chroma_where

    vector = search.embedding.get_query_embedding(question)
    ours = search.lexical().nearest(vector, 10, filters.accepts if filters else None)
    chromas = search.store.nearest(vector, 10, chroma_where(filters))
    assert [i for i, _ in ours] == [i for i, _ in chromas]
    assert all(abs(a - b) < 1e-4 for (_, a), (_, b) in zip(ours, chromas))
    assert len(ours) == 10 or filters is not None
