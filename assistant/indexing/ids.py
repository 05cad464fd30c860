"""Stable, URL-safe ids for documents, items and meetings.

A citation's link (`/items/{id}`) must survive re-indexing, so ids come from what does
not change: the document's path in the corpus and the item's number as written.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

MEETING = "mote"


def slug(text: str) -> str:
    """Lower-case ASCII with dashes: "Länssamverkansgruppen 2026" -> "lanssamverkansgruppen-2026"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9.]+", "-", ascii_text.lower()).strip("-.") or "x"


def document_id(path: Path, root: Path | None = None) -> str:
    """The id of a document: its path below the corpus root, without suffix, as a slug."""
    try:
        relative = path.resolve().relative_to(root.resolve()) if root else Path(path.name)
    except ValueError:
        relative = Path(path.name)
    return "/".join(slug(part) for part in relative.with_suffix("").parts).replace("/", "_")


def item_id(doc_id: str, number: str) -> str:
    return f"{doc_id}--{slug(number)}"


def meeting_id(doc_id: str) -> str:
    return f"{doc_id}--{MEETING}"


def node_id(item: str, part: int) -> str:
    """A node of an item; long items are split into parts that share the item's id."""
    return item if part == 0 else f"{item}#{part}"


def source_name(stored: object) -> str:
    """The name a document's file is shown by: its file name, never the server's folders."""
    return str(stored or "").replace("\\", "/").rsplit("/", 1)[-1]


def meeting_page(doc_id: str) -> str:
    """The address of a protocol's own page (header, attendance, every item): what a citation of a
    meeting links to, and every protocol item's `meeting_url`."""
    return f"/meetings/{doc_id}"
