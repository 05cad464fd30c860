"""The decision register: every `beslut` item with its decision and assignments, oldest first."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from assistant.answering.labels import short_body
from assistant.indexing.ids import source_name
from assistant.indexing.store import IndexStore
from assistant.understanding.periods import Period


class DecisionEntry(BaseModel):
    id: str
    label: str
    body: str | None
    date: str | None
    item: str
    title: str
    decision: str
    assignments: list[dict[str, Any]] = Field(default_factory=list)
    source: str
    url: str


def decision_register(
    store: IndexStore,
    *,
    body: str | None = None,
    since: date | None = None,
    until: date | None = None,
    period: Period | None = None,
    newest_first: bool = False,
) -> list[DecisionEntry]:
    """All decisions in the index, filtered (a `period` as the questions name them: "våren 2025"),
    sorted by date (oldest first, or newest first; unknown dates last) and item."""
    entries: list[DecisionEntry] = []
    for node_id, meta in store.node_metadata({"item_kind": "beslut"}):
        if "#" in node_id:
            continue  # one entry per item, not per part
        when = str(meta.get("date") or "") or None
        if body and meta.get("body") != body:
            continue
        if since and (not when or when < since.isoformat()):
            continue
        if until and (not when or when > until.isoformat()):
            continue
        if period is not None and not period.holds(_day(when)):
            continue
        number = str(meta.get("item") or "")
        entries.append(
            DecisionEntry(
                id=node_id,
                label=f"{short_body(str(meta.get('body') or '') or None)} {when or 'datum okänt'} §{number}",
                body=str(meta.get("body") or "") or None,
                date=when,
                item=number,
                title=str(meta.get("title") or ""),
                decision=str(meta.get("decision") or ""),
                assignments=json.loads(str(meta.get("assignments") or "[]")),
                source=source_name(meta.get("source")),
                url=f"/items/{node_id}",
            )
        )
    entries.sort(key=lambda e: (e.date or "", e.body or "", _number(e.item)), reverse=newest_first)
    return [e for e in entries if e.date] + [e for e in entries if not e.date]


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _number(item: str) -> tuple[int, str]:
    digits = "".join(ch for ch in item if ch.isdigit())
    return (int(digits) if digits else 0, item)
