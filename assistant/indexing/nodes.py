"""From a parsed document to llama-index nodes: one per item (or per part of a long item),
plus one per meeting for its header and attendance.

Every node carries the metadata that search filters on and answers cite from (body,
date, item number, title, kinds, presenters, assignments), so a hit needs no second
lookup. Chroma metadata must be flat, so lists are joined and assignments stored as JSON.
What is embedded is the node's text with a short heading line; metadata keys are kept
out of the embedding so that they do not drown the content.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from llama_index.core.node_parser import SentenceSplitter
from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

from assistant.documents.models import Attendance, Document, Item
from assistant.indexing.ids import item_id, meeting_id, node_id

_PART_OVERLAP = 40


@dataclass(frozen=True)
class TokenBudget:
    """How long a node may be for the embedding model, in the model's own tokens."""

    count: Callable[[str], int]
    max_tokens: int

    @property
    def chunk_size(self) -> int:
        return max(64, self.max_tokens - 32)  # room for the heading line and special tokens


def date_number(date: str | None) -> int:
    """ISO date as a number (20260220) so Chroma can filter ranges; 0 when unknown."""
    return int(date.replace("-", "")) if date else 0


def _base_metadata(document: Document, doc_id: str) -> dict[str, str | int]:
    return {
        "doc_id": doc_id,
        "source": document.source,
        "sha256": document.sha256,
        "doc_kind": document.kind,
        "structure": document.structure,
        "body": document.body or "",
        "date": document.date or "",
        "date_num": date_number(document.date),
        "doc_title": document.title or "",
    }


def heading(document: Document, item: Item | None) -> str:
    """The line that names what a node is: "Länssamverkansgruppen 2026-02-20 § 12 Title"."""
    where = " ".join(x for x in (document.body or document.title or "", document.date or "") if x)
    if item is None:
        return f"{where} – mötet: närvaro och uppgifter"
    if item.cited_as:
        return f"{where} {item.cited_as} {item.title}".strip()  # "Reglemente för socialnämnden 2 § …"
    mark = "avsnitt" if item.kind == "avsnitt" else "§"
    return f"{where} {mark} {item.number} {item.title}".strip()


def _attendance_text(a: Attendance) -> str:
    def people(group: str, persons: list) -> str:
        if not persons:
            return ""
        names = "; ".join(
            ", ".join(x for x in (p.name, f"({p.party})" if p.party else "", p.organisation or "", p.role or "") if x)
            for p in persons
        )
        return f"{group}: {names}"

    lines = [
        people("Närvarande", a.present),
        people("Frånvarande", a.absent),
        people("Ersättare", a.substitutes),
        people("Adjungerade", a.co_opted),
        people("Övriga", a.others),
        people("Deltagare (roll okänd)", a.unspecified),
        f"Ordförande: {a.chair}" if a.chair else "",
        f"Vice ordförande: {a.vice_chair}" if a.vice_chair else "",
        f"Protokollförare: {a.secretary}" if a.secretary else "",
        f"Justerare: {', '.join(a.adjusters)}" if a.adjusters else "",
    ]
    return "\n".join(line for line in lines if line)


def _meeting(document: Document, doc_id: str) -> tuple[dict[str, str | int], str]:
    facts = [
        f"Datum: {document.date or 'okänt'}",
        f"Tid: {document.time}" if document.time else "",
        f"Plats: {document.place}" if document.place else "",
        f"Diarienummer: {document.diarienummer}" if document.diarienummer else "",
    ]
    body = "\n".join(x for x in facts if x)
    if document.attendance:
        body += "\n" + _attendance_text(document.attendance)
    # The header and signatures as written, where they were not read: a flattened header whose attendance
    # the reader could not take apart. A header that was read adds nothing but noise to the index's
    # statistics (held-out 2 and the team set lost 1-3 points with it, eval/RESULTS.md, issue 21).
    if not _has_people(document.attendance) and (extra := _unread(document.record_text, body)):
        body += "\n" + extra
    meta = _base_metadata(document, doc_id) | {
        "item_id": meeting_id(doc_id),
        "item": "",
        "title": "Mötet: närvaro och uppgifter",
        "item_kind": "möte",
        "presenters": "",
        "decision": "",
        "assignments": "[]",
        "start": 0,
        "end": 0,
    }
    return meta, body


_WORD = re.compile(r"\w{3,}")
_READ_SHARE = 0.6  # a record paragraph with this share of its words in the read facts adds nothing (eval/RESULTS.md, issue 21)


def _has_people(attendance: Attendance | None) -> bool:
    if attendance is None:
        return False
    groups = (attendance.present, attendance.absent, attendance.substitutes, attendance.co_opted, attendance.others)
    return any(groups) or bool(attendance.chair or attendance.secretary)


def _unread(record: str, facts: str) -> str:
    """The paragraphs of a meeting's record that its read facts and attendance do not already say: a clean
    header adds nothing (it was read), a flattened one (attendance run together, labels glued) adds what
    the reading missed."""
    known = {w.lower() for w in _WORD.findall(facts)}
    kept = []
    for paragraph in record.split("\n"):
        words = [w.lower() for w in _WORD.findall(paragraph)]
        if words and sum(w in known for w in words) / len(words) < _READ_SHARE:
            kept.append(paragraph)
    return "\n".join(kept)


def _node(node: str, text: str, metadata: dict[str, str | int]) -> TextNode:
    keys = list(metadata)
    return TextNode(
        id_=node,
        text=text,
        metadata=metadata,
        excluded_embed_metadata_keys=keys,
        excluded_llm_metadata_keys=keys,
        # llama-index's stores key a node's document by its SOURCE relationship ("doc_id" and
        # "ref_doc_id" in Chroma): it must be our document id, or deleting a document misses it.
        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=str(metadata["doc_id"]))},
    )


def _parts(head: str, content: str, budget: TokenBudget) -> list[str]:
    """The content as one part, or split where sentences end so each part fits the model."""
    if budget.count(f"{head}\n{content}") <= budget.chunk_size:
        return [content]
    splitter = SentenceSplitter(
        chunk_size=budget.chunk_size - budget.count(head),
        chunk_overlap=_PART_OVERLAP,
        tokenizer=lambda text: [0] * budget.count(text),  # the model's tokens, never a downloaded BPE
    )
    return splitter.split_text(content)


def _nodes(ident: str, head: str, content: str, meta: dict[str, str | int], budget: TokenBudget) -> list[TextNode]:
    parts = _parts(head, content, budget)
    return [
        _node(node_id(ident, n), f"{head}\n{part}", meta | {"part": n, "parts": len(parts)})
        for n, part in enumerate(parts)
    ]


def document_nodes(document: Document, doc_id: str, budget: TokenBudget) -> list[TextNode]:
    """All nodes of a document: the meeting node (protocols) and each item, split if too long."""
    nodes: list[TextNode] = []
    if document.is_meeting:
        meta, body = _meeting(document, doc_id)
        nodes.extend(_nodes(meeting_id(doc_id), heading(document, None), body, meta, budget))
    seen: dict[str, int] = {}
    for item in document.items:
        ident = item_id(doc_id, item.number)
        seen[ident] = seen.get(ident, 0) + 1
        if seen[ident] > 1:  # a protocol that numbers two items alike (a typo) still cites each one
            ident = f"{ident}-{seen[ident]}"
        meta = _base_metadata(document, doc_id) | {
            "item_id": ident,
            "item": item.number,
            "title": item.title,
            "item_kind": item.kind or "",
            "presenters": "; ".join(item.presenters),
            "decision": item.decision or "",
            "cited_as": item.cited_as or "",
            "diarienummer": item.diarienummer or "",
            "assignments": json.dumps([a.model_dump() for a in item.assignments], ensure_ascii=False),
            "start": item.start,
            "end": item.end,
        }
        nodes.extend(_nodes(ident, heading(document, item), item.text or item.title, meta, budget))
    return nodes
