"""What the topic API gives: a matter's handling over meetings, one row per meeting."""

from __future__ import annotations

from pydantic import BaseModel, Field


class TopicRow(BaseModel):
    """One meeting's handling of the matter."""

    date: str | None
    body: str | None
    item: str | None
    title: str
    status: str = Field(description="informerades, remiss, beslut, bordlades, återremitterades, återrapporterades")
    summary: str = Field(description="the decision's first clause or the item's most telling sentence (≤ ~25 words)")
    label: str = Field(description='the citation label, e.g. "LSG 2026-02-20 §12"')
    url: str
    meeting_url: str | None = None


class TopicView(BaseModel):
    """The timeline of a matter, oldest first (undated meetings last)."""

    query: str
    rows: list[TopicRow]
    csv_url: str
    page_url: str
