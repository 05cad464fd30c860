"""Hand-made search results for tests of answering that need no index."""

from __future__ import annotations

from assistant.retrieval.models import SearchResult


def search_result(number: str, title: str, text: str, date: str = "2026-02-20") -> SearchResult:
    """An LSG item as search would return it."""
    doc = f"lanssamverkansgruppen-{date}"
    return SearchResult(
        id=f"{doc}--{number}",
        body="Länssamverkansgruppen",
        date=date,
        item=number,
        title=title,
        source=f"corpus/{doc}.txt",
        kind="beslut",
        doc_kind="protocol",
        score=1.0,
        text=text,
        snippet=text[:80],
        url=f"/items/{doc}--{number}",
    )
