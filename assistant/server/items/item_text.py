"""An item's full text: exactly as the parser read it from the source file when that file is
unchanged since indexing, else rebuilt from the index's parts.

A long item is stored as several parts that overlap by a few sentences (so that no sentence
loses its context for the embedding); simply joining them would repeat those sentences. The
parsed source gives the text without any doubt; re-joining the parts on their overlap is the
fallback for a source that moved or changed.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from assistant.documents import Document, DocumentError, parse_file
from assistant.indexing.ingest import document_version

log = logging.getLogger(__name__)
_MIN_OVERLAP_WORDS = 4
_MAX_OVERLAP_WORDS = 400
_CACHED_DOCUMENTS = 8


def merge_parts(parts: list[str]) -> str:
    """Parts of one item joined, each overlap with the previous part kept once."""
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text = _join(text, part)
    return text


def _join(before: str, after: str) -> str:
    tail = before.split()[-_MAX_OVERLAP_WORDS:]
    tokens = list(re.finditer(r"\S+", after))[:_MAX_OVERLAP_WORDS]
    head = [t.group() for t in tokens]
    for k in range(min(len(tail), len(head)), _MIN_OVERLAP_WORDS - 1, -1):
        if tail[-k:] == head[:k]:
            return before + after[tokens[k - 1].end() :]
    return before.rstrip() + "\n" + after.lstrip()


class SourceTexts:
    """Parsed source documents, cached by file and version (a page view must not re-parse a large PDF)."""

    def __init__(self, max_bytes: int | None = None) -> None:
        self.max_bytes = max_bytes
        self._cache: OrderedDict[tuple[str, str], Document] = OrderedDict()
        self._lock = threading.Lock()

    def item_text(self, meta: dict[str, Any]) -> str | None:
        """The item's text from its source, or None when the source is gone, changed or unreadable."""
        document = self._document(Path(str(meta.get("source") or "")), str(meta.get("version") or ""))
        if document is None:
            return None
        number, start = str(meta.get("item") or ""), int(meta.get("start") or -1)
        for item in document.items:
            if item.number == number and item.start == start:
                return item.text or item.title
        return None

    def _document(self, path: Path, version: str) -> Document | None:
        if not version or not path.is_file():
            return None
        try:
            if document_version(path) != version:
                return None
        except OSError:
            return None
        key = (str(path), version)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        try:
            document = parse_file(path, max_bytes=self.max_bytes)
        except DocumentError as error:
            log.warning("cannot re-read %s for its item text: %s", path, error)
            return None
        with self._lock:
            self._cache[key] = document
            while len(self._cache) > _CACHED_DOCUMENTS:
                self._cache.popitem(last=False)
        return document
