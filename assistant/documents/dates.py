"""Swedish dates as protocols write them, turned into ISO dates.

Protocols write "2026-02-20", "20 februari 2026", "den 20 februari" (year elsewhere,
often only in the diarienummer), "20/2 2026" or "20260220". Getting the meeting date
right matters because every citation carries it.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS: dict[str, int] = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
_MONTH_ABBREVIATIONS = {name[:3]: number for name, number in MONTHS.items()} | {"sept": 9}
_MONTH_PATTERN = "|".join(sorted({*MONTHS, *_MONTH_ABBREVIATIONS}, key=len, reverse=True))

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_COMPACT = re.compile(r"\b((?:19|20)\d{2})(\d{2})(\d{2})\b")
_WORDS = re.compile(rf"\b(\d{{1,2}})(?::e|:a)?\s+({_MONTH_PATTERN})\.?(?:\s+(\d{{4}}))?\b", re.I)
_SLASH = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:\s+|-)(\d{4})\b")
_DOTTED = re.compile(r"\b(\d{1,2})[.-](\d{1,2})[.-](\d{4})\b")  # "12.3.2025", "14-05-2025"
_YEAR_FIRST_DOTTED = re.compile(r"\b(\d{4})\.(\d{1,2})\.(\d{1,2})\b")  # "2025.04.22"
_SHORT_YEAR = re.compile(rf"\b(\d{{1,2}})(?::e|:a)?\s+({_MONTH_PATTERN})\.?\s+(?:-|')(\d{{2}})\b", re.I)  # "14 maj -25"
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")


def _make(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month(name: str) -> int | None:
    lower = name.lower()
    return MONTHS.get(lower) or _MONTH_ABBREVIATIONS.get(lower[:4]) or _MONTH_ABBREVIATIONS.get(lower[:3])


def find_date(text: str, default_year: int | None = None) -> date | None:
    """The first complete date written in `text`; a day and month alone take `default_year`."""
    candidates: list[tuple[int, date]] = []
    for m in _ISO.finditer(text):
        if d := _make(int(m.group(1)), int(m.group(2)), int(m.group(3))):
            candidates.append((m.start(), d))
    for m in _WORDS.finditer(text):
        month = _month(m.group(2))
        year = int(m.group(3)) if m.group(3) else default_year
        if month and (d := _make(year, month, int(m.group(1)))):
            candidates.append((m.start(), d))
    for m in _YEAR_FIRST_DOTTED.finditer(text):
        if d := _make(int(m.group(1)), int(m.group(2)), int(m.group(3))):
            candidates.append((m.start(), d))
    for m in _SHORT_YEAR.finditer(text):
        month = _month(m.group(2))
        if month and (d := _make(2000 + int(m.group(3)), month, int(m.group(1)))):
            candidates.append((m.start(), d))
    for m in (*_SLASH.finditer(text), *_DOTTED.finditer(text)):
        if d := _make(int(m.group(3)), int(m.group(2)), int(m.group(1))):
            candidates.append((m.start(), d))
    for m in _COMPACT.finditer(text):
        if d := _make(int(m.group(1)), int(m.group(2)), int(m.group(3))):
            candidates.append((m.start(), d))
    return min(candidates)[1] if candidates else None


def find_year(text: str) -> int | None:
    """The last four-digit year in `text` (a diarienummer ends with its year: 'HSN 346:1-2026')."""
    years = _YEAR.findall(text)
    return int(years[-1]) if years else None
