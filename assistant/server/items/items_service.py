"""Items and meetings as the index holds them, for the item page, the API and the UI.

Everything comes from the index (the same metadata answers cite from), except the full text
of an item that was stored in several parts, which is read from its source when the file is
unchanged (see item_text.py). Neighbours are the previous and next item of the same
document in document order, with the meeting's own page (attendance) before the first item.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable

from assistant.answering.labels import label, short_body
from assistant.documents.models import MEETING_KINDS
from assistant.indexing.ids import meeting_page
from assistant.indexing.store import IndexStore
from assistant.retrieval.search import SearchService
from assistant.server.catalogue import CatalogueDocument, CatalogueItem, catalogue
from assistant.server.items.item_text import SourceTexts, merge_parts
from assistant.server.items.items_errors import ItemNotFound, MeetingNotFound
from assistant.server.items.items_models import (
    AttendanceGroup,
    ItemLink,
    ItemView,
    MeetingInfo,
    MeetingItem,
    MeetingView,
)

_FACT = re.compile(r"^(Plats|Tid|Diarienummer): *(.+?) *$", re.M)
_GROUP = re.compile(r"^(Närvarande|Frånvarande|Ersättare|Adjungerade|Övriga|Deltagare \(roll okänd\)|Ordförande"
                    r"|Vice ordförande|Protokollförare|Justerare): *(.+?) *$", re.M)



def _link(item: CatalogueItem | None) -> ItemLink | None:
    if item is None:
        return None
    return ItemLink(id=item.id, number=item.number, title=item.title, url=item.url)


def _first_url(document: CatalogueDocument) -> str | None:
    first = document.items[0] if document.items else document.meeting
    return first.url if first else None


def _without_heading(text: str) -> str:
    return text.split("\n", 1)[1] if "\n" in text else text


class ItemsService:
    """Reads items and meetings through the search service's index."""

    def __init__(self, search: Callable[[], SearchService], max_bytes: int | None = None) -> None:
        self._search = search
        self._sources = SourceTexts(max_bytes)

    def item(self, item_id: str) -> ItemView:
        """One item with its meeting, full text and neighbours; ItemNotFound if the index has no such item."""
        if "#" in item_id:  # a part's node id is not an item
            raise ItemNotFound(item_id)
        search = self._search()
        result = search.item(item_id)
        if result is None:
            raise ItemNotFound(item_id)
        store = search.store
        meta, _ = store.nodes([item_id])[item_id]
        doc_id = str(meta.get("doc_id") or item_id.split("--", 1)[0])
        document = catalogue(store, doc_id).get(doc_id)
        sequence = document.sequence() if document else []
        at = next((n for n, i in enumerate(sequence) if i.id == item_id), None)
        before = sequence[at - 1] if at is not None and at > 0 else None
        after = sequence[at + 1] if at is not None and at + 1 < len(sequence) else None
        facts = self._meeting_facts(store, document)
        return ItemView(
            id=item_id,
            url=result.url,
            label=label(result),
            doc_id=doc_id,
            doc_kind=result.doc_kind,
            doc_title=result.doc_title,
            body=result.body,
            body_short=short_body(result.body),
            date=result.date,
            time=facts.get("Tid"),
            place=facts.get("Plats"),
            item=result.item,
            title=result.title,
            kind=result.kind,
            presenters=result.presenters,
            text=self._full_text(store, item_id, meta),
            decision=result.decision,
            assignments=result.assignments,
            source=result.source.replace("\\", "/").rsplit("/", 1)[-1],
            source_url=f"/documents/{doc_id}/source",
            prev_id=before.id if before else None,
            next_id=after.id if after else None,
            prev=_link(before),
            next=_link(after),
            meeting_url=meeting_page(doc_id) if result.doc_kind in MEETING_KINDS else None,
        )

    def meeting(self, doc_id: str) -> MeetingView:
        """A whole protocol with its header, attendance and items; ItemNotFound if the index has no such protocol."""
        store = self._search().store
        document = catalogue(store, doc_id).get(doc_id)
        if document is None or document.kind not in MEETING_KINDS:
            raise MeetingNotFound(doc_id)
        metadata = store.nodes([item.id for item in document.items])
        items = [
            MeetingItem(
                id=item.id,
                number=item.number,
                title=item.title,
                kind=item.kind,
                decision=str(metadata[item.id][0].get("decision") or "") or None if item.id in metadata else None,
                url=item.url,
            )
            for item in document.items
        ]
        meeting_text = ""
        if document.meeting is not None and (found := store.nodes([document.meeting.id]).get(document.meeting.id)):
            meeting_text = found[1]
        facts = dict(_FACT.findall(meeting_text))
        attendance = [
            AttendanceGroup(group=group, people=[p.strip() for p in people.split(";") if p.strip()])
            for group, people in _GROUP.findall(meeting_text)
        ]
        return MeetingView(
            doc_id=doc_id,
            url=meeting_page(doc_id),
            title=document.title,
            body=document.body,
            body_short=short_body(document.body),
            date=document.date,
            time=facts.get("Tid"),
            place=facts.get("Plats"),
            diarienummer=facts.get("Diarienummer"),
            attendance=attendance,
            attendance_url=document.meeting.url if document.meeting else None,
            items=items,
            source=document.source.replace("\\", "/").rsplit("/", 1)[-1],
            source_url=f"/documents/{doc_id}/source",
        )

    def meetings(self) -> builtins.list[MeetingInfo]:
        """Every protocol in the index, newest first (unknown dates last)."""
        store = self._search().store
        protocols = [d for d in catalogue(store).values() if d.kind in MEETING_KINDS]
        meetings = [
            MeetingInfo(
                doc_id=d.doc_id,
                title=d.title,
                body=d.body,
                body_short=short_body(d.body),
                date=d.date,
                place=self._meeting_facts(store, d).get("Plats"),
                items=len(d.items),
                url=_first_url(d),
                meeting_url=meeting_page(d.doc_id),
                source=d.source.replace("\\", "/").rsplit("/", 1)[-1],
            )
            for d in protocols
        ]
        return sorted(meetings, key=lambda m: (m.date or "", m.body or ""), reverse=True)

    def _full_text(self, store: IndexStore, item_id: str, meta: dict[str, object]) -> str:
        parts = int(str(meta.get("parts") or 1))
        ids = [item_id] + [f"{item_id}#{n}" for n in range(1, parts)]
        nodes = store.nodes(ids)
        texts = [_without_heading(nodes[i][1]) for i in ids if i in nodes]
        if parts > 1 and meta.get("item_kind") != "möte":
            exact = self._sources.item_text(dict(meta))
            if exact is not None:
                return exact.strip()
        return merge_parts(texts).strip()

    @staticmethod
    def _meeting_facts(store: IndexStore, document: CatalogueDocument | None) -> dict[str, str]:
        """Place and time, read from the meeting node's text (the index keeps no separate field for them)."""
        if document is None or document.meeting is None:
            return {}
        found = store.nodes([document.meeting.id]).get(document.meeting.id)
        return {key: value for key, value in _FACT.findall(found[1])} if found else {}
