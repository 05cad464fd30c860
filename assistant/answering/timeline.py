"""What has happened with a matter across meetings: one line per meeting, in date order.

A register of decisions exists for "vad har hänt med X sedan i våras" and "vad beslutades
senast om X". The answer is a table, one row per meeting that handled the matter: its date,
its body, what happened (the status: informerades, remiss, beslut, bordlades, återremitterades,
återrapporterades, and the decision's first clause or the item's most telling sentence, in at
most ~25 words) and the citation. Which items belong to the matter is decided before this module
(the ranker's on-topic probability, `retrieval/topic.py`); here they are only ordered and told.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote_plus

from assistant.retrieval.models import SearchResult

MAX_WORDS = 25  # what one row says of a meeting (issue 14: "at most ~25 words")

# The status a protocol gives a matter, strongest first: an item that sends a proposal out for
# consultation and also notes information is a remiss. The words are the conventions of Swedish
# protocols ("Ärendet bordläggs", "återremitteras till förvaltningen", "skickas på remiss").
_STATUSES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("återremitterades", re.compile(r"\båterremitt\w*", re.I)),
    ("bordlades", re.compile(r"\bbordl(?:ägg|ade|agt)\w*", re.I)),
    ("remiss", re.compile(r"\b(?:på|till|ut på|som) remiss\b|\bremittera\w*|\bremissvar\w*|^remiss\b", re.I)),
    # Acknowledging information is not a decision on the matter, though it is worded as one.
    (
        "informerades",
        re.compile(
            r"\bgodkänn\w* informationen\b|\binformationen (?:är|har) delgiv\w*|\bläggs? (?:informationen )?till "
            r"handlingarna\b|\btar del av informationen\b|\bnoterar informationen\b",
            re.I,
        ),
    ),
    ("återrapporterades", re.compile(r"\båterrapport\w*|\buppföljning\w*|\bföljs upp\b|\bredovisning av\b", re.I)),
    (
        "beslut",
        re.compile(
            r"\bbeslutar\s+att\s+(?!lägga\b|notera\b|godkänna informationen|ta del\b)|\b(?:antar|antogs|fastställ\w*"
            r"|godkänn\w*|beviljar|avslår|tillstyrk\w*)\b",
            re.I,
        ),
    ),
    (
        "informerades",
        re.compile(r"\binform\w*|\bdelgiv\w*|\bläggs? till handlingarna\b|\bnoter\w*|\btar del av\b", re.I),
    ),
)
_CLAUSE = re.compile(r"(?<=[.;!?])\s+|\n+")


@dataclass(frozen=True)
class Step:
    """One meeting's handling of the matter."""

    result: SearchResult
    status: str
    summary: str

    @property
    def date(self) -> str | None:
        return self.result.date


def status_of(result: SearchResult) -> str:
    """What the meeting did with the matter, read from the decision first, then the title and text."""
    for text in (result.decision or "", result.title, result.text):
        for status, pattern in _STATUSES:
            if pattern.search(text):
                return status
    return "behandlades"


def summary_of(result: SearchResult, best_sentence: str = "") -> str:
    """The decision's first clause, else the item's most telling sentence, in at most MAX_WORDS words."""
    source = result.decision or best_sentence or result.title
    first = next((c for c in _CLAUSE.split(source.strip()) if c.strip()), source)
    first = re.sub(r"^[-–•]\s*", "", first.strip())
    words = first.split()
    if len(words) <= MAX_WORDS:
        return first
    return " ".join(words[:MAX_WORDS]).rstrip(",;:") + " …"


def ordered(steps: Sequence[Step], newest_first: bool = False) -> list[Step]:
    """By meeting date; undated meetings last (their place in time is unknown), whatever the order."""
    dated = sorted((s for s in steps if s.date), key=lambda s: s.date or "", reverse=newest_first)
    return dated + [s for s in steps if not s.date]


def topic_url(topic: str) -> str:
    """The topic page that shows the whole thread as a table (with CSV download)."""
    return f"/topics?q={quote_plus(topic)}"


def cell(text: str) -> str:
    """Text made safe for one cell of a markdown table."""
    return " ".join(text.replace("|", "/").split())
