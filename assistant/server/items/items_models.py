"""What the items API gives: one item with its meeting and neighbours, and the meetings in the index."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ItemLink(BaseModel):
    """A neighbouring item, enough to link to it: "§ 11 Title"."""

    id: str
    number: str | None
    title: str
    url: str


class ItemView(BaseModel):
    """An item (or a meeting's own node) with everything its page shows; `text` is the item's full text."""

    id: str
    url: str
    label: str = Field(description='the citation label, e.g. "LSG 2026-02-20 §12"')
    doc_id: str
    doc_kind: str
    doc_title: str | None
    body: str | None
    body_short: str
    date: str | None
    time: str | None = None
    place: str | None = None
    item: str | None = Field(description="the item's number as written; None for the meeting itself")
    title: str
    kind: str | None = Field(description="beslut, information, avsnitt, möte, or None")
    presenters: list[str] = Field(default_factory=list)
    text: str
    decision: str | None = None
    assignments: list[dict[str, Any]] = Field(default_factory=list)
    source: str = Field(description="the source document's file name")
    source_url: str
    prev_id: str | None = None
    next_id: str | None = None
    prev: ItemLink | None = None
    next: ItemLink | None = None
    meeting_url: str | None = Field(default=None, description="the page of the whole protocol (None for agreements)")


class MeetingInfo(BaseModel):
    """A meeting (one protocol) with where to start reading it."""

    doc_id: str
    title: str | None
    body: str | None
    body_short: str
    date: str | None
    place: str | None
    items: int
    url: str | None = Field(description="the page of the meeting's first item")
    meeting_url: str | None = Field(default=None, description="the page of the whole protocol")
    source: str


class AttendanceGroup(BaseModel):
    """One group of the attendance ("Närvarande", "Ersättare", "Justerare") with its people as written."""

    group: str
    people: list[str]


class MeetingItem(BaseModel):
    """An item as the meeting page lists it."""

    id: str
    number: str | None
    title: str
    kind: str | None
    decision: str | None
    url: str


class MeetingView(BaseModel):
    """A whole protocol: its header, attendance by role and every item with its decision."""

    doc_id: str
    url: str
    title: str | None
    body: str | None
    body_short: str
    date: str | None
    time: str | None = None
    place: str | None = None
    diarienummer: str | None = None
    attendance: list[AttendanceGroup] = Field(default_factory=list)
    attendance_url: str | None = Field(default=None, description="the meeting's own item page (its attendance)")
    items: list[MeetingItem] = Field(default_factory=list)
    source: str
    source_url: str

