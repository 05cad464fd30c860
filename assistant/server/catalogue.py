"""What the index holds, per document: its facts and its items in document order.

Read from the first node of every item (part 0), which carries all of the item's metadata,
so one pass over the index answers "which documents, which items, in what order" without
re-parsing a single file. Shared by the documents and the items services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.indexing.store import IndexStore

MEETING_KIND = "möte"


@dataclass(frozen=True)
class CatalogueItem:
    """An item (or the meeting itself) as the index lists it."""

    id: str
    number: str | None
    title: str
    kind: str | None
    start: int

    @property
    def url(self) -> str:
        return f"/items/{self.id}"

    @property
    def is_meeting(self) -> bool:
        return self.kind == MEETING_KIND


@dataclass
class CatalogueDocument:
    """A document's facts and its nodes' items; `items` excludes the meeting node, in document order."""

    doc_id: str
    kind: str
    structure: str | None
    title: str | None
    body: str | None
    date: str | None
    source: str
    sha256: str
    meeting: CatalogueItem | None = None
    items: list[CatalogueItem] = field(default_factory=list)

    def sequence(self) -> list[CatalogueItem]:
        """What a reader pages through: the meeting (its attendance) first, then the items."""
        return ([self.meeting] if self.meeting else []) + self.items


def _text(meta: dict[str, Any], key: str) -> str | None:
    return str(meta.get(key) or "") or None


def _item(node_id: str, meta: dict[str, Any]) -> CatalogueItem:
    return CatalogueItem(
        id=node_id,
        number=_text(meta, "item"),
        title=str(meta.get("title") or ""),
        kind=_text(meta, "item_kind"),
        start=int(meta.get("start") or 0),
    )


def catalogue(store: IndexStore, doc_id: str | None = None) -> dict[str, CatalogueDocument]:
    """Every indexed document (or just `doc_id`) with its items, keyed by document id."""
    where: dict[str, Any] = {"part": 0} if doc_id is None else {"$and": [{"doc_id": doc_id}, {"part": 0}]}
    documents: dict[str, CatalogueDocument] = {}
    for node_id, meta in store.node_metadata(where):
        owner = str(meta.get("doc_id") or node_id.split("--", 1)[0])
        document = documents.get(owner)
        if document is None:
            document = documents[owner] = CatalogueDocument(
                doc_id=owner,
                kind=str(meta.get("doc_kind") or ""),
                structure=_text(meta, "structure"),
                title=_text(meta, "doc_title"),
                body=_text(meta, "body"),
                date=_text(meta, "date"),
                source=str(meta.get("source") or ""),
                sha256=str(meta.get("sha256") or ""),
            )
        item = _item(node_id, meta)
        if item.is_meeting:
            document.meeting = item
        else:
            document.items.append(item)
    for document in documents.values():
        document.items.sort(key=lambda i: (i.start, i.id))
    return documents
