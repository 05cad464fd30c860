"""What search takes and gives: filters, and results that are whole items ready to cite."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from assistant.documents.models import DocumentKind

SearchMode = Literal["hybrid", "dense", "bm25"]
MAX_QUERY_CHARS = 2000


class SearchFilters(BaseModel):
    """Narrow a search: one body, a date range, decisions or information, protocols or agreements."""

    body: str | None = None
    since: date | None = None
    until: date | None = None
    item_kind: Literal["beslut", "information", "förslag", "avsnitt", "möte"] | None = None
    doc_kind: DocumentKind | None = None

    @field_validator("body")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value else None

    def accepts(self, meta: dict[str, Any]) -> bool:
        """Whether a node's metadata passes these filters (for the lexical side)."""
        when = int(meta.get("date_num") or 0)
        return (
            (self.body is None or meta.get("body") == self.body)
            and (self.item_kind is None or meta.get("item_kind") == self.item_kind)
            and (self.doc_kind is None or meta.get("doc_kind") == self.doc_kind)
            and (self.since is None or when >= day_number(self.since))
            and (self.until is None or (0 < when <= day_number(self.until)))
        )

    def key(self) -> tuple[object, ...]:
        """The filters as a hashable value (to remember what they select)."""
        return (self.body, self.since, self.until, self.item_kind, self.doc_kind)


def day_number(day: date) -> int:
    """A date as the YYYYMMDD number nodes carry in `date_num`."""
    return day.year * 10000 + day.month * 100 + day.day


class SearchResult(BaseModel):
    """One item (all its parts merged), with what an answer needs to cite it."""

    id: str
    body: str | None
    date: str | None
    item: str | None = Field(description="the item's number as written; None for the meeting itself")
    title: str
    source: str
    kind: str | None = Field(description="beslut, information, avsnitt, möte, or None")
    doc_kind: str
    score: float
    text: str
    snippet: str
    url: str
    doc_title: str | None = None
    cited_as: str | None = Field(default=None, description="a governing document's section as cited: '2 §'")
    dense_score: float | None = Field(
        default=None, description="cosine similarity of the best part, if dense search ran"
    )
    decision: str | None = None
    presenters: list[str] = Field(default_factory=list)
    assignments: list[dict[str, Any]] = Field(default_factory=list)
