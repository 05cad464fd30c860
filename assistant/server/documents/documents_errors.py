"""Why a document request failed, with the HTTP status it maps to and a Swedish message for users."""

from __future__ import annotations


class DocumentRejected(Exception):
    """An upload that is not accepted; nothing was stored and the index is unchanged."""

    def __init__(self, message: str, status_code: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code


class DocumentNotFound(Exception):
    """No document with this id in the index or in the corpus folder."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        shown = "".join(ch if ch.isprintable() else "\ufffd" for ch in doc_id[:120])
        super().__init__(f"Dokumentet «{shown}» finns inte.")
