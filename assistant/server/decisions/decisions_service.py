"""The decision register (assistant/retrieval/register.py) for the API and the UI, as entries or as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date

from assistant.answering.labels import LONG_NAMES
from assistant.indexing.store import IndexStore
from assistant.retrieval.register import DecisionEntry, decision_register
from assistant.understanding.periods import parse_period

CSV_COLUMNS = ["hänvisning", "organ", "datum", "paragraf", "rubrik", "beslut", "ansvar", "länk"]
_BOM = "\ufeff"  # so that Excel, which Swedish offices open CSV files in, reads it as UTF-8


class DecisionsService:
    def __init__(self, store: Callable[[], IndexStore], today: Callable[[], date] = date.today) -> None:
        self._store = store
        self._today = today

    def register(
        self,
        body: str | None = None,
        since: date | None = None,
        until: date | None = None,
        period: str | None = None,
        newest_first: bool = False,
    ) -> list[DecisionEntry]:
        """Every decision in the index, optionally of one body (its name or short name), within dates
        or a period in words ("våren 2025", "förra året"); oldest first unless `newest_first`."""
        body = body.strip() or None if body else None
        body = LONG_NAMES.get(body, body) if body else None
        return decision_register(
            self._store(), body=body, since=since, until=until, period=parse_period(period, self._today()),
            newest_first=newest_first,
        )  # fmt: skip



def as_csv(entries: list[DecisionEntry]) -> str:
    """Register entries as CSV with Swedish headings, the same columns as `assistant decisions --format csv`."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        responsible = "; ".join(f"{a.get('assignee') or ''}: {a.get('task') or ''}".strip(": ") for a in e.assignments)
        writer.writerow([e.label, e.body or "", e.date or "", e.item, e.title, e.decision, responsible, e.url])
    return _BOM + out.getvalue()
