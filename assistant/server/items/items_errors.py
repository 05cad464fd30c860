"""An item id the index does not know."""

from __future__ import annotations


class ItemNotFound(Exception):
    """No item with this id; `str()` is the Swedish message."""

    def __init__(self, item_id: str) -> None:
        self.item_id = item_id
        shown = "".join(ch if ch.isprintable() else "\ufffd" for ch in item_id[:120])
        super().__init__(f"Ärendet «{shown}» finns inte i indexet.")


class MeetingNotFound(ItemNotFound):
    """No protocol with this document id."""

    def __init__(self, doc_id: str) -> None:
        super().__init__(doc_id)
        shown = "".join(ch if ch.isprintable() else "\ufffd" for ch in doc_id[:120])
        self.args = (f"Mötet «{shown}» finns inte i indexet.",)
