"""The time a question names: "i november 2025", "våren 2025", "i våras", "förra året",
"sedan i höstas", "mötet den 14 november", "på senaste mötet".

Staff name periods relative to when they ask ("i våras" in December is this year's spring,
in March last year's), so relative periods are measured from `today`, which callers pass
(the service takes it from its settings, so tests can fix it). A year that only qualifies
the topic ("budgeten för 2026", "strategin 2025–2030") is not a meeting period: it is kept
apart as a year the item's text or date should mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from assistant.documents.dates import MONTHS

_ABBREVIATED = {name[:3]: number for name, number in MONTHS.items()} | {"sept": 9, "okt": 10}
_MONTH_NUMBER = MONTHS | _ABBREVIATED
# Full names first, then "feb", "sept" (with an optional full stop): "den 20 feb", "i sept 2025".
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True)) + "|" + "|".join(
    rf"{a}\.?(?!\w)" for a in sorted(_ABBREVIATED, key=len, reverse=True)
)
_SEASONS = {  # season -> (first month, last month)
    "våren": (1, 6),
    "sommaren": (6, 8),
    "hösten": (8, 12),
    "vintern": (1, 2),
}
_RELATIVE_SEASONS = {"våras": "våren", "somras": "sommaren", "höstas": "hösten", "vintras": "vintern"}

_DAY = re.compile(rf"\b(?P<day>\d{{1,2}})(?::e|:a)?\s+(?P<month>{_MONTH})(?:\s+(?P<year>(?:19|20)\d{{2}}))?\b", re.I)
_ISO_DAY = re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_MONTH_YEAR = re.compile(rf"\b(?:i|under|från|sedan|efter|före|till)\s+(?P<month>{_MONTH})(?:\s+(?P<year>(?:19|20)\d{{2}}))?\b", re.I)
_BARE_MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<year>(?:19|20)\d{{2}})\b", re.I)
_SEASON_YEAR = re.compile(r"\b(?P<season>våren|sommaren|hösten|vintern)\s+(?P<year>(?:19|20)\d{2})\b", re.I)
_RELATIVE_SEASON = re.compile(r"\bi\s+(?P<season>våras|somras|höstas|vintras)\b", re.I)
_THIS_SEASON = re.compile(r"\b(?:nu\s+i|under|i)\s+(?P<season>våren|sommaren|hösten|vintern)\b(?!\s+(?:19|20)\d{2})", re.I)
_YEAR_PERIOD = re.compile(r"\b(?:i|under|år|året|från|sedan|efter|före)\s+(?P<year>(?:19|20)\d{2})\b(?![-–]\d)", re.I)
_YEAR = re.compile(r"(?<![\d-])(?P<year>(?:19|20)\d{2})(?![\d-])")
_THIS_YEAR = re.compile(r"\b(?:i år|under året|detta år|det här året|innevarande år)\b", re.I)
_LAST_YEAR = re.compile(r"\b(?:förra året|i fjol|fjolårets|förra årets)\b", re.I)
_SINCE = re.compile(r"\b(?:sedan|efter|från och med|fr\.o\.m\.)\s*$", re.I)
_BEFORE = re.compile(r"\b(?:före|innan|till och med|t\.o\.m\.)\s*$", re.I)
# "gällande" and "aktuell" are left out: staff write "frågor gällande SIP", "det aktuella ärendet".
_LATEST = re.compile(
    r"\b(?:senaste|senast|nyaste|nuvarande|just nu|i dag|idag|numera|(?:gäller|står)\s+(?:det\s+)?nu|läget nu"
    r"|hur långt har\b.*\bkommit)\b",
    re.I,
)
_MEETING_WORD = re.compile(r"\b(?:möte\w*|sammanträde\w*|samrådsmöte\w*)\b", re.I)


_MONTH_NAMES = tuple(MONTHS)


def _month(text: str) -> int:
    return _MONTH_NUMBER[text.lower().rstrip(".")]


@dataclass(frozen=True)
class Period:
    """A span of meeting dates a question names; `label` says it back in the answer."""

    since: date | None
    until: date | None
    label: str
    day: bool = False  # a single meeting day ("mötet den 14 november")
    any_year: bool = False  # a day named without a year: that day of any year

    def holds(self, when: date | None) -> bool:
        if when is None:
            return False
        if self.any_year and self.since is not None:
            return (when.month, when.day) == (self.since.month, self.since.day)
        return (self.since is None or when >= self.since) and (self.until is None or when <= self.until)


def _month_span(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def _season_span(year: int, season: str) -> tuple[date, date]:
    first, last = _SEASONS[season]
    return date(year, first, 1), _month_span(year, last)[1]


def _latest_year_of_month(month: int, today: date) -> int:
    """The year of the most recent such month: "i november" asked in March is last November."""
    return today.year if month <= today.month else today.year - 1


def _latest_year_of_season(season: str, today: date) -> int:
    """The year of the most recent such season that has begun: "under hösten" asked in March is last autumn."""
    return today.year if _SEASONS[season][0] <= today.month else today.year - 1


def _past_year_of_season(season: str, today: date) -> int:
    """The year of a season spoken of as past ("i våras", "i höstas"): this year's once most of it
    has gone by, else last year's ("i våras" asked in March is last spring, asked in May this one)."""
    first, last = _SEASONS[season]
    return today.year if (first + last) / 2 < today.month else today.year - 1


def _bounded(text: str, match: re.Match[str], span: tuple[date, date], label: str) -> Period:
    """The span, or from/until it when "sedan"/"före" leads the phrase or stands right before it."""
    lead = match.group(0).split()[0].lower()
    before = text[: match.start()]
    if lead in ("sedan", "från", "efter") or _SINCE.search(before):
        return Period(span[0], None, f"sedan {label}")
    if lead in ("före", "till") or _BEFORE.search(before):
        return Period(None, span[1], f"före {label}")
    return Period(span[0], span[1], label)


_SINCE_DAY = re.compile(r"\b(?:sedan|efter|från och med|fr\.o\.m\.)\s+(?:(?:mötet|sammanträdet)\s+)?(?:den\s+)?$", re.I)
_BEFORE_DAY = re.compile(r"\b(?:före|fram till|till och med)\s+(?:(?:mötet|sammanträdet)\s+)?(?:den\s+)?$", re.I)


def _from_day(text: str, match: re.Match[str], day: date, label: str) -> Period | None:
    """ "sedan mötet den 25 februari 2005": from that day on (not that day alone); "före …": up to it."""
    before = text[: match.start()]
    if _SINCE_DAY.search(before):
        return Period(day, None, f"sedan {label}")
    if _BEFORE_DAY.search(before):
        return Period(None, day, f"före {label}")
    return None


def period_of(text: str, today: date) -> Period | None:
    """The meeting period the question names, if any (the most specific form wins)."""
    if m := _ISO_DAY.search(text):
        try:
            day = date(int(m["year"]), int(m["month"]), int(m["day"]))
        except ValueError:
            day = None
        if day is not None:
            return _from_day(text, m, day, day.isoformat()) or Period(day, day, day.isoformat(), day=True)
    if m := _DAY.search(text):
        month = _month(m["month"])
        year = int(m["year"]) if m["year"] else _latest_year_of_month(month, today)
        try:
            day = date(year, month, int(m["day"]))
        except ValueError:
            day = None
        if day is not None:
            if m["year"]:
                label = f"{day.day} {_MONTH_NAMES[month - 1]} {year}"
                return _from_day(text, m, day, label) or Period(day, day, label, day=True)
            return Period(day, day, f"{day.day} {_MONTH_NAMES[month - 1]}", day=True, any_year=True)
    if m := _SEASON_YEAR.search(text):
        season, year = m["season"].lower(), int(m["year"])
        return _bounded(text, m, _season_span(year, season), f"{season} {year}")
    if m := _RELATIVE_SEASON.search(text):
        season = _RELATIVE_SEASONS[m["season"].lower()]
        year = _past_year_of_season(season, today)
        return _bounded(text, m, _season_span(year, season), f"{season} {year}")
    if m := _MONTH_YEAR.search(text) or _BARE_MONTH_YEAR.search(text):
        month = _month(m["month"])
        year = int(m["year"]) if m["year"] else _latest_year_of_month(month, today)
        return _bounded(text, m, _month_span(year, month), f"{_MONTH_NAMES[month - 1]} {year}")
    if m := _THIS_SEASON.search(text):
        season = m["season"].lower()
        year = _latest_year_of_season(season, today)
        return _bounded(text, m, _season_span(year, season), f"{season} {year}")
    if m := _YEAR_PERIOD.search(text):
        year = int(m["year"])
        return _bounded(text, m, (date(year, 1, 1), date(year, 12, 31)), str(year))
    if _THIS_YEAR.search(text):
        return Period(date(today.year, 1, 1), date(today.year, 12, 31), str(today.year))
    if _LAST_YEAR.search(text):
        year = today.year - 1
        return Period(date(year, 1, 1), date(year, 12, 31), str(year))
    return None


def years_of(text: str) -> tuple[int, ...]:
    """Every year the question writes, period or not ("budgeten för 2026")."""
    return tuple(dict.fromkeys(int(m["year"]) for m in _YEAR.finditer(text)))


def asks_latest(text: str) -> bool:
    """Whether the question wants the newest handling ("senaste beslutet", "vad gäller nu")."""
    return _LATEST.search(text) is not None


def names_meeting(text: str) -> bool:
    """Whether the question speaks of a meeting ("mötet", "sammanträdet") rather than a topic alone."""
    return _MEETING_WORD.search(text) is not None


class PeriodNotUnderstood(ValueError):
    """A period filter in words that names no period; `str()` is the Swedish message."""


def parse_period(text: str | None, today: date) -> Period | None:
    """A period filter given in words ("våren 2025", "i november 2025", "förra året"); None when not
    given, PeriodNotUnderstood when given but naming no period."""
    if text is None or not text.strip():
        return None
    found = period_of(text.strip(), today)
    if found is None:
        raise PeriodNotUnderstood(
            f"Perioden «{text.strip()[:80]}» gick inte att tolka; skriv t.ex. «våren 2025», «november 2025» eller «förra året»."
        )
    return found

