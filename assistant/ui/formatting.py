"""Presentation only: answers as markdown with citation links, the sources panel, filters from
the form's fields, chat history for the service, table rows. No retrieval or answering here."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, Literal

from assistant.answering.models import Answer, ChatTurn, Citation
from assistant.documents.models import DocumentKind
from assistant.retrieval.models import SearchFilters

ALL = "Alla"
ITEM_KINDS: dict[str, Literal["beslut", "information"] | None] = {
    ALL: None,
    "Beslut": "beslut",
    "Information": "information",
}
DOC_KINDS: dict[str, DocumentKind | None] = {
    ALL: None,
    "Protokoll": "protocol",
    "Kallelser": "agenda",
    "Avtal och överenskommelser": "agreement",
    "Övriga dokument": "document",
}
KIND_NAMES = {
    "protocol": "protokoll",
    "agenda": "kallelse/föredragningslista",
    "agreement": "överenskommelse/avtal",
    "document": "övrigt dokument",
}
STRUCTURE_NAMES = {
    "items": "ärenden",
    "sections": "numrerade avsnitt",
    "headings": "rubriker",
    "passages": "stycken (ingen struktur hittades)",
}
THINKING = "*Söker i protokollen …*"
NO_SOURCES = "*Här visas ärendena som svaret hänvisar till.*"
_TAG = re.compile(r"<[^>]+>")
_SNIPPET_CHARS = 280
_TOPIC_PAGE = re.compile(r"(?<!\S)/topics\?q=[^\s<\]]+")


class FilterProblem(ValueError):
    """A filter the user typed that cannot be used; `str()` is Swedish."""


def link(label: str, url: str) -> str:
    """A citation as a link that opens the item's page in a new tab."""
    return f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener">{html.escape(label)}</a>'


def answer_markdown(answer: Answer) -> str:
    """The answer's text with every `[label]` it cites turned into a link to the item's page."""
    text = html.escape(answer.answer, quote=False)
    for cited in [*answer.citations, *answer.suggestions]:
        escaped = html.escape(cited.label, quote=False)
        text = text.replace(f"[{escaped}]", f"[{link(cited.label, cited.url)}]")
    # A timeline answer ends with its topic page, where the whole thread is a table with CSV.
    return _TOPIC_PAGE.sub(lambda m: link("öppna tidslinjen", html.unescape(m.group(0))), text)


def sources_markdown(answer: Answer, snippet_of: Callable[[Citation], str | None]) -> str:
    """The sources panel: each cited item (or, when abstaining, the nearest ones) with a snippet."""
    cited = answer.citations or answer.suggestions
    if not cited:
        return "*Svaret hänvisar inte till något ärende.*"
    heading = "**Närmaste ärenden** (svaret finns inte i dem):" if answer.abstained else ""
    blocks = [heading] if heading else []
    for c in _unique(cited):
        block = f"**{link(c.label, c.url)}**  \n{html.escape(c.title, quote=False)}"
        snippet = snippet_of(c)
        if snippet:
            block += f"\n\n> {html.escape(_shorten(snippet), quote=False)}"
        blocks.append(block)
    return "\n\n".join(blocks)


def _unique(citations: Iterable[Citation]) -> list[Citation]:
    seen: dict[str, Citation] = {}
    for c in citations:
        seen.setdefault(c.id, c)
    return list(seen.values())


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _SNIPPET_CHARS else flat[:_SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


def message_text(content: Any) -> str:
    """A chat message's text, whichever shape Gradio gives it (a string or a list of parts)."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or "")
    if isinstance(content, list):
        return "\n".join(message_text(part) for part in content)
    return ""


def history_of(messages: Sequence[dict[str, Any]] | None) -> list[ChatTurn]:
    """The conversation shown in the chat as turns for the answering service (links back to labels)."""
    turns = []
    for message in messages or []:
        role = message.get("role")
        text = html.unescape(_TAG.sub("", message_text(message.get("content")))).strip()
        if role in ("user", "assistant") and text and text != THINKING:
            turns.append(ChatTurn(role=role, content=text[:20_000]))
    return turns


def _day(value: str | None, name: str) -> date | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FilterProblem(
            f"{name} «{text}» är inget giltigt datum. Skriv det som ÅÅÅÅ-MM-DD, till exempel 2026-02-20."
        ) from None


def filters_of(
    body: str | None, since: str | None, until: str | None, item_kind: str | None, doc_kind: str | None
) -> SearchFilters | None:
    """SearchFilters from the form; None when nothing narrows the search; FilterProblem (Swedish) if invalid."""
    start, end = _day(since, "Från-datumet"), _day(until, "Till-datumet")
    if start and end and start > end:
        raise FilterProblem("Från-datumet ligger efter till-datumet. Byt plats på dem eller ändra ett av dem.")
    filters = SearchFilters(
        body=None if not body or body == ALL else body,
        since=start,
        until=end,
        item_kind=ITEM_KINDS.get(item_kind or ALL),
        doc_kind=DOC_KINDS.get(doc_kind or ALL),
    )
    return filters if filters != SearchFilters() else None
