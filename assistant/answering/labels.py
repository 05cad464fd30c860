"""Citation labels: "LSG 2026-02-20 §12", "Samråd hälsa, vård och omsorg datum okänt §5",
"Överenskommelse om utskrivning avsnitt 3.2", "Reglemente för socialnämnden 2 §"."""

from __future__ import annotations

import re

from assistant.answering.models import Citation
from assistant.documents.models import MEETING_KINDS
from assistant.indexing.ids import meeting_page
from assistant.retrieval.models import SearchResult

SHORT_NAMES = {"Länssamverkansgruppen": "LSG"}
LONG_NAMES = {short: long for long, short in SHORT_NAMES.items()}
_TITLE_WORDS = 6


def short_body(body: str | None) -> str:
    """The body's short name where one exists (LSG), else its full name."""
    if not body:
        return "okänt organ"
    return SHORT_NAMES.get(body, body)


def short_title(title: str) -> str:
    """An agreement's title cut to a few words: "Länsgemensam överenskommelse om samverkan …"."""
    words = re.sub(r"\s+", " ", title).split(" ")
    return " ".join(words[:_TITLE_WORDS]) + (" …" if len(words) > _TITLE_WORDS else "")


def label(result: SearchResult) -> str:
    if result.doc_kind not in MEETING_KINDS:
        return f"{short_title(result.doc_title or result.title)} {result.cited_as or f'avsnitt {result.item}'}"
    when = result.date or "datum okänt"
    where = f"{short_body(result.body)} {when}"
    if not result.item:
        return f"{where}, mötet"
    if result.doc_kind == "agenda":  # a proposal on an agenda, not a decision: the label says so
        return f"{where} kallelse {result.cited_as or f'punkt {result.item}'}"
    return f"{where} {result.cited_as}" if result.cited_as else f"{where} §{result.item}"


def meeting_url(result: SearchResult) -> str | None:
    """The page of the meeting (protocol or agenda) an item belongs to; None for other documents."""
    if result.doc_kind not in MEETING_KINDS:
        return None
    return meeting_page(result.id.split("--", 1)[0])


def citation(result: SearchResult) -> Citation:
    whole = meeting_url(result)
    return Citation(
        id=result.id,
        label=label(result),
        body=result.body,
        date=result.date,
        item=result.item,
        title=result.title,
        source=result.source,
        kind=result.kind,
        url=whole if whole and result.kind == "möte" else result.url,
        meeting_url=whole,
    )
